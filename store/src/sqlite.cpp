#include "store/src/sqlite.hpp"

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace radfraga::store::sql {

namespace {
std::string message(sqlite3* db, int rc) {
    if (db) return sqlite3_errmsg(db);
    return sqlite3_errstr(rc);
}
}  // namespace

Connection::Connection(const std::filesystem::path& file, Mode mode) {
    // SQLite's memory statistics (sqlite3_status) are kept under one process-wide mutex
    // that every allocation of every connection takes; with two workers reading at once
    // it was contended on every page (futex waits and wake-ups under sqlite3Malloc in a
    // profile of uniform question pages). Rådfråga never reads the statistics, so they
    // are turned off before SQLite initialises itself; the setting is process-wide, and
    // sqlite3_config() refuses it harmlessly once SQLite is initialised.
    static std::once_flag memstatus_off;
    std::call_once(memstatus_off, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
        case Mode::read_write_create:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
        case Mode::read_write:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case Mode::read_only:
            flags |= SQLITE_OPEN_READONLY;
            break;
    }
    const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = "cannot open database " + file.string() + ": " + message(db_, rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    // A foreign or corrupt file shows itself on the first read of the schema.
    try {
        exec("PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;");
        // Readers map the file instead of copying each page in with a pread(2): page
        // reads of a warm archive become memory reads. (Writes and the WAL still go
        // through the normal path; SQLite remaps when the file grows.) It measured
        // 7 600 -> 9 300 question pages per second (uniform over a 100 000-question
        // archive, wrk -c64 on 2 cores).
        if (mode == Mode::read_only) exec("PRAGMA mmap_size = 1073741824;");
        Statement probe(*this, "SELECT count(*) FROM sqlite_schema");
        probe.step();
    } catch (const Error&) {
        std::string msg =
            file.string() + " is not a usable Rådfråga database (" + sqlite3_errmsg(db_) + ")";
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(msg);
    }
}

Connection::~Connection() {
    for (auto& [sql, idle] : idle_) sqlite3_finalize(idle.st);
    if (db_) sqlite3_close_v2(db_);
}

void Connection::fail(std::string_view what) const {
    throw Error(std::string(what) + ": " + sqlite3_errmsg(db_));
}

void Connection::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        throw Error("database error: " + msg);
    }
}

Statement Connection::prepare(std::string_view sql) {
    return Statement(*this, sql);
}

std::int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}
int Connection::changes() const {
    return sqlite3_changes(db_);
}

Statement::Statement(Connection& c, std::string_view sql) : conn_(&c), sql_(sql) {
    if (const auto it = c.idle_.find(sql_); it != c.idle_.end()) {
        st_ = it->second.st;
        columns_ = std::move(it->second.columns);
        c.idle_.erase(it);
        return;
    }
    if (sqlite3_prepare_v3(c.handle(), sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &st_, nullptr) != SQLITE_OK)
        c.fail("cannot prepare statement");
    // Multi-statement strings and empty strings are run through exec(), never here.
    assert(st_ != nullptr);
    const int n = sqlite3_column_count(st_);
    columns_.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const char* name = sqlite3_column_name(st_, i);
        if (!name) throw Error("database error: out of memory");
        columns_.emplace_back(name);
    }
    // A name two columns share cannot be read by name: blank both, so that asking for it
    // fails like an unknown name.
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i].empty()) continue;
        bool shared = false;
        for (std::size_t j = i + 1; j < columns_.size(); ++j) {
            if (columns_[j] != columns_[i]) continue;
            columns_[j].clear();
            shared = true;
        }
        if (shared) columns_[i].clear();
    }
}

Statement::~Statement() {
    if (!st_) return;
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    try {
        conn_->idle_.emplace(std::move(sql_), Connection::Idle{st_, std::move(columns_)});
    } catch (...) {
        sqlite3_finalize(st_);
    }
}

Statement& Statement::bind(int i, std::int64_t v) {
    if (sqlite3_bind_int64(st_, i, v) != SQLITE_OK) conn_->fail("bind");
    return *this;
}
Statement& Statement::bind(int i, double v) {
    if (sqlite3_bind_double(st_, i, v) != SQLITE_OK) conn_->fail("bind");
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    if (sqlite3_bind_text64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
        conn_->fail("bind");
    return *this;
}
Statement& Statement::bind_blob(int i, std::span<const unsigned char> v) {
    if (sqlite3_bind_blob64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT) != SQLITE_OK)
        conn_->fail("bind");
    return *this;
}
Statement& Statement::bind_null(int i) {
    if (sqlite3_bind_null(st_, i) != SQLITE_OK) conn_->fail("bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string msg = sqlite3_errmsg(conn_->handle());
    sqlite3_reset(st_);
    throw Error("database error: " + msg);
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
}

bool Statement::is_null(int col) const {
    return sqlite3_column_type(st_, col) == SQLITE_NULL;
}
std::int64_t Statement::int64(int col) const {
    return sqlite3_column_int64(st_, col);
}
double Statement::real(int col) const {
    return sqlite3_column_double(st_, col);
}
std::string Statement::text(int col) const {
    const auto* p = sqlite3_column_text(st_, col);
    const int n = sqlite3_column_bytes(st_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
}
std::optional<std::string> Statement::opt_text(int col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
}
std::optional<std::int64_t> Statement::opt_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return int64(col);
}
int Statement::column(std::string_view name) const {
    // Rows are mostly read in the order of their columns: start after the last one found,
    // so that such a read compares one name.
    const std::size_t n = columns_.size();
    for (std::size_t k = 0; k < n && !name.empty(); ++k) {
        std::size_t i = next_column_ + k;
        if (i >= n) i -= n;
        if (columns_[i] != name) continue;
        next_column_ = i + 1;
        return static_cast<int>(i);
    }
    // A bug in the query or its reader, checked in every build (not only with assertions
    // on) so that the tests catch it.
    std::fprintf(stderr, "store: no single result column \"%.*s\" in: %s\n",
                 static_cast<int>(name.size()), name.data(), sql_.c_str());
    std::abort();
}

std::vector<unsigned char> Statement::blob(int col) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(st_, col));
    const int n = sqlite3_column_bytes(st_, col);
    if (!p) return {};
    return std::vector<unsigned char>(p, p + n);
}

// BEGIN and COMMIT are prepared once per connection (the statement cache), not parsed
// by sqlite3_exec each time: a page reads in several short transactions.
Transaction::Transaction(Connection& c, Kind k) : c_(c) {
    Statement(c_, k == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

Transaction::~Transaction() {
    if (!done_) {
        // Rollback cannot meaningfully fail here; if it does, SQLite has already rolled
        // back (e.g. after SQLITE_FULL) and the connection stays usable.
        sqlite3_exec(c_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    assert(!done_);
    Statement(c_, "COMMIT").run();
    done_ = true;
}

}  // namespace radfraga::store::sql
