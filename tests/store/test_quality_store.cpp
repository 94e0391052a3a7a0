// store/quality: "did you understand?" votes per receipt, counters of searches that found
// nothing, readers' votes for the re-review list and the re-review of a published answer
// (issue 22).
#include <boost/test/unit_test.hpp>

#include "core/crypto.hpp"
#include "store/store.hpp"
#include "tests/support/temp_dir.hpp"

namespace rs = radfraga::store;
namespace test = radfraga::test;
using radfraga::ExpertId;
using radfraga::ManualClock;
using radfraga::QuestionId;
using T = rs::Transition;

namespace {

struct Desk {
    test::TempDir dir;
    ManualClock clock{1'790'000'000};  // 2026-09-21
    rs::Store store{dir / "db", clock};
    ExpertId anna = store.accounts().add_expert({"anna", "Anna", rs::Role::expert, "x"});
    ExpertId bo = store.accounts().add_expert({"bo", "Bo", rs::Role::expert, "x"});
    ExpertId cecilia = store.accounts().add_expert({"cecilia", "Cecilia", rs::Role::expert, "x"});

    // A question with the receipt `receipt`, answered and published when `answer`.
    QuestionId ask(const std::string& receipt, bool answer = true) {
        rs::NewQuestion q;
        q.title = "Hyran";
        q.body = "Räknas hyran in i försörjningsstödet?";
        q.pseudonym = "Orolig";
        q.seal_original = [](QuestionId) { return std::vector<unsigned char>{1, 2, 3}; };
        q.receipt_hash = radfraga::sha256(receipt);
        q.erase_original_after = clock.now() + 30 * 86400;
        clock.advance(1);
        const auto id = store.askers().add_question(q);
        if (answer) {
            BOOST_REQUIRE(store.cases().claim(id, anna, 3600) == T::ok);
            BOOST_REQUIRE(store.cases().save_redactions(id, anna, "Hyran", "Räknas hyran in?", 1) ==
                          T::ok);
            BOOST_REQUIRE(store.cases().save_draft(id, anna, "Hej! Ja.", "Socialrådgivningen") ==
                          T::ok);
            BOOST_REQUIRE(store.cases().submit_for_review(id, anna) == T::ok);
            BOOST_REQUIRE(
                store.cases().approve_and_publish(id, bo, [](const rs::PublicationRecord&) {
                    return std::vector<unsigned char>(64, 9);
                }) == T::ok);
        }
        return id;
    }
};

std::vector<unsigned char> hash(const std::string& receipt) {
    return radfraga::sha256(receipt);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(quality)

BOOST_AUTO_TEST_CASE(one_understood_vote_per_receipt_that_can_be_changed) {
    Desk d;
    d.ask("kvitto-1");
    BOOST_TEST(!d.store.quality().understood(hash("kvitto-1")).has_value());
    BOOST_TEST((d.store.quality().set_understood(hash("kvitto-1"), rs::Understood::partly, "") ==
                rs::UnderstoodResult::recorded));
    const auto first = d.store.quality().understood(hash("kvitto-1"));
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST((first->answer == rs::Understood::partly));
    d.clock.advance(60);
    BOOST_TEST((d.store.quality().set_understood(hash("kvitto-1"), rs::Understood::yes,
                                                 "Tack, nu förstår jag.") ==
                rs::UnderstoodResult::changed));
    const auto second = d.store.quality().understood(hash("kvitto-1"));
    BOOST_TEST((second->answer == rs::Understood::yes));
    BOOST_TEST(second->comment == "Tack, nu förstår jag.");
    BOOST_TEST(second->voted_at == first->voted_at);
    BOOST_TEST(second->changed_at == first->voted_at + 60);
    // Still one vote.
    const auto months = d.store.quality().understood_per_month(0);
    BOOST_REQUIRE_EQUAL(months.size(), 1u);
    BOOST_TEST(months[0].yes + months[0].partly + months[0].no == 1);
}

BOOST_AUTO_TEST_CASE(understood_needs_a_receipt_with_an_answer) {
    Desk d;
    d.ask("obesvarad", false);
    BOOST_TEST((d.store.quality().set_understood(hash("obesvarad"), rs::Understood::no, "") ==
                rs::UnderstoodResult::no_answer));
    BOOST_TEST((d.store.quality().set_understood(hash("finns-inte"), rs::Understood::no, "") ==
                rs::UnderstoodResult::no_receipt));
    d.ask("besvarad");
    BOOST_TEST(
        (d.store.quality().set_understood(hash("besvarad"), rs::Understood::no,
                                          std::string(501, 'x')) == rs::UnderstoodResult::invalid));
    BOOST_TEST(!d.store.quality().understood(hash("besvarad")).has_value());
    BOOST_TEST((d.store.quality().set_understood(hash("besvarad"), rs::Understood::no,
                                                 std::string(500, 'x')) ==
                rs::UnderstoodResult::recorded));
}

BOOST_AUTO_TEST_CASE(understood_per_month_and_comments_for_the_dashboard) {
    Desk d;
    d.ask("a");
    d.ask("b");
    d.ask("c");
    d.clock.advance(31 * 86400);
    d.ask("e");
    BOOST_TEST((d.store.quality().set_understood(hash("a"), rs::Understood::yes, "") ==
                rs::UnderstoodResult::recorded));
    BOOST_TEST((d.store.quality().set_understood(hash("b"), rs::Understood::no, "För svåra ord.") ==
                rs::UnderstoodResult::recorded));
    BOOST_TEST((d.store.quality().set_understood(hash("c"), rs::Understood::partly, "") ==
                rs::UnderstoodResult::recorded));
    BOOST_TEST((d.store.quality().set_understood(hash("e"), rs::Understood::yes, "") ==
                rs::UnderstoodResult::recorded));
    const auto months = d.store.quality().understood_per_month(0);
    BOOST_REQUIRE_EQUAL(months.size(), 2u);
    BOOST_TEST(months[0].month == "2026-09");
    BOOST_TEST(months[0].yes == 1);
    BOOST_TEST(months[0].partly == 1);
    BOOST_TEST(months[0].no == 1);
    BOOST_TEST(months[1].month == "2026-10");
    BOOST_TEST(months[1].yes == 1);
    BOOST_TEST(d.store.quality().understood_per_month(d.clock.now() + 1).empty());
    const auto comments = d.store.quality().understood_comments(0);
    BOOST_REQUIRE_EQUAL(comments.size(), 1u);
    BOOST_TEST(comments[0].comment == "För svåra ord.");
    BOOST_TEST((comments[0].answer == rs::Understood::no));
}

BOOST_AUTO_TEST_CASE(understood_vote_goes_with_an_erased_question) {
    Desk d;
    const auto q = d.ask("radera");
    BOOST_TEST((d.store.quality().set_understood(hash("radera"), rs::Understood::yes, "ok") ==
                rs::UnderstoodResult::recorded));
    BOOST_TEST(d.store.erasure().erase_question(q, "operator", "test_erase"));
    BOOST_TEST(d.store.quality().understood_per_month(0).empty());
    BOOST_TEST(d.store.quality().understood_comments(0).empty());
}

BOOST_AUTO_TEST_CASE(understood_strings_round_trip) {
    for (const auto u : {rs::Understood::yes, rs::Understood::partly, rs::Understood::no})
        BOOST_TEST((rs::understood_from_string(rs::to_string(u)) == u));
    BOOST_TEST(!rs::understood_from_string("kanske").has_value());
}

BOOST_AUTO_TEST_CASE(search_gaps_are_counted_per_day_and_small_counts_suppressed) {
    Desk d;
    // 2026-09-21 in Stockholm.
    for (int i = 0; i < 3; ++i) BOOST_TEST(d.store.quality().count_search_gap("bostadstillägg"));
    BOOST_TEST(d.store.quality().count_search_gap("anna svensson"));
    d.clock.advance(86400);
    for (int i = 0; i < 3; ++i) BOOST_TEST(d.store.quality().count_search_gap("bostadstillägg"));
    BOOST_TEST(d.store.quality().count_search_gap("färdtjänst"));
    BOOST_TEST(!d.store.quality().count_search_gap(""));
    BOOST_TEST(!d.store.quality().count_search_gap(std::string(201, 'a')));

    const auto all = d.store.quality().search_gaps("2026-09-01", "2026-09-30", 1);
    BOOST_REQUIRE_EQUAL(all.size(), 3u);
    BOOST_TEST(all[0].term == "bostadstillägg");
    BOOST_TEST(all[0].count == 6);
    BOOST_TEST(all[0].days == 2);

    // With the threshold, only terms searched for at least five times are shown.
    const auto shown = d.store.quality().search_gaps("2026-09-01", "2026-09-30", 5);
    BOOST_REQUIRE_EQUAL(shown.size(), 1u);
    BOOST_TEST(shown[0].term == "bostadstillägg");
    // One day alone falls under it.
    BOOST_TEST(d.store.quality().search_gaps("2026-09-22", "2026-09-22", 5).empty());

    BOOST_TEST(d.store.quality().erase_search_gaps_before("2026-09-22") == 2);
    const auto left = d.store.quality().search_gaps("2026-01-01", "2026-12-31", 1);
    BOOST_REQUIRE_EQUAL(left.size(), 2u);
    BOOST_TEST(left[0].count == 3);
}

BOOST_AUTO_TEST_CASE(search_gap_day_is_the_stockholm_day) {
    Desk d;
    // 2026-09-21 23:30 UTC is 2026-09-22 01:30 in Stockholm (summer time).
    d.clock.set(1'790'033'400);
    BOOST_TEST(d.store.quality().count_search_gap("nattfråga"));
    BOOST_TEST(d.store.quality().search_gaps("2026-09-22", "2026-09-22", 1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_published_answer_is_re_reviewed_by_four_eyes_and_stays_public_meanwhile) {
    Desk d;
    const auto sign = [](const rs::PublicationRecord& rec) {
        return std::vector<unsigned char>(64, static_cast<unsigned char>(rec.version));
    };
    const auto waiting = d.ask("r-waiting", false);
    BOOST_TEST(
        (d.store.quality().submit_revision(waiting, d.cecilia, "Ny text.", "C") == T::wrong_state));
    const auto id = d.ask("r1");
    BOOST_TEST(!d.store.quality().pending_revision(id));
    BOOST_TEST((d.store.quality().approve_revision(id, d.cecilia, sign) == T::no_answer));
    BOOST_TEST((d.store.quality().submit_revision(id, d.cecilia, "", "C") == T::no_answer));
    d.clock.advance(100);
    BOOST_TEST(
        (d.store.quality().submit_revision(id, d.cecilia, "Enligt 4 kap. 1 § SoL.", "C") == T::ok));
    const auto p = d.store.quality().pending_revision(id);
    BOOST_REQUIRE(p.has_value());
    BOOST_TEST(p->version == 2);
    BOOST_TEST(p->body == "Enligt 4 kap. 1 § SoL.");
    // Meanwhile the published version is the public one.
    BOOST_TEST(d.store.public_reads().published_question(id)->answer == "Hej! Ja.");
    // Its writer cannot approve it, nor can Anna, who wrote version 1.
    BOOST_TEST((d.store.quality().approve_revision(id, d.cecilia, sign) == T::own_answer));
    BOOST_TEST((d.store.quality().approve_revision(id, d.anna, sign) == T::own_answer));
    const auto generation = d.store.generation();
    d.clock.advance(100);
    BOOST_TEST((d.store.quality().approve_revision(id, d.bo, sign) == T::ok));
    BOOST_TEST(d.store.generation() != generation);
    const auto q = d.store.public_reads().published_question(id);
    BOOST_TEST(q->answer == "Enligt 4 kap. 1 § SoL.");
    BOOST_TEST(q->answer_version == 2);
    BOOST_TEST(q->answered_at.utc == d.clock.now());
    BOOST_TEST(q->answer_signature == std::vector<unsigned char>(64, 2));
    BOOST_TEST(!d.store.quality().pending_revision(id));
}

BOOST_AUTO_TEST_CASE(feedback_of_reads_the_votes_in_the_order_asked) {
    Desk d;
    const auto a = d.ask("f1");
    const auto b = d.ask("f2");
    BOOST_REQUIRE(d.store.public_reads().add_feedback(b, rs::FeedbackKind::helpful_yes));
    BOOST_REQUIRE(d.store.public_reads().add_feedback(b, rs::FeedbackKind::same_question));
    const std::vector<QuestionId> ids{b, a, QuestionId{999}};
    const auto f = d.store.quality().feedback_of(ids);
    BOOST_REQUIRE_EQUAL(f.size(), 3u);
    BOOST_TEST(f[0].helpful_yes == 1);
    BOOST_TEST(f[0].same_question == 1);
    BOOST_TEST(f[1].helpful_yes == 0);
    BOOST_TEST(f[2].helpful_no == 0);
}

BOOST_AUTO_TEST_SUITE_END()
