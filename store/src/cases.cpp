// The experts' queue and the question lifecycle (store/cases.hpp).
//
// Every transition checks, inside one write transaction, the question's state and who
// holds it, changes it, and appends an audit row; anything refused changes nothing.
// Four eyes are enforced here, below every route: the reviewer who publishes can never
// be the answer's author (also a CHECK constraint on answers).
#include "store/cases.hpp"

#include "core/crypto.hpp"
#include "store/src/store_impl.hpp"

namespace radfraga::store {

const char* to_string(Transition t) {
    switch (t) {
        case Transition::ok:
            return "ok";
        case Transition::not_found:
            return "not_found";
        case Transition::wrong_state:
            return "wrong_state";
        case Transition::not_claimed:
            return "not_claimed";
        case Transition::claimed_by_other:
            return "claimed_by_other";
        case Transition::own_answer:
            return "own_answer";
        case Transition::not_reviewed:
            return "not_reviewed";
        case Transition::no_answer:
            return "no_answer";
        case Transition::invalid:
            return "invalid";
    }
    return "?";
}
namespace {

struct QuestionRow {
    std::string state;
    std::optional<std::int64_t> claimed_by;
    UnixSeconds claimed_at = 0;
    bool reviewed = false;
};

std::optional<QuestionRow> question_row(Connection& db, QuestionId q) {
    Statement st(db,
                 "SELECT state, claimed_by, coalesce(claimed_at, 0) AS claimed_at, "
                 "redactions_reviewed FROM "
                 "questions WHERE id = ?");
    st.bind(1, q.value);
    if (!st.step()) return std::nullopt;
    return QuestionRow{st.text("state"), st.opt_int64("claimed_by"), st.int64("claimed_at"),
                       st.int64("redactions_reviewed") != 0};
}

bool open_state(const std::string& s) {
    return s == "received" || s == "in_review" || s == "answer_draft";
}

// The common precondition of the holder's transitions: the question exists, is still
// being worked on (when `need_open`), and `expert` holds the claim.
Transition holder_check(const std::optional<QuestionRow>& row, ExpertId expert, bool need_open) {
    if (!row) return Transition::not_found;
    if (need_open && !open_state(row->state)) return Transition::wrong_state;
    if (row->claimed_by != expert.value) return Transition::not_claimed;
    return Transition::ok;
}

}  // namespace

std::vector<AnswerTemplate> Cases::templates() const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT slug, title, body FROM templates ORDER BY sort_order, slug");
    std::vector<AnswerTemplate> out;
    while (st.step()) out.push_back({st.text("slug"), st.text("title"), st.text("body")});
    return out;
}

bool Cases::set_template(std::string_view slug, const std::string& title, const std::string& body,
                         ExpertId admin) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    db.prepare("UPDATE templates SET title = ?, body = ?, updated_at = ? WHERE slug = ?")
        .bind(1, title)
        .bind(2, body)
        .bind(3, impl_->clock.now())
        .bind(4, slug)
        .run();
    if (db.changes() != 1) return false;
    impl_->append_audit(
        {"expert", admin.value, std::nullopt, "template_edited", "template=" + std::string(slug)});
    tx.commit();
    return true;
}

// ---- Queue and case --------------------------------------------------------------

std::vector<QueueItem> Cases::queue() const {
    Impl::Reader r(*impl_);
    Statement st(
        *r,
        "SELECT q.id, q.title, q.state, coalesce(c.name, '') AS category_name, q.asked_at, "
        "q.asked_tz, q.crisis, q.claimed_by, coalesce(e.display_name, '') AS claimed_by_name, "
        "coalesce(q.claimed_at, 0) AS claimed_at, "
        "(SELECT count(*) FROM follow_ups f WHERE f.question_id = q.id AND f.state = 'received') "
        "AS open_follow_ups, "
        "(SELECT min(created_at) FROM follow_ups f WHERE f.question_id = q.id AND f.state = "
        "'received') AS oldest_open_follow_up, "
        "(SELECT a.author_id FROM answers a WHERE a.question_id = q.id AND a.state = "
        "'awaiting_review') AS awaiting_review_author, "
        "q.crisis_categories "
        "FROM questions q LEFT JOIN categories c ON c.id = q.category_id "
        "LEFT JOIN experts e ON e.id = q.claimed_by "
        "WHERE q.state IN ('received', 'in_review', 'answer_draft', 'awaiting_review') "
        "OR EXISTS (SELECT 1 FROM follow_ups f WHERE f.question_id = q.id AND f.state = "
        "'received') "
        // Crisis first; among crises by the most urgent category (danger to
        // life first), then oldest first.
        "ORDER BY q.crisis DESC, "
        "CASE WHEN instr(q.crisis_categories, 'suicide') THEN 0 WHEN instr(q.crisis_categories, "
        "'violence') "
        "THEN 1 WHEN instr(q.crisis_categories, 'child') THEN 2 WHEN instr(q.crisis_categories, "
        "'sexual') "
        "THEN 3 WHEN instr(q.crisis_categories, 'acute_need') THEN 4 ELSE 5 END, q.asked_at");
    std::vector<QueueItem> out;
    while (st.step()) {
        QueueItem i;
        i.id = QuestionId{st.int64("id")};
        i.title = st.text("title");
        i.state = state_from_db(question_state_from_db, st.text("state"));
        i.category_name = st.text("category_name");
        i.asked_at = Timestamp{st.int64("asked_at"), static_cast<int>(st.int64("asked_tz"))};
        i.crisis = st.int64("crisis") != 0;
        if (!st.is_null("claimed_by")) i.claimed_by = ExpertId{st.int64("claimed_by")};
        i.claimed_by_name = st.text("claimed_by_name");
        i.claimed_at = st.int64("claimed_at");
        i.open_follow_ups = st.int64("open_follow_ups");
        const bool open_question = i.state != QuestionState::published &&
                                   i.state != QuestionState::declined &&
                                   i.state != QuestionState::duplicate;
        i.waiting_since = open_question || st.is_null("oldest_open_follow_up")
                              ? i.asked_at.utc
                              : st.int64("oldest_open_follow_up");
        if (!st.is_null("awaiting_review_author"))
            i.author = ExpertId{st.int64("awaiting_review_author")};
        i.crisis_categories = st.text("crisis_categories");
        out.push_back(std::move(i));
    }
    return out;
}

std::optional<CaseView> Cases::case_view(QuestionId id) const {
    Impl::Reader r(*impl_);
    Statement st(
        *r,
        "SELECT q.id, q.external_id, q.state, q.title, q.body, q.pseudonym, "
        "coalesce(c.slug, '') AS category_slug, q.original_ct, q.asked_at, q.asked_tz, q.crisis, "
        "q.redactions_reviewed, q.claimed_by, coalesce(e.display_name, '') AS claimed_by_name, "
        "coalesce(q.claimed_at, 0) AS claimed_at, q.decline_reason, "
        "q.duplicate_of, "
        "q.crisis_categories FROM questions q LEFT JOIN categories c ON c.id = q.category_id "
        "LEFT JOIN experts e ON e.id = q.claimed_by WHERE q.id = ?");
    st.bind(1, id.value);
    if (!st.step()) return std::nullopt;
    CaseView v;
    v.id = QuestionId{st.int64("id")};
    v.external_id = st.opt_text("external_id");
    v.state = state_from_db(question_state_from_db, st.text("state"));
    v.title = st.text("title");
    v.body = st.text("body");
    v.pseudonym = st.text("pseudonym");
    v.category_slug = st.text("category_slug");
    v.original_ct = st.blob("original_ct");
    v.asked_at = Timestamp{st.int64("asked_at"), static_cast<int>(st.int64("asked_tz"))};
    v.crisis = st.int64("crisis") != 0;
    v.redactions_reviewed = st.int64("redactions_reviewed") != 0;
    if (!st.is_null("claimed_by")) v.claimed_by = ExpertId{st.int64("claimed_by")};
    v.claimed_by_name = st.text("claimed_by_name");
    v.claimed_at = st.int64("claimed_at");
    v.decline_reason = st.opt_text("decline_reason");
    if (!st.is_null("duplicate_of")) v.duplicate_of = QuestionId{st.int64("duplicate_of")};
    v.crisis_categories = st.text("crisis_categories");

    Statement a(*r,
                "SELECT a.id, a.version, a.state, a.body, a.signature_name, a.author_id, "
                "coalesce(au.display_name, '') AS author_name, a.reviewer_id, "
                "coalesce(rv.display_name, '') AS reviewer_name, a.review_comment, a.answered_at, "
                "a.ed25519_sig "
                "FROM answers a LEFT JOIN experts au ON au.id = a.author_id LEFT JOIN experts rv "
                "ON rv.id = a.reviewer_id "
                "WHERE a.question_id = ? ORDER BY a.version DESC");
    a.bind(1, id.value);
    while (a.step()) {
        CaseAnswer ans;
        ans.id = AnswerId{a.int64("id")};
        ans.version = a.int64("version");
        ans.state = state_from_db(answer_state_from_db, a.text("state"));
        ans.body = a.text("body");
        ans.signature_name = a.text("signature_name");
        if (!a.is_null("author_id")) ans.author = ExpertId{a.int64("author_id")};
        ans.author_name = a.text("author_name");
        if (!a.is_null("reviewer_id")) ans.reviewer = ExpertId{a.int64("reviewer_id")};
        ans.reviewer_name = a.text("reviewer_name");
        ans.review_comment = a.opt_text("review_comment");
        ans.answered_at = a.opt_int64("answered_at");
        ans.ed25519_sig = a.blob("ed25519_sig");
        if (ans.state == AnswerState::published && !v.published)
            v.published = ans;
        else if (ans.state != AnswerState::published && ans.state != AnswerState::superseded &&
                 !v.working)
            v.working = ans;
    }
    Statement w(
        *r,
        "SELECT DISTINCT w.expert_id FROM answer_authors w JOIN answers a ON a.id = w.answer_id "
        "WHERE a.question_id = ? ORDER BY 1");
    w.bind(1, id.value);
    while (w.step()) v.answer_authors.push_back(ExpertId{w.int64(0)});
    Statement f(*r,
                "SELECT id, body, original_ct, state, created_at, answer_body, published, crisis "
                "FROM follow_ups "
                "WHERE question_id = ? ORDER BY created_at, id");
    f.bind(1, id.value);
    while (f.step())
        v.follow_ups.push_back({FollowUpId{f.int64("id")}, f.text("body"), f.blob("original_ct"),
                                state_from_db(follow_up_state_from_db, f.text("state")),
                                f.int64("created_at"), f.opt_text("answer_body"),
                                f.int64("published") != 0, f.int64("crisis") != 0});
    Statement h(
        *r,
        "SELECT l.at, CASE l.actor_kind WHEN 'expert' THEN coalesce(e.display_name, 'en expert') "
        "WHEN 'asker' THEN 'frågeställaren' WHEN 'operator' THEN 'driften' ELSE 'systemet' END "
        "AS actor, "
        "l.action, l.detail FROM audit_log l LEFT JOIN experts e ON l.actor_kind = 'expert' AND "
        "e.id = l.actor_id "
        "WHERE l.question_id = ? ORDER BY l.id");
    h.bind(1, id.value);
    while (h.step())
        v.history.push_back({h.int64("at"), h.text("actor"), h.text("action"), h.text("detail")});
    return v;
}

// ---- Transitions -----------------------------------------------------------------

Transition Cases::claim(QuestionId q, ExpertId expert, std::int64_t stale_seconds) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (!row) return Transition::not_found;
    Statement handed(db, "SELECT handed_to FROM questions WHERE id = ?");
    handed.bind(1, q.value);
    handed.step();
    const auto handed_to = handed.opt_int64(0);
    const bool follow_up_only = !open_state(row->state);
    if (follow_up_only) {
        Statement fu(db, "SELECT 1 FROM follow_ups WHERE question_id = ? AND state = 'received'");
        fu.bind(1, q.value);
        if (!fu.step()) return Transition::wrong_state;
    }
    if (row->claimed_by && *row->claimed_by != expert.value &&
        now - row->claimed_at < stale_seconds && handed_to != expert.value)
        return Transition::claimed_by_other;
    db.prepare(
          "UPDATE questions SET claimed_by = ?, claimed_at = ?, handed_to = NULL, updated_at = ?, "
          "state = CASE state WHEN 'received' THEN 'in_review' ELSE state END WHERE id = ?")
        .bind(1, expert.value)
        .bind(2, now)
        .bind(3, now)
        .bind(4, q.value)
        .run();
    impl_->append_audit(
        {"expert", expert.value, q,
         row->claimed_by && *row->claimed_by != expert.value ? "claim_taken_over" : "claimed", ""});
    tx.commit();
    return Transition::ok;
}

Transition Cases::release(QuestionId q, ExpertId expert) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (const auto c = holder_check(row, expert, false); c != Transition::ok) return c;
    db.prepare("UPDATE questions SET claimed_by = NULL, claimed_at = NULL WHERE id = ?")
        .bind(1, q.value)
        .run();
    impl_->append_audit({"expert", expert.value, q, "released", ""});
    tx.commit();
    return Transition::ok;
}

Transition Cases::hand_over(QuestionId q, ExpertId from, ExpertId to) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (const auto c = holder_check(row, from, false); c != Transition::ok) return c;
    Statement target(db, "SELECT 1 FROM experts WHERE id = ? AND disabled = 0");
    target.bind(1, to.value);
    if (!target.step() || to == from) return Transition::invalid;
    db.prepare("UPDATE questions SET claimed_by = ?, claimed_at = ?, handed_to = ? WHERE id = ?")
        .bind(1, to.value)
        .bind(2, impl_->clock.now())
        .bind(3, to.value)
        .bind(4, q.value)
        .run();
    impl_->append_audit({"expert", from.value, q, "handed_over", "to=" + std::to_string(to.value)});
    tx.commit();
    return Transition::ok;
}

Transition Cases::save_redactions(QuestionId q, ExpertId expert, const std::string& title,
                                  const std::string& body, int redactions) {
    if (title.empty() || body.empty()) return Transition::invalid;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (const auto c = holder_check(row, expert, true); c != Transition::ok) return c;
    db.prepare(
          "UPDATE questions SET title = ?, body = ?, redactions_reviewed = 1, updated_at = ? WHERE "
          "id = ?")
        .bind(1, title)
        .bind(2, body)
        .bind(3, impl_->clock.now())
        .bind(4, q.value)
        .run();
    impl_->append_audit({"expert", expert.value, q, "redactions_reviewed",
                         "redactions=" + std::to_string(redactions)});
    tx.commit();
    return Transition::ok;
}

namespace {

// Four eyes by authorship (migration 0003): everyone who put text into an answer.
void record_author(Connection& db, std::int64_t answer_id, ExpertId expert) {
    db.prepare("INSERT OR IGNORE INTO answer_authors (answer_id, expert_id) VALUES (?, ?)")
        .bind(1, answer_id)
        .bind(2, expert.value)
        .run();
}

// True if `expert` wrote text into any version of question `q`'s answer: then they may
// neither return nor publish it, whoever pressed "submit".
}  // namespace

bool detail::StoreImpl::wrote_any_version(QuestionId q, ExpertId expert) {
    Statement st(writer,
                 "SELECT 1 FROM answer_authors w JOIN answers a ON a.id = w.answer_id "
                 "WHERE a.question_id = ? AND w.expert_id = ? LIMIT 1");
    st.bind(1, q.value).bind(2, expert.value);
    return st.step();
}

Transition detail::StoreImpl::publish_waiting_answer(
    QuestionId q, ExpertId reviewer, UnixSeconds now,
    const std::function<std::vector<unsigned char>(const PublicationRecord&)>& sign,
    PublicationRecord& rec) {
    Statement a(writer,
                "SELECT a.id, a.author_id, a.version, a.body AS answer, a.signature_name, "
                "q.title, q.body FROM answers a "
                "JOIN questions q ON q.id = a.question_id WHERE a.question_id = ? AND a.state "
                "= 'awaiting_review'");
    a.bind(1, q.value);
    if (!a.step()) return Transition::no_answer;
    if ((!a.is_null("author_id") && a.int64("author_id") == reviewer.value) ||
        wrote_any_version(q, reviewer))
        return Transition::own_answer;
    rec = PublicationRecord{q,
                            a.int64("version"),
                            stockholm_time(now),
                            a.text("title"),
                            a.text("body"),
                            a.text("answer"),
                            a.text("signature_name")};
    const std::int64_t answer_id = a.int64("id");
    const auto signature = sign(rec);
    writer
        .prepare(
            "UPDATE answers SET state = 'superseded' WHERE question_id = ? AND state = "
            "'published'")
        .bind(1, q.value)
        .run();
    writer
        .prepare(
            "UPDATE answers SET state = 'published', reviewer_id = ?, answered_at = ?, "
            "answered_tz = ?, ed25519_sig = ?, updated_at = ? WHERE id = ?")
        .bind(1, reviewer.value)
        .bind(2, now)
        .bind(3, rec.published_at.offset_minutes)
        .bind_blob(4, signature)
        .bind(5, now)
        .bind(6, answer_id)
        .run();
    return Transition::ok;
}

Transition Cases::save_draft(QuestionId q, ExpertId expert, const std::string& body,
                             const std::string& signature_name) {
    if (body.empty() || signature_name.empty()) return Transition::no_answer;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (const auto c = holder_check(row, expert, true); c != Transition::ok) return c;
    Statement existing(
        db,
        "SELECT id FROM answers WHERE question_id = ? AND state IN ('draft', 'returned') "
        "ORDER BY version DESC LIMIT 1");
    existing.bind(1, q.value);
    std::int64_t answer_id = 0;
    if (existing.step()) {
        answer_id = existing.int64(0);
        db.prepare(
              "UPDATE answers SET body = ?, signature_name = ?, author_id = ?, state = 'draft', "
              "updated_at = ? "
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
              "created_at, "
              "updated_at) VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM answers WHERE "
              "question_id = ?), "
              "'draft', ?, ?, ?, ?, ?)")
            .bind(1, q.value)
            .bind(2, q.value)
            .bind(3, body)
            .bind(4, signature_name)
            .bind(5, expert.value)
            .bind(6, now)
            .bind(7, now)
            .run();
        answer_id = db.last_insert_rowid();
        impl_->append_audit({"expert", expert.value, q, "draft_started", ""});
    }
    record_author(db, answer_id, expert);
    db.prepare("UPDATE questions SET state = 'answer_draft', updated_at = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, q.value)
        .run();
    tx.commit();
    return Transition::ok;
}

Transition Cases::submit_for_review(QuestionId q, ExpertId expert) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (!row) return Transition::not_found;
    if (row->state != "answer_draft")
        return row->state == "in_review" ? Transition::no_answer : Transition::wrong_state;
    if (row->claimed_by != expert.value) return Transition::not_claimed;
    if (!row->reviewed) return Transition::not_reviewed;
    Statement draft(db,
                    "SELECT id FROM answers WHERE question_id = ? AND state = 'draft' ORDER BY "
                    "version DESC LIMIT 1");
    draft.bind(1, q.value);
    if (!draft.step()) return Transition::no_answer;
    db.prepare(
          "UPDATE answers SET state = 'awaiting_review', author_id = ?, review_comment = NULL, "
          "updated_at = ? "
          "WHERE id = ?")
        .bind(1, expert.value)
        .bind(2, now)
        .bind(3, draft.int64(0))
        .run();
    record_author(db, draft.int64(0), expert);
    db.prepare(
          "UPDATE questions SET state = 'awaiting_review', claimed_by = NULL, claimed_at = NULL, "
          "updated_at = ? "
          "WHERE id = ?")
        .bind(1, now)
        .bind(2, q.value)
        .run();
    impl_->append_audit({"expert", expert.value, q, "submitted_for_review", ""});
    tx.commit();
    return Transition::ok;
}

Transition Cases::return_for_changes(QuestionId q, ExpertId reviewer, const std::string& comment) {
    if (comment.empty()) return Transition::invalid;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (!row) return Transition::not_found;
    if (row->state != "awaiting_review") return Transition::wrong_state;
    Statement a(
        db,
        "SELECT id, author_id FROM answers WHERE question_id = ? AND state = 'awaiting_review'");
    a.bind(1, q.value);
    if (!a.step()) return Transition::no_answer;
    if (a.opt_int64("author_id") == reviewer.value || impl_->wrote_any_version(q, reviewer))
        return Transition::own_answer;
    const auto author = a.opt_int64("author_id");
    db.prepare(
          "UPDATE answers SET state = 'returned', review_comment = ?, reviewer_id = ?, updated_at "
          "= ? WHERE id = ?")
        .bind(1, comment)
        .bind(2, reviewer.value)
        .bind(3, now)
        .bind(4, a.int64("id"))
        .run();
    // Back to the author, who holds the question again.
    db.prepare(
          "UPDATE questions SET state = 'answer_draft', claimed_by = ?, claimed_at = ?, updated_at "
          "= ? WHERE id = ?")
        .bind(1, author)
        .bind(2, now)
        .bind(3, now)
        .bind(4, q.value)
        .run();
    // The returned answer becomes the editable draft again.
    db.prepare("UPDATE answers SET state = 'draft', reviewer_id = NULL WHERE id = ?")
        .bind(1, a.int64("id"))
        .run();
    impl_->append_audit({"expert", reviewer.value, q, "returned_for_changes", ""});
    tx.commit();
    return Transition::ok;
}

Transition Cases::remove_before_publication(QuestionId q, ExpertId reviewer,
                                            const std::string& title, const std::string& body,
                                            const std::string& answer, int removed) {
    if (title.empty() || body.empty() || answer.empty()) return Transition::invalid;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (!row) return Transition::not_found;
    if (row->state != "awaiting_review") return Transition::wrong_state;
    Statement a(
        db,
        "SELECT id, author_id FROM answers WHERE question_id = ? AND state = 'awaiting_review'");
    a.bind(1, q.value);
    if (!a.step()) return Transition::no_answer;
    if (a.opt_int64("author_id") == reviewer.value || impl_->wrote_any_version(q, reviewer))
        return Transition::own_answer;
    db.prepare("UPDATE answers SET body = ?, updated_at = ? WHERE id = ?")
        .bind(1, answer)
        .bind(2, now)
        .bind(3, a.int64("id"))
        .run();
    db.prepare("UPDATE questions SET title = ?, body = ?, updated_at = ? WHERE id = ?")
        .bind(1, title)
        .bind(2, body)
        .bind(3, now)
        .bind(4, q.value)
        .run();
    impl_->append_audit({"expert", reviewer.value, q, "removed_before_publication",
                         "removed=" + std::to_string(removed)});
    tx.commit();
    return Transition::ok;
}

Transition Cases::edit_redactions_in_review(QuestionId q, ExpertId reviewer,
                                            const std::string& title, const std::string& body) {
    if (title.empty() || body.empty()) return Transition::invalid;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (!row) return Transition::not_found;
    if (row->state != "awaiting_review") return Transition::wrong_state;
    Statement a(db,
                "SELECT author_id FROM answers WHERE question_id = ? AND state = "
                "'awaiting_review'");
    a.bind(1, q.value);
    if (!a.step()) return Transition::no_answer;
    if (a.opt_int64(0) == reviewer.value || impl_->wrote_any_version(q, reviewer))
        return Transition::own_answer;
    db.prepare("UPDATE questions SET title = ?, body = ?, updated_at = ? WHERE id = ?")
        .bind(1, title)
        .bind(2, body)
        .bind(3, impl_->clock.now())
        .bind(4, q.value)
        .run();
    impl_->append_audit({"expert", reviewer.value, q, "redactions_edited_in_review", ""});
    tx.commit();
    return Transition::ok;
}

Transition Cases::approve_and_publish(
    QuestionId q, ExpertId reviewer,
    const std::function<std::vector<unsigned char>(const PublicationRecord&)>& sign) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    {
        Transaction tx(db);
        const auto row = question_row(db, q);
        if (!row) return Transition::not_found;
        if (row->state != "awaiting_review") return Transition::wrong_state;
        if (!row->reviewed) return Transition::not_reviewed;
        PublicationRecord rec;
        if (const auto t = impl_->publish_waiting_answer(q, reviewer, now, sign, rec);
            t != Transition::ok)
            return t;
        // Publication erases the unredacted original (privacy rule: whichever comes first).
        db.prepare(
              "UPDATE questions SET state = 'published', published_at = ?, updated_at = ?, "
              "original_ct = NULL, "
              "claimed_by = NULL, claimed_at = NULL WHERE id = ?")
            .bind(1, now)
            .bind(2, now)
            .bind(3, q.value)
            .run();
        impl_->enqueue(q, false);
        // Who saved the redaction last: if not the reviewer, the redaction had a second
        // pair of eyes (the reviewer saw the original beside the public text).
        Statement red(db,
                      "SELECT actor_id FROM audit_log WHERE question_id = ? AND actor_kind = "
                      "'expert' AND action = 'redactions_reviewed' ORDER BY id DESC LIMIT 1");
        red.bind(1, q.value);
        if (red.step() && !red.is_null(0) && red.int64(0) != reviewer.value)
            impl_->append_audit({"expert", reviewer.value, q, "redactions_second_review",
                                 "author=" + std::to_string(red.int64(0))});
        impl_->append_audit(
            {"expert", reviewer.value, q, "published", "version=" + std::to_string(rec.version)});
        tx.commit();
        ++impl_->generation;
    }
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return Transition::ok;
}

Transition Cases::decline(QuestionId q, ExpertId expert, const std::string& reason,
                          const std::string& private_answer) {
    if (reason.empty()) return Transition::invalid;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (const auto c = holder_check(row, expert, true); c != Transition::ok) return c;
    db.prepare(
          "UPDATE answers SET state = 'superseded' WHERE question_id = ? AND state IN ('draft', "
          "'returned')")
        .bind(1, q.value)
        .run();
    if (!private_answer.empty()) {
        db.prepare(
              "INSERT INTO answers (question_id, version, state, body, signature_name, author_id, "
              "created_at, "
              "updated_at, answered_at, answered_tz) VALUES (?, (SELECT coalesce(max(version), 0) "
              "+ 1 FROM answers "
              "WHERE question_id = ?), 'private', ?, 'Socialrådgivningen', ?, ?, ?, ?, ?)")
            .bind(1, q.value)
            .bind(2, q.value)
            .bind(3, private_answer)
            .bind(4, expert.value)
            .bind(5, now)
            .bind(6, now)
            .bind(7, now)
            .bind(8, stockholm_offset_minutes(now))
            .run();
    }
    db.prepare(
          "UPDATE questions SET state = 'declined', decline_reason = ?, claimed_by = NULL, "
          "claimed_at = NULL, "
          "updated_at = ? WHERE id = ?")
        .bind(1, reason)
        .bind(2, now)
        .bind(3, q.value)
        .run();
    impl_->append_audit({"expert", expert.value, q,
                         private_answer.empty() ? "declined" : "answered_privately", ""});
    tx.commit();
    return Transition::ok;
}

Transition Cases::mark_duplicate(QuestionId q, ExpertId expert, QuestionId published) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    const auto row = question_row(db, q);
    if (const auto c = holder_check(row, expert, true); c != Transition::ok) return c;
    Statement target(db, "SELECT 1 FROM questions WHERE id = ? AND state = 'published'");
    target.bind(1, published.value);
    if (!target.step() || published == q) return Transition::invalid;
    db.prepare(
          "UPDATE questions SET state = 'duplicate', duplicate_of = ?, claimed_by = NULL, "
          "claimed_at = NULL, "
          "updated_at = ? WHERE id = ?")
        .bind(1, published.value)
        .bind(2, impl_->clock.now())
        .bind(3, q.value)
        .run();
    impl_->append_audit(
        {"expert", expert.value, q, "duplicate", "of=" + std::to_string(published.value)});
    tx.commit();
    return Transition::ok;
}

Transition Cases::answer_follow_up(FollowUpId f, ExpertId expert, const std::string& answer) {
    if (answer.empty()) return Transition::no_answer;
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    Statement fu(db, "SELECT question_id, state FROM follow_ups WHERE id = ?");
    fu.bind(1, f.value);
    if (!fu.step()) return Transition::not_found;
    const QuestionId q{fu.int64("question_id")};
    if (fu.text("state") != "received") return Transition::wrong_state;
    const auto row = question_row(db, q);
    if (const auto c = holder_check(row, expert, false); c != Transition::ok) return c;
    db.prepare(
          "UPDATE follow_ups SET state = 'answered', answer_body = ?, answered_by = ?, answered_at "
          "= ?, "
          "original_ct = NULL WHERE id = ?")
        .bind(1, answer)
        .bind(2, expert.value)
        .bind(3, now)
        .bind(4, f.value)
        .run();
    // A question that was only in the queue for this follow-up leaves it again.
    if (!open_state(row->state) && row->state != "awaiting_review") {
        Statement more(db, "SELECT 1 FROM follow_ups WHERE question_id = ? AND state = 'received'");
        more.bind(1, q.value);
        if (!more.step())
            db.prepare("UPDATE questions SET claimed_by = NULL, claimed_at = NULL WHERE id = ?")
                .bind(1, q.value)
                .run();
    }
    impl_->append_audit(
        {"expert", expert.value, q, "follow_up_answered", "follow_up=" + std::to_string(f.value)});
    tx.commit();
    return Transition::ok;
}

}  // namespace radfraga::store
