// store/...: migrations, transactions, archive import/export, audit chain, backup.
#define BOOST_TEST_MODULE store
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "server/archive.hpp"
#include "store/src/sqlite.hpp"
#include "store/store.hpp"
#include "tests/support/temp_dir.hpp"

namespace rs = radfraga::store;
namespace server = radfraga::server;
namespace test = radfraga::test;
using radfraga::ManualClock;
using radfraga::parse_iso8601;
using radfraga::QuestionId;
using radfraga::test::TempDir;

namespace {

rs::ArchiveRecord record(const std::string& id, const std::string& title = "En fråga om hyran") {
    rs::ArchiveRecord r;
    r.external_id = id;
    r.title = title;
    r.question = "Jag har försörjningsstöd och undrar om hyran räknas in.";
    r.pseudonym = "Fundersam";
    r.answer = "Hej! Ja, skälig hyra ingår i försörjningsstödet.";
    r.signature = "Socialrådgivningen";
    r.category = "ekonomiskt-bistand";
    r.asked_at = *parse_iso8601("2023-03-02T09:12:00+01:00");
    r.answered_at = *parse_iso8601("2023-03-03T10:00:00+01:00");
    return r;
}

std::int64_t count(const std::filesystem::path& db, const std::string& sql) {
    rs::sql::Connection c(db, rs::sql::Connection::Mode::read_only);
    auto st = c.prepare(sql);
    return st.step() ? st.int64(0) : -1;
}

std::vector<rs::ArchiveRecord> sample_records() {
    std::ifstream in(test::sample_archive());
    BOOST_REQUIRE(in);
    std::vector<rs::ArchiveRecord> out;
    std::string line;
    while (std::getline(in, line)) {
        auto parsed = server::parse_archive_line(line);
        BOOST_REQUIRE(std::holds_alternative<rs::ArchiveRecord>(parsed));
        out.push_back(std::get<rs::ArchiveRecord>(parsed));
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store)

BOOST_AUTO_TEST_CASE(a_statement_reads_columns_by_name_in_any_order) {
    TempDir dir;
    rs::sql::Connection c(dir / "x.db", rs::sql::Connection::Mode::read_write_create);
    for (int run = 0; run < 2; ++run) {  // the second run takes the statement from the cache
        auto st = c.prepare("SELECT 1 AS a, 'two' AS b, NULL AS c, 4 AS d");
        BOOST_TEST_REQUIRE(st.step());
        BOOST_TEST(st.int64("a") == 1);
        BOOST_TEST(st.text("b") == "two");
        BOOST_TEST(st.is_null("c"));
        BOOST_TEST(st.int64("d") == 4);
        // Out of order, and the same name twice in a row.
        BOOST_TEST(st.int64("d") == 4);
        BOOST_TEST(st.int64("a") == 1);
        BOOST_TEST(!st.opt_int64("c").has_value());
        BOOST_TEST(st.column("b") == 1);
        BOOST_TEST(st.column("a") == 0);
    }
}

// Reading a name the statement lacks, or one two of its columns share, is a bug in the
// query: it aborts in every build (the tests run with NDEBUG, so an assert would not).
BOOST_AUTO_TEST_CASE(a_statement_aborts_on_an_unknown_or_shared_column_name) {
    TempDir dir;
    rs::sql::Connection c(dir / "x.db", rs::sql::Connection::Mode::read_write_create);
    const auto aborts = [&](const std::string& name) {
        std::fflush(nullptr);
        const pid_t pid = fork();
        if (pid == 0) {
            std::signal(SIGABRT, SIG_DFL);  // not Boost.Test's handler: die as abort() does
            if (!std::freopen("/dev/null", "w", stderr)) _exit(2);
            auto st = c.prepare("SELECT 1 AS x, 2 AS x, 3 AS y");
            st.step();
            st.int64(name);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    };
    BOOST_TEST(aborts("z"));
    BOOST_TEST(aborts("x"));
    BOOST_TEST(!aborts("y"));
}

BOOST_AUTO_TEST_CASE(migrations_create_a_fresh_database_at_the_latest_version) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    BOOST_TEST(s.schema_version() == rs::Store::latest_schema_version());
    BOOST_TEST(rs::Store::latest_schema_version() >= 1);
    BOOST_TEST(s.public_reads().categories().size() == 8u);
    rs::sql::Connection c(dir / "db", rs::sql::Connection::Mode::read_only);
    auto jm = c.prepare("PRAGMA journal_mode");
    BOOST_REQUIRE(jm.step());
    BOOST_TEST(jm.text(0) == "wal");
    auto sd = c.prepare("PRAGMA secure_delete");
    BOOST_REQUIRE(sd.step());
    BOOST_TEST(sd.int64(0) == 1);
    auto fk = c.prepare("PRAGMA foreign_keys");
    BOOST_REQUIRE(fk.step());
    BOOST_TEST(fk.int64(0) == 1);
}

BOOST_AUTO_TEST_CASE(migrations_rerun_on_an_up_to_date_database_change_nothing) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    {
        rs::Store s(dir / "db", clock);
        s.archive().upsert_archive_records(std::vector{record("a1")});
    }
    rs::Store again(dir / "db", clock);
    BOOST_TEST(again.schema_version() == rs::Store::latest_schema_version());
    BOOST_TEST(again.public_reads().published_count("") == 1);
    BOOST_TEST(again.public_reads().categories().size() == 8u);
}

BOOST_AUTO_TEST_CASE(migrations_refuse_a_database_newer_than_the_binary) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    { rs::Store s(dir / "db", clock); }
    {
        rs::sql::Connection c(dir / "db", rs::sql::Connection::Mode::read_write);
        c.exec("PRAGMA user_version = " + std::to_string(rs::Store::latest_schema_version() + 1));
    }
    try {
        rs::Store s(dir / "db", clock);
        BOOST_FAIL("a newer database was opened");
    } catch (const rs::Error& e) {
        BOOST_TEST(std::string(e.what()).find("newer than this radfraga") != std::string::npos);
    }
    // Refused, not modified.
    BOOST_TEST(count(dir / "db", "PRAGMA user_version") == rs::Store::latest_schema_version() + 1);
}

BOOST_AUTO_TEST_CASE(opening_refuses_a_foreign_sqlite_database_and_leaves_it_alone) {
    TempDir dir;
    {
        rs::sql::Connection c(dir / "foreign.db", rs::sql::Connection::Mode::read_write_create);
        c.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)");
    }
    ManualClock clock(1'700'000'000);
    BOOST_CHECK_THROW(rs::Store(dir / "foreign.db", clock), rs::Error);
    BOOST_TEST(count(dir / "foreign.db", "SELECT count(*) FROM sqlite_schema") == 1);
}

BOOST_AUTO_TEST_CASE(opening_refuses_a_file_that_is_not_a_database) {
    TempDir dir;
    test::write_file(dir / "junk.db", std::string(4096, 'x') + "this is not sqlite");
    ManualClock clock(1'700'000'000);
    try {
        rs::Store s(dir / "junk.db", clock);
        BOOST_FAIL("a corrupt file was opened");
    } catch (const rs::Error& e) {
        BOOST_TEST(std::string(e.what()).find("not a usable") != std::string::npos);
    }
    BOOST_TEST(test::read_file(dir / "junk.db").size() == 4096u + 18u);
}

BOOST_AUTO_TEST_CASE(transactions_roll_back_unless_committed) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    { rs::Store s(dir / "db", clock); }
    rs::sql::Connection c(dir / "db", rs::sql::Connection::Mode::read_write);
    {
        rs::sql::Transaction tx(c);
        c.exec("INSERT INTO settings (key, value) VALUES ('a', '1')");
    }
    BOOST_TEST(count(dir / "db", "SELECT count(*) FROM settings") == 0);
    try {
        rs::sql::Transaction tx(c);
        c.exec("INSERT INTO settings (key, value) VALUES ('b', '1')");
        c.exec("INSERT INTO settings (key, value) VALUES ('b', '2')");  // primary key clash
        tx.commit();
    } catch (const rs::Error&) {
    }
    BOOST_TEST(count(dir / "db", "SELECT count(*) FROM settings") == 0);
    {
        rs::sql::Transaction tx(c);
        c.exec("INSERT INTO settings (key, value) VALUES ('c', '1')");
        tx.commit();
    }
    BOOST_TEST(count(dir / "db", "SELECT count(*) FROM settings") == 1);
}

BOOST_AUTO_TEST_CASE(a_failed_batch_import_changes_nothing) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    auto bad = record("b2");
    bad.category = "finns-inte";
    const std::vector<rs::ArchiveRecord> batch{record("b1"), bad};
    BOOST_CHECK_THROW(s.archive().upsert_archive_records(batch), rs::Error);
    BOOST_TEST(s.public_reads().published_count("") == 0);
    BOOST_TEST(s.outbox().outbox_head() == 0);
}

BOOST_AUTO_TEST_CASE(reimport_is_idempotent_by_external_id) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    const std::vector<rs::ArchiveRecord> first{record("x1"), record("x2")};
    auto r1 = s.archive().upsert_archive_records(first);
    BOOST_TEST((r1 == std::vector{rs::UpsertResult::inserted, rs::UpsertResult::inserted}));
    auto r2 = s.archive().upsert_archive_records(first);
    BOOST_TEST((r2 == std::vector{rs::UpsertResult::unchanged, rs::UpsertResult::unchanged}));
    const std::vector<rs::ArchiveRecord> changed{record("x1", "En ändrad rubrik")};
    auto r3 = s.archive().upsert_archive_records(changed);
    BOOST_TEST((r3 == std::vector{rs::UpsertResult::updated}));
    BOOST_TEST(s.public_reads().published_count("") == 2);
    const auto id = s.public_reads().find_by_external_id("x1");
    BOOST_REQUIRE(id.has_value());
    BOOST_TEST(s.public_reads().published_question(*id)->title == "En ändrad rubrik");
    // Two inserts and one update went to the search outbox; unchanged ones did not.
    BOOST_TEST(s.outbox().outbox_after(0, 100).size() == 3u);
}

BOOST_AUTO_TEST_CASE(export_of_an_import_gives_back_the_same_records) {
    TempDir dir;
    ManualClock clock(1'800'000'000);
    rs::Store s(dir / "db", clock);
    const auto records = sample_records();
    BOOST_REQUIRE_EQUAL(records.size(), 120u);
    s.archive().upsert_archive_records(records);
    std::vector<rs::ArchiveRecord> exported;
    s.archive().for_each_archive_record([&](const rs::ArchiveRecord& r) { exported.push_back(r); });
    BOOST_REQUIRE_EQUAL(exported.size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        BOOST_TEST((exported[i] == records[i]), "record " << i);
    // The JSON Lines written by export parse back into the same records.
    std::ostringstream out;
    BOOST_TEST(server::export_archive(s, out) == records.size());
    std::istringstream lines(out.str());
    std::string line;
    std::size_t i = 0;
    while (std::getline(lines, line)) {
        auto parsed = server::parse_archive_line(line);
        BOOST_REQUIRE(std::holds_alternative<rs::ArchiveRecord>(parsed));
        BOOST_TEST((std::get<rs::ArchiveRecord>(parsed) == records[i]), "line " << i);
        ++i;
    }
    BOOST_TEST(i == records.size());
}

BOOST_AUTO_TEST_CASE(published_pages_show_only_published_questions) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    s.archive().upsert_archive_records(std::vector{record("p1")});
    const auto id = *s.public_reads().find_by_external_id("p1");
    const auto q = s.public_reads().published_question(id);
    BOOST_REQUIRE(q.has_value());
    BOOST_TEST(q->category_name == "Ekonomiskt bistånd");
    BOOST_TEST(q->signature_name == "Socialrådgivningen");
    BOOST_TEST(!s.public_reads().published_question(QuestionId{id.value + 1000}).has_value());
    BOOST_TEST(s.public_reads().newest_published("ekonomiskt-bistand", 10, 0).size() == 1u);
    BOOST_TEST(s.public_reads().newest_published("boende", 10, 0).empty());
    const std::vector<QuestionId> ids{QuestionId{999}, id};
    BOOST_TEST(s.public_reads().published_summaries(ids).size() == 1u);
    BOOST_TEST(s.public_reads().add_feedback(id, rs::FeedbackKind::helpful_yes));
    BOOST_TEST(s.public_reads().add_feedback(id, rs::FeedbackKind::same_question));
    BOOST_TEST(!s.public_reads().add_feedback(QuestionId{999}, rs::FeedbackKind::helpful_no));
    BOOST_TEST(s.public_reads().published_question(id)->feedback.helpful_yes == 1);
    BOOST_TEST(s.public_reads().published_question(id)->feedback.same_question == 1);
}

// A list shows what a question is about, not what was removed from it.
BOOST_AUTO_TEST_CASE(excerpts_skip_sentences_that_are_mostly_placeholders) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    auto r = record("p1");
    r.question =
        "Jag heter [namn] och mitt personnummer är [personnummer]. Ring mig på [telefonnummer]!\n"
        "Min son [namn] är 15 år och vill flytta hemifrån. Kan socialtjänsten hjälpa oss?";
    auto all = record("p2");
    all.question = "Jag heter [namn]. Jag bor på [adress].";
    s.archive().upsert_archive_records(std::vector{r, all});
    const auto list = s.public_reads().newest_published("", 10, 0);
    BOOST_REQUIRE_EQUAL(list.size(), 2u);
    for (const auto& q : list) {
        if (q.external_id == "p1")
            BOOST_TEST(q.excerpt ==
                       "Min son [namn] är 15 år och vill flytta hemifrån. Kan socialtjänsten "
                       "hjälpa oss?");
        else  // nothing but placeholders: the text as it is
            BOOST_TEST(q.excerpt == all.question);
    }
}

BOOST_AUTO_TEST_CASE(audit_log_is_append_only_and_tampering_shows) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    s.audit().append_audit({"system", std::nullopt, QuestionId{1}, "received", ""});
    clock.advance(60);
    s.audit().append_audit({"expert", 7, QuestionId{1}, "claimed", ""});
    s.audit().append_audit({"expert", 8, QuestionId{1}, "published", "version=1"});
    BOOST_TEST(!s.audit().verify_audit_chain().has_value());
    rs::sql::Connection c(dir / "db", rs::sql::Connection::Mode::read_write);
    BOOST_CHECK_THROW(c.exec("UPDATE audit_log SET actor_id = 9 WHERE id = 2"), rs::Error);
    BOOST_CHECK_THROW(c.exec("DELETE FROM audit_log WHERE id = 2"), rs::Error);
    // Someone with raw file access drops the guard and edits a row: the chain breaks there.
    c.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_id = 9 WHERE id = 2");
    const auto broken = s.audit().verify_audit_chain();
    BOOST_REQUIRE(broken.has_value());
    BOOST_TEST(*broken == 2);
}

BOOST_AUTO_TEST_CASE(backup_is_a_complete_standalone_database) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    s.archive().upsert_archive_records(sample_records());
    s.backup_to(dir / "backup.db");
    BOOST_TEST(!std::filesystem::exists(dir / "backup.db.partial"));
    rs::Store b(dir / "backup.db", clock);
    BOOST_TEST(b.public_reads().published_count("") == 120);
    BOOST_TEST(b.schema_version() == rs::Store::latest_schema_version());
}

// A backup taken before an erasure still holds the question; once it is put back in
// place of the database, opening it erases the question again (the erasure journal),
// and a new question that was handed the same id afterwards is left alone.
BOOST_AUTO_TEST_CASE(a_restored_backup_is_erased_again_by_the_journal) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    const auto live = dir / "radfraga.db";
    QuestionId erased{0};
    {
        rs::Store s(live, clock);
        s.archive().upsert_archive_records(sample_records());
        s.backup_to(dir / "before.db");
        erased = *s.public_reads().find_by_external_id("s001");
        BOOST_TEST(s.erasure().erase_question(erased, "asker", "withdrawn"));
        BOOST_TEST(!s.public_reads().find_by_external_id("s001").has_value());
    }
    BOOST_TEST(std::filesystem::file_size(dir / "radfraga.db-erasures") == 40u);
    // The operator restores the older backup by copying it over the database.
    std::filesystem::remove(live.string() + "-wal");
    std::filesystem::remove(live.string() + "-shm");
    std::filesystem::copy_file(dir / "before.db", live,
                               std::filesystem::copy_options::overwrite_existing);
    {
        rs::Store s(live, clock);
        BOOST_TEST(!s.public_reads().find_by_external_id("s001").has_value());
        BOOST_TEST(s.public_reads().published_count("") == 119);
        BOOST_TEST(!s.audit().verify_audit_chain().has_value());
    }
    {
        // Opened again, nothing more is erased (the count is kept in the database).
        rs::Store s(live, clock);
        BOOST_TEST(s.public_reads().published_count("") == 119);
    }
}

BOOST_AUTO_TEST_CASE(the_journal_never_erases_a_later_question_with_a_reused_id) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    const auto live = dir / "radfraga.db";
    {
        rs::Store s(live, clock);
        s.archive().upsert_archive_records(std::vector<rs::ArchiveRecord>{record("x1")});
        BOOST_TEST(s.erasure().erase_question(*s.public_reads().find_by_external_id("x1"), "asker",
                                              "withdrawn"));
    }
    // A journal entry not yet reflected (as after a restore) whose id now belongs to
    // another question asked at another time.
    {
        rs::Store s(live, clock);
        auto r = record("x2");
        r.asked_at.utc += 3600;
        s.archive().upsert_archive_records(std::vector<rs::ArchiveRecord>{r});
    }
    {
        auto db = radfraga::store::sql::Connection(
            live, radfraga::store::sql::Connection::Mode::read_write_create);
        db.exec("UPDATE erasure_journal_state SET applied = 0");
    }
    rs::Store s(live, clock);
    BOOST_TEST(s.public_reads().find_by_external_id("x2").has_value());
}

BOOST_AUTO_TEST_CASE(experts_are_added_listed_and_disabled) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    s.accounts().add_expert({"anna", "Anna A", rs::Role::admin, "$argon2id$fake"});
    BOOST_CHECK_THROW(s.accounts().add_expert({"ANNA", "Dubblett", rs::Role::expert, "x"}),
                      rs::Error);
    BOOST_TEST(s.accounts().experts().size() == 1u);
    BOOST_TEST(s.accounts().set_expert_disabled("anna", true));
    BOOST_TEST(s.accounts().experts().front().disabled);
    BOOST_TEST(!s.accounts().set_expert_disabled("okand", true));
    BOOST_TEST(!s.audit().verify_audit_chain().has_value());
}

namespace {
// Every stored related list, by question id.
std::map<std::int64_t, rs::RelatedList> related_lists(const rs::Store& s) {
    std::map<std::int64_t, rs::RelatedList> out;
    s.related().for_each_related_list([&](const rs::RelatedList& l) { out[l.question.value] = l; });
    return out;
}
bool lists_show(const rs::Store& s, QuestionId id) {
    for (const auto& [q, l] : related_lists(s)) {
        if (q == id.value) return true;
        for (const auto r : l.related)
            if (r == id) return true;
    }
    return false;
}
}  // namespace

BOOST_AUTO_TEST_CASE(related_lists_are_stored_with_published_questions_only) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    std::vector<rs::ArchiveRecord> records;
    for (int i = 1; i <= 5; ++i) records.push_back(record("r" + std::to_string(i)));
    s.archive().upsert_archive_records(records);
    const QuestionId q1{1}, q2{2}, q3{3}, q4{4}, q5{5}, missing{99};
    const auto gen = s.generation();
    const std::vector<rs::RelatedList> lists{{q1, {q2, missing, q3, q1, q2}, 7, false},
                                             {q2, {q1, q3}, 7, false},
                                             {q3, {q4}, 6, false},
                                             {missing, {q1}, 7, false}};
    const auto stored = s.related().put_related_lists(lists, clock.now());
    // The missing question's list is dropped; ids not published, itself and repeats leave.
    BOOST_REQUIRE_EQUAL(stored.size(), 3u);
    BOOST_TEST((stored[0].related == std::vector<QuestionId>{q2, q3}));
    BOOST_TEST(s.generation() == gen, "storing lists does not invalidate pages");
    auto all = related_lists(s);
    BOOST_TEST(all.size() == 3u);
    BOOST_TEST((all[1].related == std::vector<QuestionId>{q2, q3}));
    BOOST_TEST(all[3].ranking_version == 6);
    // Missing (4, 5) and of another version (3) are to compute; stale ones none yet.
    BOOST_TEST((s.related().related_to_compute(7, QuestionId{0}, 10) ==
                std::vector<QuestionId>{q3, q4, q5}));
    BOOST_TEST((s.related().related_to_compute(7, q3, 1) == std::vector<QuestionId>{q4}));
    BOOST_TEST(s.related().stale_related_lists(10).empty());
    // An edit of question 3 marks its own list and those that show it (1 and 2).
    s.related().mark_related_stale(std::vector<QuestionId>{q3});
    BOOST_TEST((s.related().stale_related_lists(10) == std::vector<QuestionId>{q1, q2, q3}));
    s.related().put_related_lists(std::vector<rs::RelatedList>{{q1, {q2, q3}, 7, false}},
                                  clock.now());
    BOOST_TEST((s.related().stale_related_lists(10) == std::vector<QuestionId>{q2, q3}));
    BOOST_TEST(s.related().related_seq() == 0);
    s.related().set_related_seq(42);
    BOOST_TEST(s.related().related_seq() == 42);
    // Read back after reopening (a restart).
    rs::Store again(dir / "db", clock);
    BOOST_TEST(related_lists(again).size() == 3u);
    BOOST_TEST(again.related().related_seq() == 42);
}

BOOST_AUTO_TEST_CASE(an_erased_or_unpublished_question_leaves_every_stored_related_list) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    std::vector<rs::ArchiveRecord> records;
    for (int i = 1; i <= 4; ++i) records.push_back(record("r" + std::to_string(i)));
    s.archive().upsert_archive_records(records);
    const QuestionId q1{1}, q2{2}, q3{3}, q4{4};
    s.related().put_related_lists(std::vector<rs::RelatedList>{{q1, {q2, q3, q4}, 1, false},
                                                               {q2, {q3, q1}, 1, false},
                                                               {q3, {q1, q2}, 1, false},
                                                               {q4, {q1}, 1, false}},
                                  clock.now());
    // Erasure (an asker's withdrawal of a published question, or an operator's).
    BOOST_TEST(lists_show(s, q3));
    BOOST_REQUIRE(s.erasure().erase_question(q3, "asker", "withdrawn"));
    BOOST_TEST(!lists_show(s, q3));
    auto all = related_lists(s);
    BOOST_TEST((all[1].related == std::vector<QuestionId>{q2, q4}));
    BOOST_TEST((all[2].related == std::vector<QuestionId>{q1}));
    BOOST_TEST((s.related().stale_related_lists(10) == std::vector<QuestionId>{q1, q2}));
    // Leaving the published state any other way: the same.
    {
        rs::sql::Connection c(dir / "db", rs::sql::Connection::Mode::read_write);
        c.exec("UPDATE questions SET state = 'withdrawn' WHERE id = 1");
    }
    BOOST_TEST(!lists_show(s, q1));
    BOOST_TEST((s.related().stale_related_lists(10) == std::vector<QuestionId>{q2, q4}));
    // And it is not stored again from a list computed before the change.
    s.related().put_related_lists(
        std::vector<rs::RelatedList>{{q2, {q1, q4}, 1, false}, {q1, {q2}, 1, false}}, clock.now());
    BOOST_TEST(!lists_show(s, q1));
    // Nothing of the erased question is left in the file's related tables.
    BOOST_TEST(count(dir / "db",
                     "SELECT count(*) FROM related_items WHERE related_id IN (1, 3) "
                     "OR question_id IN (1, 3)") == 0);
}

namespace {
rs::RenderedPage rendered(QuestionId q, std::vector<QuestionId> related, std::string body,
                          radfraga::UnixSeconds valid_until = 2'000'000'000) {
    return rs::RenderedPage{q, "key1", valid_until, std::move(related), std::move(body)};
}
std::string file_bytes(const std::filesystem::path& db) {
    std::string all;
    for (const auto& f : {db, std::filesystem::path(db.string() + "-wal")}) {
        std::ifstream in(f, std::ios::binary);
        all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
}
}  // namespace

BOOST_AUTO_TEST_CASE(stored_question_pages_are_served_while_current) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    std::vector<rs::ArchiveRecord> records;
    for (int i = 1; i <= 4; ++i) records.push_back(record("r" + std::to_string(i)));
    s.archive().upsert_archive_records(records);
    const QuestionId q1{1}, q2{2}, q3{3}, q4{4};
    // No list yet: nothing can be rendered, by the walk or from the queue.
    BOOST_TEST(s.pages().pages_to_render("key1", clock.now(), QuestionId{0}, 10).empty());
    BOOST_TEST(s.pages().queued(clock.now(), 10).empty());
    s.related().put_related_lists(
        std::vector<rs::RelatedList>{
            {q1, {q2, q3}, 1, false}, {q2, {q1}, 1, false}, {q3, {q1, q2}, 1, false}},
        clock.now());
    BOOST_TEST((s.pages().pages_to_render("key1", clock.now(), QuestionId{0}, 10) ==
                std::vector<QuestionId>{q1, q2, q3}));
    const auto gen = s.generation();
    auto epoch = s.pages().page_epoch();
    // A page showing another list than the stored one is not kept; an unpublished or
    // listless question's page neither.
    const auto stored = s.pages().put_pages(
        std::vector<rs::RenderedPage>{rendered(q1, {q2, q3}, "<p>sida 1</p>"),
                                      rendered(q2, {q3}, "<p>fel lista</p>"),
                                      rendered(q3, {q1, q2}, "<p>sida 3</p>", 1'700'000'100),
                                      rendered(q4, {}, "<p>ingen lista</p>")},
        std::vector<QuestionId>{}, epoch);
    BOOST_REQUIRE(stored.has_value());
    BOOST_TEST(*stored == 2u);
    BOOST_TEST(s.generation() == gen, "storing pages does not invalidate cached pages");
    BOOST_TEST(s.pages().page(q1, "key1", clock.now()).value_or("") == "<p>sida 1</p>");
    BOOST_TEST(!s.pages().page(q1, "key2", clock.now()), "another render key");
    BOOST_TEST(!s.pages().page(q2, "key1", clock.now()));
    BOOST_TEST(s.pages().stored_count() == 2);
    BOOST_TEST((s.pages().pages_to_render("key1", clock.now(), QuestionId{0}, 10) ==
                std::vector<QuestionId>{q2}));
    // Queued: question 2 (its page was not stored), not question 4 (no list yet). Past
    // its validity a page is not served and is queued too.
    BOOST_TEST((s.pages().queued(clock.now(), 10) == std::vector<QuestionId>{q2}));
    clock.advance(100);
    BOOST_TEST(!s.pages().page(q3, "key1", clock.now()));
    BOOST_TEST((s.pages().queued(clock.now(), 10) == std::vector<QuestionId>{q2, q3}));
    // A page rendered before a change is not stored.
    epoch = s.pages().page_epoch();
    BOOST_TEST(s.public_reads().add_feedback(q2, rs::FeedbackKind::helpful_yes));
    BOOST_TEST(!s.pages()
                    .put_pages(std::vector<rs::RenderedPage>{rendered(q2, {q1}, "<p>2</p>")},
                               std::vector<QuestionId>{}, epoch)
                    .has_value());
    BOOST_TEST(!s.pages().page(q2, "key1", clock.now()));
    // Storing an unchanged related list keeps the page.
    s.related().put_related_lists(std::vector<rs::RelatedList>{{q1, {q2, q3}, 2, false}},
                                  clock.now());
    BOOST_TEST(s.pages().page(q1, "key1", clock.now()).has_value());
}

BOOST_AUTO_TEST_CASE(a_change_takes_every_stored_page_that_shows_it_off_the_disk) {
    TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock);
    std::vector<rs::ArchiveRecord> records;
    for (int i = 1; i <= 4; ++i) records.push_back(record("r" + std::to_string(i)));
    s.archive().upsert_archive_records(records);
    const QuestionId q1{1}, q2{2}, q3{3}, q4{4};
    s.related().put_related_lists(std::vector<rs::RelatedList>{{q1, {q2, q3}, 1, false},
                                                               {q2, {q1}, 1, false},
                                                               {q3, {q4}, 1, false},
                                                               {q4, {q1}, 1, false}},
                                  clock.now());
    const auto store_all = [&] {
        const auto epoch = s.pages().page_epoch();
        std::vector<rs::RenderedPage> pages;
        for (const auto& [q, l] : related_lists(s))
            pages.push_back(
                rendered(QuestionId{q}, l.related, "<p>Sidmarkör" + std::to_string(q) + "</p>"));
        const auto n = s.pages().put_pages(pages, std::vector<QuestionId>{}, epoch);
        BOOST_REQUIRE(n.has_value());
        BOOST_TEST(s.pages().queued(clock.now(), 10).empty());
        return *n;
    };
    const auto has = [&](QuestionId q) {
        return s.pages().page(q, "key1", clock.now()).has_value();
    };
    BOOST_TEST(store_all() == 4u);
    // A vote: the question's own page.
    s.public_reads().add_feedback(q4, rs::FeedbackKind::same_question);
    BOOST_TEST((!has(q4) && has(q1) && has(q2) && has(q3)));
    BOOST_TEST((s.pages().queued(clock.now(), 10) == std::vector<QuestionId>{q4}));
    store_all();
    // An edit of question 3's title: its page and question 1's, which lists it.
    auto edited = records[2];
    edited.title = "En ändrad rubrik";
    s.archive().upsert_archive_records(std::vector<rs::ArchiveRecord>{edited});
    BOOST_TEST((!has(q1) && has(q2) && !has(q3) && has(q4)));
    BOOST_TEST((s.pages().queued(clock.now(), 10) == std::vector<QuestionId>{q1, q3}));
    store_all();
    // Erasure of question 1: its page and those of 2 and 4, which list it; no byte of
    // them is left in the file.
    s.pages().put_pages(std::vector<rs::RenderedPage>{}, std::vector<QuestionId>{},
                        s.pages().page_epoch());
    BOOST_TEST(file_bytes(dir / "db").find("Sidmarkör1") != std::string::npos);
    BOOST_REQUIRE(s.erasure().erase_question(q1, "asker", "withdrawn"));
    BOOST_TEST((!has(q1) && !has(q2) && has(q3) && !has(q4)));
    BOOST_TEST(file_bytes(dir / "db").find("Sidmarkör1") == std::string::npos);
    BOOST_TEST(file_bytes(dir / "db").find("Sidmarkör2") == std::string::npos);
    // The erased question is dropped from the queue; the others wait for their lists,
    // which lost it and are stale.
    const auto queued = s.pages().queued(clock.now(), 10);
    BOOST_TEST((queued == std::vector<QuestionId>{q1}));
    BOOST_TEST(s.pages()
                   .put_pages(std::vector<rs::RenderedPage>{}, std::vector<QuestionId>{q1},
                              s.pages().page_epoch())
                   .has_value());
    BOOST_TEST(s.pages().queued(clock.now(), 10).empty());
    BOOST_TEST(count(dir / "db", "SELECT count(*) FROM question_pages_todo") == 2);
}

BOOST_AUTO_TEST_SUITE_END()
