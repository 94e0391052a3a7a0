#include "store/store.hpp"

#include <array>
#include <atomic>
#include <cassert>
#include <cctype>
#include <mutex>
#include <utility>

#include "schema/migrations.hpp"
#include "store/src/sqlite.hpp"
#include "store/src/store_impl.hpp"

namespace radfraga::store {

namespace {

using sql::Connection;
using sql::Statement;
using sql::Transaction;

// PRAGMA application_id of a Rådfråga database: "RADF".
constexpr std::int64_t kApplicationId = 0x52414446;

std::int64_t pragma_int(Connection& c, const char* pragma) {
    Statement st(c, std::string("PRAGMA ") + pragma);
    return st.step() ? st.int64(0) : 0;
}

// The length of a placeholder of removed text at the start of `s` ("[namn]", "[uppgift
// borttagen]": a bracket, 1-40 bytes of lower-case letters, spaces and hyphens starting
// with a letter, a bracket), else 0. The same rule as web::text_to_html's.
std::size_t placeholder_length(std::string_view s) {
    if (s.size() < 3 || s[0] != '[') return 0;
    for (std::size_t i = 1; i < s.size() && i <= 41; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == ']') return i > 1 ? i + 1 : 0;
        const bool letter = (c >= 'a' && c <= 'z') || c >= 0x80;
        if (!letter && (i == 1 || (c != ' ' && c != '-'))) return 0;
    }
    return 0;
}

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

// Runs `sql` (one `?`: a question id) once per id and reads each row found with
// `read(st)`, in the order of `ids`. All in one read transaction: one snapshot, and one
// WAL read lock instead of one per id (each costs system calls; question pages and
// search results read their rows this way). One `q.id IN (…)` query for all ids cost
// more (7 % more instructions for five ids): SQLite builds a temporary b-tree for the
// list, and without statistics it preferred the state index to the primary key.
template <class Read>
auto rows_by_id(Connection& c, const std::string& sql, std::span<const QuestionId> ids, Read read) {
    Transaction tx(c, Transaction::Kind::deferred);
    std::vector<decltype(read(std::declval<const Statement&>()))> out;
    out.reserve(ids.size());
    {
        Statement st(c, sql);
        for (const auto id : ids) {
            st.reset();
            st.bind(1, id.value);
            if (st.step()) out.push_back(read(st));
        }
    }
    tx.commit();
    return out;
}

class Sha256 {
  public:
    void add(std::string_view s) {
        const std::uint64_t n = s.size();
        for (int i = 0; i < 8; ++i) buf_.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
        buf_.append(s);
    }
    void add(std::int64_t v) { add(std::string_view(std::to_string(v))); }
    std::vector<unsigned char> finish_hmac(std::span<const unsigned char> key) const {
        return hmac_sha256(key, buf_);
    }
    std::vector<unsigned char> finish() const { return sha256(buf_); }

  private:
    std::string buf_;
};

}  // namespace

void Store::Impl::migrate() {
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

std::optional<std::int64_t> Store::Impl::audit_keyed_from(Connection& c) const {
    Statement st(c, "SELECT value FROM settings WHERE key = 'audit_keyed_from'");
    if (!st.step()) return std::nullopt;
    try {
        return std::stoll(st.text(0));
    } catch (const std::exception&) {
        return 0;  // not a row id: verification reports the chain broken
    }
}

namespace {

constexpr std::string_view kAuditKeyedAction = "audit_chain_keyed";

// One audit row's link: SHA-256 (before the chain was keyed) or HMAC-SHA-256 under `key`
// of the previous link and the row's fields.
std::vector<unsigned char> audit_link(const std::vector<unsigned char>* key,
                                      std::span<const unsigned char> prev, std::int64_t at,
                                      std::string_view actor_kind, std::int64_t actor_id,
                                      std::int64_t question, std::string_view action,
                                      std::string_view detail) {
    Sha256 h;
    h.add(std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()));
    h.add(at);
    h.add(actor_kind);
    h.add(actor_id);
    h.add(question);
    h.add(action);
    h.add(detail);
    return key ? h.finish_hmac(*key) : h.finish();
}

}  // namespace

void Store::Impl::append_audit(const AuditEntry& e) {
    const auto keyed_from = audit_keyed_from(writer);
    if (keyed_from && !audit_key)
        throw Error(
            "the audit log is keyed with keys/audit.key, and this command was not given the key");
    if (audit_key && !keyed_from) start_keyed_audit_chain();
    std::vector<unsigned char> prev(32, 0);
    {
        Statement st(writer, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (st.step()) prev = st.blob(0);
    }
    const UnixSeconds at = clock.now();
    const auto hash = audit_link(audit_key ? &*audit_key : nullptr, prev, at, e.actor_kind,
                                 e.actor_id.value_or(-1), e.question ? e.question->value : -1,
                                 e.action, e.detail);
    Statement ins(writer,
                  "INSERT INTO audit_log (at, actor_kind, actor_id, question_id, action, detail, "
                  "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, at).bind(2, e.actor_kind).bind(3, e.actor_id);
    if (e.question)
        ins.bind(4, e.question->value);
    else
        ins.bind_null(4);
    ins.bind(5, e.action).bind(6, e.detail).bind_blob(7, prev).bind_blob(8, hash).run();
}

void Store::Impl::start_keyed_audit_chain() {
    std::vector<unsigned char> prev(32, 0);
    {
        Statement st(writer, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (st.step()) prev = st.blob(0);
    }
    const UnixSeconds at = clock.now();
    const auto hash = audit_link(&*audit_key, prev, at, "system", -1, -1, kAuditKeyedAction, "");
    writer
        .prepare(
            "INSERT INTO audit_log (at, actor_kind, actor_id, question_id, action, detail, "
            "prev_hash, hash) "
            "VALUES (?, 'system', NULL, NULL, ?, '', ?, ?)")
        .bind(1, at)
        .bind(2, kAuditKeyedAction)
        .bind_blob(3, prev)
        .bind_blob(4, hash)
        .run();
    writer.prepare("INSERT INTO settings (key, value) VALUES ('audit_keyed_from', ?)")
        .bind(1, std::to_string(writer.last_insert_rowid()))
        .run();
}

Store::Store(const std::filesystem::path& file, const Clock& clock,
             std::optional<std::vector<unsigned char>> audit_key)
    : impl_(std::make_unique<Impl>(file, clock, std::move(audit_key))) {
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

// ---- Archive -----------------------------------------------------------------------

std::vector<UpsertResult> Store::upsert_archive_records(std::span<const ArchiveRecord> records) {
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
        db.prepare(
              "INSERT INTO questions (external_id, state, title, body, pseudonym, category_id, "
              "asked_at, asked_tz, updated_at, published_at, redactions_reviewed) "
              "VALUES (?, 'published', ?, ?, ?, ?, ?, ?, ?, ?, 1)")
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
        const QuestionId q{db.last_insert_rowid()};
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

void Store::for_each_archive_record(const std::function<void(const ArchiveRecord&)>& fn) const {
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

bool Store::has_questions() const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT EXISTS (SELECT 1 FROM questions)");
    return st.step() && st.int64(0) != 0;
}

bool Store::category_exists(std::string_view slug) const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT 1 FROM categories WHERE slug = ?");
    st.bind(1, slug);
    return st.step();
}

// ---- Public pages ------------------------------------------------------------------

std::vector<Category> Store::categories() const {
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

std::optional<PublishedQuestion> Store::published_question(QuestionId id) const {
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

std::optional<QuestionId> Store::find_by_external_id(std::string_view external_id) const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT id FROM questions WHERE external_id = ?");
    st.bind(1, external_id);
    if (!st.step()) return std::nullopt;
    return QuestionId{st.int64(0)};
}

std::vector<QuestionSummary> Store::newest_published(std::string_view category, std::int64_t limit,
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

std::int64_t Store::published_count(std::string_view category) const {
    if (category.empty()) {
        std::int64_t total = 0;
        for (const auto& c : categories()) total += c.published_count;
        return total + impl_->uncategorised_published();
    }
    for (const auto& c : categories())
        if (c.slug == category) return c.published_count;
    return 0;
}

std::vector<QuestionSummary> Store::published_summaries(std::span<const QuestionId> ids) const {
    Impl::Reader r(*impl_);
    return rows_by_id(*r, std::string(kSummaryColumns) + "WHERE q.id = ? AND q.state = 'published'",
                      ids, read_summary);
}

std::vector<QuestionId> Store::published_ids_after(QuestionId after, std::size_t limit) const {
    Impl::Reader r(*impl_);
    Statement st(
        *r, "SELECT id FROM questions WHERE id > ? AND state = 'published' ORDER BY id LIMIT ?");
    st.bind(1, after.value).bind(2, static_cast<std::int64_t>(limit));
    std::vector<QuestionId> out;
    while (st.step()) out.push_back(QuestionId{st.int64(0)});
    return out;
}

bool Store::add_feedback(QuestionId id, FeedbackKind kind) {
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

// ---- Askers -----------------------------------------------------------------------

QuestionId Store::add_question(const NewQuestion& q) {
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
    Statement ins(db,
                  "INSERT INTO questions (state, title, body, original_ct, pseudonym, category_id, "
                  "receipt_hash, asked_at, asked_tz, updated_at, erase_original_after, crisis, "
                  "crisis_categories) "
                  "VALUES ('received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, q.title)
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
    const QuestionId id{db.last_insert_rowid()};
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

std::optional<ReceiptView> Store::receipt(std::span<const unsigned char> receipt_hash) const {
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

std::optional<FollowUpId> Store::add_follow_up(
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

void Store::Impl::delete_question(QuestionId q, std::string_view actor_kind,
                                  std::string_view action) {
    // Other questions marked as duplicates of this one lose the link (ON DELETE SET NULL).
    writer.prepare("DELETE FROM questions WHERE id = ?").bind(1, q.value).run();
    enqueue(q, true);
    append_audit({std::string(actor_kind), std::nullopt, q, std::string(action), ""});
}

void Store::Impl::replay_erasure_journal() {
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

bool Store::erase_question(QuestionId q, std::string_view actor_kind, std::string_view action) {
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

std::int64_t Store::erase_expired_originals(UnixSeconds now,
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

Store::UnpublishedPurge Store::erase_expired_unpublished(UnixSeconds now) {
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

// ---- Search support ----------------------------------------------------------------

std::int64_t Store::outbox_head() const {
    Impl::Reader r(*impl_);
    Statement st(*r, "SELECT coalesce(max(seq), 0) FROM search_outbox");
    return st.step() ? st.int64(0) : 0;
}

std::vector<OutboxEntry> Store::outbox_after(std::int64_t seq, std::int64_t limit) const {
    Impl::Reader r(*impl_);
    Statement st(
        *r, "SELECT seq, question_id, op FROM search_outbox WHERE seq > ? ORDER BY seq LIMIT ?");
    st.bind(1, seq).bind(2, limit);
    std::vector<OutboxEntry> out;
    while (st.step())
        out.push_back(
            {st.int64("seq"), QuestionId{st.int64("question_id")}, st.text("op") == "delete"});
    return out;
}

namespace {
constexpr const char* kIndexDocColumns =
    "SELECT q.id, q.external_id, q.title, q.body, a.body AS answer, "
    "coalesce(c.slug, '') AS category_slug, "
    "coalesce(a.answered_at, q.published_at, q.asked_at) AS published_at "
    "FROM questions q LEFT JOIN categories c ON c.id = q.category_id "
    "JOIN answers a ON a.question_id = q.id AND a.state = 'published' "
    "AND a.version = (SELECT max(version) FROM answers WHERE question_id = q.id AND state = "
    "'published') "
    "WHERE q.state = 'published' ";
IndexDoc read_index_doc(const Statement& st) {
    return IndexDoc{QuestionId{st.int64("id")}, st.opt_text("external_id"),
                    st.text("title"),           st.text("body"),
                    st.text("answer"),          st.text("category_slug"),
                    st.int64("published_at")};
}
}  // namespace

std::vector<IndexDoc> Store::index_docs(std::span<const QuestionId> ids) const {
    Impl::Reader r(*impl_);
    return rows_by_id(*r, std::string(kIndexDocColumns) + "AND q.id = ?", ids, read_index_doc);
}

void Store::for_each_index_doc(const std::function<void(const IndexDoc&)>& fn) const {
    Impl::Reader r(*impl_);
    Statement st(*r, std::string(kIndexDocColumns) + "ORDER BY q.id");
    while (st.step()) fn(read_index_doc(st));
}

// ---- Experts -----------------------------------------------------------------------

const char* to_string(Role r) {
    return r == Role::admin ? "admin" : "expert";
}

std::optional<Role> role_from_string(std::string_view s) {
    if (s == "admin") return Role::admin;
    if (s == "expert") return Role::expert;
    return std::nullopt;
}

ExpertId Store::add_expert(const NewExpert& e) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement exists(db, "SELECT 1 FROM experts WHERE username = ?");
    exists.bind(1, e.username);
    if (exists.step()) throw Error("the username \"" + e.username + "\" is already taken");
    db.prepare(
          "INSERT INTO experts (username, display_name, role, password_hash, created_at) "
          "VALUES (?, ?, ?, ?, ?)")
        .bind(1, e.username)
        .bind(2, e.display_name)
        .bind(3, to_string(e.role))
        .bind(4, e.password_hash)
        .bind(5, impl_->clock.now())
        .run();
    const ExpertId id{db.last_insert_rowid()};
    impl_->append_audit({"operator", std::nullopt, std::nullopt, "user_add",
                         "expert=" + std::to_string(id.value) + " role=" + to_string(e.role)});
    tx.commit();
    return id;
}

std::vector<Expert> Store::experts() const {
    Impl::Reader r(*impl_);
    Statement st(*r,
                 "SELECT id, username, display_name, role, disabled, "
                 "totp_secret_ct IS NOT NULL AS totp_enrolled, "
                 "created_at FROM experts ORDER BY username");
    std::vector<Expert> out;
    while (st.step())
        out.push_back({ExpertId{st.int64("id")}, st.text("username"), st.text("display_name"),
                       role_from_string(st.text("role")).value_or(Role::expert),
                       st.int64("disabled") != 0, st.int64("totp_enrolled") != 0,
                       st.int64("created_at")});
    return out;
}

bool Store::set_expert_disabled(std::string_view username, bool disabled) {
    std::lock_guard lock(impl_->write_mu);
    auto& db = impl_->writer;
    Transaction tx(db);
    Statement find(db, "SELECT id FROM experts WHERE username = ?");
    find.bind(1, username);
    if (!find.step()) return false;
    const std::int64_t id = find.int64(0);
    db.prepare("UPDATE experts SET disabled = ? WHERE id = ?")
        .bind(1, disabled ? 1 : 0)
        .bind(2, id)
        .run();
    if (disabled) db.prepare("DELETE FROM sessions WHERE expert_id = ?").bind(1, id).run();
    impl_->append_audit({"operator", std::nullopt, std::nullopt,
                         disabled ? "user_disable" : "user_enable",
                         "expert=" + std::to_string(id)});
    tx.commit();
    return true;
}

// ---- Audit -------------------------------------------------------------------------

void Store::append_audit(const AuditEntry& e) {
    std::lock_guard lock(impl_->write_mu);
    Transaction tx(impl_->writer);
    impl_->append_audit(e);
    tx.commit();
}

std::optional<std::int64_t> Store::verify_audit_chain() const {
    return check_audit_chain(impl_->audit_key).first_broken;
}

AuditCheck Store::check_audit_chain(const std::optional<std::vector<unsigned char>>& key) const {
    Impl::Reader r(*impl_);
    AuditCheck out;
    out.keyed_from = impl_->audit_keyed_from(*r);
    Statement st(
        *r,
        "SELECT id, at, actor_kind, actor_id, question_id, action, detail, prev_hash, hash "
        "FROM audit_log ORDER BY id");
    std::vector<unsigned char> prev(32, 0);
    bool keyed = false;
    while (st.step()) {
        ++out.rows;
        const std::int64_t id = st.int64("id");
        const auto fail = [&](std::string reason) {
            out.first_broken = id;
            out.reason = std::move(reason);
        };
        if (out.keyed_from && id >= *out.keyed_from && !keyed) {
            keyed = true;
            if (id != *out.keyed_from || st.text("action") != kAuditKeyedAction) {
                fail("the keyed part of the chain does not start with its 'audit_chain_keyed' row");
                break;
            }
            if (!key) {
                fail("the chain is keyed from here on and no audit key was given");
                break;
            }
        }
        const auto stored_prev = st.blob("prev_hash");
        const auto hash = audit_link(keyed ? &*key : nullptr, prev, st.int64("at"),
                                     st.text("actor_kind"), st.opt_int64("actor_id").value_or(-1),
                                     st.opt_int64("question_id").value_or(-1), st.text("action"),
                                     st.text("detail"));
        if (stored_prev != prev || st.blob("hash") != hash) {
            fail(keyed ? "the row does not match its HMAC-SHA-256 link"
                       : "the row does not match its SHA-256 link");
            break;
        }
        prev = hash;
    }
    if (!out.first_broken && out.keyed_from && !keyed) {
        out.first_broken = *out.keyed_from;
        out.reason = "the keyed part of the chain is missing";
    }
    return out;
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
