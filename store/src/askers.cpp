// Askers: new questions, receipts and follow-ups (store/askers.hpp).
#include "store/askers.hpp"

#include "core/crypto.hpp"
#include "store/src/store_impl.hpp"

namespace radfraga::store {

QuestionId Askers::add_question(const NewQuestion& q) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    const UnixSeconds now = impl_->clock.now();
    Transaction tx(db);
    std::optional<std::int64_t> category;
    if (!q.category.empty()) {
        Statement cat(db, "SELECT id FROM categories WHERE slug = ?");
        cat.bind(1, q.category);
        if (cat.step()) category = cat.int64(0);
    }
    const QuestionId id{impl_->next_question_id()};
    Statement ins(db,
                  "INSERT INTO questions (state, title, body, original_ct, pseudonym, category_id, "
                  "receipt_hash, asked_at, asked_tz, updated_at, erase_original_after, crisis, "
                  "crisis_categories, id) "
                  "VALUES ('received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(13, id.value)
        .bind(1, q.title)
        .bind(2, q.body)
        .bind_null(3)
        .bind(4, q.pseudonym)
        .bind(5, category)
        .bind_blob(6, q.receipt_hash)
        .bind(7, now)
        .bind(8, stockholm_offset_minutes(now))
        .bind(9, now)
        .bind(10, q.erase_original_after)
        .bind(11, q.crisis ? 1 : 0)
        .bind(12, q.crisis_categories)
        .run();
    if (q.seal_original)
        db.prepare("UPDATE questions SET original_ct = ? WHERE id = ?")
            .bind_blob(1, q.seal_original(id))
            .bind(2, id.value)
            .run();
    db.prepare("INSERT INTO feedback (question_id) VALUES (?)").bind(1, id.value).run();
    impl_->append_audit(
        {"asker", std::nullopt, id, "received", q.crisis ? "crisis=" + q.crisis_categories : ""});
    tx.commit();
    return id;
}

std::optional<ReceiptView> Askers::receipt(std::span<const unsigned char> receipt_hash) const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT q.id, q.state, q.title, q.body, q.pseudonym, "
                 "coalesce(c.slug, '') AS category_slug, coalesce(c.name, '') AS category_name, "
                 "q.asked_at, q.asked_tz, q.decline_reason, q.duplicate_of, "
                 "q.receipt_hash, q.crisis, q.crisis_categories "
                 "FROM questions q LEFT JOIN categories c ON c.id = q.category_id "
                 "WHERE q.receipt_hash = ?");
    st.bind_blob(1, receipt_hash);
    if (!st.step()) return std::nullopt;
    const auto stored = st.blob("receipt_hash");
    if (!constant_time_equal(stored, receipt_hash)) return std::nullopt;
    ReceiptView v;
    v.id = QuestionId{st.int64("id")};
    v.state = state_from_db(question_state_from_db, st.text("state"));
    v.title = st.text("title");
    v.body = st.text("body");
    v.pseudonym = st.text("pseudonym");
    v.category_slug = st.text("category_slug");
    v.category_name = st.text("category_name");
    v.asked_at = Timestamp{st.int64("asked_at"), static_cast<int>(st.int64("asked_tz"))};
    v.decline_reason = st.opt_text("decline_reason");
    if (!st.is_null("duplicate_of")) v.duplicate_of = QuestionId{st.int64("duplicate_of")};
    v.crisis = st.int64("crisis") != 0;
    v.crisis_categories = st.text("crisis_categories");
    Statement a(
        *r,
        "SELECT body, signature_name, answered_at, answered_tz FROM answers WHERE question_id = ? "
        "AND state IN ('published', 'private') ORDER BY version DESC LIMIT 1");
    a.bind(1, v.id.value);
    if (a.step()) {
        v.answer = a.text("body");
        v.signature_name = a.text("signature_name");
        if (!a.is_null("answered_at"))
            v.answered_at =
                Timestamp{a.int64("answered_at"), static_cast<int>(a.int64("answered_tz"))};
    }
    Statement fu(*r,
                 "SELECT id, body, state, created_at, answer_body, answered_at FROM follow_ups "
                 "WHERE question_id = ? ORDER BY created_at, id");
    fu.bind(1, v.id.value);
    while (fu.step()) {
        ReceiptFollowUp f{FollowUpId{fu.int64("id")},
                          fu.text("body"),
                          state_from_db(follow_up_state_from_db, fu.text("state")),
                          stockholm_time(fu.int64("created_at")),
                          fu.opt_text("answer_body"),
                          std::nullopt};
        if (!fu.is_null("answered_at")) f.answered_at = stockholm_time(fu.int64("answered_at"));
        v.follow_ups.push_back(std::move(f));
    }
    return v;
}

std::optional<FollowUpId> Askers::add_follow_up(
    QuestionId q, const std::string& body,
    const std::function<std::vector<unsigned char>(FollowUpId)>& seal_original, int max_open,
    bool crisis, const std::string& crisis_categories) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement exists(db, "SELECT state, crisis_categories FROM questions WHERE id = ?");
    exists.bind(1, q.value);
    if (!exists.step() || exists.text("state") == "withdrawn") return std::nullopt;
    const std::string question_categories = exists.text("crisis_categories");
    const std::string state = exists.text("state");
    Statement open(db,
                   "SELECT count(*) FROM follow_ups WHERE question_id = ? AND state = 'received'");
    open.bind(1, q.value);
    if (open.step() && open.int64(0) >= max_open) return std::nullopt;
    const UnixSeconds now = impl_->clock.now();
    db.prepare(
          "INSERT INTO follow_ups (question_id, body, original_ct, state, created_at, crisis, "
          "crisis_categories) "
          "VALUES (?, ?, NULL, 'received', ?, ?, ?)")
        .bind(1, q.value)
        .bind(2, body)
        .bind(3, now)
        .bind(4, crisis ? 1 : 0)
        .bind(5, crisis_categories)
        .run();
    const FollowUpId id{db.last_insert_rowid()};
    if (seal_original)
        db.prepare("UPDATE follow_ups SET original_ct = ? WHERE id = ?")
            .bind_blob(1, seal_original(id))
            .bind(2, id.value)
            .run();
    db.prepare("UPDATE questions SET updated_at = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, q.value)
        .run();
    if (crisis) {
        // The union of the question's and the follow-up's categories, the question's first.
        std::string merged = question_categories;
        std::string_view rest = crisis_categories;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string name(rest.substr(0, comma));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            if (name.empty() || ("," + merged + ",").find("," + name + ",") != std::string::npos)
                continue;
            merged += (merged.empty() ? "" : ",") + name;
        }
        db.prepare("UPDATE questions SET crisis = 1, crisis_categories = ? WHERE id = ?")
            .bind(1, merged)
            .bind(2, q.value)
            .run();
    }
    impl_->append_audit(
        {"asker", std::nullopt, q, "follow_up",
         "follow_up=" + std::to_string(id.value) + (crisis ? " crisis=" + crisis_categories : "")});
    // Continuity: a follow-up on an answered question goes to the expert who answered
    // last (a follow-up's answer, else the answer's author), claimed in their name. The
    // usual claim rules hold, so a colleague may take it over once the claim is stale
    // (the expert is away).
    if (state == "published" || state == "declined" || state == "duplicate") {
        Statement who(db,
                      "SELECT e.id FROM experts e WHERE e.disabled = 0 AND e.id = coalesce("
                      "(SELECT answered_by FROM follow_ups WHERE question_id = ?1 AND "
                      "answered_by IS NOT NULL ORDER BY answered_at DESC, id DESC LIMIT 1), "
                      "(SELECT author_id FROM answers WHERE question_id = ?1 AND state IN "
                      "('published', 'private') ORDER BY version DESC LIMIT 1)) "
                      "AND (SELECT claimed_by FROM questions WHERE id = ?1) IS NULL");
        who.bind(1, q.value);
        if (who.step()) {
            const std::int64_t expert = who.int64(0);
            db.prepare("UPDATE questions SET claimed_by = ?, claimed_at = ? WHERE id = ?")
                .bind(1, expert)
                .bind(2, now)
                .bind(3, q.value)
                .run();
            impl_->append_audit(
                {"system", std::nullopt, q, "follow_up_assigned", "to=" + std::to_string(expert)});
        }
    }
    tx.commit();
    return id;
}
}  // namespace radfraga::store
