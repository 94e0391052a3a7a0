// Stored related-question lists (store/related.hpp).
#include "store/related.hpp"

#include <algorithm>

#include "store/src/store_impl.hpp"

namespace radfraga::store {

void Related::for_each_related_list(const std::function<void(const RelatedList&)>& fn) const {
    Impl::Reader r(*impl_);
    Transaction tx(*r, Transaction::Kind::deferred);
    Statement st(*r,
                 "SELECT l.question_id, l.ranking_version, l.stale, i.related_id "
                 "FROM related_lists l LEFT JOIN related_items i ON i.question_id = l.question_id "
                 "ORDER BY l.question_id, i.position");
    RelatedList cur;
    bool have = false;
    while (st.step()) {
        const QuestionId q{st.int64("question_id")};
        if (!have || cur.question != q) {
            if (have) fn(cur);
            cur = RelatedList{q, {}, st.int64("ranking_version"), st.int64("stale") != 0};
            have = true;
        }
        if (!st.is_null("related_id")) cur.related.push_back(QuestionId{st.int64("related_id")});
    }
    if (have) fn(cur);
}

std::optional<RelatedList> Related::related_list(QuestionId id) const {
    Impl::Reader r(*impl_);
    Transaction tx(*r, Transaction::Kind::deferred);
    Statement head(*r, "SELECT ranking_version, stale FROM related_lists WHERE question_id = ?");
    head.bind(1, id.value);
    if (!head.step()) return std::nullopt;
    RelatedList out{id, {}, head.int64("ranking_version"), head.int64("stale") != 0};
    out.related = detail::stored_related_ids(*r, id);
    return out;
}

std::vector<RelatedList> Related::put_related_lists(std::span<const RelatedList> lists,
                                                    UnixSeconds now) {
    std::vector<RelatedList> stored;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    for (const auto& l : lists) {
        auto published = [&](QuestionId id) {
            auto st = db.prepare("SELECT 1 FROM questions WHERE id = ? AND state = 'published'");
            st.bind(1, id.value);
            return st.step();
        };
        if (!published(l.question)) continue;
        RelatedList out{l.question, {}, l.ranking_version, false};
        for (const auto id : l.related)
            if (id != l.question && published(id) &&
                std::find(out.related.begin(), out.related.end(), id) == out.related.end())
                out.related.push_back(id);
        // An unchanged list keeps its rows: rewriting them would drop the question's
        // stored page (migration 0008) for nothing.
        const bool unchanged = detail::stored_related_ids(db, l.question) == out.related;
        if (!unchanged)
            db.prepare("DELETE FROM related_items WHERE question_id = ?")
                .bind(1, l.question.value)
                .run();
        db.prepare(
              "INSERT INTO related_lists (question_id, ranking_version, stale, computed_at) "
              "VALUES (?, ?, 0, ?) ON CONFLICT (question_id) DO UPDATE SET "
              "ranking_version = excluded.ranking_version, stale = 0, "
              "computed_at = excluded.computed_at")
            .bind(1, l.question.value)
            .bind(2, l.ranking_version)
            .bind(3, now)
            .run();
        for (std::size_t i = 0; !unchanged && i < out.related.size(); ++i)
            db.prepare(
                  "INSERT INTO related_items (question_id, position, related_id) VALUES (?, ?, ?)")
                .bind(1, l.question.value)
                .bind(2, static_cast<std::int64_t>(i))
                .bind(3, out.related[i].value)
                .run();
        stored.push_back(std::move(out));
    }
    tx.commit();
    return stored;
}

void Related::mark_related_stale(std::span<const QuestionId> ids) {
    if (ids.empty()) return;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    for (const auto id : ids)
        db.prepare(
              "UPDATE related_lists SET stale = 1 WHERE stale = 0 AND (question_id = ?1 OR "
              "question_id IN (SELECT question_id FROM related_items WHERE related_id = ?1))")
            .bind(1, id.value)
            .run();
    tx.commit();
}

std::vector<QuestionId> Related::related_to_compute(std::int64_t ranking_version, QuestionId after,
                                                    std::size_t limit) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT q.id FROM questions q LEFT JOIN related_lists l ON l.question_id = q.id "
                 "WHERE q.id > ? AND q.state = 'published' AND (l.question_id IS NULL OR "
                 "l.stale = 1 OR l.ranking_version <> ?) ORDER BY q.id LIMIT ?");
    st.bind(1, after.value).bind(2, ranking_version).bind(3, static_cast<std::int64_t>(limit));
    std::vector<QuestionId> out;
    while (st.step()) out.push_back(QuestionId{st.int64(0)});
    return out;
}

std::vector<QuestionId> Related::stale_related_lists(std::size_t limit) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT question_id FROM related_lists WHERE stale = 1 ORDER BY question_id "
                 "LIMIT ?");
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<QuestionId> out;
    while (st.step()) out.push_back(QuestionId{st.int64(0)});
    return out;
}

std::int64_t Related::related_seq() const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT value FROM settings WHERE key = 'related_seq'");
    if (!st.step()) return 0;
    return std::stoll(st.text(0));
}

void Related::set_related_seq(std::int64_t seq) {
    std::lock_guard lock(impl_->write_mu);
    impl_->writer
        .prepare(
            "INSERT INTO settings (key, value) VALUES ('related_seq', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, std::to_string(seq))
        .run();
}

}  // namespace radfraga::store
