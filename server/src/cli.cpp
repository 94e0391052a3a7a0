#include "server/cli.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>

#include "core/crypto.hpp"
#include "core/embedded.hpp"
#include "core/keyfile.hpp"
#include "core/progress.hpp"
#include "core/signing.hpp"
#include "core/time.hpp"
#include "core/totp.hpp"
#include "moderation/cli.hpp"
#include "moderation/redactor.hpp"
#include "moderation/triage.hpp"
#include "quality/cli.hpp"
#include "search/cli.hpp"
#include "search/eval.hpp"
#include "search/search.hpp"
#include "server/app.hpp"
#include "server/archive.hpp"
#include "server/config.hpp"
#include "server/password.hpp"
#include "server/server.hpp"
#include "server/src/config_options.hpp"
#include "server/src/data_folder.hpp"
#include "server/src/log_sink.hpp"
#include "store/store.hpp"
#include "web/web.hpp"

namespace radfraga::server {

std::span<const EmbeddedFile> sample_archive();

namespace po = boost::program_options;

namespace {

// Thrown for usage errors; becomes exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// Thrown for runtime failures; becomes exit code 1.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr const char* kUsage =
    "Rådfråga – anonymous questions to social workers, answered in public.\n"
    "\n"
    "Usage: radfraga <command> [options]\n"
    "\n"
    "Commands:\n"
    "  serve              run the web server (default data folder ./data, http://127.0.0.1:8080)\n"
    "  import FILE.jsonl  import or update published questions from an archive file\n"
    "  export             write every published question as JSON Lines to standard output\n"
    "  backup FILE        write a consistent copy of the database to FILE while running\n"
    "  restore FILE       replace the database with a backup (server stopped); erasures since are "
    "re-applied\n"
    "  user add|reset|list|disable|enable   manage expert accounts (enrolment links)\n"
    "  search QUERY       search the published archive (--json, --limit N, --category C)\n"
    "  reindex            rebuild the search index from the database\n"
    "  search-eval FILE   score search on judged queries per kind, against plain Snowball "
    "(--known-item)\n"
    "  purge              erase unredacted originals past the retention period\n"
    "  rotate-keys        make a new key version for originals and TOTP keys and re-encrypt them "
    "(server stopped)\n"
    "  audit verify       check the audit log's hash chain and report the first broken row\n"
    "  verify RECORD.json check the Ed25519 signatures of published answer records\n"
    "  redact             redact personal details from standard input (--json, --jsonl)\n"
    "  redact-eval FILE   score the redactor on an annotated JSONL file\n"
    "  triage             crisis triage of standard input (--json, --jsonl)\n"
    "  triage-eval FILE   score crisis triage and the old substring list (--cv K)\n"
    "  check-answer       plain-language measures and law references of an answer on\n"
    "                     standard input (--json, --date YYYY-MM-DD)\n"
    "  help [command]     show help\n"
    "\n"
    "Every command takes --data DIR (or RADFRAGA_DATA) and --help.\n"
    "Configuration: flags, then RADFRAGA_<NAME> environment variables, then DIR/radfraga.conf.\n";

po::options_description data_option() {
    po::options_description d("Data folder");
    d.add_options()("data", po::value<std::string>(),
                    "data folder (default ./data, or $RADFRAGA_DATA)")("help,h", "show this help");
    return d;
}

po::options_description server_options() {
    return config_options_description();
}

struct Parsed {
    po::variables_map vm;
    std::vector<std::string> positional;
};

// Parses `args` against `desc` plus --data/--help; positional arguments are collected.
Parsed parse(const std::vector<std::string>& args, const po::options_description& desc) {
    po::options_description all;
    all.add(data_option()).add(desc);
    all.add_options()("positional", po::value<std::vector<std::string>>(), "");
    po::positional_options_description pos;
    pos.add("positional", -1);
    Parsed p;
    try {
        po::store(po::command_line_parser(args).options(all).positional(pos).run(), p.vm);
        po::notify(p.vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    if (p.vm.count("positional")) p.positional = p.vm["positional"].as<std::vector<std::string>>();
    return p;
}

std::filesystem::path data_dir(const po::variables_map& vm) {
    if (vm.count("data")) return vm["data"].as<std::string>();
    if (const char* env = std::getenv("RADFRAGA_DATA"); env && *env) return env;
    return "data";
}

// The data folder, created if missing and made private (data_folder.hpp): whatever the
// umask, what this command creates in it is the user's alone, and looser modes found are
// repaired and reported through `warn`. Refuses a folder that cannot be written.
// Progress lines are rewritten in place only on the real standard error of a terminal;
// tests and pipes get plain lines (core/progress.hpp).
bool on_terminal(const std::ostream& err) {
    return &err == &std::cerr && Progress::is_terminal(2);
}

std::filesystem::path prepare_data_dir(const po::variables_map& vm,
                                       const std::function<void(const std::string&)>& warn) {
    const auto dir = data_dir(vm);
    std::error_code ec;
    ::umask(077);
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Failure("cannot create the data folder " + dir.string() + ": " + ec.message());
    if (!std::filesystem::is_directory(dir)) throw Failure(dir.string() + " is not a folder");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw Failure("the data folder " + dir.string() + " is not writable");
    const auto db = dir / "radfraga.db";
    if (std::filesystem::exists(db) && ::access(db.c_str(), R_OK | W_OK) != 0)
        throw Failure("the database " + db.string() + " is not readable and writable");
    const auto loose = make_data_folder_private(dir);
    if (!loose.empty()) {
        std::string line =
            "warning: the data folder " + dir.string() + " was open to other users; made private: ";
        for (std::size_t i = 0; i < loose.size() && i < 8; ++i) line += (i ? ", " : "") + loose[i];
        if (loose.size() > 8) line += " and " + std::to_string(loose.size() - 8) + " more";
        warn(line);
    }
    return dir;
}

// Writes `line` as one "radfraga: ..." line on `err`.
std::function<void(const std::string&)> to(std::ostream& err) {
    return [&err](const std::string& line) { err << "radfraga: " << line << "\n"; };
}

// Settings from flags, then environment, then the config file, then defaults.
Config load_config(po::variables_map vm, const std::filesystem::path& dir) {
    const auto desc = server_options();
    try {
        po::store(po::parse_environment(desc,
                                        [&](const std::string& env) -> std::string {
                                            if (env.rfind("RADFRAGA_", 0) != 0) return {};
                                            std::string name = env.substr(9);
                                            for (auto& c : name)
                                                c = c == '_' ? '-'
                                                             : static_cast<char>(std::tolower(
                                                                   static_cast<unsigned char>(c)));
                                            return desc.find_nothrow(name, false) ? name
                                                                                  : std::string();
                                        }),
                  vm);
        const auto file = dir / "radfraga.conf";
        if (std::filesystem::exists(file)) {
            std::ifstream in(file);
            if (!in) throw Failure("cannot read " + file.string());
            po::store(po::parse_config_file(in, desc, false), vm);
        }
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string("configuration: ") + e.what());
    }
    Config c;
    c.data_dir = dir;
    try {
        apply_config_options(vm, c);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    return c;
}

}  // namespace

std::vector<std::string> config_warnings(const Config& c) {
    std::vector<std::string> out;
    in_addr v4{};
    in6_addr v6{};
    const bool loopback =
        c.listen == "localhost" ||
        (::inet_pton(AF_INET, c.listen.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127) ||
        (::inet_pton(AF_INET6, c.listen.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6));
    if (!loopback && !c.public_url.starts_with("https://"))
        out.push_back("warning: listening on " + c.listen + " with public-url " + c.public_url +
                      ": set public-url to the https:// address readers use (TLS at a reverse "
                      "proxy), or expert "
                      "logins and cookies travel unencrypted and lack HSTS and the Secure flag");
    return out;
}

namespace {

void print_help(std::ostream& out, const std::string& usage, const po::options_description& desc) {
    po::options_description all;
    all.add(data_option()).add(desc);
    out << usage << "\n" << all;
}

std::string report_line(const ImportReport& r) {
    return "imported: " + std::to_string(r.inserted) + " new, " + std::to_string(r.updated) +
           " updated, " + std::to_string(r.unchanged) + " unchanged, " +
           std::to_string(r.errors.size()) + " refused";
}

// ---- Commands ----------------------------------------------------------------------

// An exclusive advisory lock on DIR/radfraga.lock while the object lives: one server per
// data folder, and no restore under a running server. The kernel drops it when the
// process ends, however it ends.
class DataFolderLock {
  public:
    DataFolderLock(const std::filesystem::path& dir, const char* refusal) {
        const auto file = dir / "radfraga.lock";
        fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd_ < 0) throw Failure("cannot open " + file.string() + ": " + std::strerror(errno));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw Failure(refusal);
        }
    }
    ~DataFolderLock() { ::close(fd_); }
    DataFolderLock(const DataFolderLock&) = delete;
    DataFolderLock& operator=(const DataFolderLock&) = delete;

  private:
    int fd_ = -1;
};

// The audit chain's HMAC key, DIR/keys/audit.key, made at first use like the other keys.
Bytes audit_key(const std::filesystem::path& dir, Random& random) {
    return load_or_create_key(dir / "keys" / "audit.key", 32, random);
}

struct ResealReport {
    std::size_t resealed = 0;
    std::size_t unreadable = 0;
};

// Re-seals, in one transaction, every stored ciphertext that is not already under the
// ring's current key version with its AAD: those of older versions, and those written
// before key versions (no header, no AAD), which open_legacy() reads. Ciphertexts no key
// opens are left as they are and counted.
ResealReport reseal_to_current(store::Store& store, const SecretBox& box, Random& random) {
    ResealReport r;
    r.resealed =
        store.reseal_secrets([&](SecretPurpose purpose, std::int64_t id,
                                 std::span<const unsigned char> ct) -> std::optional<Bytes> {
            const std::string aad = secret_aad(purpose, id);
            std::optional<std::string> plain = box.open(ct, aad);
            if (plain && box.version_of(ct) == box.current_version()) return std::nullopt;
            // A legacy text's random nonce may happen to begin like a header: then open()
            // failed above and open_legacy() succeeds.
            if (!plain) plain = box.open_legacy(ct);
            if (!plain) {
                ++r.unreadable;
                return std::nullopt;
            }
            const WipedString text(std::move(*plain));
            return box.seal(text.s, aad, random);
        });
    return r;
}

int cmd_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto p = parse(args, server_options());
    if (p.vm.count("help")) {
        print_help(
            out,
            "Usage: radfraga serve [--data DIR] [options]\n\nRuns the web server until SIGTERM.\n",
            server_options());
        return 0;
    }
    if (!p.positional.empty())
        throw UsageError("serve takes no arguments: " + p.positional.front());
    LogSink sink(err);
    const std::function<void(const std::string&)> log = [&](const std::string& line) {
        sink.line(line);
    };
    const auto dir = prepare_data_dir(p.vm, log);
    const DataFolderLock lock(dir, "another radfraga serve is running on this data folder");
    const Config config = load_config(p.vm, dir);
    for (const auto& w : config_warnings(config)) log(w);
    SystemClock clock;
    SystemRandom random;

    store::Store store(config.database_file(), clock, audit_key(dir, random));
    const SecretBox originals = SecretBox::load_or_create(dir / "keys", random);
    // Ciphertexts from before key versions, or from an older version in a restored backup,
    // are brought under the current version and AAD before anything reads them.
    if (const auto r = reseal_to_current(store, originals, random); r.resealed + r.unreadable > 0)
        log("keys: re-encrypted " + std::to_string(r.resealed) +
            " stored secrets under key version " + std::to_string(originals.current_version()) +
            (r.unreadable ? "; " + std::to_string(r.unreadable) + " could not be read with any key"
                          : ""));
    if (config.import_sample && !store.archive().has_questions()) {
        std::istringstream sample{std::string(sample_archive().front().data)};
        const auto report = import_archive(sample, store);
        log("empty database: sample archive " + report_line(report));
    }
    const web::Renderer renderer;
    const web::Assets assets;
    moderation::Redactor redactor;
    redactor.set_allow_list(moderation::AllowList::parse(read_optional_file(allow_list_file(dir))));
    const auto redact = [&](std::string_view text) { return redactor.redact(text); };
    search::Options search_options;
    search_options.dir = config.index_dir();
    search_options.ranking_memory_bytes = std::size_t{config.search_memory_mb} << 19;  // half of it
    search_options.snippet_memory_bytes = std::size_t{config.search_memory_mb} << 19;
    if (std::filesystem::exists(dir / "synonyms.txt"))
        search_options.extra_synonyms = dir / "synonyms.txt";
    search::Index index(store, search_options);
    const Signer signer = Signer::load_or_create(dir / "keys" / "signing-key.pem", random);
    const moderation::Triage triage;
    Metrics metrics;
    App app(AppDeps{store, renderer, assets, clock, random, config, log, originals, redact, index,
                    redactor, signer, triage, &metrics,
                    load_or_create_key(dir / "keys" / "form.key", 32, random)});

    ServerOptions so;
    so.address = config.listen;
    so.port = config.port;
    so.workers = config.workers;
    so.io_threads = config.io_threads;
    so.max_connections = config.max_connections;
    so.max_connections_per_client = config.max_connections_per_client;
    so.trusted_proxies = config.trusted_proxies;
    so.forwarded_header = config.forwarded_header;
    so.access_log = config.access_log;
    so.metrics = &metrics;
    so.metrics_allow = config.metrics_allow;
    // Background work: keep the search index within a fraction of a second of the
    // database (an erasure or edit also rewrites the index files in that step, so the
    // removed words are gone from disk: search::Index::catch_up); erase originals past
    // the retention period.
    std::vector<PeriodicTask> tasks;
    tasks.push_back({"search indexing", std::chrono::milliseconds(300), [&] { index.catch_up(); }});
    // Related-questions lists, stored with the content: read now, before serving, so a
    // restart serves complete question pages at once; then kept up to date in the
    // background (App::update_related): 400 lists per tick while many are missing (the
    // first start after an import, or a new ranking version), 100 afterwards.
    const auto related_started = std::chrono::steady_clock::now();
    const auto elapsed_ms = [](std::chrono::steady_clock::time_point since) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - since)
            .count();
    };
    {
        const std::size_t loaded = app.load_related();
        log("related questions: " + std::to_string(loaded) + " stored lists read in " +
            std::to_string(elapsed_ms(related_started)) + " ms");
    }
    // Shared by the two tasks below, which run on the worker pool.
    auto related_logged = std::make_shared<std::atomic<bool>>(false);
    tasks.push_back({"related questions", std::chrono::milliseconds(300),
                     [&app, &log, elapsed_ms, related_started, related_logged] {
                         if (app.update_related(*related_logged ? 100 : 400) && !*related_logged) {
                             *related_logged = true;
                             log("related questions ready for every published question after " +
                                 std::to_string(elapsed_ms(related_started) / 1000) + " s");
                         }
                     }});
    // Question pages, rendered ahead and stored with the content (App::update_pages):
    // once the related lists are complete, since a page shows its question's list. While
    // many are missing (the first start after an import, new templates or settings) up
    // to a quarter of a second of rendering per tick, then what changes queue.
    log("question pages: " + std::to_string(store.pages().stored_count()) + " stored");
    auto pages_logged = std::make_shared<bool>(false);
    tasks.push_back({"question pages", std::chrono::milliseconds(300),
                     [&app, &log, elapsed_ms, related_started, related_logged, pages_logged] {
                         if (!*related_logged) return;
                         const auto began = std::chrono::steady_clock::now();
                         bool done = false;
                         while (!done && elapsed_ms(began) < 250) done = app.update_pages(200);
                         if (done && !*pages_logged) {
                             *pages_logged = true;
                             log("question pages ready for every published question after " +
                                 std::to_string(elapsed_ms(related_started) / 1000) + " s");
                         }
                     }});
    tasks.push_back({"log", std::chrono::milliseconds(250), [&] { sink.flush(); }});
    // Also once now: a restored backup may hold text past its retention.
    const auto retention_purge = [&] {
        if (const auto n = store.erasure().erase_expired_originals(clock.now()); n > 0)
            log("retention: erased " + std::to_string(n) + " originals");
        if (const auto u = store.erasure().erase_expired_unpublished(clock.now());
            u.questions > 0 || u.follow_ups > 0)
            log("retention: erased " + std::to_string(u.questions) + " unpublished questions and " +
                std::to_string(u.follow_ups) + " unpublished follow-ups");
        // Counters of searches that found nothing are kept a year (docs/quality.md).
        store.quality().erase_search_gaps_before(
            format_iso8601(stockholm_time(clock.now() - 366 * 86400)).substr(0, 10));
    };
    retention_purge();
    tasks.push_back({"retention purge", std::chrono::minutes(15), [&] {
                         retention_purge();
                         store.accounts().delete_expired_sessions(
                             static_cast<std::int64_t>(config.session_idle_minutes) * 60,
                             static_cast<std::int64_t>(config.session_lifetime_hours) * 3600);
                     }});
    if (!config.trusted_proxies.empty())
        log(std::string("trusted proxies set: clients are taken from their ") +
            (config.forwarded_header == ForwardedHeader::forwarded ? "Forwarded"
                                                                   : "X-Forwarded-For") +
            " header");
    return run_server(app, so, random, clock, std::move(tasks), log);
}

int cmd_import(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help")) {
        print_help(out,
                   "Usage: radfraga import [--data DIR] FILE.jsonl   (FILE may be - for standard "
                   "input)\n\n"
                   "Imports published questions and answers in the archive's JSON Lines format.\n"
                   "Records are matched by \"id\": re-importing updates, never duplicates.\n"
                   "Bad lines are reported with their line number; the good ones are imported.\n"
                   "Exit code 0 if every line was imported, 1 if any line was refused.\n",
                   po::options_description());
        return 0;
    }
    if (p.positional.size() != 1) throw UsageError("import needs exactly one FILE.jsonl");
    const auto dir = prepare_data_dir(p.vm, to(err));
    SystemClock clock;
    SystemRandom random;
    store::Store store(dir / "radfraga.db", clock, audit_key(dir, random));
    ImportReport report;
    if (p.positional[0] == "-") {
        report = import_archive(in, store);
    } else {
        std::ifstream file(p.positional[0], std::ios::binary);
        if (!file) throw Failure("cannot read " + p.positional[0]);
        std::error_code ec;
        const auto size = std::filesystem::file_size(p.positional[0], ec);
        Progress progress(err, on_terminal(err), "Läser in arkivet", "kB",
                          ec ? std::nullopt : std::optional<std::uint64_t>(size / 1024));
        report = import_archive(file, store,
                                [&](std::uint64_t bytes) { progress.update(bytes / 1024); });
        progress.finish();
    }
    for (const auto& [line, why] : report.errors)
        err << "radfraga: " << p.positional[0] << ":" << line << ": " << why << "\n";
    out << report_line(report) << "\n";
    return report.errors.empty() ? 0 : 1;
}

int cmd_export(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help")) {
        print_help(out,
                   "Usage: radfraga export [--data DIR] > FILE.jsonl\n\n"
                   "Writes every published question and answer as JSON Lines.\n",
                   po::options_description());
        return 0;
    }
    if (!p.positional.empty())
        throw UsageError("export takes no arguments; redirect its output to a file");
    const auto dir = prepare_data_dir(p.vm, to(err));
    SystemClock clock;
    store::Store store(dir / "radfraga.db", clock);
    export_archive(store, out);
    if (!out) throw Failure("cannot write the export");
    return 0;
}

int cmd_backup(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help")) {
        print_help(out,
                   "Usage: radfraga backup [--data DIR] FILE\n\n"
                   "Writes a consistent copy of the live database to FILE with SQLite's online\n"
                   "backup API. The server may keep running. The search index is not copied:\n"
                   "it is rebuilt from the database when missing.\n",
                   po::options_description());
        return 0;
    }
    if (p.positional.size() != 1) throw UsageError("backup needs exactly one target FILE");
    const auto dir = prepare_data_dir(p.vm, to(err));
    SystemClock clock;
    store::Store store(dir / "radfraga.db", clock);
    {
        Progress progress(err, on_terminal(err), "Säkerhetskopierar", "sidor", std::nullopt);
        store.backup_to(p.positional[0], [&](std::uint64_t done, std::uint64_t total) {
            progress.set_total(total);
            progress.update(done);
        });
        progress.finish();
    }
    out << "backup written to " << p.positional[0] << "\n";
    return 0;
}

int cmd_restore(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help")) {
        print_help(
            out,
            "Usage: radfraga restore [--data DIR] FILE\n\n"
            "Replaces the data folder's database with the backup FILE (made by radfraga\n"
            "backup) and rebuilds the search index from it. Stop the server first. Questions\n"
            "erased after the backup was made are erased again (the erasure journal\n"
            "radfraga.db-erasures), and originals past retention are purged at the next start.\n",
            po::options_description());
        return 0;
    }
    if (p.positional.size() != 1) throw UsageError("restore needs exactly one backup FILE");
    const auto dir = prepare_data_dir(p.vm, to(err));
    const DataFolderLock lock(dir,
                              "a server is running on this data folder: stop it before restoring");
    const auto db = dir / "radfraga.db";
    store::Store::restore(p.positional[0], db);
    SystemClock clock;
    SystemRandom random;
    store::Store store(db, clock, audit_key(dir, random));  // applies the erasure journal
    search::Options options;
    options.dir = dir / "index";
    if (std::filesystem::exists(dir / "synonyms.txt"))
        options.extra_synonyms = dir / "synonyms.txt";
    search::Index index(store, options);
    const auto stats = index.rebuild();
    out << "restored " << p.positional[0] << " into " << db.string()
        << "; search index rebuilt with " << stats.documents << " questions\n";
    return 0;
}

// Reads one line from `in` (a password or key). On a terminal it shows `prompt` on `err`
// and does not echo what is typed.
std::string read_secret_line(std::istream& in, std::ostream& err, const char* prompt) {
    const bool tty = &in == &std::cin && ::isatty(STDIN_FILENO);
    termios old{};
    if (tty) {
        err << prompt << std::flush;
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(in, line);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        err << "\n";
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// The enrolment link for `token` under the public URL.
std::string enrolment_link(const Config& c, const std::string& token) {
    return c.public_url + "/expert/valkommen/" + token;
}

int cmd_user(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
             std::ostream& err) {
    po::options_description desc("User options");
    desc.add_options()("name", po::value<std::string>(), "display name (user add)")(
        "role", po::value<std::string>()->default_value("expert"), "expert or admin (user add)")(
        "admin", po::bool_switch(), "same as --role admin (user add)")(
        "public-url", po::value<std::string>(),
        "the site's address, for the enrolment link (default: the server's public-url setting)")(
        "password-stdin", po::bool_switch(),
        "user add, for automated setups only, together with --totp-secret-stdin: read the "
        "password (first line) from standard input instead of printing an enrolment link")(
        "totp-secret-stdin", po::bool_switch(),
        "user add, with --password-stdin: read the base32 TOTP key (second line) from standard "
        "input");
    const auto p = parse(args, desc);
    if (p.vm.count("help") || p.positional.empty()) {
        print_help(
            out,
            "Usage: radfraga user add [--data DIR] USERNAME --name \"Display Name\" [--admin]\n"
            "       radfraga user reset [--data DIR] USERNAME\n"
            "       radfraga user list [--data DIR]\n"
            "       radfraga user disable|enable [--data DIR] USERNAME\n\n"
            "user add creates the account without a password and prints a one-time enrolment\n"
            "link (the last line of its output), valid 72 hours: give it to the expert, who\n"
            "chooses a password there and sets up the authenticator app (TOTP).\n"
            "user reset is for a forgotten password or a lost phone: it ends the account's\n"
            "sessions, clears its password and TOTP key, and prints a new link.\n"
            "For automated setups only (test rigs, provisioning), user add --password-stdin\n"
            "--totp-secret-stdin reads the password and the base32 TOTP key, one a line, from\n"
            "standard input instead; the two go together.\n",
            desc);
        return p.vm.count("help") ? 0 : 2;
    }
    const std::string sub = p.positional[0];
    const bool password_stdin = p.vm["password-stdin"].as<bool>();
    const bool totp_stdin = p.vm["totp-secret-stdin"].as<bool>();
    if ((password_stdin || totp_stdin) && sub != "add")
        throw UsageError("--password-stdin and --totp-secret-stdin belong to user add");
    if (password_stdin != totp_stdin)
        throw UsageError(
            "--password-stdin and --totp-secret-stdin go together (automated setups give both "
            "the password and the TOTP key); without them, user add prints an enrolment link "
            "where the expert chooses a password and sets up TOTP");
    const auto dir = prepare_data_dir(p.vm, to(err));
    SystemClock clock;
    SystemRandom random;
    store::Store store(dir / "radfraga.db", clock, audit_key(dir, random));
    const auto link_config = [&] { return load_config(p.vm, dir); };
    if (sub == "add") {
        if (p.positional.size() != 2) throw UsageError("user add needs exactly one USERNAME");
        const std::string& username = p.positional[1];
        if (username.size() < 2 || username.size() > 64 ||
            username.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") !=
                std::string::npos)
            throw UsageError("a username is 2-64 lower-case letters a-z, digits, '.', '_' or '-'");
        if (!p.vm.count("name")) throw UsageError("user add needs --name \"Display Name\"");
        const auto role = p.vm["admin"].as<bool>()
                              ? std::optional(store::Role::admin)
                              : store::role_from_string(p.vm["role"].as<std::string>());
        if (!role) throw UsageError("--role must be expert or admin");
        const std::string name = p.vm["name"].as<std::string>();
        if (password_stdin) {
            const std::string pw = read_secret_line(in, err, "Password: ");
            if (const auto problem = password_problem(pw); !problem.empty()) throw Failure(problem);
            const std::string key_text = read_secret_line(in, err, "TOTP key (base32): ");
            const auto secret = base32_decode(key_text);
            if (!secret || secret->size() < 10)
                throw Failure("the TOTP key must be base32 (A-Z, 2-7) of at least 80 bits");
            const SecretBox box = SecretBox::load_or_create(dir / "keys", random);
            const auto id =
                store.accounts().add_expert({username, name, *role, hash_password(pw, random)});
            store.accounts().set_totp_secret(
                id,
                box.seal(base32_encode(*secret), secret_aad(SecretPurpose::totp_secret, id.value),
                         random),
                0);
            out << "user " << username << " added (id " << id.value << ", "
                << store::to_string(*role) << ") with the password and TOTP key given\n";
            return 0;
        }
        const Config config = link_config();
        const std::string token = random_token(random, 32);
        const auto id = store.accounts().add_expert({username, name, *role, ""});
        store.accounts().create_enrolment(id, sha256(token));
        out << "user " << username << " added (id " << id.value << ", " << store::to_string(*role)
            << ") without a password.\n"
            << "Give " << username
            << " this enrolment link, valid 72 hours and usable once, to choose a password and "
               "set up TOTP:\n"
            << enrolment_link(config, token) << "\n";
        return 0;
    }
    if (sub == "reset") {
        if (p.positional.size() != 2) throw UsageError("user reset needs exactly one USERNAME");
        const Config config = link_config();
        const std::string token = random_token(random, 32);
        if (!store.accounts().reset_expert(p.positional[1], sha256(token)))
            throw Failure("no user named " + p.positional[1]);
        out << "user " << p.positional[1]
            << " reset: sessions ended, password and TOTP key cleared.\n"
            << "Give " << p.positional[1]
            << " this enrolment link, valid 72 hours and usable once, to choose a new password "
               "and set up TOTP again:\n"
            << enrolment_link(config, token) << "\n";
        return 0;
    }
    if (sub == "list") {
        if (p.positional.size() != 1) throw UsageError("user list takes no arguments");
        for (const auto& e : store.accounts().experts())
            out << e.username << "\t" << e.display_name << "\t" << store::to_string(e.role) << "\t"
                << (e.disabled ? "disabled" : "active") << "\t"
                << (e.totp_enrolled ? "totp" : "no-totp") << "\n";
        return 0;
    }
    if (sub == "disable" || sub == "enable") {
        if (p.positional.size() != 2)
            throw UsageError("user " + sub + " needs exactly one USERNAME");
        if (!store.accounts().set_expert_disabled(p.positional[1], sub == "disable"))
            throw Failure("no user named " + p.positional[1]);
        out << "user " << p.positional[1] << (sub == "disable" ? " disabled" : " enabled") << "\n";
        return 0;
    }
    throw UsageError("unknown user command \"" + sub + "\" (add, reset, list, disable, enable)");
}

int cmd_search(const std::string& which, const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err) {
    // --data is ours; everything else belongs to the search module's own parser.
    std::vector<std::string> rest;
    std::optional<std::string> data;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--data") {
            if (i + 1 >= args.size()) throw UsageError("--data needs a folder");
            data = args[++i];
        } else if (args[i].rfind("--data=", 0) == 0) {
            data = args[i].substr(7);
        } else {
            rest.push_back(args[i]);
        }
    }
    for (const auto& a : rest) {
        if (a == "--help" || a == "-h") {
            out << "Usage: radfraga " << which << " [--data DIR] ";
            out << (which == "search" ? "[--json] [--limit N] [--category C] QUERY\n"
                                      : "\n\nRebuilds the search index from the database.\n");
            return 0;
        }
    }
    po::variables_map vm;
    if (data) vm.emplace("data", po::variable_value(*data, false));
    const auto dir = prepare_data_dir(vm, to(err));
    SystemClock clock;
    store::Store store(dir / "radfraga.db", clock);
    search::Options options;
    options.dir = dir / "index";
    if (std::filesystem::exists(dir / "synonyms.txt"))
        options.extra_synonyms = dir / "synonyms.txt";
    search::Index index(store, options);
    return which == "search" ? search::search_command(rest, index, store, out, err)
                             : search::reindex_command(rest, index, store, out, err);
}

// Scores search on judged queries (search/eval.hpp); archives are read with the import
// parser, so a bad line is reported as import would report it.
int cmd_search_eval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    auto load = [](const std::filesystem::path& file) {
        std::ifstream f(file);
        if (!f) throw Failure("cannot read " + file.string());
        std::vector<store::ArchiveRecord> records;
        std::string line;
        std::size_t line_no = 0;
        while (std::getline(f, line)) {
            ++line_no;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            auto parsed = parse_archive_line(line);
            if (auto* reason = std::get_if<std::string>(&parsed)) {
                throw Failure(file.string() + ":" + std::to_string(line_no) + ": " + *reason);
            }
            records.push_back(std::move(std::get<store::ArchiveRecord>(parsed)));
        }
        return records;
    };
    return search::search_eval_command(args, load, out, err);
}

// Checks the Ed25519 signature of exported answer records: the JSON objects of
// GET /api/v1/questions/{id}, one per line.
int cmd_verify(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err) {
    po::options_description desc("Verify options");
    desc.add_options()("public-key", po::value<std::string>(),
                       "the PEM public key (default: the data folder's key)");
    const auto p = parse(args, desc);
    if (p.vm.count("help")) {
        print_help(
            out,
            "Usage: radfraga verify [--data DIR | --public-key KEY.pem] RECORD.json   (- for "
            "standard input)\n\n"
            "Checks the Ed25519 signatures of published answers. RECORD.json holds the JSON of\n"
            "GET /api/v1/questions/{id}, one object per line. The key is the one served at\n"
            "/.well-known/radfraga-signing-key.pem. Imported answers carry no signature and\n"
            "are reported as not signed. Exit code 0 if every record verifies.\n",
            desc);
        return 0;
    }
    if (p.positional.size() != 1) throw UsageError("verify needs exactly one RECORD.json");
    std::string pem;
    if (p.vm.count("public-key")) {
        std::ifstream k(p.vm["public-key"].as<std::string>());
        if (!k) throw Failure("cannot read " + p.vm["public-key"].as<std::string>());
        pem.assign(std::istreambuf_iterator<char>(k), {});
    } else {
        const auto dir = data_dir(p.vm);
        SystemRandom random;
        if (!std::filesystem::exists(dir / "keys" / "signing-key.pem"))
            throw Failure("no signing key in " + (dir / "keys").string() + "; pass --public-key");
        pem = Signer::load_or_create(dir / "keys" / "signing-key.pem", random).public_key_pem();
    }
    const auto key = ed25519_public_key_from_pem(pem);
    if (!key) throw Failure("the public key is not an Ed25519 PEM key");
    std::ifstream file;
    if (p.positional[0] != "-") {
        file.open(p.positional[0]);
        if (!file) throw Failure("cannot read " + p.positional[0]);
    }
    std::istream& src = p.positional[0] == "-" ? in : file;
    std::string line;
    std::size_t n = 0, bad = 0;
    while (std::getline(src, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        ++n;
        boost::json::error_code ec;
        const auto v = boost::json::parse(line, ec);
        const auto* o = !ec && v.is_object() ? &v.as_object() : nullptr;
        const auto str = [&](const char* k) -> std::string {
            const auto* f = o ? o->if_contains(k) : nullptr;
            return f && f->is_string() ? std::string(f->as_string()) : std::string();
        };
        const auto* id = o ? o->if_contains("id") : nullptr;
        const auto* version = o ? o->if_contains("answer_version") : nullptr;
        // Imported answers were never signed here: their answer_signature is null (or
        // absent), and their id may be the archive's external id.
        if (o && id && (id->is_int64() || id->is_string()) && str("answer_signature").empty()) {
            out << "NOT SIGNED: question "
                << (id->is_int64() ? std::to_string(id->as_int64()) : std::string(id->as_string()))
                << ": not signed (an imported answer carries no signature)\n";
            ++bad;
            continue;
        }
        const auto sig = base64url_decode(str("answer_signature"));
        if (!id || !id->is_int64() || !version || !version->is_int64() || !sig || sig->empty()) {
            err << "radfraga: record " << n << ": not a signed answer record\n";
            ++bad;
            continue;
        }
        const std::string message = canonical_answer_record(
            SignedRecord{std::to_string(id->as_int64()), version->as_int64(), str("answered_at"),
                         str("title"), str("question"), str("answer"), str("signature")});
        if (verify_signature(*key, message, *sig)) {
            out << "ok: question " << id->as_int64() << ", answer version " << version->as_int64()
                << " signed by " << str("signature") << "\n";
        } else {
            out << "FAILED: question " << id->as_int64()
                << ": the signature does not match the record\n";
            ++bad;
        }
    }
    if (n == 0) throw Failure("no records in " + p.positional[0]);
    return bad == 0 ? 0 : 1;
}

int cmd_purge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    po::options_description desc("Purge options");
    desc.add_options()("retention-days", po::value<unsigned>(),
                       "also erase every original older than this many days (0: all of them)");
    const auto p = parse(args, desc);
    if (p.vm.count("help")) {
        print_help(out,
                   "Usage: radfraga purge [--data DIR] [--retention-days N]\n\n"
                   "Erases the encrypted unredacted originals of questions and follow-ups whose\n"
                   "retention period has passed (the period in force when each arrived, or with\n"
                   "--retention-days every original older than N days), and what will never be\n"
                   "published (declined, privately answered and duplicate questions, unpublished\n"
                   "follow-ups) a retention period after its last activity. The server also does\n"
                   "this at start and every 15 minutes.\n",
                   desc);
        return 0;
    }
    if (!p.positional.empty()) throw UsageError("purge takes no arguments");
    std::optional<std::int64_t> retention;
    if (p.vm.count("retention-days"))
        retention = std::int64_t{p.vm["retention-days"].as<unsigned>()} * 86400;
    const auto dir = prepare_data_dir(p.vm, to(err));
    SystemClock clock;
    SystemRandom random;
    store::Store store(dir / "radfraga.db", clock, audit_key(dir, random));
    out << "erased " << store.erasure().erase_expired_originals(clock.now(), retention)
        << " originals past retention\n";
    const auto unpublished = store.erasure().erase_expired_unpublished(clock.now());
    out << "erased " << unpublished.questions << " unpublished questions and "
        << unpublished.follow_ups << " unpublished follow-ups past retention\n";
    return 0;
}

int cmd_rotate_keys(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help")) {
        print_help(
            out,
            "Usage: radfraga rotate-keys [--data DIR]\n\n"
            "Makes a new version of the key for askers' originals and experts' TOTP keys\n"
            "(keys/originals.N.key) and re-encrypts every stored ciphertext under it in one\n"
            "transaction. Older key files stay: backups made before need them. Stop the\n"
            "server first (refused while it runs).\n",
            po::options_description());
        return 0;
    }
    if (!p.positional.empty()) throw UsageError("rotate-keys takes no arguments");
    const auto dir = prepare_data_dir(p.vm, to(err));
    // A running server holds the old ring in memory and could not read the new version.
    const DataFolderLock lock(
        dir, "a server is running on this data folder: stop it before rotating keys");
    SystemClock clock;
    SystemRandom random;
    store::Store store(dir / "radfraga.db", clock, audit_key(dir, random));
    // Read the ring first, so a damaged key file stops us before a new version is made.
    SecretBox::load_or_create(dir / "keys", random);
    const auto version = SecretBox::add_key_version(dir / "keys", random);
    const SecretBox box = SecretBox::load_or_create(dir / "keys", random);
    const auto r = reseal_to_current(store, box, random);
    store.audit().append_audit(
        {"operator", std::nullopt, std::nullopt, "keys_rotated",
         "version=" + std::to_string(version) + " resealed=" + std::to_string(r.resealed)});
    out << "key version " << version << " made; " << r.resealed
        << " stored secrets re-encrypted under it";
    if (r.unreadable)
        out << "; " << r.unreadable << " could not be read with any key and were left as they are";
    out << "\n";
    return r.unreadable ? 1 : 0;
}

int cmd_audit(const std::vector<std::string>& args, std::ostream& out) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help") || p.positional.size() != 1 || p.positional[0] != "verify") {
        print_help(
            out,
            "Usage: radfraga audit verify [--data DIR]\n\n"
            "Recomputes the audit log's hash chain: plain SHA-256 for rows written before the\n"
            "chain was keyed, HMAC-SHA-256 under keys/audit.key from the row where the keyed\n"
            "part starts. Prints where that is and the first row that does not match.\n"
            "Exit code 0 if the chain holds, 1 if it is broken.\n",
            po::options_description());
        if (p.vm.count("help")) return 0;
        throw UsageError("audit needs the subcommand verify");
    }
    const auto dir = data_dir(p.vm);
    const auto db = dir / "radfraga.db";
    if (!std::filesystem::exists(db)) throw Failure("no database at " + db.string());
    SystemClock clock;
    // Only reads: the key is not made if missing, and the store is opened without it so
    // that nothing is appended.
    std::optional<Bytes> key;
    const auto key_file = dir / "keys" / "audit.key";
    if (std::filesystem::exists(key_file) || std::filesystem::is_symlink(key_file)) {
        SystemRandom unused;
        key = load_or_create_key(key_file, 32, unused);
    }
    const store::Store store(db, clock);
    const auto check = store.audit().check_audit_chain(key);
    out << check.rows << " audit rows; ";
    if (check.keyed_from)
        out << "keyed with HMAC-SHA-256 from row " << *check.keyed_from << "\n";
    else
        out << "not keyed (plain SHA-256 throughout)\n";
    if (check.first_broken) {
        out << "broken at row " << *check.first_broken << ": " << check.reason << "\n";
        return 1;
    }
    if (key && !check.keyed_from && check.rows > 0) {
        out << "broken: keys/audit.key exists but the chain has no keyed part (start radfraga "
               "serve once to "
               "key a restored older database; otherwise the log was rewritten)\n";
        return 1;
    }
    out << "the chain holds\n";
    return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err) {
    if (args.empty()) {
        err << kUsage;
        return 2;
    }
    const std::string cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (cmd == "help" || cmd == "--help" || cmd == "-h") {
            if (!rest.empty() && rest[0] != "help")
                return run_cli({rest[0], "--help"}, in, out, err);
            out << kUsage;
            return 0;
        }
        if (cmd == "serve") return cmd_serve(rest, out, err);
        if (cmd == "import") return cmd_import(rest, in, out, err);
        if (cmd == "export") return cmd_export(rest, out, err);
        if (cmd == "backup") return cmd_backup(rest, out, err);
        if (cmd == "restore") return cmd_restore(rest, out, err);
        if (cmd == "user") return cmd_user(rest, in, out, err);
        if (cmd == "search" || cmd == "reindex") return cmd_search(cmd, rest, out, err);
        if (cmd == "search-eval") return cmd_search_eval(rest, out, err);
        if (cmd == "purge") return cmd_purge(rest, out, err);
        if (cmd == "rotate-keys") return cmd_rotate_keys(rest, out, err);
        if (cmd == "audit") return cmd_audit(rest, out);
        if (cmd == "verify") return cmd_verify(rest, in, out, err);
        if (cmd == "redact") return moderation::redact_command(rest, in, out, err);
        if (cmd == "redact-eval") return moderation::redact_eval_command(rest, in, out, err);
        if (cmd == "triage") return moderation::triage_command(rest, in, out, err);
        if (cmd == "triage-eval") return moderation::triage_eval_command(rest, in, out, err);
        if (cmd == "check-answer") {
            // Today in Stockholm: what the law references' statuses are judged against.
            const Timestamp now = stockholm_time(SystemClock{}.now());
            int y = 0;
            unsigned m = 0, d = 0;
            civil_from_days((now.utc + now.offset_minutes * 60) / 86400, y, m, d);
            return quality::check_answer_command(
                rest, {y, static_cast<int>(m), static_cast<int>(d)}, in, out, err);
        }
        throw UsageError("unknown command \"" + cmd + "\"; see radfraga help");
    } catch (const UsageError& e) {
        err << "radfraga: " << e.what() << "\n";
        return 2;
    } catch (const Failure& e) {
        err << "radfraga: error: " << e.what() << "\n";
        return 1;
    } catch (const store::Error& e) {
        err << "radfraga: error: " << e.what() << "\n";
        return 1;
    } catch (const search::Error& e) {
        err << "radfraga: error: search index: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "radfraga: error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace radfraga::server
