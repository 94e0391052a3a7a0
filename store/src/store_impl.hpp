// Private to store/: the state behind a Store and its facets, shared by their source files.
#pragma once
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store/cases.hpp"
#include "store/src/erasure_journal.hpp"
#include "store/src/sqlite.hpp"
#include "store/store.hpp"
#include "store/types.hpp"

namespace radfraga::store {

using detail::ErasureJournal;
using sql::Connection;
using sql::Statement;
using sql::Transaction;

namespace detail {

struct StoreImpl {
    std::filesystem::path file;
    const Clock& clock;
    std::mutex write_mu;
    Connection writer;
    std::mutex pool_mu;
    std::vector<std::unique_ptr<Connection>> idle_readers;

    ErasureJournal journal;

    // HMAC key of the audit chain (keys/audit.key); fixed at construction.
    std::optional<std::vector<unsigned char>> audit_key;

    StoreImpl(const std::filesystem::path& f, const Clock& c,
              std::optional<std::vector<unsigned char>> key)
        : file(f),
          clock(c),
          writer(f, Connection::Mode::read_write_create),
          journal(std::filesystem::path(f.string() + "-erasures")),
          audit_key(std::move(key)) {}

    // Applies the erasure journal's entries this database does not reflect yet (a backup
    // from before them was restored). Needs write_mu.
    void replay_erasure_journal();
    // Deletes question `q` and everything hanging off it, queues its removal from the
    // search index and audits it. Inside the caller's transaction.
    void delete_question(QuestionId q, std::string_view actor_kind, std::string_view action);

    // A read connection checked out of the pool for the lifetime of this object.
    class Reader {
      public:
        explicit Reader(StoreImpl& impl) : impl_(impl) {
            std::lock_guard lock(impl_.pool_mu);
            if (!impl_.idle_readers.empty()) {
                conn_ = std::move(impl_.idle_readers.back());
                impl_.idle_readers.pop_back();
            }
        }
        ~Reader() {
            if (!conn_) return;
            std::lock_guard lock(impl_.pool_mu);
            impl_.idle_readers.push_back(std::move(conn_));
        }
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        Connection& operator*() {
            if (!conn_)
                conn_ = std::make_unique<Connection>(impl_.file, Connection::Mode::read_only);
            return *conn_;
        }

      private:
        StoreImpl& impl_;
        std::unique_ptr<Connection> conn_;
    };

    // Bumped by every write that can change what is published; read caches compare it.
    std::atomic<std::uint64_t> generation{1};
    // Votes change one question's counters only: they bump that question's stripe, so a
    // vote does not invalidate every cached page (see Store::feedback_version).
    static constexpr std::size_t kFeedbackStripes = 4096;
    std::array<std::atomic<std::uint64_t>, kFeedbackStripes> feedback_stripes{};
    std::mutex cache_mu;
    std::uint64_t categories_gen = 0;
    std::optional<std::vector<Category>> categories_cache;
    std::int64_t uncategorised_cache = 0;
    std::int64_t uncategorised_published() {
        std::lock_guard lock(cache_mu);
        return uncategorised_cache;
    }

    void migrate();
    void append_audit(const AuditEntry& e);
    // With an audit key and no keyed part yet: appends the 'audit_chain_keyed' row and
    // records its id in settings. Needs write_mu, inside a transaction.
    void start_keyed_audit_chain();
    std::optional<std::int64_t> audit_keyed_from(Connection& c) const;
    // The id for a new question: never one a question has had before. SQLite gives a
    // rowid table max(id) + 1, which reuses the id of the newest question once it is
    // erased; an id names a question in URLs, bookmarks, the audit log and the search
    // index, so a reused one would point at another person's question. Erasure records
    // the highest id it removed in settings ('question_id_high_water'). Needs write_mu,
    // inside the transaction that inserts.
    std::int64_t next_question_id() {
        Statement st(writer,
                     "SELECT max(coalesce((SELECT max(id) FROM questions), 0), "
                     "coalesce((SELECT CAST(value AS INTEGER) FROM settings "
                     "WHERE key = 'question_id_high_water'), 0)) + 1 AS next_id");
        st.step();
        return st.int64("next_id");
    }
    // True if `expert` wrote any version of question q's answer (answer_authors): such an
    // expert may not review it (four eyes).
    bool wrote_any_version(QuestionId q, ExpertId expert);
    // Makes the answer of question q that awaits review the published one, signed by
    // `sign` for `reviewer`: an earlier published version is superseded. Shared by first
    // publication (Cases::approve_and_publish) and re-review (Quality::approve_revision),
    // which add their own changes to the question. no_answer when no answer waits,
    // own_answer when the reviewer wrote any version of it; on ok, `rec` holds what was
    // signed. Needs write_mu, inside a transaction.
    Transition publish_waiting_answer(
        QuestionId q, ExpertId reviewer, UnixSeconds now,
        const std::function<std::vector<unsigned char>(const PublicationRecord&)>& sign,
        PublicationRecord& rec);
    void enqueue(QuestionId q, bool erase) {
        ++generation;
        writer.prepare("INSERT INTO search_outbox (question_id, op, created_at) VALUES (?, ?, ?)")
            .bind(1, q.value)
            .bind(2, erase ? "delete" : "upsert")
            .bind(3, clock.now())
            .run();
    }
};

// The stored related list of question `q`, best first (empty if it has none), as
// connection `c` sees it: shared by the related-list and stored-page facets.
inline std::vector<QuestionId> stored_related_ids(Connection& c, QuestionId q) {
    Statement items(c,
                    "SELECT related_id FROM related_items WHERE question_id = ? ORDER BY position");
    items.bind(1, q.value);
    std::vector<QuestionId> out;
    while (items.step()) out.push_back(QuestionId{items.int64(0)});
    return out;
}

}  // namespace detail

// The facets' source files name it briefly.
using Impl = detail::StoreImpl;

// Runs `sql` (one `?`: a question id) once per id and reads each row found with
// `read(st)`, in the order of `ids`. All in one read transaction: one snapshot, and one
// WAL read lock instead of one per id (each costs system calls; question pages and
// search results read their rows this way). One `q.id IN (…)` query for all ids cost
// more (7 % more instructions for five ids): SQLite builds a temporary b-tree for the
// list, and without statistics it preferred the state index to the primary key.
template <class Read>
auto rows_by_id(Connection& c, const std::string& sql, std::span<const QuestionId> ids, Read read) {
    Transaction tx(c, Transaction::Kind::deferred);
    std::vector<decltype(read(std::declval<const Statement&>()))> out;
    out.reserve(ids.size());
    {
        Statement st(c, sql);
        for (const auto id : ids) {
            st.reset();
            st.bind(1, id.value);
            if (st.step()) out.push_back(read(st));
        }
    }
    tx.commit();
    return out;
}

}  // namespace radfraga::store
