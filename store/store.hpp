// The store: SQLite, the source of truth for everything Rådfråga knows.
//
// Contract:
//  * Opening a Store migrates the database to the newest schema embedded in the binary
//    (schema/migrations/*.sql, tracked by PRAGMA user_version, each migration in its own
//    transaction). A database written by a newer binary, a foreign SQLite database or a
//    file that is not a database is refused with store::Error and left untouched.
//  * Connections run in WAL mode with synchronous=FULL (a write that returned has been
//    made durable), foreign keys on, secure_delete on (erased text is overwritten in the
//    file) and a busy timeout.
//  * One writer connection, serialised by a mutex; reads use a pool of read-only
//    connections, one per concurrent caller. All member functions are thread-safe.
//  * Every write that changes what is public adds a row to the search outbox in the same
//    transaction, so the search index can never miss a change.
//  * Environment failures (disk full, unreadable file, locked database past the busy
//    timeout) throw store::Error with one clear sentence. Nothing else is thrown.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "store/states.hpp"

namespace radfraga::store {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// ---- Vocabulary -------------------------------------------------------------------

struct Category {
    CategoryId id;
    std::string slug;
    std::string name;
    std::string description;
    std::int64_t published_count = 0;
};

// One line of the archive's JSON Lines format (see BRIEF.md, "Data formats").
struct ArchiveRecord {
    std::string external_id;
    std::string title;
    std::string question;
    std::string pseudonym;
    std::string answer;
    std::string signature;
    std::string category;  // slug; must name an existing category
    Timestamp asked_at;
    Timestamp answered_at;
    bool operator==(const ArchiveRecord&) const = default;
};

enum class UpsertResult { inserted, updated, unchanged };

// What a list of questions shows.
struct QuestionSummary {
    QuestionId id;
    std::optional<std::string> external_id;
    std::string title;
    // The start of the question, at most ~200 bytes, on a word boundary, without the
    // sentences that are mostly placeholders of removed details ("Jag heter [namn].").
    std::string excerpt;
    std::string category_slug;
    std::string category_name;
    Timestamp asked_at;
    std::optional<Timestamp> answered_at;
};

struct Feedback {
    std::int64_t helpful_yes = 0;
    std::int64_t helpful_no = 0;
    std::int64_t same_question = 0;
};

enum class FeedbackKind { helpful_yes, helpful_no, same_question };

// A published follow-up shown under its question.
struct PublishedFollowUp {
    FollowUpId id;
    std::string body;
    std::string answer;
    Timestamp asked_at;
    std::optional<Timestamp> answered_at;
};

// Everything the public question page shows. Only ever built for a question whose
// state is 'published'.
struct PublishedQuestion {
    QuestionId id;
    std::optional<std::string> external_id;
    std::string title;
    std::string body;
    std::string pseudonym;
    std::string category_slug;
    std::string category_name;
    Timestamp asked_at;
    std::string answer;
    std::string signature_name;
    std::int64_t answer_version = 1;
    Timestamp answered_at;
    std::vector<unsigned char> answer_signature;  // Ed25519; empty for imported answers
    Feedback feedback;
    std::vector<PublishedFollowUp> follow_ups;
};

// What the search index holds for a published question.
struct IndexDoc {
    QuestionId id;
    std::optional<std::string> external_id;
    std::string title;
    std::string question;
    std::string answer;
    std::string category_slug;
    UnixSeconds published_at = 0;  // the answer's time; "newest first" sorts on it
};

// A published question's related-question list as stored (migration 0005): the ids best
// first, the search ranking version it was computed with, and whether it must be computed
// again (a question in it changed).
struct RelatedList {
    QuestionId question;
    std::vector<QuestionId> related;
    std::int64_t ranking_version = 0;
    bool stale = false;
};

struct OutboxEntry {
    std::int64_t seq = 0;
    QuestionId question;
    bool erase = false;  // true: remove from the index; false: (re)index from the store
};

enum class Role { expert, admin };

struct NewExpert {
    std::string username;
    std::string display_name;
    Role role = Role::expert;
    // Already hashed (Argon2id encoded string); empty: no usable password until the
    // expert uses an enrolment link (create_enrolment).
    std::string password_hash;
};

struct Expert {
    ExpertId id;
    std::string username;
    std::string display_name;
    Role role = Role::expert;
    bool disabled = false;
    bool totp_enrolled = false;
    UnixSeconds created_at = 0;
};

// The result of checking the audit log's hash chain (Store::check_audit_chain).
struct AuditCheck {
    std::int64_t rows = 0;
    // The first row of the keyed (HMAC-SHA-256) part; rows before it are chained with plain
    // SHA-256, as written before the chain was keyed. nullopt: the chain is not keyed yet.
    std::optional<std::int64_t> keyed_from;
    std::optional<std::int64_t> first_broken;  // nullopt: the whole chain holds
    std::string reason;                        // why first_broken is broken, in English
};

struct AuditEntry {
    std::string actor_kind;  // expert | asker | system | operator
    std::optional<std::int64_t> actor_id;
    std::optional<QuestionId> question;
    std::string action;
    std::string detail;  // never text removed by a redaction
};

// A question as an asker submits it. Title and body are the redactor's proposal (what
// would be published); the original is only ever stored encrypted.
struct NewQuestion {
    std::string title;
    std::string body;
    std::string pseudonym;
    std::string category;  // slug, or empty for "no category chosen"
    // Seals the original for the new row, given its id (bound into the ciphertext as AAD);
    // called inside the insert's transaction. Unset: no original is stored.
    std::function<std::vector<unsigned char>(QuestionId)> seal_original;
    std::vector<unsigned char> receipt_hash;  // SHA-256 of the receipt token
    bool crisis = false;
    std::string
        crisis_categories;  // comma-separated triage categories ("suicide,child"), '' if none
    UnixSeconds erase_original_after = 0;
};

// What the asker sees of a follow-up on their receipt page.
struct ReceiptFollowUp {
    FollowUpId id;
    std::string body;
    FollowUpState state = FollowUpState::received;
    Timestamp asked_at;
    std::optional<std::string> answer;
    std::optional<Timestamp> answered_at;
};

// Everything the receipt page shows, and nothing more.
struct ReceiptView {
    QuestionId id;
    QuestionState state = QuestionState::received;
    std::string title;  // redacted
    std::string body;   // redacted: exactly what will be published
    std::string pseudonym;
    std::string category_slug;
    std::string category_name;
    Timestamp asked_at;
    // The newest published or private answer, as soon as it exists.
    std::optional<std::string> answer;
    std::optional<Timestamp> answered_at;
    std::string signature_name;
    std::optional<std::string> decline_reason;
    std::optional<QuestionId> duplicate_of;
    std::vector<ReceiptFollowUp> follow_ups;
    // Triage of the question and its follow-ups: the helplines the asker is shown first.
    bool crisis = false;
    std::string crisis_categories;  // comma-separated, '' if none
};

// ---- Experts' dashboard vocabulary ----

// What login needs to know about an expert.
struct ExpertAuth {
    ExpertId id;
    std::string username;
    std::string display_name;
    Role role = Role::expert;
    bool disabled = false;
    std::string password_hash;
    std::vector<unsigned char> totp_secret_ct;  // empty until enrolled
    std::int64_t totp_last_step = 0;
};

// How long an enrolment link (Store::create_enrolment) is valid.
inline constexpr std::int64_t kEnrolmentSeconds = 72 * 3600;

// The account a live enrolment link belongs to.
struct Enrolment {
    ExpertId expert;
    std::string username;
    std::string display_name;
    UnixSeconds expires_at = 0;
};

// One of an expert's sessions as the expert sees it: times only, since no address or
// browser is stored. `id` names it for revocation; it is derived from the token's hash
// (a hash of the hash), so it cannot be turned into the session.
struct SessionEntry {
    std::string id;
    UnixSeconds created_at = 0;
    UnixSeconds last_seen_at = 0;
    bool second_factor = false;
    bool current = false;  // the session the listing was asked from
};

struct SessionInfo {
    ExpertId expert;
    std::string username;
    std::string display_name;
    Role role = Role::expert;
    bool second_factor = false;  // TOTP verified in this session
    bool totp_enrolled = false;
    UnixSeconds created_at = 0;
};

// One row of the experts' queue.
struct QueueItem {
    QuestionId id;
    std::string title;
    QuestionState state = QuestionState::received;
    std::string category_name;
    Timestamp asked_at;
    UnixSeconds waiting_since = 0;  // arrival, or the oldest open follow-up
    bool crisis = false;
    std::string crisis_categories;  // comma-separated, '' if none
    std::optional<ExpertId> claimed_by;
    std::string claimed_by_name;
    UnixSeconds claimed_at = 0;
    std::int64_t open_follow_ups = 0;
    std::optional<ExpertId> author;  // of the answer awaiting review
};

struct CaseAnswer {
    AnswerId id;
    std::int64_t version = 0;
    AnswerState state = AnswerState::draft;
    std::string body;
    std::string signature_name;
    std::optional<ExpertId> author;
    std::string author_name;
    std::optional<ExpertId> reviewer;
    std::string reviewer_name;
    std::optional<std::string> review_comment;
    std::optional<UnixSeconds> answered_at;
    std::vector<unsigned char> ed25519_sig;
};

struct CaseFollowUp {
    FollowUpId id;
    std::string body;  // redacted
    std::vector<unsigned char> original_ct;
    FollowUpState state = FollowUpState::received;
    UnixSeconds created_at = 0;
    std::optional<std::string> answer;
    bool published = false;
    bool crisis = false;  // triage flagged the follow-up itself
};

struct AuditLine {
    UnixSeconds at = 0;
    std::string actor;  // display name, or "frågeställaren" / "systemet"
    std::string action;
    std::string detail;
};

// Everything the dashboard shows about one question.
struct CaseView {
    QuestionId id;
    std::optional<std::string> external_id;
    QuestionState state = QuestionState::received;
    std::string title;  // redacted, as it will be published
    std::string body;
    std::string pseudonym;
    std::string category_slug;
    std::vector<unsigned char> original_ct;  // empty once erased
    Timestamp asked_at;
    bool crisis = false;
    std::string crisis_categories;  // comma-separated, '' if none
    bool redactions_reviewed = false;
    std::optional<ExpertId> claimed_by;
    std::string claimed_by_name;
    UnixSeconds claimed_at = 0;
    std::optional<std::string> decline_reason;
    std::optional<QuestionId> duplicate_of;
    std::optional<CaseAnswer> working;    // the newest draft/awaiting/returned/private answer
    std::optional<CaseAnswer> published;  // the newest published version
    // Everyone who wrote text into any version of the answer: none of them may review
    // or publish it (four eyes by authorship).
    std::vector<ExpertId> answer_authors;
    std::vector<CaseFollowUp> follow_ups;
    std::vector<AuditLine> history;
};

// The outcome of a lifecycle transition. Anything but ok changes nothing.
enum class Transition {
    ok,
    not_found,
    wrong_state,       // the question is not in a state that allows this
    not_claimed,       // the actor does not hold the claim
    claimed_by_other,  // someone else holds a live claim
    own_answer,        // four eyes: the reviewer wrote the answer
    not_reviewed,      // redactions have not been reviewed
    no_answer,         // there is no answer text
    invalid,           // an argument is unusable (empty reason, unknown target)
};
const char* to_string(Transition t);

// The fields an answer's Ed25519 signature covers (see core/signing.hpp).
struct PublicationRecord {
    QuestionId question;
    std::int64_t version = 0;
    Timestamp published_at;
    std::string title;
    std::string question_text;
    std::string answer;
    std::string signature_name;
};

// Counts for the operator's statistics page. Only counts, never text.
struct Statistics {
    std::vector<std::pair<std::string, std::int64_t>>
        received_per_day;  // "YYYY-MM-DD" (Stockholm), oldest first
    std::vector<std::pair<std::string, std::int64_t>>
        received_per_category;  // display name; "" = none chosen
    std::int64_t received =
        0;  // questions asked on the site in the period (withdrawn ones excluded)
    std::int64_t published = 0;  // of those, published
    std::int64_t declined = 0;
    std::int64_t duplicate = 0;
    std::int64_t withdrawn = 0;                         // from the audit log
    std::vector<std::int64_t> seconds_to_first_answer;  // one entry per answered question, sorted
    std::int64_t helpful_yes = 0;                       // all published questions, all time
    std::int64_t helpful_no = 0;
    std::int64_t same_question = 0;
};

// ---- Answer quality (issue 22) ----

// Whether the asker understood the answer on their receipt page.
enum class Understood { yes, partly, no };
const char* to_string(Understood u);
std::optional<Understood> understood_from_string(std::string_view s);

enum class UnderstoodResult {
    recorded,    // first vote of this receipt
    changed,     // the receipt's vote replaced
    no_receipt,  // no question has this receipt
    no_answer,   // the receipt shows no answer yet (nothing to understand)
    invalid,     // comment longer than kMaxUnderstoodComment bytes
};
inline constexpr std::size_t kMaxUnderstoodComment = 500;

struct UnderstoodVote {
    Understood answer = Understood::yes;
    std::string comment;  // redacted, may be empty
    UnixSeconds voted_at = 0;
    UnixSeconds changed_at = 0;
};

// Votes per month the questions were asked ("YYYY-MM", Stockholm), oldest first. Raw
// counts: pages suppress small ones.
struct UnderstoodMonth {
    std::string month;
    std::int64_t yes = 0;
    std::int64_t partly = 0;
    std::int64_t no = 0;
};

// A comment for the operators' dashboard, never shown elsewhere.
struct UnderstoodComment {
    std::string month;  // of the question
    Understood answer = Understood::yes;
    std::string comment;
};

// A query term that found nothing, summed over the days asked for.
struct SearchGap {
    std::string term;
    std::int64_t count = 0;  // searches that found nothing
    std::int64_t days = 0;   // days on which it was searched for
};

// A new version of a published answer awaiting another expert's review (re-review after
// a law changed, docs/quality.md). The published version stays public meanwhile.
struct PendingRevision {
    std::int64_t version = 0;
    std::string body;
    std::string signature_name;
    std::vector<ExpertId> authors;  // everyone who wrote any version of this answer
    UnixSeconds submitted_at = 0;
};

struct AnswerTemplate {
    std::string slug;
    std::string title;
    std::string body;
};

// ---- The store --------------------------------------------------------------------

class Store {
  public:
    // Opens (creating if needed) and migrates the database at `file`. With `audit_key`
    // (keys/audit.key), audit rows are chained with HMAC-SHA-256 under it; the first time a
    // database is opened with a key, a row 'audit_chain_keyed' starts the keyed part and the
    // settings row 'audit_keyed_from' records its id. Without a key, appending to a database
    // whose chain is keyed throws Error (an unkeyed row would break the chain).
    Store(const std::filesystem::path& file, const Clock& clock,
          std::optional<std::vector<unsigned char>> audit_key = std::nullopt);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // A number that changes whenever published content may have changed (publication,
    // edits, unpublishing, erasure, imports). Caches of rendered pages compare it.
    // Votes do not change it; see feedback_version().
    std::uint64_t generation() const;
    // A number that changes whenever question `id`'s vote counters change (in this
    // process). It is shared by every 4096th question, so it may also change when
    // another question gets a vote; it never stays the same when `id` got one.
    std::uint64_t feedback_version(QuestionId id) const;

    // The schema version of the open database, and the newest this binary knows.
    int schema_version() const;
    static int latest_schema_version();

    // ---- Archive import / export ----
    // Inserts or updates records by external id, all in one transaction, and queues
    // them for indexing. Returns one result per record. Throws Error (and changes
    // nothing) if a record names an unknown category: callers validate first.
    std::vector<UpsertResult> upsert_archive_records(std::span<const ArchiveRecord> records);
    // Calls `fn` for every published question with its published answer, in the order
    // they were asked. Questions that were asked on this site and have no external id
    // are exported with "q<id>" as their id.
    void for_each_archive_record(const std::function<void(const ArchiveRecord&)>& fn) const;
    bool has_questions() const;
    bool category_exists(std::string_view slug) const;

    // ---- Public pages ----
    std::vector<Category> categories() const;
    std::optional<PublishedQuestion> published_question(QuestionId id) const;
    std::optional<QuestionId> find_by_external_id(std::string_view external_id) const;
    // Newest answers first; `category` empty means all.
    std::vector<QuestionSummary> newest_published(std::string_view category, std::int64_t limit,
                                                  std::int64_t offset) const;
    std::int64_t published_count(std::string_view category) const;
    // Summaries of the given questions, in the given order, skipping any that is not
    // published right now (search hits are rendered from this).
    std::vector<QuestionSummary> published_summaries(std::span<const QuestionId> ids) const;
    // Ids of published questions greater than `after`, ascending, at most `limit`: for
    // walking the whole archive in slices (the related-questions warmer).
    std::vector<QuestionId> published_ids_after(QuestionId after, std::size_t limit) const;
    // Counts one vote. False if the question is not published.
    bool add_feedback(QuestionId id, FeedbackKind kind);

    // ---- Askers ----
    // Stores a new question in state 'received' with a 'received' audit entry.
    QuestionId add_question(const NewQuestion& q);
    // The question whose receipt token hashes to `receipt_hash`. The stored hash is
    // compared in constant time after the indexed lookup.
    std::optional<ReceiptView> receipt(std::span<const unsigned char> receipt_hash) const;
    // Adds a follow-up that returns the question to the experts' queue. nullopt if the
    // question is gone or the asker has more than `max_open` unanswered follow-ups.
    // `seal_original` seals the asker's original for the new row, given its id, inside the
    // insert's transaction. A follow-up in crisis also flags its question and adds its
    // categories (comma-separated) to the question's, so the question rises in the queue.
    std::optional<FollowUpId> add_follow_up(
        QuestionId q, const std::string& body,
        const std::function<std::vector<unsigned char>(FollowUpId)>& seal_original, int max_open,
        bool crisis = false, const std::string& crisis_categories = {});
    // Erases a question physically: the row and everything hanging off it (answers,
    // follow-ups, counters) are deleted with secure_delete on, the search index is told
    // to drop it, and the WAL is checkpointed so no old page with the text survives in
    // the -wal file. The audit log keeps one line that it happened, without text.
    // False if there was no such question.
    bool erase_question(QuestionId q, std::string_view actor_kind, std::string_view action);

    // Erases every unredacted original whose retention deadline has passed (questions
    // and follow-ups), and checkpoints the WAL so the ciphertext is gone from both files.
    // With `retention`, also every original older than that many seconds, whatever the
    // deadline set when it arrived (a shorter period set since). Returns how many
    // originals were erased.
    std::int64_t erase_expired_originals(UnixSeconds now,
                                         std::optional<std::int64_t> retention = std::nullopt);

    // Erases what an asker wrote that will never be published, once its retention
    // period (the question's: erase_original_after - asked_at) has passed since the last
    // activity on it:
    //  - a question that ended unpublished (declined, answered privately, or marked a
    //    duplicate) with no unanswered follow-up, `retention` after its last change:
    //    the whole question, its redacted text, decline reason, private answer and
    //    follow-ups, as an erasure does (journaled, out of the index, WAL checkpointed);
    //  - a follow-up of a published question that was not published with it, answered
    //    or closed, `retention` after its answer: the follow-up and its answer.
    // Questions still in the queue are kept: experts are working on them (their
    // originals are erased by erase_expired_originals). Published text stays.
    struct UnpublishedPurge {
        std::int64_t questions = 0;
        std::int64_t follow_ups = 0;
    };
    UnpublishedPurge erase_expired_unpublished(UnixSeconds now);

    // ---- Expert accounts and sessions ----
    std::optional<ExpertAuth> expert_auth(std::string_view username) const;
    std::optional<ExpertAuth> expert_auth(ExpertId id) const;
    // Audits a completed password check. Failed logins are not written to the database
    // (their cost must not depend on whether the username exists); the server throttles
    // them in memory.
    void record_login_success(ExpertId id);
    // Stores an enrolled TOTP key (encrypted by the caller).
    void set_totp_secret(ExpertId id, const std::vector<unsigned char>& secret_ct,
                         std::int64_t step);
    // Records `step` as the last TOTP step used, only if it is newer than the stored
    // one (so a code can never be used twice). False if it was not newer.
    bool use_totp_step(ExpertId id, std::int64_t step);
    void create_session(const std::vector<unsigned char>& token_hash, ExpertId id,
                        bool second_factor);
    // The live session with this token hash, touching its last-seen time; nullopt (and
    // the session deleted) if unknown, idle for longer than `idle_seconds`, older than
    // `lifetime_seconds` however active (the absolute lifetime), or its expert is
    // disabled.
    std::optional<SessionInfo> session(const std::vector<unsigned char>& token_hash,
                                       std::int64_t idle_seconds, std::int64_t lifetime_seconds);
    void set_session_second_factor(const std::vector<unsigned char>& token_hash);
    void delete_session(const std::vector<unsigned char>& token_hash);
    // Deletes sessions idle or older than the limits (as session() would refuse them) and
    // enrolment links past their time.
    void delete_expired_sessions(std::int64_t idle_seconds, std::int64_t lifetime_seconds);
    // The account's sessions, newest first; `current` marks the one with that token hash.
    std::vector<SessionEntry> sessions_of(ExpertId id,
                                          const std::vector<unsigned char>& current) const;
    // Ends the account's session whose SessionEntry::id is `session_id`, with an audit row
    // 'session_revoked'. False if the account has no such session.
    bool revoke_session(ExpertId id, std::string_view session_id);
    // Ends every session of the account except `keep`, with an audit row
    // 'other_sessions_revoked' when there were any. Returns how many were ended.
    std::int64_t revoke_other_sessions(ExpertId id, const std::vector<unsigned char>& keep);

    // ---- Enrolment links and password changes ----
    // Makes `token_hash` (SHA-256 of the link's token) the account's enrolment link, valid
    // kEnrolmentSeconds from now; an earlier link of the account stops working. Audits
    // 'enrolment_link_created'. False if there is no such account.
    bool create_enrolment(ExpertId id, const std::vector<unsigned char>& token_hash);
    // The account of a live link: known, unused, not past its time, account not disabled.
    std::optional<Enrolment> enrolment(const std::vector<unsigned char>& token_hash) const;
    // Uses a live link, in one transaction: deletes it (a link works once), sets the
    // password hash and the TOTP key `seal_totp` returns for the account (encrypted by the
    // caller) with `totp_step` as the last step used, ends every session of the account and
    // audits 'enrolled'. nullopt, changing nothing, if the link is not live.
    std::optional<ExpertId> complete_enrolment(
        const std::vector<unsigned char>& token_hash, const std::string& password_hash,
        const std::function<std::vector<unsigned char>(ExpertId)>& seal_totp,
        std::int64_t totp_step);
    // For a lost password or phone: clears the account's password and TOTP key, ends its
    // sessions and links, makes `token_hash` its new enrolment link and audits 'user_reset'.
    // nullopt if there is no such user.
    std::optional<ExpertId> reset_expert(std::string_view username,
                                         const std::vector<unsigned char>& token_hash);
    // Sets a new password hash, ends every other session of the account (all but `keep`)
    // and audits 'password_changed'.
    void change_password(ExpertId id, const std::string& password_hash,
                         const std::vector<unsigned char>& keep);

    // Statistics of questions asked on the site since `since`.
    Statistics statistics(UnixSeconds since) const;

    // ---- Answer quality (issue 22) ----
    // Records or changes the vote of the receipt whose token hashes to `receipt_hash`
    // (compared in constant time, as receipt()). `redacted_comment` must already have been
    // through the redactor. A receipt votes once it shows an answer (published or private).
    UnderstoodResult set_understood(std::span<const unsigned char> receipt_hash, Understood answer,
                                    std::string_view redacted_comment);
    std::optional<UnderstoodVote> understood(std::span<const unsigned char> receipt_hash) const;
    // Votes by the month the questions were asked, for questions asked since `since`.
    std::vector<UnderstoodMonth> understood_per_month(UnixSeconds since) const;
    // Non-empty comments of questions asked since `since`, newest first.
    std::vector<UnderstoodComment> understood_comments(UnixSeconds since) const;

    // Counts one search for `term` that found nothing, on today's Stockholm day. The
    // caller passes the normalised query (lower case, single spaces, trimmed); false, and
    // nothing counted, when it is empty or longer than 200 bytes.
    bool count_search_gap(std::string_view term);
    // Terms searched for without result on days `from`..`to` ("YYYY-MM-DD", inclusive),
    // whose count over those days is at least `min_count` (smaller ones are suppressed:
    // a rare term may point at one person), most searched first.
    std::vector<SearchGap> search_gaps(std::string_view from, std::string_view to,
                                       std::int64_t min_count) const;
    // Deletes the counters of days before `day`; returns how many rows went.
    std::int64_t erase_search_gaps_before(std::string_view day);
    // Readers' votes on each of `ids` (zeros for a question without any), in the order
    // given, read in one transaction: how much an answer is read, for the re-review list.
    std::vector<Feedback> feedback_of(std::span<const QuestionId> ids) const;

    // Re-review of a published answer: an expert writes a new version (no claim needed;
    // a second call replaces the text of the version still waiting and adds its writer to
    // the authors); another expert, who wrote no version, approves and signs it, and it
    // replaces the published one (dated now, so its law references resolve to the laws
    // in force now). The question stays published throughout. wrong_state when the
    // question is not published; no_answer for an empty text or, when approving, when
    // no version waits; own_answer when the reviewer wrote any version.
    Transition submit_revision(QuestionId q, ExpertId expert, const std::string& body,
                               const std::string& signature_name);
    std::optional<PendingRevision> pending_revision(QuestionId q) const;
    Transition approve_revision(
        QuestionId q, ExpertId reviewer,
        const std::function<std::vector<unsigned char>(const PublicationRecord&)>& sign);

    // House templates for answers, in their order.
    std::vector<AnswerTemplate> templates() const;
    // Admins edit a template's title and text. False if there is no such template.
    bool set_template(std::string_view slug, const std::string& title, const std::string& body,
                      ExpertId admin);

    // ---- The queue and the lifecycle (four eyes enforced here) ----
    std::vector<QueueItem> queue() const;
    std::optional<CaseView> case_view(QuestionId id) const;
    // Claims a question: allowed when it is unclaimed, its claim is older than
    // `stale_seconds`, it was handed to `expert`, or `expert` holds it already.
    Transition claim(QuestionId q, ExpertId expert, std::int64_t stale_seconds);
    Transition release(QuestionId q, ExpertId expert);
    Transition hand_over(QuestionId q, ExpertId from, ExpertId to);
    // The claimer saves the reviewed redacted title and text. `redactions` is how many
    // redactions were made (the audit log gets the count, never the text).
    Transition save_redactions(QuestionId q, ExpertId expert, const std::string& title,
                               const std::string& body, int redactions);
    Transition save_draft(QuestionId q, ExpertId expert, const std::string& body,
                          const std::string& signature_name);
    Transition submit_for_review(QuestionId q, ExpertId expert);
    Transition return_for_changes(QuestionId q, ExpertId reviewer, const std::string& comment);
    // The check at publication removed personal details the reviewer chose to remove:
    // stores the question's title and text and the answer awaiting review as given. Same
    // rules as publishing (awaiting review, the reviewer wrote no version); the audit log
    // gets the count, never the text.
    Transition remove_before_publication(QuestionId q, ExpertId reviewer, const std::string& title,
                                         const std::string& body, const std::string& answer,
                                         int removed);
    // The reviewer edits the question's public title and text while reviewing (the second
    // look at the redaction). Same rules as publishing: awaiting review, and the reviewer
    // wrote no version of the answer. The audit log says it happened, never the text.
    Transition edit_redactions_in_review(QuestionId q, ExpertId reviewer, const std::string& title,
                                         const std::string& body);
    // Publishes the answer awaiting review. The reviewer must not be its author. When
    // the reviewer is not the expert who saved the redaction, the same transaction adds
    // "redactions_second_review" to the audit log (detail "author=<expert id>"): the
    // record that someone other than its author checked the redaction.
    // `sign` is called inside the transaction with the record to sign; the original
    // unredacted text is erased in the same transaction.
    Transition approve_and_publish(
        QuestionId q, ExpertId reviewer,
        const std::function<std::vector<unsigned char>(const PublicationRecord&)>& sign);
    // Declines to publish, with a reason the asker sees; an optional private answer.
    Transition decline(QuestionId q, ExpertId expert, const std::string& reason,
                       const std::string& private_answer);
    Transition mark_duplicate(QuestionId q, ExpertId expert, QuestionId published);
    // Answers a follow-up privately: the asker reads it on the receipt page. (Showing
    // follow-ups publicly would need its own four-eyes round; not offered.)
    Transition answer_follow_up(FollowUpId f, ExpertId expert, const std::string& answer);

    // ---- Search index support ----
    std::int64_t outbox_head() const;  // the newest seq, 0 if none
    std::vector<OutboxEntry> outbox_after(std::int64_t seq, std::int64_t limit) const;
    // The index documents of those of `ids` that are published now.
    std::vector<IndexDoc> index_docs(std::span<const QuestionId> ids) const;
    // Every published question's index document, in id order.
    void for_each_index_doc(const std::function<void(const IndexDoc&)>& fn) const;

    // ---- Related-question lists (stored, read at start) ----
    // Every stored list, in question id order. Only published questions have one, and a
    // list holds only published questions: withdrawing, unpublishing or erasing a question
    // removes it from every list and marks those lists stale, in the same transaction.
    void for_each_related_list(const std::function<void(const RelatedList&)>& fn) const;
    // Stores `lists` (computed at `now`, not stale) in one transaction and returns what was
    // stored: lists of questions not published now are dropped, and ids of questions not
    // published now are left out of the lists. Does not change generation().
    std::vector<RelatedList> put_related_lists(std::span<const RelatedList> lists, UnixSeconds now);
    // Marks stale the lists of `ids` and every list that holds one of them.
    void mark_related_stale(std::span<const QuestionId> ids);
    // Published questions with id > `after`, ascending, at most `limit`, whose list is
    // missing, stale or computed with another ranking version than `ranking_version`.
    std::vector<QuestionId> related_to_compute(std::int64_t ranking_version, QuestionId after,
                                               std::size_t limit) const;
    // At most `limit` questions whose list is marked stale (an indexed read).
    std::vector<QuestionId> stale_related_lists(std::size_t limit) const;
    // The search outbox seq up to which changes have been applied to the lists (0 if never).
    std::int64_t related_seq() const;
    void set_related_seq(std::int64_t seq);

    // ---- Experts ----
    // Throws Error if the username is taken.
    ExpertId add_expert(const NewExpert& e);
    std::vector<Expert> experts() const;
    // False if there is no such user.
    bool set_expert_disabled(std::string_view username, bool disabled);

    // ---- Audit ----
    void append_audit(const AuditEntry& e);
    // Recomputes the hash chain with this store's audit key. Returns the id of the first row
    // that does not match, or nullopt if the whole chain is intact.
    std::optional<std::int64_t> verify_audit_chain() const;
    // Recomputes the hash chain: plain SHA-256 up to the keyed part, HMAC-SHA-256 under
    // `key` from its first row on (which must be the 'audit_chain_keyed' row). Without a
    // key a keyed part counts as broken at its first row, since it cannot be checked.
    AuditCheck check_audit_chain(const std::optional<std::vector<unsigned char>>& key) const;

    // ---- Keys ----
    // Calls `reseal` for every stored ciphertext (question and follow-up originals, TOTP
    // keys) with its purpose and row id, inside one write transaction; where it returns
    // bytes they replace the ciphertext. Returns how many were replaced. If `reseal` throws,
    // nothing is changed and the exception propagates.
    std::size_t reseal_secrets(
        const std::function<std::optional<std::vector<unsigned char>>(
            SecretPurpose, std::int64_t, std::span<const unsigned char>)>& reseal);

    // ---- Operations ----
    // Writes a consistent copy of the live database to `target` with SQLite's online
    // backup API; readers and the writer keep working meanwhile.
    // `progress`, if set, is called after each step with the pages copied and the total.
    void backup_to(
        const std::filesystem::path& target,
        const std::function<void(std::uint64_t done, std::uint64_t total)>& progress = {}) const;
    // Replaces the database file `live` with a copy of `backup` (a Rådfråga database of
    // this schema version or an older one, as backup_to writes). Nothing else may have
    // `live` open: the server must be stopped. Erasures made since the backup was taken
    // are applied again when `live` is next opened (the erasure journal beside it).
    // Throws Error if `backup` is not a Rådfråga database or is newer than this program.
    static void restore(const std::filesystem::path& backup, const std::filesystem::path& live);

    // Implementation, shared with the store's own source files.
    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

const char* to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

}  // namespace radfraga::store
