// The Store: opening and migrating the database, and its operations (keys, backup,
// restore). The facets live in their own source files.
#include "store/store.hpp"

#include <cassert>
#include <mutex>
#include <utility>

#include "schema/migrations.hpp"
#include "store/src/sqlite.hpp"
#include "store/src/store_impl.hpp"

namespace radfraga::store {

namespace {

// PRAGMA application_id of a Rådfråga database: "RADF".
constexpr std::int64_t kApplicationId = 0x52414446;

std::int64_t pragma_int(Connection& c, const char* pragma) {
    Statement st(c, std::string("PRAGMA ") + pragma);
    return st.step() ? st.int64(0) : 0;
}

}  // namespace

void detail::StoreImpl::migrate() {
    const auto migrations = schema::migrations();
    const auto latest = static_cast<std::int64_t>(migrations.size());
    const std::int64_t app = pragma_int(writer, "application_id");
    std::int64_t version = pragma_int(writer, "user_version");
    if (app != 0 && app != kApplicationId)
        throw Error(file.string() +
                    " is an SQLite database of another application, not Rådfråga's");
    if (version > latest)
        throw Error(file.string() + " has schema version " + std::to_string(version) +
                    ", newer than this radfraga supports (" + std::to_string(latest) +
                    "); run a newer radfraga or restore a backup");
    if (version == 0) {
        Statement st(writer, "SELECT count(*) FROM sqlite_schema");
        if (st.step() && st.int64(0) != 0)
            throw Error(file.string() +
                        " is an SQLite database of another application, not Rådfråga's");
    }
    if (pragma_int(writer, "page_count") == 0 || version < latest) {
        // WAL must be set outside a transaction; it persists in the file.
        writer.exec("PRAGMA journal_mode = WAL");
    }
    for (; version < latest; ++version) {
        const auto& m = migrations[static_cast<std::size_t>(version)];
        Transaction tx(writer);
        writer.exec(m.data);
        writer.exec("PRAGMA user_version = " + std::to_string(version + 1));
        writer.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        tx.commit();
    }
    std::string mode;
    {
        Statement jm(writer, "PRAGMA journal_mode");
        if (jm.step()) mode = jm.text(0);
    }
    if (mode != "wal") writer.exec("PRAGMA journal_mode = WAL");
}

Store::Store(const std::filesystem::path& file, const Clock& clock,
             std::optional<std::vector<unsigned char>> audit_key)
    : impl_(std::make_unique<Impl>(file, clock, std::move(audit_key))),
      public_reads_(*impl_),
      archive_(*impl_),
      askers_(*impl_),
      cases_(*impl_),
      accounts_(*impl_),
      erasure_(*impl_),
      quality_(*impl_),
      outbox_(*impl_),
      related_(*impl_),
      pages_(*impl_),
      audit_(*impl_) {
    std::lock_guard lock(impl_->write_mu);
    impl_->migrate();
    if (impl_->audit_key && !impl_->audit_keyed_from(impl_->writer)) {
        Transaction tx(impl_->writer);
        impl_->start_keyed_audit_chain();
        tx.commit();
    }
    impl_->replay_erasure_journal();
}

Store::~Store() = default;

std::uint64_t Store::generation() const {
    return impl_->generation.load();
}

std::uint64_t Store::feedback_version(QuestionId id) const {
    return impl_->feedback_stripes[static_cast<std::uint64_t>(id.value) % Impl::kFeedbackStripes]
        .load();
}

int Store::schema_version() const {
    std::lock_guard lock(impl_->write_mu);
    return static_cast<int>(pragma_int(impl_->writer, "user_version"));
}

int Store::latest_schema_version() {
    return static_cast<int>(schema::migrations().size());
}

std::size_t Store::reseal_secrets(
    const std::function<std::optional<std::vector<unsigned char>>(
        SecretPurpose, std::int64_t, std::span<const unsigned char>)>& reseal) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    std::size_t changed = 0;
    struct Column {
        SecretPurpose purpose;
        const char* select;
        const char* update;
    };
    static constexpr Column columns[] = {
        {SecretPurpose::question_original,
         "SELECT id, original_ct AS ct FROM questions WHERE original_ct IS NOT NULL",
         "UPDATE questions SET original_ct = ? WHERE id = ?"},
        {SecretPurpose::follow_up_original,
         "SELECT id, original_ct AS ct FROM follow_ups WHERE original_ct IS NOT NULL",
         "UPDATE follow_ups SET original_ct = ? WHERE id = ?"},
        {SecretPurpose::totp_secret,
         "SELECT id, totp_secret_ct AS ct FROM experts WHERE totp_secret_ct IS NOT NULL",
         "UPDATE experts SET totp_secret_ct = ? WHERE id = ?"},
    };
    for (const auto& c : columns) {
        std::vector<std::pair<std::int64_t, std::vector<unsigned char>>> rows;
        {
            Statement st(db, c.select);
            while (st.step()) rows.emplace_back(st.int64("id"), st.blob("ct"));
        }
        for (const auto& [id, ct] : rows) {
            if (auto fresh = reseal(c.purpose, id, ct)) {
                db.prepare(c.update).bind_blob(1, *fresh).bind(2, id).run();
                ++changed;
            }
        }
    }
    tx.commit();
    return changed;
}

// ---- Operations --------------------------------------------------------------------

void Store::backup_to(const std::filesystem::path& target,
                      const std::function<void(std::uint64_t, std::uint64_t)>& progress) const {
    const std::filesystem::path tmp = target.string() + ".partial";
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    {
        Connection dest(tmp, Connection::Mode::read_write_create);
        Impl::Reader r(*impl_);
        sqlite3_backup* b = sqlite3_backup_init(dest.handle(), "main", (*r).handle(), "main");
        if (!b) dest.fail("cannot start backup");
        int rc;
        do {
            rc = sqlite3_backup_step(b, 256);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
            if (progress && (rc == SQLITE_OK || rc == SQLITE_DONE)) {
                const auto total = static_cast<std::uint64_t>(sqlite3_backup_pagecount(b));
                progress(total - static_cast<std::uint64_t>(sqlite3_backup_remaining(b)), total);
            }
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE) {
            std::filesystem::remove(tmp, ec);
            throw Error("backup failed: " + std::string(sqlite3_errstr(rc)));
        }
        // A backup is a single file: leave WAL mode so no -wal/-shm files are needed.
        dest.exec("PRAGMA journal_mode = DELETE");
    }
    std::filesystem::rename(tmp, target, ec);
    if (ec) throw Error("cannot write backup to " + target.string() + ": " + ec.message());
}

void Store::restore(const std::filesystem::path& backup, const std::filesystem::path& live) {
    if (!std::filesystem::is_regular_file(backup)) throw Error(backup.string() + " is not a file");
    Connection src(backup, Connection::Mode::read_only);
    const auto app = pragma_int(src, "application_id");
    const auto version = pragma_int(src, "user_version");
    if (app != kApplicationId) throw Error(backup.string() + " is not a Rådfråga database");
    if (version > static_cast<std::int64_t>(schema::migrations().size()))
        throw Error(backup.string() + " was written by a newer radfraga (schema version " +
                    std::to_string(version) + ")");
    Connection dest(live, Connection::Mode::read_write_create);
    sqlite3_backup* b = sqlite3_backup_init(dest.handle(), "main", src.handle(), "main");
    if (!b) dest.fail("cannot start the restore");
    const int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) throw Error("restore failed: " + std::string(sqlite3_errstr(rc)));
    // No page of the replaced database may stay in the WAL.
    dest.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace radfraga::store
