// Answer quality (store/quality.hpp): the askers' "did you understand?" votes, the
// counters of searches that found nothing, and the operators' statistics.
#include "store/quality.hpp"

#include <cassert>
#include <cstdio>
#include <functional>

#include "store/src/store_impl.hpp"

namespace radfraga::store {

const char* to_string(Understood u) {
    switch (u) {
        case Understood::yes:
            return "yes";
        case Understood::partly:
            return "partly";
        case Understood::no:
            return "no";
    }
    return "?";
}

std::optional<Understood> understood_from_string(std::string_view s) {
    if (s == "yes") return Understood::yes;
    if (s == "partly") return Understood::partly;
    if (s == "no") return Understood::no;
    return std::nullopt;
}

namespace {

// The question of a receipt, with the stored hash compared in constant time.
std::optional<std::int64_t> question_of_receipt(Connection& db,
                                                std::span<const unsigned char> receipt_hash) {
    Statement st(db, "SELECT id, receipt_hash FROM questions WHERE receipt_hash = ?");
    st.bind_blob(1, receipt_hash);
    if (!st.step()) return std::nullopt;
    const auto stored = st.blob("receipt_hash");
    if (!constant_time_equal(stored, receipt_hash)) return std::nullopt;
    return st.int64("id");
}

Understood understood_of(const std::string& s) {
    const auto u = understood_from_string(s);
    assert(u.has_value());  // the CHECK constraint allows nothing else
    return u.value_or(Understood::no);
}

std::string stockholm_day(UnixSeconds now) {
    const Timestamp t = stockholm_time(now);
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days((t.utc + t.offset_minutes * 60) / 86400, y, m, d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

}  // namespace

UnderstoodResult Quality::set_understood(std::span<const unsigned char> receipt_hash,
                                         Understood answer, std::string_view redacted_comment) {
    if (redacted_comment.size() > kMaxUnderstoodComment) return UnderstoodResult::invalid;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    const auto q = question_of_receipt(db, receipt_hash);
    if (!q) return UnderstoodResult::no_receipt;
    Statement a(
        db, "SELECT 1 FROM answers WHERE question_id = ? AND state IN ('published', 'private')");
    a.bind(1, *q);
    if (!a.step()) return UnderstoodResult::no_answer;
    Statement old(db, "SELECT 1 FROM understood WHERE question_id = ?");
    old.bind(1, *q);
    const bool had = old.step();
    const UnixSeconds now = impl_->clock.now();
    db.prepare(
          "INSERT INTO understood (question_id, answer, comment, voted_at, changed_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (question_id) DO UPDATE SET answer = "
          "excluded.answer, "
          "comment = excluded.comment, changed_at = excluded.changed_at")
        .bind(1, *q)
        .bind(2, to_string(answer))
        .bind(3, redacted_comment)
        .bind(4, now)
        .bind(5, now)
        .run();
    tx.commit();
    return had ? UnderstoodResult::changed : UnderstoodResult::recorded;
}

std::optional<UnderstoodVote> Quality::understood(
    std::span<const unsigned char> receipt_hash) const {
    Impl::Reader r(*impl_);
    const auto q = question_of_receipt(*r, receipt_hash);
    if (!q) return std::nullopt;
    Statement st(
        *r, "SELECT answer, comment, voted_at, changed_at FROM understood WHERE question_id = ?");
    st.bind(1, *q);
    if (!st.step()) return std::nullopt;
    return UnderstoodVote{understood_of(st.text("answer")), st.text("comment"),
                          st.int64("voted_at"), st.int64("changed_at")};
}

std::vector<UnderstoodMonth> Quality::understood_per_month(UnixSeconds since) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT strftime('%Y-%m', q.asked_at + q.asked_tz * 60, 'unixepoch') AS month, "
                 "sum(u.answer = 'yes') AS yes, sum(u.answer = 'partly') AS partly, "
                 "sum(u.answer = 'no') AS no "
                 "FROM understood u JOIN questions q ON q.id = u.question_id "
                 "WHERE q.asked_at >= ? GROUP BY month ORDER BY month");
    st.bind(1, since);
    std::vector<UnderstoodMonth> out;
    while (st.step())
        out.push_back({st.text("month"), st.int64("yes"), st.int64("partly"), st.int64("no")});
    return out;
}

std::vector<UnderstoodComment> Quality::understood_comments(UnixSeconds since) const {
    Impl::Reader r(*impl_);
    Statement st(
        *r,
        "SELECT strftime('%Y-%m', q.asked_at + q.asked_tz * 60, 'unixepoch') AS month, "
        "u.answer, "
        "u.comment FROM understood u JOIN questions q ON q.id = u.question_id "
        "WHERE q.asked_at >= ? AND u.comment <> '' ORDER BY u.changed_at DESC, u.question_id DESC");
    st.bind(1, since);
    std::vector<UnderstoodComment> out;
    while (st.step())
        out.push_back({st.text("month"), understood_of(st.text("answer")), st.text("comment")});
    return out;
}

bool Quality::count_search_gap(std::string_view term) {
    if (term.empty() || term.size() > 200) return false;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    db.prepare(
          "INSERT INTO search_gaps (term, day, count) VALUES (?, ?, 1) "
          "ON CONFLICT (term, day) DO UPDATE SET count = count + 1")
        .bind(1, term)
        .bind(2, stockholm_day(impl_->clock.now()))
        .run();
    return true;
}

std::vector<SearchGap> Quality::search_gaps(std::string_view from, std::string_view to,
                                            std::int64_t min_count) const {
    Impl::Reader r(*impl_);
    Statement st(
        *r,
        "SELECT term, sum(count) AS n, count(*) AS days FROM search_gaps WHERE day BETWEEN ? AND ? "
        "GROUP BY term HAVING n >= ? ORDER BY n DESC, term");
    st.bind(1, from).bind(2, to).bind(3, min_count);
    std::vector<SearchGap> out;
    while (st.step()) out.push_back({st.text("term"), st.int64("n"), st.int64("days")});
    return out;
}

std::int64_t Quality::erase_search_gaps_before(std::string_view day) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    db.prepare("DELETE FROM search_gaps WHERE day < ?").bind(1, day).run();
    return db.changes();
}

std::vector<Feedback> Quality::feedback_of(std::span<const QuestionId> ids) const {
    Impl::Reader r(*impl_);
    Transaction tx(*r, Transaction::Kind::deferred);
    Statement st(
        *r, "SELECT helpful_yes, helpful_no, same_question FROM feedback WHERE question_id = ?");
    std::vector<Feedback> out;
    out.reserve(ids.size());
    for (const QuestionId id : ids) {
        st.reset();
        st.bind(1, id.value);
        out.push_back(st.step() ? Feedback{st.int64("helpful_yes"), st.int64("helpful_no"),
                                           st.int64("same_question")}
                                : Feedback{});
    }
    return out;
}

namespace {

bool is_published(Connection& db, QuestionId q) {
    Statement st(db, "SELECT 1 FROM questions WHERE id = ? AND state = 'published'");
    st.bind(1, q.value);
    return st.step();
}

}  // namespace

Transition Quality::submit_revision(QuestionId q, ExpertId expert, const std::string& body,
                                    const std::string& signature_name) {
    if (body.empty() || signature_name.empty()) return Transition::no_answer;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    if (!is_published(db, q)) return Transition::wrong_state;
    Statement existing(
        db, "SELECT id FROM answers WHERE question_id = ? AND state = 'awaiting_review'");
    existing.bind(1, q.value);
    std::int64_t answer_id = 0;
    if (existing.step()) {
        answer_id = existing.int64("id");
        db.prepare(
              "UPDATE answers SET body = ?, signature_name = ?, author_id = ?, updated_at = ? "
              "WHERE id = ?")
            .bind(1, body)
            .bind(2, signature_name)
            .bind(3, expert.value)
            .bind(4, now)
            .bind(5, answer_id)
            .run();
    } else {
        db.prepare(
              "INSERT INTO answers (question_id, version, state, body, signature_name, author_id, "
              "created_at, updated_at) VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM "
              "answers WHERE question_id = ?), 'awaiting_review', ?, ?, ?, ?, ?)")
            .bind(1, q.value)
            .bind(2, q.value)
            .bind(3, body)
            .bind(4, signature_name)
            .bind(5, expert.value)
            .bind(6, now)
            .bind(7, now)
            .run();
        answer_id = db.last_insert_rowid();
    }
    db.prepare("INSERT OR IGNORE INTO answer_authors (answer_id, expert_id) VALUES (?, ?)")
        .bind(1, answer_id)
        .bind(2, expert.value)
        .run();
    impl_->append_audit({"expert", expert.value, q, "revision_submitted", ""});
    tx.commit();
    return Transition::ok;
}

std::optional<PendingRevision> Quality::pending_revision(QuestionId q) const {
    Impl::Reader r(*impl_);
    Transaction tx(*r, Transaction::Kind::deferred);
    Statement st(*r,
                 "SELECT a.version, a.body, a.signature_name, a.updated_at FROM answers a JOIN "
                 "questions q ON q.id = a.question_id WHERE a.question_id = ? AND a.state = "
                 "'awaiting_review' AND q.state = 'published'");
    st.bind(1, q.value);
    if (!st.step()) return std::nullopt;
    PendingRevision p{st.int64("version"),
                      st.text("body"),
                      st.text("signature_name"),
                      {},
                      st.int64("updated_at")};
    Statement w(*r,
                "SELECT DISTINCT w.expert_id FROM answer_authors w JOIN answers a ON a.id = "
                "w.answer_id WHERE a.question_id = ? ORDER BY w.expert_id");
    w.bind(1, q.value);
    while (w.step()) p.authors.push_back(ExpertId{w.int64("expert_id")});
    return p;
}

Transition Quality::approve_revision(
    QuestionId q, ExpertId reviewer,
    const std::function<std::vector<unsigned char>(const PublicationRecord&)>& sign) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    if (!is_published(db, q)) return Transition::wrong_state;
    PublicationRecord rec;
    if (const auto t = impl_->publish_waiting_answer(q, reviewer, now, sign, rec);
        t != Transition::ok)
        return t;
    db.prepare("UPDATE questions SET updated_at = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, q.value)
        .run();
    impl_->enqueue(q, false);
    impl_->append_audit({"expert", reviewer.value, q, "revision_published",
                         "version=" + std::to_string(rec.version)});
    tx.commit();
    ++impl_->generation;
    return Transition::ok;
}

Statistics Quality::statistics(UnixSeconds since) const {
    Impl::Reader r(*impl_);
    Statistics out;
    // Days in Stockholm time: shift by the offset the question was asked with.
    Statement days(*r,
                   "SELECT date(asked_at + asked_tz * 60, 'unixepoch') AS day, count(*) AS n "
                   "FROM questions "
                   "WHERE external_id IS NULL AND asked_at >= ? GROUP BY 1 ORDER BY 1");
    days.bind(1, since);
    while (days.step()) out.received_per_day.emplace_back(days.text("day"), days.int64("n"));
    Statement cats(*r,
                   "SELECT coalesce(c.name, '') AS category, count(*) AS n FROM questions q "
                   "LEFT JOIN categories c "
                   "ON c.id = q.category_id "
                   "WHERE q.external_id IS NULL AND q.asked_at >= ? GROUP BY 1 ORDER BY 2 DESC, 1");
    cats.bind(1, since);
    while (cats.step())
        out.received_per_category.emplace_back(cats.text("category"), cats.int64("n"));
    Statement states(
        *r,
        "SELECT count(*) AS received, coalesce(sum(state = 'published'), 0) AS published, "
        "coalesce(sum(state = 'declined'), 0) AS declined, "
        "coalesce(sum(state = 'duplicate'), 0) AS duplicate FROM questions WHERE external_id IS "
        "NULL AND asked_at >= ?");
    states.bind(1, since);
    if (states.step()) {
        out.received = states.int64("received");
        out.published = states.int64("published");
        out.declined = states.int64("declined");
        out.duplicate = states.int64("duplicate");
    }
    Statement gone(*r, "SELECT count(*) FROM audit_log WHERE action = 'withdrawn' AND at >= ?");
    gone.bind(1, since);
    if (gone.step()) out.withdrawn = gone.int64(0);
    Statement first(
        *r,
        "SELECT min(a.answered_at) - q.asked_at FROM questions q JOIN answers a ON a.question_id = "
        "q.id "
        "WHERE q.external_id IS NULL AND q.asked_at >= ? AND a.answered_at IS NOT NULL "
        "AND a.state IN ('published', 'private', 'superseded') GROUP BY q.id ORDER BY 1");
    first.bind(1, since);
    while (first.step()) out.seconds_to_first_answer.push_back(first.int64(0));
    Statement votes(*r,
                    "SELECT coalesce(sum(helpful_yes), 0) AS helpful_yes, "
                    "coalesce(sum(helpful_no), 0) AS helpful_no, "
                    "coalesce(sum(same_question), 0) AS same_question "
                    "FROM feedback");
    if (votes.step()) {
        out.helpful_yes = votes.int64("helpful_yes");
        out.helpful_no = votes.int64("helpful_no");
        out.same_question = votes.int64("same_question");
    }
    return out;
}
}  // namespace radfraga::store
