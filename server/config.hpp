// Configuration of a Rådfråga installation.
//
// Sources, strongest first: command-line flags, environment variables (RADFRAGA_<NAME>,
// e.g. RADFRAGA_PORT), the config file `radfraga.conf` in the data folder (`name = value`
// lines, `#` comments), built-in defaults. The data folder itself comes from --data or
// RADFRAGA_DATA and defaults to ./data.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "server/proxy.hpp"

namespace radfraga::server {

struct Config {
    std::filesystem::path data_dir = "data";
    std::string listen = "127.0.0.1";
    std::uint16_t port = 8080;
    // Worker threads for SQLite and Xapian work; the I/O runs on threads of its own.
    unsigned workers = 2;
    // I/O threads: sockets, HTTP parsing and pages answered from the page cache.
    unsigned io_threads = 1;
    unsigned max_connections = 512;
    // Open connections at most from one client address (IPv6: one /64); connections
    // from trusted proxies are not counted against it.
    unsigned max_connections_per_client = 64;
    // Reverse proxies whose forwarding header names the client (addresses and CIDRs).
    // Empty: every request's client is its TCP peer and forwarding headers are ignored.
    TrustedProxies trusted_proxies;
    // Who may read GET /metrics (directly, not through a proxy).
    TrustedProxies metrics_allow = *TrustedProxies::parse("127.0.0.1, ::1");
    // The header those proxies write: X-Forwarded-For or RFC 7239 Forwarded.
    ForwardedHeader forwarded_header = ForwardedHeader::x_forwarded_for;
    // Write an access log line per request to stderr (never IPs, User-Agents, query
    // strings or bodies).
    bool access_log = true;
    // Per-client rate limits on asking, follow-ups, votes, receipts and logins. Only for
    // test rigs where every request comes from one address; never off in production.
    bool rate_limits = true;
    // Import the bundled sample archive when the database has no questions at all.
    bool import_sample = true;
    // The team signature shown under answers.
    std::string signature_name = "Socialrådgivningen";
    // The LIX an answer should stay at or below (plain Swedish), shown to experts as a
    // gauge while they write; never a block.
    unsigned lix_target = 40;
    // Days an unredacted original is kept before it is erased.
    unsigned retention_days = 30;
    // Answer-time target shown in the experts' queue, in working days (Mon–Fri).
    unsigned answer_target_days = 1;
    // Minutes after which an expert's claim on a question lapses and others may take it.
    unsigned claim_stale_minutes = 240;
    // Minutes of inactivity after which an expert's session ends.
    unsigned session_idle_minutes = 30;
    // Hours after which an expert's session ends however active (the absolute lifetime).
    unsigned session_lifetime_hours = 12;
    // Memory for rendered public pages (home, categories, questions, search), in MiB.
    // Pages are evicted least recently used first; 0 turns the cache off.
    unsigned page_cache_mb = 64;
    // Memory for question summaries (title, excerpt, category, dates) that question
    // pages list as related questions and search pages list as hits, in MiB; 0 = off.
    unsigned summary_cache_mb = 64;
    // Memory for the search index's in-memory ranking and snippet texts, in MiB: half
    // for posting lists, half for prepared question and answer texts (docs/search.md).
    unsigned search_memory_mb = 256;
    // Absolute base URL used in the Atom feed and sitemap, without a trailing slash.
    // When it starts with https://, expert cookies are Secure and __Host- prefixed.
    std::string public_url = "http://localhost:8080";

    std::filesystem::path database_file() const { return data_dir / "radfraga.db"; }
    std::filesystem::path index_dir() const { return data_dir / "index"; }
    std::filesystem::path config_file() const { return data_dir / "radfraga.conf"; }
};

// Warnings about a configuration that works but is unsafe, one line each, for the log at
// start: listening on an address other than loopback with an http:// public URL (expert
// passwords and session cookies would cross the network in the clear unless a proxy in
// front terminates TLS, and then public-url should say https).
std::vector<std::string> config_warnings(const Config& c);

}  // namespace radfraga::server
