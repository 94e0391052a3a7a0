#include "server/cli.hpp"

#include <termios.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>

#include "core/crypto.hpp"
#include "core/signing.hpp"
#include "core/embedded.hpp"
#include "moderation/cli.hpp"
#include "moderation/redactor.hpp"
#include "moderation/triage.hpp"
#include "search/cli.hpp"
#include "search/search.hpp"
#include "server/app.hpp"
#include "server/archive.hpp"
#include "server/config.hpp"
#include "server/password.hpp"
#include "server/server.hpp"
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
    "  user add|list|disable|enable   manage expert accounts\n"
    "  search QUERY       search the published archive (--json, --limit N, --category C)\n"
    "  reindex            rebuild the search index from the database\n"
    "  purge              erase unredacted originals past the retention period\n"
    "  verify RECORD.json check the Ed25519 signatures of published answer records\n"
    "  redact             redact personal details from standard input (--json, --jsonl)\n"
    "  redact-eval FILE   score the redactor on an annotated JSONL file\n"
    "  triage             crisis triage of standard input (--json, --jsonl)\n"
    "  triage-eval FILE   score crisis triage and the old substring list (--cv K)\n"
    "  help [command]     show help\n"
    "\n"
    "Every command takes --data DIR (or RADFRAGA_DATA) and --help.\n"
    "Configuration: flags, then RADFRAGA_<NAME> environment variables, then DIR/radfraga.conf.\n";

po::options_description data_option() {
    po::options_description d("Data folder");
    d.add_options()("data", po::value<std::string>(), "data folder (default ./data, or $RADFRAGA_DATA)")(
        "help,h", "show this help");
    return d;
}

po::options_description server_options() {
    po::options_description d("Server settings (also RADFRAGA_<NAME> and DIR/radfraga.conf)");
    d.add_options()
        ("listen", po::value<std::string>(), "address to listen on (default 127.0.0.1)")
        ("port", po::value<unsigned>(), "port (default 8080)")
        ("workers", po::value<unsigned>(), "worker threads for database and search work (default 2; 0 runs everything on the I/O thread)")
        ("io-threads", po::value<unsigned>(), "I/O threads: sockets, HTTP and cached pages (default 1)")
        ("max-connections", po::value<unsigned>(), "open connections at most (default 512)")
        ("access-log", po::value<bool>(), "log each request: method, path without query or tokens, status, size, time (default true)")
        ("rate-limits", po::value<bool>(), "per-client rate limits (default true; false only for test rigs)")
        ("import-sample", po::value<bool>(), "import the bundled sample archive into an empty database (default true)")
        ("signature-name", po::value<std::string>(), "team signature under answers (default Socialrådgivningen)")
        ("retention-days", po::value<unsigned>(), "days an unredacted original is kept at most (default 30)")
        ("answer-target-days", po::value<unsigned>(), "answer-time target in working days, shown in the queue (default 1)")
        ("claim-stale-minutes", po::value<unsigned>(), "minutes after which a claim lapses (default 240)")
        ("page-cache-mb", po::value<unsigned>(), "MiB of rendered public pages kept in memory (default 64; 0 = off)")
        ("summary-cache-mb", po::value<unsigned>(), "MiB of question summaries kept for related questions and search hits (default 64; 0 = off)")
        ("search-memory-mb", po::value<unsigned>(), "MiB for search posting lists and snippet texts kept in memory (default 256)")
        ("session-idle-minutes", po::value<unsigned>(), "minutes of inactivity that end an expert session (default 30)")
        ("public-url", po::value<std::string>(), "absolute base URL for feeds and sitemaps (default http://localhost:8080)");
    return d;
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

// The data folder, created if missing; refuses one that cannot be written.
std::filesystem::path prepare_data_dir(const po::variables_map& vm) {
    const auto dir = data_dir(vm);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Failure("cannot create the data folder " + dir.string() + ": " + ec.message());
    if (!std::filesystem::is_directory(dir)) throw Failure(dir.string() + " is not a folder");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw Failure("the data folder " + dir.string() + " is not writable");
    const auto db = dir / "radfraga.db";
    if (std::filesystem::exists(db) && ::access(db.c_str(), R_OK | W_OK) != 0)
        throw Failure("the database " + db.string() + " is not readable and writable");
    return dir;
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
                                                             : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                                            return desc.find_nothrow(name, false) ? name : std::string();
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
    if (vm.count("listen")) c.listen = vm["listen"].as<std::string>();
    if (vm.count("port")) {
        const unsigned p = vm["port"].as<unsigned>();
        if (p > 65535) throw UsageError("port must be at most 65535");
        c.port = static_cast<std::uint16_t>(p);
    }
    if (vm.count("workers")) c.workers = vm["workers"].as<unsigned>();
    if (vm.count("io-threads")) c.io_threads = std::clamp(vm["io-threads"].as<unsigned>(), 1u, 64u);
    if (vm.count("max-connections")) c.max_connections = std::max(1u, vm["max-connections"].as<unsigned>());
    if (vm.count("import-sample")) c.import_sample = vm["import-sample"].as<bool>();
    if (vm.count("access-log")) c.access_log = vm["access-log"].as<bool>();
    if (vm.count("rate-limits")) c.rate_limits = vm["rate-limits"].as<bool>();
    if (vm.count("signature-name")) c.signature_name = vm["signature-name"].as<std::string>();
    if (vm.count("retention-days")) c.retention_days = vm["retention-days"].as<unsigned>();
    if (vm.count("answer-target-days")) c.answer_target_days = std::max(1u, vm["answer-target-days"].as<unsigned>());
    if (vm.count("claim-stale-minutes")) c.claim_stale_minutes = std::max(1u, vm["claim-stale-minutes"].as<unsigned>());
    if (vm.count("page-cache-mb")) c.page_cache_mb = std::min(65536u, vm["page-cache-mb"].as<unsigned>());
    if (vm.count("summary-cache-mb")) c.summary_cache_mb = std::min(65536u, vm["summary-cache-mb"].as<unsigned>());
    if (vm.count("search-memory-mb")) c.search_memory_mb = std::clamp(vm["search-memory-mb"].as<unsigned>(), 2u, 65536u);
    if (vm.count("session-idle-minutes")) c.session_idle_minutes = std::max(1u, vm["session-idle-minutes"].as<unsigned>());
    if (vm.count("public-url")) {
        c.public_url = vm["public-url"].as<std::string>();
        while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
    }
    return c;
}

void print_help(std::ostream& out, const std::string& usage, const po::options_description& desc) {
    po::options_description all;
    all.add(data_option()).add(desc);
    out << usage << "\n" << all;
}

std::string report_line(const ImportReport& r) {
    return "imported: " + std::to_string(r.inserted) + " new, " + std::to_string(r.updated) + " updated, " +
           std::to_string(r.unchanged) + " unchanged, " + std::to_string(r.errors.size()) + " refused";
}

// ---- Commands ----------------------------------------------------------------------

int cmd_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto p = parse(args, server_options());
    if (p.vm.count("help")) {
        print_help(out, "Usage: radfraga serve [--data DIR] [options]\n\nRuns the web server until SIGTERM.\n",
                   server_options());
        return 0;
    }
    if (!p.positional.empty()) throw UsageError("serve takes no arguments: " + p.positional.front());
    const auto dir = prepare_data_dir(p.vm);
    const Config config = load_config(p.vm, dir);
    SystemClock clock;
    SystemRandom random;
    LogSink sink(err);
    const std::function<void(const std::string&)> log = [&](const std::string& line) { sink.line(line); };

    store::Store store(config.database_file(), clock);
    if (config.import_sample && !store.has_questions()) {
        std::istringstream sample{std::string(sample_archive().front().data)};
        const auto report = import_archive(sample, store);
        log("empty database: sample archive " + report_line(report));
    }
    const web::Renderer renderer;
    const web::Assets assets;
    const SecretBox originals(load_or_create_key(dir / "keys" / "originals.key", 32, random));
    const moderation::Redactor redactor;
    const auto redact = [&](std::string_view text) { return redactor.redact(text); };
    search::Options search_options;
    search_options.dir = config.index_dir();
    search_options.ranking_memory_bytes = std::size_t{config.search_memory_mb} << 19;  // half of it
    search_options.snippet_memory_bytes = std::size_t{config.search_memory_mb} << 19;
    if (std::filesystem::exists(dir / "synonyms.txt")) search_options.extra_synonyms = dir / "synonyms.txt";
    search::Index index(store, search_options);
    const Signer signer = Signer::load_or_create(dir / "keys" / "signing-key.pem", random);
    const moderation::Triage triage;
    App app(AppDeps{store, renderer, assets, clock, random, config, log, originals, redact, index, redactor, signer,
                    triage});

    ServerOptions so;
    so.address = config.listen;
    so.port = config.port;
    so.workers = config.workers;
    so.io_threads = config.io_threads;
    so.max_connections = config.max_connections;
    so.access_log = config.access_log;
    // Background work: keep the search index within a fraction of a second of the
    // database; after erasures, rebuild it so erased words leave the index files too;
    // erase originals past the retention period.
    std::atomic<bool> erased_since_rebuild{false};
    std::vector<PeriodicTask> tasks;
    tasks.push_back({"search indexing", std::chrono::milliseconds(300), [&] {
                         if (index.catch_up().removed > 0) erased_since_rebuild = true;
                     }});
    // Related-questions lists ahead of time, so no question page waits for that query:
    // 400 questions per tick until every question has one (the first minutes after
    // start), then 100 per tick, each list refreshed every half hour.
    const auto warm_started = std::chrono::steady_clock::now();
    bool warm_logged = false;
    tasks.push_back({"related questions", std::chrono::milliseconds(300), [&, warm_started]() mutable {
                         // Larger slices until the first walk is done (the first minutes
                         // after start), then small ones.
                         if (app.warm_related(warm_logged ? 100 : 400) && !warm_logged) {
                             warm_logged = true;
                             const auto s = std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::steady_clock::now() - warm_started)
                                                .count();
                             log("related questions ready for every published question after " +
                                 std::to_string(s) + " s");
                         }
                     }});
    tasks.push_back({"log", std::chrono::milliseconds(250), [&] { sink.flush(); }});
    tasks.push_back({"search index compaction", std::chrono::minutes(10), [&] {
                         if (erased_since_rebuild.exchange(false)) index.rebuild();
                     }});
    tasks.push_back({"retention purge", std::chrono::minutes(15), [&] {
                         if (const auto n = store.erase_expired_originals(clock.now()); n > 0)
                             log("retention: erased " + std::to_string(n) + " originals");
                         store.delete_idle_sessions(static_cast<std::int64_t>(config.session_idle_minutes) * 60);
                     }});
    return run_server(app, so, random, clock, std::move(tasks), log);
}

int cmd_import(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help")) {
        print_help(out,
                   "Usage: radfraga import [--data DIR] FILE.jsonl   (FILE may be - for standard input)\n\n"
                   "Imports published questions and answers in the archive's JSON Lines format.\n"
                   "Records are matched by \"id\": re-importing updates, never duplicates.\n"
                   "Bad lines are reported with their line number; the good ones are imported.\n"
                   "Exit code 0 if every line was imported, 1 if any line was refused.\n",
                   po::options_description());
        return 0;
    }
    if (p.positional.size() != 1) throw UsageError("import needs exactly one FILE.jsonl");
    const auto dir = prepare_data_dir(p.vm);
    SystemClock clock;
    store::Store store(dir / "radfraga.db", clock);
    ImportReport report;
    if (p.positional[0] == "-") {
        report = import_archive(in, store);
    } else {
        std::ifstream file(p.positional[0], std::ios::binary);
        if (!file) throw Failure("cannot read " + p.positional[0]);
        report = import_archive(file, store);
    }
    for (const auto& [line, why] : report.errors)
        err << "radfraga: " << p.positional[0] << ":" << line << ": " << why << "\n";
    out << report_line(report) << "\n";
    return report.errors.empty() ? 0 : 1;
}

int cmd_export(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help")) {
        print_help(out,
                   "Usage: radfraga export [--data DIR] > FILE.jsonl\n\n"
                   "Writes every published question and answer as JSON Lines.\n",
                   po::options_description());
        return 0;
    }
    if (!p.positional.empty()) throw UsageError("export takes no arguments; redirect its output to a file");
    const auto dir = prepare_data_dir(p.vm);
    SystemClock clock;
    store::Store store(dir / "radfraga.db", clock);
    export_archive(store, out);
    if (!out) throw Failure("cannot write the export");
    return 0;
}

int cmd_backup(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
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
    const auto dir = prepare_data_dir(p.vm);
    SystemClock clock;
    store::Store store(dir / "radfraga.db", clock);
    store.backup_to(p.positional[0]);
    out << "backup written to " << p.positional[0] << "\n";
    return 0;
}

std::string read_password(std::istream& in, std::ostream& err) {
    const bool tty = &in == &std::cin && ::isatty(STDIN_FILENO);
    termios old{};
    if (tty) {
        err << "Password: " << std::flush;
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string pw;
    std::getline(in, pw);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        err << "\n";
    }
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    return pw;
}

int cmd_user(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    po::options_description desc("User options");
    desc.add_options()("name", po::value<std::string>(), "display name (user add)")(
        "role", po::value<std::string>()->default_value("expert"), "expert or admin (user add)");
    const auto p = parse(args, desc);
    if (p.vm.count("help") || p.positional.empty()) {
        print_help(out,
                   "Usage: radfraga user add [--data DIR] USERNAME --name \"Display Name\" [--role expert|admin]\n"
                   "       radfraga user list [--data DIR]\n"
                   "       radfraga user disable|enable [--data DIR] USERNAME\n\n"
                   "user add reads the new password (at least 12 characters) from standard input;\n"
                   "on a terminal it asks without echo. Experts enrol their TOTP second factor at\n"
                   "first login.\n",
                   desc);
        return p.vm.count("help") ? 0 : 2;
    }
    const std::string sub = p.positional[0];
    const auto dir = prepare_data_dir(p.vm);
    SystemClock clock;
    SystemRandom random;
    store::Store store(dir / "radfraga.db", clock);
    if (sub == "add") {
        if (p.positional.size() != 2) throw UsageError("user add needs exactly one USERNAME");
        const std::string& username = p.positional[1];
        if (username.size() < 2 || username.size() > 64 ||
            username.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string::npos)
            throw UsageError("a username is 2-64 lower-case letters a-z, digits, '.', '_' or '-'");
        if (!p.vm.count("name")) throw UsageError("user add needs --name \"Display Name\"");
        const auto role = store::role_from_string(p.vm["role"].as<std::string>());
        if (!role) throw UsageError("--role must be expert or admin");
        const std::string pw = read_password(in, err);
        if (const auto problem = password_problem(pw); !problem.empty()) throw Failure(problem);
        const auto id = store.add_expert({username, p.vm["name"].as<std::string>(), *role, hash_password(pw, random)});
        out << "user " << username << " added (id " << id.value << ", " << store::to_string(*role) << ")\n";
        return 0;
    }
    if (sub == "list") {
        if (p.positional.size() != 1) throw UsageError("user list takes no arguments");
        for (const auto& e : store.experts())
            out << e.username << "\t" << e.display_name << "\t" << store::to_string(e.role) << "\t"
                << (e.disabled ? "disabled" : "active") << "\t" << (e.totp_enrolled ? "totp" : "no-totp") << "\n";
        return 0;
    }
    if (sub == "disable" || sub == "enable") {
        if (p.positional.size() != 2) throw UsageError("user " + sub + " needs exactly one USERNAME");
        if (!store.set_expert_disabled(p.positional[1], sub == "disable"))
            throw Failure("no user named " + p.positional[1]);
        out << "user " << p.positional[1] << (sub == "disable" ? " disabled" : " enabled") << "\n";
        return 0;
    }
    throw UsageError("unknown user command \"" + sub + "\" (add, list, disable, enable)");
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
    const auto dir = prepare_data_dir(vm);
    SystemClock clock;
    store::Store store(dir / "radfraga.db", clock);
    search::Options options;
    options.dir = dir / "index";
    if (std::filesystem::exists(dir / "synonyms.txt")) options.extra_synonyms = dir / "synonyms.txt";
    search::Index index(store, options);
    return which == "search" ? search::search_command(rest, index, store, out, err)
                             : search::reindex_command(rest, index, store, out, err);
}

// Checks the Ed25519 signature of exported answer records: the JSON objects of
// GET /api/v1/questions/{id}, one per line.
int cmd_verify(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    po::options_description desc("Verify options");
    desc.add_options()("public-key", po::value<std::string>(), "the PEM public key (default: the data folder's key)");
    const auto p = parse(args, desc);
    if (p.vm.count("help")) {
        print_help(out,
                   "Usage: radfraga verify [--data DIR | --public-key KEY.pem] RECORD.json   (- for standard input)\n\n"
                   "Checks the Ed25519 signatures of published answers. RECORD.json holds the JSON of\n"
                   "GET /api/v1/questions/{id}, one object per line. The key is the one served at\n"
                   "/.well-known/radfraga-signing-key.pem. Exit code 0 if every record verifies.\n",
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
        const auto sig = base64url_decode(str("answer_signature"));
        if (!id || !id->is_int64() || !version || !version->is_int64() || !sig) {
            err << "radfraga: record " << n << ": not a signed answer record\n";
            ++bad;
            continue;
        }
        const std::string message = canonical_answer_record(
            SignedRecord{std::to_string(id->as_int64()), version->as_int64(), str("answered_at"), str("title"),
                         str("question"), str("answer"), str("signature")});
        if (verify_signature(*key, message, *sig)) {
            out << "ok: question " << id->as_int64() << ", answer version " << version->as_int64() << " signed by "
                << str("signature") << "\n";
        } else {
            out << "FAILED: question " << id->as_int64() << ": the signature does not match the record\n";
            ++bad;
        }
    }
    if (n == 0) throw Failure("no records in " + p.positional[0]);
    return bad == 0 ? 0 : 1;
}

int cmd_purge(const std::vector<std::string>& args, std::ostream& out) {
    const auto p = parse(args, po::options_description());
    if (p.vm.count("help")) {
        print_help(out,
                   "Usage: radfraga purge [--data DIR]\n\n"
                   "Erases the encrypted unredacted originals of questions and follow-ups whose\n"
                   "retention period has passed. The server also does this every 15 minutes.\n",
                   po::options_description());
        return 0;
    }
    if (!p.positional.empty()) throw UsageError("purge takes no arguments");
    const auto dir = prepare_data_dir(p.vm);
    SystemClock clock;
    store::Store store(dir / "radfraga.db", clock);
    out << "erased " << store.erase_expired_originals(clock.now()) << " originals past retention\n";
    return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << kUsage;
        return 2;
    }
    const std::string cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (cmd == "help" || cmd == "--help" || cmd == "-h") {
            if (!rest.empty() && rest[0] != "help") return run_cli({rest[0], "--help"}, in, out, err);
            out << kUsage;
            return 0;
        }
        if (cmd == "serve") return cmd_serve(rest, out, err);
        if (cmd == "import") return cmd_import(rest, in, out, err);
        if (cmd == "export") return cmd_export(rest, out, err);
        if (cmd == "backup") return cmd_backup(rest, out, err);
        if (cmd == "user") return cmd_user(rest, in, out, err);
        if (cmd == "search" || cmd == "reindex") return cmd_search(cmd, rest, out, err);
        if (cmd == "purge") return cmd_purge(rest, out);
        if (cmd == "verify") return cmd_verify(rest, in, out, err);
        if (cmd == "redact") return moderation::redact_command(rest, in, out, err);
        if (cmd == "redact-eval") return moderation::redact_eval_command(rest, in, out, err);
        if (cmd == "triage") return moderation::triage_command(rest, in, out, err);
        if (cmd == "triage-eval") return moderation::triage_eval_command(rest, in, out, err);
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
