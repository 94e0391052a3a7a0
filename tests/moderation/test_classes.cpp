// The classes of detail generalised for issue 18 (second round), each with sentences that
// are in none of the evaluation sets, the hard negatives each class must leave alone,
// floors on the three evaluation sets, and the identifying-combination warning.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "moderation/eval.hpp"
#include "moderation/redactor.hpp"

using namespace radfraga::moderation;

namespace {

const Redactor& R3() {
    static const Redactor r;
    return r;
}

// True if every letter and digit of `detail` (found in `text`) lies inside a finding.
bool covered(std::string_view text, std::string_view detail) {
    const auto at = text.find(detail);
    BOOST_REQUIRE_MESSAGE(at != std::string_view::npos, "test bug: " << detail);
    const auto fs = R3().find(text);
    for (std::size_t i = at; i < at + detail.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == ' ' || c == ',' || c == '-' || c == '\n' || c == '(' || c == ')') continue;
        const bool in = std::any_of(fs.begin(), fs.end(),
                                    [&](const Finding& f) { return f.start <= i && i < f.end; });
        if (!in) return false;
    }
    return true;
}

void expect_caught(std::string_view text, std::initializer_list<std::string_view> details) {
    for (auto d : details) {
        BOOST_TEST_CONTEXT("text: " << text << "\ndetail: " << d) {
            BOOST_TEST(covered(text, d));
        }
    }
}

void expect_nothing(std::string_view text) {
    BOOST_TEST_CONTEXT("text: " << text) {
        const auto fs = R3().find(text);
        for (const auto& f : fs) BOOST_TEST_MESSAGE("unexpected " << f.type << ": " << f.text);
        BOOST_TEST(fs.empty());
    }
}

std::filesystem::path source_dir() {
    const char* s = std::getenv("RADFRAGA_SOURCE_DIR");
    return s != nullptr ? std::filesystem::path(s) : std::filesystem::path(".");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(generalised_classes)

BOOST_AUTO_TEST_CASE(case_numbers_with_colons_glued_codes_and_court_labels) {
    expect_caught("dnr 2023:1187 gäller min mamma", {"2023:1187"});
    expect_caught("beslutet har Dnr BUN/2023:77 överst", {"BUN/2023:77"});
    expect_caught("det står ÄO.2023.0456 på brevet", {"ÄO.2023.0456"});
    expect_caught("de skrev Kf-2023/004512 i kallelsen", {"Kf-2023/004512"});
    expect_caught("mitt diarienr är vn 23/0412", {"vn 23/0412"});
    expect_caught("ärendet 2023/0777 SOC är avslutat", {"2023/0777 SOC"});
    expect_caught("Kammarrätten har två mål, 4410-23 och 4411-23, om min son.",
                  {"4410-23", "4411-23"});
    expect_caught("förvaltningsrätten skickade mål nr 8812-23 B i går", {"8812-23 B"});
    // Statutes, prints and clock times are no one's case.
    expect_nothing("Enligt SFS 2018:1197 och SOU 2020:47 har barnet rätt att höras.");
    expect_nothing("Mötet börjar kl 09:45 och prop. 2023/24:12 nämndes.");
}

BOOST_AUTO_TEST_CASE(bank_accounts_by_shape_cards_and_swish) {
    expect_caught("betala till clearingnr 7741 kontonr 12 345 67 tack", {"7741", "12 345 67"});
    expect_caught("mitt konto 2311 44 56789 Nordea har spärrats", {"2311 44 56789"});
    expect_caught("pengarna gick till 6123-456 789 012 i stället", {"6123-456 789 012"});
    expect_caught("han lånade kortet 5300 1234 5678 9011 och tömde det", {"5300 1234 5678 9011"});
    expect_caught("swisha 123 456 78 90 om ni vill hjälpa", {"123 456 78 90"});
    // An invoice number is no account (it is the asker's reference: a case number).
    for (const auto& f : R3().find("Fakturanr 4021 8876 5543 21 ska betalas senast fredag."))
        BOOST_TEST(f.type != FindingType::bank);
    expect_nothing("Vi ses 2024-03-15 1400 på kontoret.");
}

BOOST_AUTO_TEST_CASE(personnummer_with_the_date_written_as_a_date) {
    expect_caught("min pappa, född 1961-04-03 2245, har demens", {"1961-04-03 2245"});
}

BOOST_AUTO_TEST_CASE(addresses_without_diacritics_with_parts_and_postal_lines) {
    expect_caught("farmor bor på tallvagen 9 c i Mora", {"tallvagen 9 c"});
    expect_caught("vi har fått Stationsgatan 4, rum 210 som nödbostad",
                  {"Stationsgatan 4, rum 210"});
    expect_caught("Skicka till\nKungsgatan 2\n752 31 Uppsala", {"Kungsgatan 2\n752 31 Uppsala"});
    expect_caught("posten går till Box 512, 831 27 Östersund", {"Box 512, 831 27 Östersund"});
    expect_caught("de bor på Skolvägen 4, Norra Vi.", {"Skolvägen 4, Norra Vi"});
    expect_caught("Adress: Backe 3, 870 33 Docksta", {"Backe 3, 870 33 Docksta"});
    expect_nothing("vi bor i ett hus på landet och har 3 barn i skolan");
}

BOOST_AUTO_TEST_CASE(names_again_in_the_text_after_cues_in_capitals_and_as_initials) {
    {
        // Both occurrences, the second without any cue of its own.
        const auto fs = R3().find("min son ludvig vägrar gå i skolan, alla har gett upp om ludvig");
        BOOST_TEST(std::count_if(fs.begin(), fs.end(), [](const Finding& f) {
                       return f.type == FindingType::name && f.text == "ludvig";
                   }) == 2);
    }
    expect_caught("Min farfar Sten har slutat äta.", {"Sten"});
    expect_caught("jag heter Björk och är 15", {"Björk"});
    expect_caught("MALIN på förskolan sa att han bet ett annat barn.", {"MALIN"});
    expect_caught("min handlaggare ella b sa nej", {"ella b"});
    expect_caught("namn: karin ek", {"karin ek"});
    expect_nothing("Jag har hört om något som heter Trygg hemma, vad är det?");
    // The town after a postal code is no name (the code itself is a detail).
    for (const auto& f : R3().find("Vi bor i 41231 Kungälv sedan i fjol."))
        BOOST_TEST(f.type != FindingType::name);
    expect_nothing("Min bror har Crohns sjukdom och kan inte jobba.");
}

BOOST_AUTO_TEST_CASE(plates_in_mixed_case_and_mail_with_at_in_brackets) {
    expect_caught("grannens bil Mnb 452 står alltid på gården", {"Mnb 452"});
    expect_caught("skriv till anna.l(at)gmail.com", {"anna.l(at)gmail.com"});
    expect_nothing("Han kör en BMW 535 som han inte har råd med.");
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 18, third round: the classes that leaked on pii-fourth, with sentences of their own.
BOOST_AUTO_TEST_SUITE(third_round_classes)

BOOST_AUTO_TEST_CASE(mail_with_written_out_at_and_dots) {
    expect_caught("skicka till kalle.ek at hotmail.com tack", {"kalle.ek at hotmail.com"});
    expect_caught("lisa(at)gmail(dot)com", {"lisa(at)gmail(dot)com"});
    expect_caught("mejla lisa [snabel-a] live punkt se", {"lisa [snabel-a] live punkt se"});
    expect_caught("maila mig på nils punkt holm at telia punkt com nu",
                  {"nils punkt holm at telia punkt com"});
    expect_caught("e-post: per.lund [at] bredband.net", {"per.lund [at] bredband.net"});
    expect_caught("skriv till anna.berg @ gmail.com tack", {"anna.berg @ gmail.com"});
    expect_caught("mejla ANNA.BERG(AT)GMAIL.COM", {"ANNA.BERG(AT)GMAIL.COM"});
    // Only before a top-level domain we know.
    expect_nothing("Vi ses at fem punkt noll");
}

BOOST_AUTO_TEST_CASE(personnummer_in_odd_groups_need_date_and_check_digit) {
    expect_caught("hej mitt pnr är 92 07 14 - 3380 tack", {"92 07 14 - 3380"});
    expect_caught("Personnumret 200511 3061 28 gäller min son.", {"200511 3061 28"});
    expect_caught("jag föddes 470229 11 49 och undrar", {"470229 11 49"});
    // The same grouping with a wrong check digit is a sum, not a personnummer.
    expect_nothing("summan blev 92 07 14 33 81 totalt");
}

BOOST_AUTO_TEST_CASE(swedish_numbers_in_international_form_without_plus) {
    expect_caught("ring 46 70 412 33 08 efter fem", {"46 70 412 33 08"});
    expect_caught("mitt nr 46704123308", {"46704123308"});
    expect_nothing("Vi har varit gifta i 46 år, sedan 1978.");
    // An order number is no phone (it is a reference: a case number).
    for (const auto& f : R3().find("ordernummer 4612345678 gäller leveransen"))
        BOOST_TEST(f.type != FindingType::phone);
}

BOOST_AUTO_TEST_CASE(two_bare_digit_groups_where_the_sentence_speaks_of_a_case) {
    expect_caught("Polisanmälan fick nummer 5521-7719 men inget mer hände.", {"5521-7719"});
    expect_caught("två beslut med olika nummer, 3318-2040 och 3318-2077",
                  {"3318-2040", "3318-2077"});
    expect_nothing("Beslutet säger 1500-2000 i månaden.");
    expect_nothing("enligt beslutet får jag hjälp kl 1030-1145 varje dag");
    expect_nothing("Han har jobbat 1998-2003 och fick beslut i maj.");
}

BOOST_AUTO_TEST_CASE(surnames_that_are_words_or_end_like_streets) {
    expect_caught("Jag heter Ingela Dahlén och bor i Borås.", {"Ingela Dahlén"});
    expect_caught("Till handläggaren Mona Wallén: svara snälla", {"Mona Wallén"});
    expect_caught("Vi träffade Karin Björk och Per Öst på mötet.", {"Karin Björk", "Per Öst"});
    // A pronoun after a greeting's name opens the next sentence.
    for (const auto& f : R3().find("Hej Anna Jag undrar om ni kan hjälpa mig."))
        BOOST_TEST(f.text == "Anna");
}

BOOST_AUTO_TEST_CASE(names_presented_by_the_copula_and_possessives) {
    expect_caught("hej jag är sara 16 år", {"sara"});
    expect_caught("Jag är rädd, min dotter är VILJA och hon är borta", {"VILJA"});
    expect_caught("Jag och pappan, min dotter är TINDRA", {"TINDRA"});
    expect_nothing("jag är klar med ansökan och jag är tom inombords");
    expect_nothing("Min dotter är sjuk och jag är ensam.");
    for (const auto& f : R3().find("Nils och Stina heter mina barn.")) BOOST_TEST(f.text != "mina");
}

BOOST_AUTO_TEST_CASE(names_that_are_words_in_capitals_or_without_case_with_a_surname) {
    expect_caught("TINDRA är min dotter och hon är 7", {"TINDRA"});
    expect_caught("kontakta sara lindström eller SARA LINDSTRÖM",
                  {"sara lindström", "SARA LINDSTRÖM"});
    expect_nothing("ALLA har gett upp om mig");
    expect_nothing("jag har försökt ALLA vägar");
}

BOOST_AUTO_TEST_SUITE_END()

// Fourth round: the classes that leaked on pii-fifth, each with sentences of its own and
// the hard negatives the rule must leave alone.
BOOST_AUTO_TEST_SUITE(fourth_round_classes)

BOOST_AUTO_TEST_CASE(named_schools_homes_and_workplaces) {
    expect_caught("min son går på Tallåsskolan i Luleå", {"Tallåsskolan"});
    expect_caught("Hon bor på Vintergatshemmet sedan i våras.", {"Vintergatshemmet"});
    expect_caught("dottern går i Björkängens skola och trivs", {"Björkängens skola"});
    expect_caught("han är placerad på Tallbackens HVB nu", {"Tallbackens HVB"});
    expect_caught("Jag jobbar på förskolan Tussilago i Kalix.", {"Tussilago"});
    expect_caught("Pappa har fått plats på Behandlingshemmet Ankaret i höst.",
                  {"Behandlingshemmet Ankaret"});
    expect_caught("mamma bor på ett LSS-boende, Gruppbostaden Eken, i Mora",
                  {"Gruppbostaden Eken"});
    expect_caught("Jag jobbar extra på Pizzeria Roma på helgerna.", {"Pizzeria Roma"});
    expect_caught("Jag har startat Lindqvists Bygg & Måleri AB i fjol.",
                  {"Lindqvists Bygg & Måleri AB"});
    expect_caught("han arbetar som kock på Hotell Norrsken Syd", {"Hotell Norrsken Syd"});
    // Kinds of places, authorities, chains and a child's own school are no such names.
    expect_nothing("Förskolan ringde och Grundskolan skickade ett brev.");
    expect_nothing("Jag jobbar på Försäkringskassan och handlar på ICA.");
    for (const auto& f : R3().find("Min dotter Signe trivs inte i Signes förskola."))
        BOOST_TEST(f.text != "Signes förskola");
}

BOOST_AUTO_TEST_CASE(social_media_handles) {
    expect_caught("han skrev till henne från @tobbe_x99 hela natten", {"@tobbe_x99"});
    expect_caught("hennes insta heter lovis.b.2011 och den är öppen", {"lovis.b.2011"});
    expect_caught("på tiktok heter han kalle_kanon07", {"kalle_kanon07"});
    expect_nothing("på snap skrev han t.ex. att han var 16");
    // An e-mail address stays one; a plain name near a platform is no handle.
    for (std::string_view text : {"mejla anna.berg@gmail.com i stället", "hon heter Lina på insta"})
        for (const auto& f : R3().find(text)) BOOST_TEST(f.type != FindingType::url);
}

BOOST_AUTO_TEST_CASE(case_numbers_with_codes_spaces_and_labels) {
    expect_caught("Vårt ärende har nummer 2024-SOC-1187 hos kommunen.", {"2024-SOC-1187"});
    expect_caught("Dnr VO-B 2023/4410 gäller min son", {"VO-B 2023/4410"});
    expect_caught("mitt ärendenr är B 2023-7781 och jag väntar", {"B 2023-7781"});
    expect_caught("Kundnummer 7 113 902 48 står på fakturan", {"7 113 902 48"});
    expect_caught("fakturanr 55104921 gäller hyran", {"55104921"});
    expect_caught("mitt kundnummer hos elbolaget är EL-881 420", {"EL-881 420"});
    // Published precedents, phone and account labels and amounts are not cases.
    expect_nothing("Vad betyder Mål nr 4411-19 i HFD-domen för oss?");
    expect_nothing("fakturanr står inte men summan var 12 500 kr");
}

BOOST_AUTO_TEST_CASE(clearing_and_account_with_labels_between) {
    expect_caught("sätt in på Swedbank 8327-9 konto 914 552 118-3 tack",
                  {"8327-9 konto 914 552 118-3"});
    expect_caught("clearingnr 3300, kontonr 710 224 5599", {"3300, kontonr 710 224 5599"});
    expect_caught("mitt konto Nordea 3300 - 880 112 449", {"3300 - 880 112 449"});
    expect_nothing("Vi betalade 4 500 kr - det var för mycket.");
}

BOOST_AUTO_TEST_CASE(phones_in_words_service_numbers_and_a_flat_alone) {
    expect_caught("ring noll sju tre - fyra fyra två - tolv trettiotre så svarar jag",
                  {"noll sju tre - fyra fyra två - tolv trettiotre"});
    expect_caught("ett sms från 0770-44 55 66 sa att jag vunnit", {"0770-44 55 66"});
    expect_caught("vi bor i lgh 1302 på andra våningen", {"lgh 1302"});
    expect_nothing("hon fick noll rätt av sju frågor");
    expect_nothing("Försäkringskassan har 0771-524 524 som nummer");
    expect_nothing("lägenheten har 3 rum och kostar 1204 kr mer");
}

BOOST_AUTO_TEST_CASE(names_in_sms_style_signatures_and_quotes) {
    expect_caught("hej mitt namn e vilja och jag är 15", {"vilja"});
    expect_caught("jag har ingenstans att ta vägen. Ida 070 112 23 34", {"Ida"});
    expect_caught("Han heter Johan \"Jocke\" Pettersson och bor här.",
                  {"Johan \"Jocke\" Pettersson"});
    expect_caught("huset på Lövhyddan 4, 862 31 Kvissleby", {"Lövhyddan 4, 862 31 Kvissleby"});
    expect_nothing("Pappa har fått diagnosen Huntington i år.");
    expect_nothing("min kompis e glad idag");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evaluation_sets)

// The floors are the figures measured when the classes above were generalised; they
// ratchet up, never down. heldout was inspected while generalising (it is a development
// set now); third was written and frozen before any change; fourth was written by a
// code-blind helper and used to find the third round's classes (a development set now);
// fifth likewise for the fourth round's, sixth for the fifth round's. Since the fourth round the
// redactor proposes named schools, homes and workplaces (fifth's rules mark them as names); heldout
// and third do not mark them, so their precision floors were lowered once, to what those proposals
// cost (19 on heldout, 9 on third; every other finding is unchanged).
BOOST_AUTO_TEST_CASE(heldout_and_third_sets_stay_above_the_floors) {
    struct Set {
        const char* file;
        std::size_t texts;
        double recall, precision, no_leak, names;
    };
    for (const Set& set : {Set{"pii-heldout.jsonl", 300, 0.995, 0.925, 0.995, 0.985},
                           Set{"pii-third.jsonl", 150, 0.995, 0.935, 0.995, 0.99},
                           Set{"pii-fourth.jsonl", 200, 0.995, 0.975, 0.995, 0.99},
                           Set{"pii-fifth.jsonl", 200, 0.995, 0.99, 0.995, 0.995},
                           Set{"pii-sixth.jsonl", 200, 0.995, 0.985, 0.995, 0.995}}) {
        BOOST_TEST_CONTEXT(set.file) {
            std::ifstream f(source_dir() / "tests/data/heldout" / set.file);
            BOOST_REQUIRE(f);
            const auto r = evaluate(R3(), f);
            std::ostringstream table;
            print_report(r, table, true);
            BOOST_TEST_MESSAGE(table.str());
            BOOST_TEST(r.texts == set.texts);
            BOOST_TEST(r.overall.recall() >= set.recall);
            BOOST_TEST(r.overall.precision() >= set.precision);
            BOOST_TEST(r.no_leak_share() >= set.no_leak);
            BOOST_TEST(r.per_type.at(FindingType::name).recall() >= set.names);
            for (const auto& [type, score] : r.per_type) {
                if (type == FindingType::name) continue;
                BOOST_TEST_CONTEXT(type_name(type)) {
                    BOOST_TEST(score.recall() >= 0.99);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(identifying_combinations)

std::vector<QuasiKind> kinds_of(std::string_view text) {
    std::vector<QuasiKind> out;
    for (const auto& q : R3().find_quasi_identifiers(text)) out.push_back(q.kind);
    return out;
}

BOOST_AUTO_TEST_CASE(each_kind_is_found_from_its_context) {
    using K = QuasiKind;
    BOOST_TEST((kinds_of("Vi flyttade till Storuman förra året.") == std::vector{K::locality}));
    BOOST_TEST((kinds_of("min dotter som är 9 år vill inte äta") == std::vector{K::child_age}));
    BOOST_TEST((kinds_of("vår 4-åring slår andra barn") == std::vector{K::child_age}));
    BOOST_TEST((kinds_of("min grabb på 13 skolkar") == std::vector{K::child_age}));
    BOOST_TEST((kinds_of("Han går på Björkängsskolan.") == std::vector{K::institution}));
    BOOST_TEST((kinds_of("hon bor på gruppbostaden Linden") == std::vector{K::institution}));
    BOOST_TEST(
        (kinds_of("Mamma flyttade till Almgårdens äldreboende.") == std::vector{K::institution}));
    BOOST_TEST((kinds_of("Vår son har Angelmans syndrom.") == std::vector{K::diagnosis}));
    BOOST_TEST((kinds_of("Min man jobbar på Bergmans Åkeri.") == std::vector{K::workplace}));
    // Not quasi-identifiers: durations, adult ages, common diagnoses, kinds of school.
    BOOST_TEST(kinds_of("min son har bott där i 2 år").empty());
    BOOST_TEST(kinds_of("Hon är 84 och bor ensam.").empty());
    BOOST_TEST(kinds_of("Min dotter har ADHD och går i Grundskolan.").empty());
    BOOST_TEST(kinds_of("Min son bor på ett HVB.").empty());
}

BOOST_AUTO_TEST_CASE(two_kinds_give_a_warning_with_every_part) {
    const std::string text =
        "Vi bor i Malå och vår son på 6 år går på förskolan Myran. Han har Williams syndrom.";
    const auto w = R3().identifying_combination(text);
    BOOST_REQUIRE(w.has_value());
    std::vector<std::string> parts;
    for (const auto& p : w->parts) {
        BOOST_TEST(text.substr(p.start, p.end - p.start) == p.text);
        parts.push_back(p.text);
    }
    BOOST_TEST(
        (parts == std::vector<std::string>{"Malå", "6 år", "förskolan Myran", "Williams syndrom"}));
    BOOST_TEST(w->message.find("liten ort") != std::string::npos);
    BOOST_TEST(w->message.find("sällsynt diagnos") != std::string::npos);
    // The redactor proposes only the preschool's own name, as uncertain (below the
    // publication gate); the rest is for the expert to judge.
    const auto fs = R3().find(text);
    BOOST_TEST_REQUIRE(fs.size() == 1u);
    BOOST_TEST(fs[0].text == "Myran");
    BOOST_TEST(fs[0].confidence < 0.7);
}

BOOST_AUTO_TEST_CASE(one_quasi_identifier_alone_gives_no_warning) {
    BOOST_TEST(!R3().identifying_combination("Vi bor i Vilhelmina och undrar om färdtjänst."));
    BOOST_TEST(!R3().identifying_combination("Min son som är 7 år har slutat sova."));
    // Two of one kind (two children's ages) are still one kind.
    BOOST_TEST(!R3().identifying_combination("min dotter 5 år och min son 8 år bråkar jämt"));
}

BOOST_AUTO_TEST_CASE(the_third_set_warns_exactly_where_it_is_marked) {
    std::ifstream f(source_dir() / "tests/data/heldout/pii-third.jsonl");
    BOOST_REQUIRE(f);
    std::string line;
    std::size_t right = 0, wrong = 0;
    while (std::getline(f, line)) {
        const auto v = boost::json::parse(line).as_object();
        const bool gold = v.at("identifying").as_bool();
        const std::string text(v.at("text").as_string());
        const bool warned = R3().identifying_combination(text).has_value();
        BOOST_TEST_CONTEXT(text) {
            BOOST_TEST(warned == gold);
        }
        (warned == gold ? right : wrong) += 1;
    }
    BOOST_TEST(right == 150u);
    BOOST_TEST(wrong == 0u);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_rejected) {
    BOOST_CHECK_THROW(R3().find_quasi_identifiers("\xC3("), InvalidUtf8);
}

BOOST_AUTO_TEST_SUITE_END()
