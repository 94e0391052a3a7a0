// Archive import and export (store/archive.hpp).
#include "store/archive.hpp"

#include "store/src/store_impl.hpp"

namespace radfraga::store {

std::vector<UpsertResult> Archive::upsert_archive_records(std::span<const ArchiveRecord> records) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    std::vector<UpsertResult> results;
    results.reserve(records.size());
    std::int64_t inserted = 0, updated = 0;
    Transaction tx(db);
    Statement find(
        db,
        "SELECT q.id, q.title, q.body, q.pseudonym, c.slug, q.asked_at, q.asked_tz, "
        "a.id AS answer_id, a.body AS answer, a.signature_name, a.answered_at, a.answered_tz, "
        "q.state "
        "FROM questions q LEFT JOIN categories c ON c.id = q.category_id "
        "LEFT JOIN answers a ON a.question_id = q.id AND a.state = 'published' "
        "WHERE q.external_id = ? ORDER BY a.version DESC LIMIT 1");
    Statement cat(db, "SELECT id FROM categories WHERE slug = ?");
    for (const auto& r : records) {
        cat.reset();
        cat.bind(1, r.category);
        if (!cat.step()) throw Error("unknown category \"" + r.category + "\"");
        const std::int64_t category_id = cat.int64(0);
        find.reset();
        find.bind(1, r.external_id);
        if (find.step()) {
            const QuestionId q{find.int64("id")};
            const bool same =
                find.text("title") == r.title && find.text("body") == r.question &&
                find.text("pseudonym") == r.pseudonym && find.text("slug") == r.category &&
                find.int64("asked_at") == r.asked_at.utc &&
                find.int64("asked_tz") == r.asked_at.offset_minutes && !find.is_null("answer_id") &&
                find.text("answer") == r.answer && find.text("signature_name") == r.signature &&
                find.int64("answered_at") == r.answered_at.utc &&
                find.int64("answered_tz") == r.answered_at.offset_minutes &&
                find.text("state") == "published";
            if (same) {
                results.push_back(UpsertResult::unchanged);
                continue;
            }
            db.prepare(
                  "UPDATE questions SET title = ?, body = ?, pseudonym = ?, category_id = ?, "
                  "asked_at = ?, asked_tz = ?, state = 'published', published_at = ?, "
                  "updated_at = ?, original_ct = NULL WHERE id = ?")
                .bind(1, r.title)
                .bind(2, r.question)
                .bind(3, r.pseudonym)
                .bind(4, category_id)
                .bind(5, r.asked_at.utc)
                .bind(6, r.asked_at.offset_minutes)
                .bind(7, r.answered_at.utc)
                .bind(8, now)
                .bind(9, q.value)
                .run();
            if (!find.is_null("answer_id")) {
                db.prepare(
                      "UPDATE answers SET body = ?, signature_name = ?, answered_at = ?, "
                      "answered_tz = ?, updated_at = ? WHERE id = ?")
                    .bind(1, r.answer)
                    .bind(2, r.signature)
                    .bind(3, r.answered_at.utc)
                    .bind(4, r.answered_at.offset_minutes)
                    .bind(5, now)
                    .bind(6, find.int64("answer_id"))
                    .run();
            } else {
                db.prepare(
                      "INSERT INTO answers (question_id, version, state, body, signature_name, "
                      "created_at, updated_at, answered_at, answered_tz) VALUES (?, "
                      "(SELECT coalesce(max(version), 0) + 1 FROM answers WHERE question_id = ?), "
                      "'published', ?, ?, ?, ?, ?, ?)")
                    .bind(1, q.value)
                    .bind(2, q.value)
                    .bind(3, r.answer)
                    .bind(4, r.signature)
                    .bind(5, now)
                    .bind(6, now)
                    .bind(7, r.answered_at.utc)
                    .bind(8, r.answered_at.offset_minutes)
                    .run();
            }
            impl_->enqueue(q, false);
            results.push_back(UpsertResult::updated);
            ++updated;
            continue;
        }
        const QuestionId q{impl_->next_question_id()};
        db.prepare(
              "INSERT INTO questions (external_id, state, title, body, pseudonym, category_id, "
              "asked_at, asked_tz, updated_at, published_at, redactions_reviewed, id) "
              "VALUES (?, 'published', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")
            .bind(10, q.value)
            .bind(1, r.external_id)
            .bind(2, r.title)
            .bind(3, r.question)
            .bind(4, r.pseudonym)
            .bind(5, category_id)
            .bind(6, r.asked_at.utc)
            .bind(7, r.asked_at.offset_minutes)
            .bind(8, now)
            .bind(9, r.answered_at.utc)
            .run();
        db.prepare(
              "INSERT INTO answers (question_id, version, state, body, signature_name, "
              "created_at, updated_at, answered_at, answered_tz) "
              "VALUES (?, 1, 'published', ?, ?, ?, ?, ?, ?)")
            .bind(1, q.value)
            .bind(2, r.answer)
            .bind(3, r.signature)
            .bind(4, now)
            .bind(5, now)
            .bind(6, r.answered_at.utc)
            .bind(7, r.answered_at.offset_minutes)
            .run();
        db.prepare("INSERT INTO feedback (question_id) VALUES (?)").bind(1, q.value).run();
        impl_->enqueue(q, false);
        results.push_back(UpsertResult::inserted);
        ++inserted;
    }
    if (inserted + updated > 0)
        impl_->append_audit(
            {"operator", std::nullopt, std::nullopt, "archive_import",
             "inserted=" + std::to_string(inserted) + " updated=" + std::to_string(updated)});
    tx.commit();
    ++impl_->generation;  // again after commit: a read between the first bump and the commit saw
                          // old data
    return results;
}

void Archive::for_each_archive_record(const std::function<void(const ArchiveRecord&)>& fn) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT coalesce(q.external_id, 'q' || q.id) AS external_id, q.title, q.body, "
                 "q.pseudonym, coalesce(c.slug, '') AS category, q.asked_at, q.asked_tz, "
                 "a.body AS answer, a.signature_name, "
                 "a.answered_at, a.answered_tz FROM questions q "
                 "LEFT JOIN categories c ON c.id = q.category_id "
                 "JOIN answers a ON a.question_id = q.id AND a.state = 'published' "
                 "AND a.version = (SELECT max(version) FROM answers WHERE question_id = q.id "
                 "AND state = 'published') "
                 "WHERE q.state = 'published' ORDER BY q.asked_at, q.id");
    while (st.step()) {
        ArchiveRecord rec{
            st.text("external_id"),
            st.text("title"),
            st.text("body"),
            st.text("pseudonym"),
            st.text("answer"),
            st.text("signature_name"),
            st.text("category"),
            Timestamp{st.int64("asked_at"), static_cast<int>(st.int64("asked_tz"))},
            Timestamp{st.int64("answered_at"), static_cast<int>(st.int64("answered_tz"))}};
        fn(rec);
    }
}

bool Archive::has_questions() const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT EXISTS (SELECT 1 FROM questions)");
    return st.step() && st.int64(0) != 0;
}

bool Archive::category_exists(std::string_view slug) const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT 1 FROM categories WHERE slug = ?");
    st.bind(1, slug);
    return st.step();
}
}  // namespace radfraga::store
