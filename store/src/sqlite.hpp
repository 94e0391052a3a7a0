// Thin RAII layer over the SQLite C API. Private to the store module: nothing outside
// store/ includes <sqlite3.h>.
//
// Contract: every function that talks to SQLite throws store::Error with SQLite's own
// message on failure (the store is the module that owns these environment failures and
// turns them into one clear sentence); a misuse of the wrappers is a bug and asserts.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/types.hpp"

namespace radfraga::store::sql {

class Statement;

// One sqlite3 connection. Move-only; closes on destruction.
class Connection {
  public:
    enum class Mode { read_write_create, read_write, read_only };

    // Opens `file` and applies the connection settings every Rådfråga connection uses:
    // foreign keys on, secure_delete on, busy timeout, synchronous=FULL.
    Connection(const std::filesystem::path& file, Mode mode);
    ~Connection();
    Connection(Connection&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
    Connection& operator=(Connection&&) = delete;
    Connection(const Connection&) = delete;

    // Runs one or more statements with no parameters and no results.
    void exec(std::string_view sql);
    // Prepares a statement. Prepared statements are cached per connection by their SQL
    // text: a Statement takes an idle one from the cache and gives it back, reset, when
    // it is destroyed, so the hot queries are compiled once per connection.
    Statement prepare(std::string_view sql);

    std::int64_t last_insert_rowid() const;
    int changes() const;
    sqlite3* handle() const { return db_; }

    // Throws Error with `what` and SQLite's last message.
    [[noreturn]] void fail(std::string_view what) const;

  private:
    friend class Statement;
    sqlite3* db_ = nullptr;
    // An idle prepared statement with its column names (read once, when it was compiled).
    struct Idle {
        sqlite3_stmt* st = nullptr;
        std::vector<std::string> columns;
    };
    std::unordered_multimap<std::string, Idle> idle_;
};

// A prepared statement. bind() indices are 1-based as in SQLite.
//
// Result columns are read by name: the name SQLite gives the column (sqlite3_column_name:
// its AS alias, or for a plain column reference the column's own name, without the table).
// The names are read once when the statement is compiled and kept with it in the
// connection's cache, so a read compares a few strings (one, when a row is read in column
// order). Asking for a name the statement does not have, or one two of its columns share,
// is a bug and aborts (give expressions and clashing columns an alias). Reading by
// position is for single-value results (column 0) and for tests.
class Statement {
  public:
    Statement(Connection& c, std::string_view sql);
    ~Statement();
    Statement(Statement&& o) noexcept
        : conn_(o.conn_),
          st_(o.st_),
          sql_(std::move(o.sql_)),
          columns_(std::move(o.columns_)),
          next_column_(o.next_column_) {
        o.st_ = nullptr;
    }
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Statement& bind(int i, double v);
    Statement& bind(int i, std::string_view v);
    Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Statement& bind_blob(int i, std::span<const unsigned char> v);
    Statement& bind_null(int i);
    template <class T>
    Statement& bind(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : bind_null(i);
    }

    // Steps once. True if a row is available, false when done.
    bool step();
    // Steps until done; for statements with no results.
    void run();
    void reset();

    bool is_null(int col) const;
    std::int64_t int64(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    std::optional<std::string> opt_text(int col) const;
    std::optional<std::int64_t> opt_int64(int col) const;
    std::vector<unsigned char> blob(int col) const;

    // The index of the result column called `name`. There must be exactly one: anything
    // else is a bug, reported on stderr before abort() in every build.
    int column(std::string_view name) const;
    bool is_null(std::string_view name) const { return is_null(column(name)); }
    std::int64_t int64(std::string_view name) const { return int64(column(name)); }
    double real(std::string_view name) const { return real(column(name)); }
    std::string text(std::string_view name) const { return text(column(name)); }
    std::optional<std::string> opt_text(std::string_view name) const {
        return opt_text(column(name));
    }
    std::optional<std::int64_t> opt_int64(std::string_view name) const {
        return opt_int64(column(name));
    }
    std::vector<unsigned char> blob(std::string_view name) const { return blob(column(name)); }

  private:
    Connection* conn_;
    sqlite3_stmt* st_ = nullptr;
    std::string sql_;
    std::vector<std::string> columns_;     // result column names, by index
    mutable std::size_t next_column_ = 0;  // where column() starts looking
};

// A transaction that rolls back unless commit() is called. BEGIN IMMEDIATE for writers
// so the write lock is taken up front and busy handling happens at the start.
class Transaction {
  public:
    enum class Kind { deferred, immediate };
    explicit Transaction(Connection& c, Kind k = Kind::immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Connection& c_;
    bool done_ = false;
};

}  // namespace radfraga::store::sql
