// The store: SQLite, the source of truth for everything Rådfråga knows.
//
// A Store owns the database: it opens and migrates it, owns its connections and hands out
// its facets, one per part of the domain, each declared in its own header with its own
// contract:
//
//   public_reads()  store/public_reads.hpp  published questions, categories, votes
//   archive()       store/archive.hpp       archive import and export (JSON Lines)
//   askers()        store/askers.hpp        new questions, receipts, follow-ups
//   cases()         store/cases.hpp         the experts' queue and the question lifecycle
//   accounts()      store/accounts.hpp      experts, sessions, TOTP, enrolment links
//   erasure()       store/erasure.hpp       erasure on request and by retention
//   quality()       store/quality.hpp       understood-votes, search gaps, statistics
//   outbox()        store/outbox.hpp        the search outbox and index documents
//   related()       store/related.hpp       stored related-question lists
//   pages()         store/pages.hpp         rendered question pages stored with the content
//   audit()         store/audit.hpp         the hash-chained audit log
//
// Callers reach a facet through the store (`store.cases().claim(...)`); code that needs
// one facet only may keep a reference to it, which lives as long as the Store. Facets are
// neither copied nor moved, and a const Store hands out const facets (their reads only).
//
// Contract:
//  * Opening a Store migrates the database to the newest schema embedded in the binary
//    (schema/migrations/*.sql, tracked by PRAGMA user_version, each migration in its own
//    transaction). A database written by a newer binary, a foreign SQLite database or a
//    file that is not a database is refused with store::Error and left untouched.
//  * Connections run in WAL mode with synchronous=FULL (a write that returned has been
//    made durable), foreign keys on, secure_delete on (erased text is overwritten in the
//    file) and a busy timeout.
//  * One writer connection, serialised by a mutex; reads use a pool of read-only
//    connections, one per concurrent caller. Every member function of the Store and of
//    its facets is thread-safe.
//  * Every write that changes what is public adds a row to the search outbox in the same
//    transaction, so the search index can never miss a change.
//  * Environment failures (disk full, unreadable file, locked database past the busy
//    timeout) throw store::Error with one clear sentence. Nothing else is thrown.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "store/accounts.hpp"
#include "store/archive.hpp"
#include "store/askers.hpp"
#include "store/audit.hpp"
#include "store/cases.hpp"
#include "store/erasure.hpp"
#include "store/outbox.hpp"
#include "store/pages.hpp"
#include "store/public_reads.hpp"
#include "store/quality.hpp"
#include "store/related.hpp"
#include "store/states.hpp"
#include "store/types.hpp"

namespace radfraga::store {

class Store {
  public:
    // Opens (creating if needed) and migrates the database at `file`. With `audit_key`
    // (keys/audit.key), audit rows are chained with HMAC-SHA-256 under it; the first time a
    // database is opened with a key, a row 'audit_chain_keyed' starts the keyed part and the
    // settings row 'audit_keyed_from' records its id. Without a key, appending to a database
    // whose chain is keyed throws Error (an unkeyed row would break the chain).
    Store(const std::filesystem::path& file, const Clock& clock,
          std::optional<std::vector<unsigned char>> audit_key = std::nullopt);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // A number that changes whenever published content may have changed (publication,
    // edits, unpublishing, erasure, imports). Caches of rendered pages compare it.
    // Votes do not change it; see feedback_version().
    std::uint64_t generation() const;
    // A number that changes whenever question `id`'s vote counters change (in this
    // process). It is shared by every 4096th question, so it may also change when
    // another question gets a vote; it never stays the same when `id` got one.
    std::uint64_t feedback_version(QuestionId id) const;

    // The schema version of the open database, and the newest this binary knows.
    int schema_version() const;
    static int latest_schema_version();

    // ---- Facets (see the top of this file) ----
    PublicReads& public_reads() { return public_reads_; }
    const PublicReads& public_reads() const { return public_reads_; }
    Archive& archive() { return archive_; }
    const Archive& archive() const { return archive_; }
    Askers& askers() { return askers_; }
    const Askers& askers() const { return askers_; }
    Cases& cases() { return cases_; }
    const Cases& cases() const { return cases_; }
    Accounts& accounts() { return accounts_; }
    const Accounts& accounts() const { return accounts_; }
    Erasure& erasure() { return erasure_; }
    const Erasure& erasure() const { return erasure_; }
    Quality& quality() { return quality_; }
    const Quality& quality() const { return quality_; }
    Outbox& outbox() { return outbox_; }
    const Outbox& outbox() const { return outbox_; }
    Related& related() { return related_; }
    const Related& related() const { return related_; }
    Pages& pages() { return pages_; }
    const Pages& pages() const { return pages_; }
    Audit& audit() { return audit_; }
    const Audit& audit() const { return audit_; }

    // ---- Keys ----
    // Calls `reseal` for every stored ciphertext (question and follow-up originals, TOTP
    // keys) with its purpose and row id, inside one write transaction; where it returns
    // bytes they replace the ciphertext. Returns how many were replaced. If `reseal` throws,
    // nothing is changed and the exception propagates.
    std::size_t reseal_secrets(
        const std::function<std::optional<std::vector<unsigned char>>(
            SecretPurpose, std::int64_t, std::span<const unsigned char>)>& reseal);

    // ---- Operations ----
    // Writes a consistent copy of the live database to `target` with SQLite's online
    // backup API; readers and the writer keep working meanwhile.
    // `progress`, if set, is called after each step with the pages copied and the total.
    void backup_to(
        const std::filesystem::path& target,
        const std::function<void(std::uint64_t done, std::uint64_t total)>& progress = {}) const;
    // Replaces the database file `live` with a copy of `backup` (a Rådfråga database of
    // this schema version or an older one, as backup_to writes). Nothing else may have
    // `live` open: the server must be stopped. Erasures made since the backup was taken
    // are applied again when `live` is next opened (the erasure journal beside it).
    // Throws Error if `backup` is not a Rådfråga database or is newer than this program.
    static void restore(const std::filesystem::path& backup, const std::filesystem::path& live);

  private:
    std::unique_ptr<detail::StoreImpl> impl_;
    PublicReads public_reads_;
    Archive archive_;
    Askers askers_;
    Cases cases_;
    Accounts accounts_;
    Erasure erasure_;
    Quality quality_;
    Outbox outbox_;
    Related related_;
    Pages pages_;
    Audit audit_;
};

}  // namespace radfraga::store
