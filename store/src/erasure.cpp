// Erasure on request and by retention (store/erasure.hpp), and the replay of the erasure
// journal when a Store opens.
#include "store/erasure.hpp"

#include "store/src/store_impl.hpp"

namespace radfraga::store {

void detail::StoreImpl::delete_question(QuestionId q, std::string_view actor_kind,
                                        std::string_view action) {
    // Other questions marked as duplicates of this one lose the link (ON DELETE SET NULL).
    writer.prepare("DELETE FROM questions WHERE id = ?").bind(1, q.value).run();
    // Its id is never given to another question (StoreImpl::next_question_id).
    writer
        .prepare(
            "INSERT INTO settings (key, value) VALUES ('question_id_high_water', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), "
            "CAST(excluded.value AS INTEGER))")
        .bind(1, std::to_string(q.value))
        .run();
    enqueue(q, true);
    append_audit({std::string(actor_kind), std::nullopt, q, std::string(action), ""});
}

void detail::StoreImpl::replay_erasure_journal() {
    const std::int64_t total = journal.count();
    std::int64_t applied = 0;
    {
        Statement st(writer, "SELECT applied FROM erasure_journal_state WHERE id = 1");
        if (st.step()) applied = st.int64(0);
    }
    if (applied == total) return;
    std::int64_t replayed = 0;
    {
        Transaction tx(writer);
        // A journal shorter than the count belongs to another lineage (the database was
        // moved without its journal): nothing to apply, only the count to align.
        if (applied < total) {
            for (const auto& e : journal.read_from(applied)) {
                Statement st(writer, "SELECT 1 FROM questions WHERE id = ? AND asked_at = ?");
                st.bind(1, e.question).bind(2, e.asked_at);
                if (!st.step()) continue;
                delete_question(QuestionId{e.question}, "system", "erasure_replayed");
                ++replayed;
            }
        }
        writer.prepare("UPDATE erasure_journal_state SET applied = ? WHERE id = 1")
            .bind(1, total)
            .run();
        tx.commit();
    }
    if (replayed > 0) {
        ++generation;
        writer.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
}

bool Erasure::erase_question(QuestionId q, std::string_view actor_kind, std::string_view action) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    {
        Transaction tx(db);
        Statement exists(db, "SELECT asked_at FROM questions WHERE id = ?");
        exists.bind(1, q.value);
        if (!exists.step()) return false;
        // The journal entry is durable before the erasure commits, so a backup restored
        // later is erased again (erasure_journal.hpp).
        const std::int64_t journaled = impl_->journal.append({q.value, exists.int64(0)});
        impl_->delete_question(q, actor_kind, action);
        db.prepare("UPDATE erasure_journal_state SET applied = ? WHERE id = 1")
            .bind(1, journaled)
            .run();
        tx.commit();
        ++impl_->generation;
    }
    // Move every page out of the WAL into the main file (where secure_delete has zeroed
    // the freed space) and truncate the WAL, so the text is gone from both files.
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return true;
}

std::int64_t Erasure::erase_expired_originals(UnixSeconds now,
                                              std::optional<std::int64_t> retention) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    std::int64_t n = 0;
    {
        Transaction tx(db);
        db.prepare(
              "UPDATE questions SET original_ct = NULL WHERE original_ct IS NOT NULL "
              "AND erase_original_after IS NOT NULL AND erase_original_after <= ?")
            .bind(1, now)
            .run();
        n += db.changes();
        // Follow-ups share their question's retention period, counted from their own arrival.
        db.prepare(
              "UPDATE follow_ups SET original_ct = NULL WHERE original_ct IS NOT NULL AND "
              "created_at <= "
              "? - coalesce((SELECT erase_original_after - asked_at FROM questions q "
              "WHERE q.id = follow_ups.question_id), 30 * 86400)")
            .bind(1, now)
            .run();
        n += db.changes();
        if (retention) {
            const UnixSeconds cutoff = now - *retention;
            db.prepare(
                  "UPDATE questions SET original_ct = NULL WHERE original_ct IS NOT NULL AND "
                  "asked_at <= ?")
                .bind(1, cutoff)
                .run();
            n += db.changes();
            db.prepare(
                  "UPDATE follow_ups SET original_ct = NULL WHERE original_ct IS NOT NULL AND "
                  "created_at <= ?")
                .bind(1, cutoff)
                .run();
            n += db.changes();
        }
        if (n > 0)
            impl_->append_audit({"system", std::nullopt, std::nullopt, "retention_purge",
                                 "originals=" + std::to_string(n)});
        tx.commit();
    }
    if (n > 0) db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return n;
}

Erasure::UnpublishedPurge Erasure::erase_expired_unpublished(UnixSeconds now) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    UnpublishedPurge out;
    {
        Transaction tx(db);
        std::vector<std::pair<std::int64_t, std::int64_t>> expired;  // id, asked_at
        {
            Statement st(
                db,
                "SELECT id, asked_at FROM questions q WHERE state IN ('declined', 'duplicate') "
                "AND erase_original_after IS NOT NULL "
                "AND updated_at + (erase_original_after - asked_at) <= ? "
                "AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.question_id = q.id "
                "AND f.state = 'received')");
            st.bind(1, now);
            while (st.step()) expired.emplace_back(st.int64("id"), st.int64("asked_at"));
        }
        for (const auto& [id, asked_at] : expired) {
            // Journaled like a withdrawal, so a restored backup does not bring it back
            // for the 15 minutes until the next purge.
            const auto journaled = impl_->journal.append({id, asked_at});
            impl_->delete_question(QuestionId{id}, "system", "retention_erased");
            db.prepare("UPDATE erasure_journal_state SET applied = ? WHERE id = 1")
                .bind(1, journaled)
                .run();
        }
        out.questions = static_cast<std::int64_t>(expired.size());
        db.prepare(
              "DELETE FROM follow_ups WHERE published = 0 AND state IN ('answered', 'closed') "
              "AND question_id IN (SELECT id FROM questions WHERE state = 'published' "
              "AND erase_original_after IS NOT NULL) "
              "AND coalesce(answered_at, created_at) + (SELECT erase_original_after - asked_at "
              "FROM questions q WHERE q.id = follow_ups.question_id) <= ?")
            .bind(1, now)
            .run();
        out.follow_ups = db.changes();
        if (out.follow_ups > 0)
            impl_->append_audit({"system", std::nullopt, std::nullopt, "retention_purge",
                                 "follow_ups=" + std::to_string(out.follow_ups)});
        tx.commit();
    }
    if (out.questions > 0) ++impl_->generation;
    if (out.questions > 0 || out.follow_ups > 0) db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return out;
}
}  // namespace radfraga::store
