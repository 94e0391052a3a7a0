#include "server/src/config_options.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace radfraga::server {

namespace po = boost::program_options;

namespace {

using T = ConfigOption::Type;

const std::string& text(const po::variable_value& v) {
    return v.as<std::string>();
}
unsigned number(const po::variable_value& v) {
    return v.as<unsigned>();
}
bool boolean(const po::variable_value& v) {
    return v.as<bool>();
}

TrustedProxies networks(const po::variable_value& v, std::string_view name) {
    std::string bad;
    const auto t = TrustedProxies::parse(text(v), &bad);
    if (!t)
        throw std::invalid_argument("configuration: " + std::string(name) + ": \"" + bad +
                                    "\" is not an IP address or network (CIDR)");
    return *t;
}

// clang-format off
const std::array kOptions{
    ConfigOption{"listen", T::text, "127.0.0.1", "address to listen on", "",
        [](Config& c, const po::variable_value& v) { c.listen = text(v); }},
    ConfigOption{"port", T::number, "8080", "port", "",
        [](Config& c, const po::variable_value& v) {
            if (number(v) > 65535) throw std::invalid_argument("port must be at most 65535");
            c.port = static_cast<std::uint16_t>(number(v));
        }},
    ConfigOption{"workers", T::number, "2", "worker threads for database and search work",
        "0 runs everything on the I/O thread",
        [](Config& c, const po::variable_value& v) { c.workers = number(v); }},
    ConfigOption{"io-threads", T::number, "1", "I/O threads: sockets, HTTP and cached pages", "",
        [](Config& c, const po::variable_value& v) { c.io_threads = std::clamp(number(v), 1u, 64u); }},
    ConfigOption{"max-connections", T::number, "512", "open connections at most", "",
        [](Config& c, const po::variable_value& v) { c.max_connections = std::max(1u, number(v)); }},
    ConfigOption{"max-connections-per-client", T::number, "64",
        "open connections at most from one client address, IPv6 /64", "trusted proxies exempt",
        [](Config& c, const po::variable_value& v) {
            c.max_connections_per_client = std::max(1u, number(v));
        }},
    ConfigOption{"trusted-proxies", T::text, "",
        "reverse proxies whose forwarding header names the client: addresses or CIDRs, "
        "comma-separated", "",
        [](Config& c, const po::variable_value& v) { c.trusted_proxies = networks(v, "trusted-proxies"); }},
    ConfigOption{"forwarded-header", T::text, "x-forwarded-for",
        "the header trusted proxies write: x-forwarded-for or forwarded", "",
        [](Config& c, const po::variable_value& v) {
            if (text(v) == "x-forwarded-for")
                c.forwarded_header = ForwardedHeader::x_forwarded_for;
            else if (text(v) == "forwarded")
                c.forwarded_header = ForwardedHeader::forwarded;
            else
                throw std::invalid_argument(
                    "configuration: forwarded-header must be x-forwarded-for or forwarded");
        }},
    ConfigOption{"metrics-allow", T::text, "127.0.0.1, ::1",
        "addresses or CIDRs that may read GET /metrics, comma-separated; requests through a "
        "proxy never can", "",
        [](Config& c, const po::variable_value& v) { c.metrics_allow = networks(v, "metrics-allow"); }},
    ConfigOption{"access-log", T::boolean, "true",
        "log each request: method, path without query or tokens, status, size, time", "",
        [](Config& c, const po::variable_value& v) { c.access_log = boolean(v); }},
    ConfigOption{"rate-limits", T::boolean, "true", "per-client rate limits",
        "false only for test rigs",
        [](Config& c, const po::variable_value& v) { c.rate_limits = boolean(v); }},
    ConfigOption{"import-sample", T::boolean, "true",
        "import the bundled sample archive into an empty database", "",
        [](Config& c, const po::variable_value& v) { c.import_sample = boolean(v); }},
    ConfigOption{"signature-name", T::text, "Socialrådgivningen", "team signature under answers", "",
        [](Config& c, const po::variable_value& v) { c.signature_name = text(v); }},
    ConfigOption{"lix-target", T::number, "40",
        "readability target (LIX) shown as a gauge in the answer editor", "never blocks",
        [](Config& c, const po::variable_value& v) { c.lix_target = std::clamp(number(v), 1u, 100u); }},
    ConfigOption{"retention-days", T::number, "30", "days an unredacted original is kept at most", "",
        [](Config& c, const po::variable_value& v) { c.retention_days = number(v); }},
    ConfigOption{"answer-target-days", T::number, "1",
        "answer-time target in working days, shown in the queue", "",
        [](Config& c, const po::variable_value& v) { c.answer_target_days = std::max(1u, number(v)); }},
    ConfigOption{"claim-stale-minutes", T::number, "240", "minutes after which a claim lapses", "",
        [](Config& c, const po::variable_value& v) { c.claim_stale_minutes = std::max(1u, number(v)); }},
    ConfigOption{"page-cache-mb", T::number, "64", "MiB of rendered public pages kept in memory",
        "0 = off",
        [](Config& c, const po::variable_value& v) { c.page_cache_mb = std::min(65536u, number(v)); }},
    ConfigOption{"summary-cache-mb", T::number, "64",
        "MiB of question summaries kept for related questions and search hits", "0 = off",
        [](Config& c, const po::variable_value& v) { c.summary_cache_mb = std::min(65536u, number(v)); }},
    ConfigOption{"search-memory-mb", T::number, "256",
        "MiB for search posting lists and snippet texts kept in memory", "",
        [](Config& c, const po::variable_value& v) {
            c.search_memory_mb = std::clamp(number(v), 2u, 65536u);
        }},
    ConfigOption{"session-idle-minutes", T::number, "30",
        "minutes of inactivity that end an expert session", "",
        [](Config& c, const po::variable_value& v) { c.session_idle_minutes = std::max(1u, number(v)); }},
    ConfigOption{"session-lifetime-hours", T::number, "12",
        "hours after which an expert session ends however active", "1 to 720",
        [](Config& c, const po::variable_value& v) {
            c.session_lifetime_hours = std::clamp(number(v), 1u, 24u * 30u);
        }},
    ConfigOption{"public-url", T::text, "http://localhost:8080",
        "absolute base URL for feeds and sitemaps", "",
        [](Config& c, const po::variable_value& v) {
            c.public_url = text(v);
            while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
        }},
};
// clang-format on

}  // namespace

std::span<const ConfigOption> config_options() {
    return kOptions;
}

po::options_description config_options_description() {
    po::options_description d("Server settings (also RADFRAGA_<NAME> and DIR/radfraga.conf)");
    for (const auto& o : kOptions) {
        std::string help(o.help);
        help += " (default ";
        help += o.default_text.empty() ? std::string_view("none") : o.default_text;
        if (!o.note.empty()) help.append("; ").append(o.note);
        help += ")";
        const std::string name(o.name);
        switch (o.type) {
            case T::text:
                d.add_options()(name.c_str(), po::value<std::string>(), help.c_str());
                break;
            case T::number:
                d.add_options()(name.c_str(), po::value<unsigned>(), help.c_str());
                break;
            case T::boolean:
                d.add_options()(name.c_str(), po::value<bool>(), help.c_str());
                break;
        }
    }
    return d;
}

void apply_config_options(const po::variables_map& vm, Config& c) {
    for (const auto& o : kOptions)
        if (const auto it = vm.find(std::string(o.name)); it != vm.end()) o.apply(c, it->second);
}

}  // namespace radfraga::server
