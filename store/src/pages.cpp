// Rendered question pages stored with the content (store/pages.hpp).
#include "store/pages.hpp"

#include "store/src/store_impl.hpp"

namespace radfraga::store {

namespace {

std::string joined(std::span<const QuestionId> ids) {
    std::string s;
    for (const auto id : ids) {
        if (!s.empty()) s += ',';
        s += std::to_string(id.value);
    }
    return s;
}

}  // namespace

std::optional<std::string> Pages::page(QuestionId id, std::string_view render_key,
                                       UnixSeconds now) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT body FROM question_pages WHERE question_id = ? AND render_key = ? AND "
                 "valid_until > ?");
    st.bind(1, id.value).bind(2, render_key).bind(3, now);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

std::int64_t Pages::page_epoch() const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT epoch FROM question_pages_epoch WHERE id = 1");
    return st.step() ? st.int64(0) : 0;
}

std::vector<QuestionId> Pages::pages_to_render(std::string_view render_key, UnixSeconds now,
                                               QuestionId after, std::size_t limit) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT q.id FROM questions q "
                 "JOIN related_lists l ON l.question_id = q.id AND l.stale = 0 "
                 "LEFT JOIN question_pages p ON p.question_id = q.id "
                 "WHERE q.id > ? AND q.state = 'published' AND (p.question_id IS NULL OR "
                 "p.render_key <> ? OR p.valid_until <= ?) ORDER BY q.id LIMIT ?");
    st.bind(1, after.value)
        .bind(2, render_key)
        .bind(3, now)
        .bind(4, static_cast<std::int64_t>(limit));
    std::vector<QuestionId> out;
    while (st.step()) out.push_back(QuestionId{st.int64(0)});
    return out;
}

std::vector<QuestionId> Pages::queued(UnixSeconds now, std::size_t limit) const {
    Impl::Reader r(*impl_);
    std::vector<QuestionId> out;
    // Queued questions that can be rendered now (their related list is stored and fresh)
    // or are to be dropped (no longer published); the others wait for their list.
    Statement todo(*r,
                   "SELECT t.question_id FROM question_pages_todo t "
                   "LEFT JOIN questions q ON q.id = t.question_id "
                   "LEFT JOIN related_lists l ON l.question_id = t.question_id "
                   "WHERE q.id IS NULL OR q.state <> 'published' OR l.stale = 0 "
                   "ORDER BY t.question_id LIMIT ?");
    todo.bind(1, static_cast<std::int64_t>(limit));
    while (todo.step()) out.push_back(QuestionId{todo.int64(0)});
    if (out.size() < limit) {
        Statement expired(*r,
                          "SELECT question_id FROM question_pages WHERE valid_until <= ? "
                          "ORDER BY valid_until LIMIT ?");
        expired.bind(1, now).bind(2, static_cast<std::int64_t>(limit - out.size()));
        while (expired.step()) out.push_back(QuestionId{expired.int64(0)});
    }
    return out;
}

std::optional<std::size_t> Pages::put_pages(std::span<const RenderedPage> pages,
                                            std::span<const QuestionId> dropped,
                                            std::int64_t epoch) {
    if (pages.empty() && dropped.empty()) return 0;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    {
        auto st = db.prepare("SELECT epoch FROM question_pages_epoch WHERE id = 1");
        if (!st.step() || st.int64(0) != epoch) return std::nullopt;
    }
    std::size_t stored = 0;
    for (const auto& p : pages) {
        // The list the page shows must be the stored, fresh one: the triggers find the
        // pages that show a question through related_items, so a page showing another
        // list could outlive an edit of a question in it.
        auto fresh = db.prepare(
            "SELECT 1 FROM related_lists l JOIN questions q ON q.id = l.question_id "
            "WHERE l.question_id = ? AND l.stale = 0 AND q.state = 'published'");
        fresh.bind(1, p.question.value);
        if (!fresh.step()) continue;
        if (detail::stored_related_ids(db, p.question) != p.related) continue;
        const std::string ids = joined(p.related);
        db.prepare(
              "INSERT INTO question_pages (question_id, render_key, valid_until, related_ids, "
              "body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (question_id) DO UPDATE SET "
              "render_key = excluded.render_key, valid_until = excluded.valid_until, "
              "related_ids = excluded.related_ids, body = excluded.body")
            .bind(1, p.question.value)
            .bind(2, p.render_key)
            .bind(3, p.valid_until)
            .bind(4, ids)
            .bind(5, p.body)
            .run();
        db.prepare("DELETE FROM question_pages_todo WHERE question_id = ?")
            .bind(1, p.question.value)
            .run();
        ++stored;
    }
    for (const auto id : dropped)
        db.prepare("DELETE FROM question_pages_todo WHERE question_id = ?").bind(1, id.value).run();
    tx.commit();
    return stored;
}

std::int64_t Pages::stored_count() const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT count(*) FROM question_pages");
    return st.step() ? st.int64(0) : 0;
}

}  // namespace radfraga::store
