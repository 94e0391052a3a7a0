// The public site's reads (store/public_reads.hpp).
#include "store/public_reads.hpp"

#include <cctype>

#include "core/placeholder.hpp"
#include "store/src/store_impl.hpp"

namespace radfraga::store {

namespace {

// `s` without its sentences that are mostly placeholders: those where the placeholders
// are at least a quarter of the words ("Jag heter [namn]." or "Jag heter [namn] och mitt
// personnummer är [personnummer]."), which say nothing to a reader of a list. If every
// sentence is such, `s` as it is.
std::string without_placeholder_sentences(std::string_view s) {
    std::string out;
    std::size_t start = 0;
    bool dropped = false;
    while (start < s.size()) {
        // A sentence ends after . ! ? followed by white space, or at a line break.
        std::size_t end = start;
        while (end < s.size()) {
            const char c = s[end];
            if (c == '\n') {
                ++end;
                break;
            }
            if ((c == '.' || c == '!' || c == '?') &&
                (end + 1 == s.size() || s[end + 1] == ' ' || s[end + 1] == '\n')) {
                ++end;
                break;
            }
            if (const auto p = placeholder_length(s.substr(end))) {
                end += p;
                continue;
            }
            ++end;
        }
        const std::string_view sentence = s.substr(start, end - start);
        std::size_t words = 0, placeholders = 0;
        for (std::size_t i = 0; i < sentence.size();) {
            if (const auto p = placeholder_length(sentence.substr(i))) {
                ++placeholders;
                i += p;
                continue;
            }
            if (sentence[i] == ' ' || sentence[i] == '\n' || sentence[i] == '\t') {
                ++i;
                continue;
            }
            // A word has a letter or a digit (any byte of a multi-byte character counts);
            // punctuation alone is not one.
            bool word = false;
            while (i < sentence.size() && sentence[i] != ' ' && sentence[i] != '\n' &&
                   sentence[i] != '\t' && !placeholder_length(sentence.substr(i))) {
                const auto c = static_cast<unsigned char>(sentence[i]);
                word = word || std::isalnum(c) || c >= 0x80;
                ++i;
            }
            words += word;
        }
        if (placeholders > 0 && placeholders * 4 >= placeholders + words) {
            dropped = true;
        } else {
            out.append(sentence);
        }
        start = end;
    }
    if (!dropped) return std::string(s);
    const auto first = out.find_first_not_of(" \n\t");
    if (first == std::string::npos) return std::string(s);
    return out.substr(first);
}

// Cuts `s` to at most `max` bytes at a word boundary, never inside a UTF-8 sequence,
// and adds an ellipsis when it cut.
std::string excerpt(std::string_view s, std::size_t max) {
    if (s.size() <= max) return std::string(s);
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    const std::size_t space = s.rfind(' ', cut);
    if (space != std::string_view::npos && space > max / 2) cut = space;
    std::string out(s.substr(0, cut));
    while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == '.'))
        out.pop_back();
    out += "…";
    return out;
}

}  // namespace

std::vector<Category> PublicReads::categories() const {
    // Counted once per change of what is published: every page shows these counts,
    // and counting 100 000 rows per request would dominate the page's cost.
    const std::uint64_t gen = impl_->generation.load();
    {
        std::lock_guard lock(impl_->cache_mu);
        if (impl_->categories_gen == gen && impl_->categories_cache)
            return *impl_->categories_cache;
    }
    Impl::Reader r(*impl_);
    Statement st(
        *r,
        "SELECT c.id, c.slug, c.name, c.description, "
        "(SELECT count(*) FROM questions q WHERE q.category_id = c.id AND q.state = 'published') "
        "AS published_count FROM categories c ORDER BY c.sort_order, c.name");
    std::vector<Category> out;
    while (st.step())
        out.push_back({CategoryId{st.int64("id")}, st.text("slug"), st.text("name"),
                       st.text("description"), st.int64("published_count")});
    Statement none(
        *r, "SELECT count(*) FROM questions WHERE category_id IS NULL AND state = 'published'");
    const std::int64_t uncategorised = none.step() ? none.int64(0) : 0;
    std::lock_guard lock(impl_->cache_mu);
    impl_->categories_cache = out;
    impl_->uncategorised_cache = uncategorised;
    impl_->categories_gen = gen;
    return out;
}

namespace {
constexpr const char* kSummaryColumns =
    "SELECT q.id, q.external_id, q.title, substr(q.body, 1, 400) AS body_start, "
    "coalesce(c.slug, '') AS category_slug, coalesce(c.name, '') AS category_name, q.asked_at, "
    "q.asked_tz, a.answered_at, a.answered_tz "
    "FROM questions q LEFT JOIN categories c ON c.id = q.category_id "
    // The newest published answer, found once (its date and its time zone were two
    // subqueries, each walking the question's answers: 12 % more instructions for a
    // question page's five related questions).
    "LEFT JOIN answers a ON a.id = (SELECT a2.id FROM answers a2 WHERE a2.question_id = q.id "
    "AND a2.state = 'published' ORDER BY a2.version DESC LIMIT 1) ";

// The same columns, walking questions_published in order. Without the hint SQLite
// prefers questions_state_asked and sorts every published row (computing the summary
// columns for all of them) before applying LIMIT.
const std::string kSummaryColumnsIndexedByPublished = [] {
    std::string s = kSummaryColumns;
    const std::string from = "FROM questions q ";
    s.replace(s.find(from), from.size(), "FROM questions q INDEXED BY questions_published ");
    return s;
}();

QuestionSummary read_summary(const Statement& st) {
    QuestionSummary s;
    s.id = QuestionId{st.int64("id")};
    s.external_id = st.opt_text("external_id");
    s.title = st.text("title");
    s.excerpt = excerpt(without_placeholder_sentences(st.text("body_start")), 200);
    s.category_slug = st.text("category_slug");
    s.category_name = st.text("category_name");
    s.asked_at = Timestamp{st.int64("asked_at"), static_cast<int>(st.int64("asked_tz"))};
    if (!st.is_null("answered_at"))
        s.answered_at =
            Timestamp{st.int64("answered_at"), static_cast<int>(st.int64("answered_tz"))};
    return s;
}
}  // namespace

std::optional<PublishedQuestion> PublicReads::published_question(QuestionId id) const {
    Impl::Reader r(*impl_);
    // One read transaction: the follow-ups come from the same snapshot as the question.
    Transaction tx(*r, Transaction::Kind::deferred);
    Statement st(
        *r,
        "SELECT q.id, q.external_id, q.title, q.body, q.pseudonym, "
        "coalesce(c.slug, '') AS category_slug, coalesce(c.name, '') AS category_name, "
        "q.asked_at, q.asked_tz, a.body AS answer, a.signature_name, a.version, "
        "a.answered_at, a.answered_tz, a.ed25519_sig, coalesce(f.helpful_yes, 0) AS helpful_yes, "
        "coalesce(f.helpful_no, 0) AS helpful_no, "
        "coalesce(f.same_question, 0) AS same_question "
        "FROM questions q LEFT JOIN categories c ON c.id = q.category_id "
        "JOIN answers a ON a.question_id = q.id AND a.state = 'published' "
        "LEFT JOIN feedback f ON f.question_id = q.id "
        "WHERE q.id = ? AND q.state = 'published' ORDER BY a.version DESC LIMIT 1");
    st.bind(1, id.value);
    if (!st.step()) return std::nullopt;
    PublishedQuestion p;
    p.id = QuestionId{st.int64("id")};
    p.external_id = st.opt_text("external_id");
    p.title = st.text("title");
    p.body = st.text("body");
    p.pseudonym = st.text("pseudonym");
    p.category_slug = st.text("category_slug");
    p.category_name = st.text("category_name");
    p.asked_at = Timestamp{st.int64("asked_at"), static_cast<int>(st.int64("asked_tz"))};
    p.answer = st.text("answer");
    p.signature_name = st.text("signature_name");
    p.answer_version = st.int64("version");
    p.answered_at = Timestamp{st.opt_int64("answered_at").value_or(0),
                              static_cast<int>(st.int64("answered_tz"))};
    p.answer_signature = st.blob("ed25519_sig");
    p.feedback =
        Feedback{st.int64("helpful_yes"), st.int64("helpful_no"), st.int64("same_question")};
    Statement fu(
        *r,
        "SELECT id, body, coalesce(answer_body, '') AS answer_body, created_at, answered_at "
        "FROM follow_ups "
        "WHERE question_id = ? AND published = 1 AND state = 'answered' ORDER BY created_at");
    fu.bind(1, id.value);
    while (fu.step()) {
        PublishedFollowUp f{FollowUpId{fu.int64("id")}, fu.text("body"), fu.text("answer_body"),
                            stockholm_time(fu.int64("created_at")), std::nullopt};
        if (!fu.is_null("answered_at")) f.answered_at = stockholm_time(fu.int64("answered_at"));
        p.follow_ups.push_back(std::move(f));
    }
    st.reset();
    tx.commit();
    return p;
}

std::optional<QuestionId> PublicReads::find_by_external_id(std::string_view external_id) const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT id FROM questions WHERE external_id = ?");
    st.bind(1, external_id);
    if (!st.step()) return std::nullopt;
    return QuestionId{st.int64(0)};
}

std::vector<QuestionSummary> PublicReads::newest_published(std::string_view category,
                                                           std::int64_t limit,
                                                           std::int64_t offset) const {
    Impl::Reader r(*impl_);
    // Two shapes so each walks an index in order (questions_published, or
    // questions_category) and computes the summary columns only for the rows returned.
    Statement st(
        *r, category.empty()
                ? std::string(kSummaryColumnsIndexedByPublished) +
                      "WHERE q.state = 'published' ORDER BY q.published_at DESC LIMIT ?2 OFFSET ?3"
                : std::string(kSummaryColumns) +
                      "WHERE q.category_id = (SELECT id FROM categories WHERE slug = ?1) "
                      "AND q.state = 'published' ORDER BY q.published_at DESC LIMIT ?2 OFFSET ?3");
    if (!category.empty()) st.bind(1, category);
    st.bind(2, limit).bind(3, offset);
    std::vector<QuestionSummary> out;
    while (st.step()) out.push_back(read_summary(st));
    return out;
}

std::int64_t PublicReads::published_count(std::string_view category) const {
    if (category.empty()) {
        std::int64_t total = 0;
        for (const auto& c : categories()) total += c.published_count;
        return total + impl_->uncategorised_published();
    }
    for (const auto& c : categories())
        if (c.slug == category) return c.published_count;
    return 0;
}

std::vector<QuestionSummary> PublicReads::published_summaries(
    std::span<const QuestionId> ids) const {
    Impl::Reader r(*impl_);
    return rows_by_id(*r, std::string(kSummaryColumns) + "WHERE q.id = ? AND q.state = 'published'",
                      ids, read_summary);
}

std::vector<QuestionId> PublicReads::published_ids_after(QuestionId after,
                                                         std::size_t limit) const {
    Impl::Reader r(*impl_);
    Statement st(
        *r, "SELECT id FROM questions WHERE id > ? AND state = 'published' ORDER BY id LIMIT ?");
    st.bind(1, after.value).bind(2, static_cast<std::int64_t>(limit));
    std::vector<QuestionId> out;
    while (st.step()) out.push_back(QuestionId{st.int64(0)});
    return out;
}

bool PublicReads::add_feedback(QuestionId id, FeedbackKind kind) {
    const char* column = kind == FeedbackKind::helpful_yes  ? "helpful_yes"
                         : kind == FeedbackKind::helpful_no ? "helpful_no"
                                                            : "same_question";
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement pub(db, "SELECT 1 FROM questions WHERE id = ? AND state = 'published'");
    pub.bind(1, id.value);
    if (!pub.step()) return false;
    db.prepare("INSERT INTO feedback (question_id) VALUES (?) ON CONFLICT DO NOTHING")
        .bind(1, id.value)
        .run();
    db.prepare(std::string("UPDATE feedback SET ") + column + " = " + column +
               " + 1 WHERE question_id = ?")
        .bind(1, id.value)
        .run();
    tx.commit();
    ++impl_->feedback_stripes[static_cast<std::uint64_t>(id.value) % Impl::kFeedbackStripes];
    return true;
}
}  // namespace radfraga::store
