#define BOOST_TEST_MODULE search
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <span>
#include <sstream>
#include <thread>

#include "search/cli.hpp"
#include "search/src/embedded.hpp"
#include "search/src/query.hpp"
#include "search/src/snippet.hpp"
#include "search/src/synonyms.hpp"
#include "tests/search/fixture.hpp"

using namespace radfraga;
using namespace radfraga::search;
using namespace radfraga::search::test;

namespace {

Result find(const Index& index, const std::string& text) {
    Query q;
    q.text = text;
    q.limit = 20;
    return index.search(q);
}

// A sentence of common words that makes a short test answer as long as a real one, so
// that length normalisation does not decide the order.
const std::string filler =
    " Det finns flera saker att tänka på och vi hjälper dig gärna vidare med det.";

// Three records for "skyddat boende": n1 has both words side by side once; n2 has both
// twice, always far apart (more of the words, none of the nearness); n3 has one of the
// words only, but often (it must never get a nearness bonus).
std::vector<store::ArchiveRecord> near_records() {
    return {
        record("n1", "Fråga om stöd", "Kan jag få skyddat boende?", "Ring oss." + filler, "boende",
               1),
        record("n2", "Fråga om stöd", "Jag är skyddat av grannen. Mitt boende är osäkert." + filler,
               "Ett boende kan ordnas. Du är skyddat av lagen." + filler, "boende", 2),
        record("n3", "Fråga om boende", "Boende, boende och boende.", "Om boende." + filler,
               "boende", 3),
    };
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// The generation folder CURRENT names.
std::filesystem::path live_generation(const std::filesystem::path& dir) {
    std::ifstream f(dir / "CURRENT");
    std::string line;
    std::getline(f, line);
    return dir / line;
}

// A small archive whose words are chosen to exercise the Swedish analysis.
std::vector<store::ArchiveRecord> small_archive() {
    return {
        record("a1", "Kan jag överklaga ett beslut om avslag?", "Jag fick nej på min ansökan.",
               "Du kan överklaga beslut till förvaltningsrätten inom tre veckor."),
        record("a2", "Skulder för hyran", "Jag har en hyresskuld och är rädd att bli vräkt.",
               "Kontakta hyresvärden och socialtjänsten så snart som möjligt.", "boende", 3),
        record("a3", "Oro för ett barn i grannskapet", "Hur gör man en orosanmälan?",
               "Vem som helst kan göra en anmälan till socialnämnden om oro för ett barn.",
               "barn-och-familj", 10),
        record("a4", "Pengar till mat", "Kan jag få försörjningsstöd när lönen inte räcker?",
               "Ekonomiskt bistånd kan ges när du inte kan försörja dig på annat sätt.",
               "ekonomiskt-bistand", 20),
        record("a5", "Farlig text <script>", "Vad betyder \"a & b\" <b>här</b>?",
               "Svaret nämner beslut & <script>alert(1)</script> som text.",
               "rattigheter-och-bemotande", 30),
    };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(search)

// The terms a query for `text` reads, given how many documents hold each term.
std::vector<std::string> query_terms(const std::string& text,
                                     const std::map<std::string, std::uint64_t>& freq) {
    static const Options options;
    static const detail::Analyzer analyzer(options);
    static const detail::Synonyms synonyms = [] {
        detail::Synonyms s;
        s.add_rules(detail::embedded_file("synonyms.txt"), "synonyms.txt", analyzer);
        return s;
    }();
    const auto built = detail::build_query(detail::parse_query(text), text, analyzer, &synonyms, {},
                                           [&](const std::string& t) -> std::uint64_t {
                                               auto it = freq.find(t);
                                               return it == freq.end() ? 0 : it->second;
                                           });
    return {built.query.get_unique_terms_begin(), built.query.get_unique_terms_end()};
}

BOOST_AUTO_TEST_CASE(broader_synonyms_of_a_common_word_are_left_out) {
    // "socialtjänsten" has the broader synonyms "soc" and "socialkontoret" (the archive
    // uses the reader's word more often). While the reader's word is in a few thousand
    // documents they are part of the query; when it is in more than 5 000, the reader's
    // own word finds more than enough and the synonyms' long lists are not read.
    const auto few =
        query_terms("socialtjänsten", {{"", 6000}, {"Zsocialtjänst", 4000}, {"Zsoc", 900}});
    BOOST_TEST(contains(few, "Zsoc"));
    const auto many =
        query_terms("socialtjänsten", {{"", 100000}, {"Zsocialtjänst", 64000}, {"Zsoc", 21000}});
    BOOST_TEST(!contains(many, "Zsoc"));
    BOOST_TEST(contains(many, "Zsocialtjänst"));
    // A synonym the archive uses more than the reader's word stays, however common:
    // it is how the archive says what the reader means.
    const auto strong =
        query_terms("bidrag", {{"", 100000}, {"Zbidrag", 6000}, {"Zförsörjningsstöd", 16000}});
    BOOST_TEST(contains(strong, "Zförsörjningsstöd"));
}

BOOST_AUTO_TEST_CASE(weak_ways_of_a_common_word_are_left_out) {
    // "hyresskuld" is met inside other compounds (P terms) and by its parts apart; once
    // the word itself is in more than 5 000 documents, those weaker ways are not read.
    const auto few = query_terms("hyresskuld", {{"", 6000}, {"Zhyresskuld", 300}});
    BOOST_TEST(contains(few, "Phyresskuld"));
    BOOST_TEST(contains(few, "Zskuld"));
    const auto many = query_terms("hyresskuld", {{"", 100000}, {"Zhyresskuld", 7000}});
    BOOST_TEST(!contains(many, "Phyresskuld"));
    BOOST_TEST(!contains(many, "Zskuld"));
    BOOST_TEST(contains(many, "Zhyresskuld"));
}

BOOST_AUTO_TEST_CASE(inflections_compounds_and_synonyms_meet) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(small_archive());
    Index index(*fx.store, fx.options());
    // Definite -et form meets the bare noun.
    BOOST_TEST(contains(hit_ids(find(index, "beslutet")), "a1"));
    // Plural of the -ning form meets the -an noun.
    BOOST_TEST(contains(hit_ids(find(index, "orosanmälningar")), "a3"));
    // A compound part is findable on its own, and the compound finds its parts.
    BOOST_TEST(contains(hit_ids(find(index, "skuld")), "a2"));
    BOOST_TEST(contains(hit_ids(find(index, "hyresskulder")), "a2"));
    // Synonyms: everyday words meet official ones.
    BOOST_TEST(contains(hit_ids(find(index, "socialbidrag")), "a4"));
    BOOST_TEST(contains(hit_ids(find(index, "soc")), "a2"));
    // å/ä/ö are letters of their own: "har" is not "hår" nor "här".
    BOOST_TEST(hit_ids(find(index, "hår")).empty());
}

BOOST_AUTO_TEST_CASE(phrasing_words_do_not_rank_and_titles_count) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(small_archive());
    Index index(*fx.store, fx.options());
    // "måste", "göra", "vill" phrase the question: the subject ("överklaga") decides.
    // Before, a4 ("Kan jag få …") and a3 ("Hur gör man …") matched on "kan"/"gör".
    const auto hits = hit_ids(find(index, "vad måste jag göra för att överklaga"));
    BOOST_REQUIRE(!hits.empty());
    BOOST_TEST(hits.front() == "a1");
    BOOST_TEST(hits.size() == 1u);
    // A query of phrasing words alone still finds something.
    BOOST_TEST(!hit_ids(find(index, "vill göra")).empty());
}

BOOST_AUTO_TEST_CASE(snippets_are_escaped_and_marked) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(small_archive());
    Index index(*fx.store, fx.options());
    const auto r = find(index, "script beslut");
    const auto it = std::find_if(r.hits.begin(), r.hits.end(),
                                 [](const Hit& h) { return h.external_id == "a5"; });
    BOOST_REQUIRE(it != r.hits.end());
    BOOST_TEST_MESSAGE(it->snippet);
    BOOST_TEST(it->snippet.find("<mark>") != std::string::npos);
    // The only tags are marks.
    std::string rest = it->snippet;
    for (const std::string tag : {"<mark>", "</mark>"}) {
        for (auto p = rest.find(tag); p != std::string::npos; p = rest.find(tag))
            rest.erase(p, tag.size());
    }
    BOOST_TEST(rest.find('<') == std::string::npos);
    BOOST_TEST(rest.find('>') == std::string::npos);
    BOOST_TEST(it->snippet.find("&amp; &lt;<mark>script</mark>&gt;") != std::string::npos);
}

// Prepared texts are kept between queries; an edited answer must show its new words at
// once, also before the index has caught up, and a prefix query still marks its words.
BOOST_AUTO_TEST_CASE(snippets_follow_edits_of_texts_kept_between_queries) {
    Fixture fx;
    auto records = small_archive();
    fx.store->archive().upsert_archive_records(records);
    Index index(*fx.store, fx.options());
    auto snippet_of = [&](const std::string& text, const std::string& id) {
        const auto r = find(index, text);
        const auto it = std::find_if(r.hits.begin(), r.hits.end(),
                                     [&](const Hit& h) { return h.external_id == id; });
        return it == r.hits.end() ? std::string("(no hit)") : it->snippet;
    };
    BOOST_TEST(snippet_of("förvaltningsrätten", "a1").find("<mark>förvaltningsrätten</mark>") !=
               std::string::npos);
    records[0].answer =
        "Du kan överklaga beslut till förvaltningsrätten. Skicka överklagandet till kommunen.";
    fx.store->archive().upsert_archive_records(std::span(records).first(1));
    // Not caught up: the index still finds a1 by its old words; the text is the new one.
    const auto edited = snippet_of("förvaltningsrätten", "a1");
    BOOST_TEST(edited.find("Skicka") != std::string::npos);
    BOOST_TEST(edited.find("tre veckor") == std::string::npos);
    BOOST_TEST(snippet_of("förvaltning*", "a1").find("<mark>förvaltningsrätten</mark>") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(markdown_is_stripped_from_snippets) {
    using detail::strip_markdown;
    BOOST_TEST(strip_markdown("## Rubrik ##\n\nDet **viktiga** är _detta_ och ~~inte~~ `kod`.") ==
               "Rubrik Det viktiga är detta och inte kod.");
    BOOST_TEST(strip_markdown("- ett\n* två\n+ tre\n1. fyra\n2) fem\n> citat") ==
               "ett två tre fyra fem citat");
    BOOST_TEST(strip_markdown(
                   "Läs [Socialstyrelsen](https://www.socialstyrelsen.se/a_(b)) och ![bild](x.png) "
                   "eller <https://1177.se>.\n\n[ref]: https://example.se") ==
               "Läs Socialstyrelsen och bild eller https://1177.se.");
    BOOST_TEST(strip_markdown("5 * 3 och snake_case och \\*stjärna\\*\n\n---\n\nslut") ==
               "5 * 3 och snake_case och *stjärna* slut");
    BOOST_TEST(strip_markdown("").empty());
    BOOST_TEST(strip_markdown("[öppen (\n**") == "[öppen ( **");  // a bare ** is text

    Fixture fx;
    fx.store->archive().upsert_archive_records(std::vector{
        record("m1", "Om beslut", "Jag fick ett beslut.",
               "## Så överklagar du\n\n1. Skriv **vilket beslut** du vill _överklaga_.\n"
               "2. Läs mer hos [Förvaltningsrätten](https://www.domstol.se).")});
    Index index(*fx.store, fx.options());
    const auto r = find(index, "överklaga beslut");
    BOOST_REQUIRE(!r.hits.empty());
    BOOST_TEST_MESSAGE(r.hits.front().snippet);
    std::string rest = r.hits.front().snippet;
    for (const std::string tag : {"<mark>", "</mark>"}) {
        for (auto p = rest.find(tag); p != std::string::npos; p = rest.find(tag))
            rest.erase(p, tag.size());
    }
    for (const char* syntax : {"**", "##", "_", "](", "https://"})
        BOOST_TEST(rest.find(syntax) == std::string::npos);
    BOOST_TEST(rest.find("Förvaltningsrätten") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(facets_filters_sorting_and_paging) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index index(*fx.store, fx.options());
    Query q;
    q.text = "barn";
    const auto all = index.search(q);
    BOOST_TEST(all.total > 10);
    std::int64_t sum = 0;
    for (const auto& f : all.facets) sum += f.count;
    // Exact, or (a pruned ranking) scaled estimates: each rounded on its own.
    if (all.total_is_estimate)
        BOOST_TEST(std::abs(sum - all.total) <= static_cast<std::int64_t>(all.facets.size()));
    else
        BOOST_TEST(sum == all.total);

    q.category = "barn-och-familj";
    const auto filtered = index.search(q);
    BOOST_TEST(filtered.total < all.total);
    for (const auto& h : filtered.hits) BOOST_TEST(h.category == "barn-och-familj");
    BOOST_TEST(filtered.facets.size() == all.facets.size());  // facets ignore the filter

    q.category.clear();
    q.sort = Sort::newest;
    const auto newest = index.search(q);
    for (std::size_t i = 1; i < newest.hits.size(); ++i) {
        BOOST_TEST(newest.hits[i - 1].published_at >= newest.hits[i].published_at);
    }
    const UnixSeconds from = newest.hits.back().published_at;
    q.from = from;
    const auto ranged = index.search(q);
    for (const auto& h : ranged.hits) BOOST_TEST(h.published_at >= from);
    BOOST_TEST(ranged.total <= all.total);

    q.from.reset();
    q.sort = Sort::relevance;
    q.limit = 5;
    q.offset = 5;
    const auto page2 = index.search(q);
    q.offset = 0;
    const auto page1 = index.search(q);
    BOOST_TEST(page2.hits.size() == 5U);
    for (const auto& id : hit_ids(page2)) BOOST_TEST(!contains(hit_ids(page1), id));
}

// The in-memory ranker must give what Xapian's matcher gives: the same hits in the same
// order with the same weights, the same totals and facet counts, for every kind of query
// it evaluates (synonyms, compounds, corrections, a term named twice, exclusions,
// filters, newest first, later pages), and the same results for the kinds it leaves to
// Xapian (phrases, prefixes).
BOOST_AUTO_TEST_CASE(in_memory_ranking_gives_what_xapian_gives) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Options mem_opts = fx.options();
    mem_opts.prune_min_postings = 0;  // prune whenever it can: its hits must still agree
    Options xap_opts = fx.options();
    xap_opts.dir = fx.tmp.path / "index-xapian";
    xap_opts.in_memory_ranking = false;
    // A budget of one byte: every posting list and snippet text is read again each time.
    Options tiny_opts = fx.options();
    tiny_opts.dir = fx.tmp.path / "index-tiny";
    tiny_opts.ranking_memory_bytes = 1;
    tiny_opts.snippet_memory_bytes = 1;
    const Index mem(*fx.store, mem_opts);
    const Index xap(*fx.store, xap_opts);
    const Index tiny(*fx.store, tiny_opts);

    std::vector<std::string> texts;
    for (const char* file : {"dev", "heldout"}) {
        const auto path = std::string(file) == "dev"
                              ? shared_dir() / "data" / "dev-queries.jsonl"
                              : std::filesystem::path(RADFRAGA_SOURCE_DIR) / "tests" / "search" /
                                    "heldout-queries.jsonl";
        std::ifstream f(path);
        BOOST_REQUIRE_MESSAGE(f, "cannot read " << path);
        std::string line;
        while (std::getline(f, line)) {
            if (!line.empty()) texts.emplace_back(boost::json::parse(line).at("query").as_string());
        }
    }
    BOOST_REQUIRE(texts.size() > 50);
    for (const char* t : {"hemlös bostadslös", "tolk tolkning hjälp", "bidrag ekonomisk hjälp",
                          "barn barnen barn", "hyra -skuld", "försörjningsstöd -\"egen firma\"",
                          "forsörjningsstöd", "orosanmälningar", "hyresskuld hyra",
                          "\"skyddat boende\"", "anhörig*", "lvu -tvångsvård", "soc tar barnen"}) {
        texts.emplace_back(t);
    }

    auto same = [](const Result& a, const Result& b, const std::string& what) {
        BOOST_TEST_CONTEXT(what) {
            BOOST_TEST(a.suggestion.value_or("-") == b.suggestion.value_or("-"));
            // Totals and facets are compared where both are exact; a pruned ranking's
            // are estimates (its hits are still the same, below).
            if (!a.total_is_estimate && !b.total_is_estimate) {
                BOOST_TEST(a.total == b.total);
                std::map<std::string, std::int64_t> fa, fb;
                for (const auto& f : a.facets) fa[f.category] = f.count;
                for (const auto& f : b.facets) fb[f.category] = f.count;
                BOOST_TEST((fa == fb));
            } else {
                BOOST_TEST(a.total >= static_cast<std::int64_t>(a.hits.size()));
                BOOST_TEST(b.total >= static_cast<std::int64_t>(b.hits.size()));
            }
            BOOST_REQUIRE_EQUAL(a.hits.size(), b.hits.size());
            for (std::size_t i = 0; i < a.hits.size(); ++i) {
                BOOST_TEST(std::abs(a.hits[i].score - b.hits[i].score) <=
                           1e-9 * std::max(1.0, std::abs(b.hits[i].score)));
                // Equal weights may differ in the last bit (additions in another order).
                const bool tie =
                    i + 1 < a.hits.size() && std::abs(a.hits[i].score - a.hits[i + 1].score) < 1e-9;
                const bool tied_before =
                    i > 0 && std::abs(a.hits[i].score - a.hits[i - 1].score) < 1e-9;
                if (!tie && !tied_before) BOOST_TEST(a.hits[i].id.value == b.hits[i].id.value);
                if (a.hits[i].id == b.hits[i].id)
                    BOOST_TEST(a.hits[i].snippet == b.hits[i].snippet);
            }
        }
    };
    int compared = 0;
    for (const auto& text : texts) {
        Query q;
        q.text = text;
        q.limit = 20;
        same(mem.search(q), xap.search(q), text);
        same(tiny.search(q), xap.search(q), text + " (memory budget of one byte)");
        q.sort = Sort::newest;
        same(mem.search(q), xap.search(q), text + " (newest)");
        q.sort = Sort::relevance;
        q.offset = 5;
        q.limit = 5;
        q.category = "barn-och-familj";
        q.from = 1672531200;  // 2023-01-01
        same(mem.search(q), xap.search(q), text + " (filtered, page 2)");
        compared += 3;
    }
    BOOST_TEST_MESSAGE("compared " << compared << " searches");
}

BOOST_AUTO_TEST_CASE(newest_first_lists_questions_with_every_word) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(small_archive());
    Index index(*fx.store, fx.options());
    Query q;
    q.text = "överklaga beslut";
    // Ranked, a5 (which only says "beslut") is on the list below a1.
    const auto ranked = hit_ids(index.search(q));
    BOOST_TEST(contains(ranked, "a1"));
    BOOST_TEST(contains(ranked, "a5"));
    // Newest first ranks nothing, so it lists only questions with both words ...
    q.sort = Sort::newest;
    const auto newest = index.search(q);
    BOOST_TEST(hit_ids(newest) == std::vector<std::string>{"a1"});
    BOOST_TEST(newest.total == 1);
    // ... in any inflection or synonym ("beslutet", "överklagande") ...
    q.text = "överklagande beslutet";
    BOOST_TEST(hit_ids(index.search(q)) == std::vector<std::string>{"a1"});
    // ... and, when no question has them all, every question with any of them.
    q.text = "överklaga hyresskuld";
    const auto any = hit_ids(index.search(q));
    BOOST_TEST(contains(any, "a1"));
    BOOST_TEST(contains(any, "a2"));
}

BOOST_AUTO_TEST_CASE(near_words_order_the_page_and_the_words_choose_it) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(near_records());
    Index index(*fx.store, fx.options());
    Query q;
    q.text = "skyddat boende";
    q.limit = 10;
    const auto page = index.search(q);
    const auto ids = hit_ids(page);
    BOOST_REQUIRE(ids.size() == 3);
    BOOST_TEST(ids.front() == "n1");
    // The words alone put n2 first, but nearness orders a block of ten matches whatever
    // page is asked for: a page of one is n1's, and the next two are the block's next.
    q.limit = 1;
    BOOST_TEST(hit_ids(index.search(q)) == std::vector<std::string>{"n1"});
    q.offset = 1;
    q.limit = 2;
    BOOST_TEST(hit_ids(index.search(q)) == std::vector<std::string>(ids.begin() + 1, ids.end()));
    // A near pair counts its words' weights half again: the window spans four indexed
    // words of a sentence, function words not counted, so nearness is weaker evidence
    // than the words themselves, and it must not let two words side by side stand in for
    // a third (a question's "väntat länge" above "LSS kontaktperson väntat").
    q.offset = 0;
    q.limit = 10;
    auto score_of_n1 = [&](const std::string& text) {
        q.text = text;
        for (const auto& h : index.search(q).hits)
            if (h.external_id == "n1") return h.score;
        return 0.0;
    };
    const double apart = score_of_n1("skyddat") + score_of_n1("boende");
    BOOST_TEST(score_of_n1("skyddat boende") == 1.5 * apart, boost::test_tools::tolerance(1e-9));
}

// A page holds the same questions in the same order whether it is asked for alone, as
// part of a longer page or from another offset: the proximity bonus reorders fixed blocks
// of matches, not whatever page was asked for. (Before, a page of 20 let the bonus lift a
// match from 11th to 5th that a page of 10 never showed: "hyra försörjningsstöd",
// "överklaga beslutet", "soc tar barnen".)
BOOST_AUTO_TEST_CASE(a_page_is_the_same_whatever_its_size) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index index(*fx.store, fx.options());
    for (const char* text : {"hyra försörjningsstöd", "överklaga beslutet", "soc tar barnen",
                             "hur gör jag för att byta socialsekreterare"}) {
        BOOST_TEST_CONTEXT(text) {
            Query q;
            q.text = text;
            q.limit = 30;
            const auto all = hit_ids(index.search(q));
            BOOST_REQUIRE(all.size() == 30U);
            for (const auto& [offset, limit] : {std::pair{0, 10},
                                                {10, 10},
                                                {5, 10},
                                                {0, 1},
                                                {3, 4},
                                                {0, 20},
                                                {12, 15},
                                                {20, 10}}) {
                q.offset = offset;
                q.limit = limit;
                const auto page = hit_ids(index.search(q));
                const auto want =
                    std::vector<std::string>(all.begin() + offset, all.begin() + offset + limit);
                BOOST_TEST(page == want, "offset " << offset << ", limit " << limit);
            }
        }
    }
}

// A whole sentence's function words weigh a little: of two questions with the same
// content words, the one the reader's sentence echoes ("min son går inte till skolan")
// comes first, as plain Snowball would have it; a short query's do not count.
// Stopwords are held as presence terms (S<word>, wdf 0) that add nothing to a
// document's length.
BOOST_AUTO_TEST_CASE(a_whole_sentence_counts_its_function_words) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{
        record("e1", "Fråga om skolan", "Min son går inte till skolan längre nu.",
               "Ring oss." + filler, "barn-och-familj", 1),
        record("e2", "Fråga om skolan", "Son, går, skolan, längre?", "Ring oss." + filler,
               "barn-och-familj", 2),
    });
    Index index(*fx.store, fx.options());
    Query q;
    q.text = "min son går inte till skolan längre nu";
    BOOST_TEST(hit_ids(index.search(q)) == (std::vector<std::string>{"e1", "e2"}));
    // The same content words without a sentence around them weigh both alike (the
    // stopwords add nothing to a document's length), and the newer question comes
    // first, as in any tie.
    q.text = "son går skolan längre";
    BOOST_TEST(hit_ids(index.search(q)).front() == "e2");
    // After a publication the ranker of the new revision reads the function words' lists
    // it held before (as presence lists, not as terms of their own), and the order stays.
    auto r = record("e3", "Annat", "Något helt annat.", "Ring oss." + filler, "boende", 3);
    fx.store->archive().upsert_archive_records(std::span(&r, 1));
    index.catch_up();
    q.text = "min son går inte till skolan längre nu";
    BOOST_TEST(hit_ids(index.search(q)) == (std::vector<std::string>{"e1", "e2"}));
}

// A title is itself a question, and a whole sentence that echoes it in its function
// words ("kan man få … när man är …") is asking that question: a stopword the title has
// weighs as a title word does (title_wdf times, T<word>). Two questions with the same
// words, one with the function words in its title: it comes first, where before the
// newer of the two did, as in any tie.
BOOST_AUTO_TEST_CASE(a_sentence_that_echoes_a_title_in_function_words_finds_it_first) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{
        record("f1", "När jag är sjuk och hjälp", "Hjälp när jag är sjuk och trött.",
               "Ring oss." + filler, "ekonomiskt-bistand", 1),
        record("f2", "Sjuk, hjälp", "Hjälp när jag är sjuk och trött.", "Ring oss." + filler,
               "ekonomiskt-bistand", 2),
    });
    const Index index(*fx.store, fx.options());
    Query q;
    q.text = "vad gör jag när jag är sjuk och behöver hjälp";
    BOOST_TEST(hit_ids(index.search(q)) == (std::vector<std::string>{"f1", "f2"}));
    // A short query has no function words that weigh: the tie stands, newer first.
    q.text = "sjuk hjälp";
    BOOST_TEST(hit_ids(index.search(q)) == (std::vector<std::string>{"f2", "f1"}));
}

// Nearness counts the words that are indexed: Swedish puts function words between the
// words of a question ("LSS-insatserna följer med när jag flyttar"), and they take no
// position. Words of different sentences are never near.
BOOST_AUTO_TEST_CASE(function_words_do_not_keep_words_apart) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{
        // The two words once, with five function words between them.
        record("f1", "Fråga om stöd", "Följer insatserna med när jag sedan flyttar?",
               "Ring oss." + filler, "boende", 1),
        // The two words twice, far apart: many other words, or another sentence.
        record("f2", "Fråga om stöd",
               "Insatserna beviljas efter noggrann utredning av ansvarig handläggare innan "
               "familjen flyttar. Insatserna prövas igen." +
                   filler,
               "Kommunen flyttar ärenden ofta." + filler, "boende", 2),
    });
    Index index(*fx.store, fx.options());
    Query q;
    q.text = "insatserna flyttar";
    q.limit = 10;
    const auto ids = hit_ids(index.search(q));
    BOOST_REQUIRE(ids.size() == 2);
    BOOST_TEST(ids.front() == "f1");
}

BOOST_AUTO_TEST_CASE(a_verb_keeps_its_particle) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{
        // "ta över kontraktet": the verb with the reader's particle.
        record("p1", "Fråga om boende", "Får jag ta över kontraktet nu?", "Ring oss." + filler,
               "boende", 1),
        // The same words, the verb with another particle, and the noun once more.
        record("p2", "Fråga om boende", "Får jag ta med kontraktet hem? Kontraktet är klart.",
               "Ring oss." + filler, "boende", 2),
        record("p3", "Annan fråga", "Hyran är hög.", "Sök bidrag." + filler, "boende", 3),
    });
    Index index(*fx.store, fx.options());
    Query q;
    q.text = "ta över kontraktet";
    q.limit = 10;
    const auto ids = hit_ids(index.search(q));
    BOOST_REQUIRE(ids.size() == 2);
    BOOST_TEST(ids.front() == "p1");
}

// A compound the archive lacks is found by a split into words the archive has:
// "julklappspengar" is "julklapps|pengar" (the archive says "julklappar" and "pengar"),
// though the dictionary alone splits it "jul|klappspengar", and "feriearbetslön" is
// "feriearbets|lön", "studielåne|skuld". A side must be a word: "tonår|ingar" is no split, though
// "ingar" stems as "inga" does.
BOOST_AUTO_TEST_CASE(an_unknown_compound_is_split_into_words_the_archive_has) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{
        record("j1", "Inför julen", "Räcker pengarna till julklappar åt barnen i år?",
               "Julen kostar." + filler, "ekonomiskt-bistand", 1),
        record("j2", "Julbord på jobbet", "Jag har inte råd med julen och julbordet.",
               "Julen kan vara dyr." + filler, "ekonomiskt-bistand", 2),
        record("f1", "Sommarjobb", "Min son har feriearbete i sommar. Räknas lönen?",
               "Lön räknas ibland." + filler, "ekonomiskt-bistand", 3),
        record("f2", "Arbetslön och skatt", "Jag har ett nytt arbete. Hur beskattas lönen?",
               "Skatt dras." + filler, "ekonomiskt-bistand", 4),
        record("t1", "Ingen hjälp", "Inga pengar, inga vänner och ingen hjälp.",
               "Ring oss." + filler, "ekonomiskt-bistand", 5),
        record("t2", "Tonåren", "Min son är i tonåren och vill inte gå i skolan.",
               "Prata med skolan." + filler, "ekonomiskt-bistand", 6),
        record("s1", "Studielån", "Mitt studielån har blivit en stor skuld.", "Ring CSN." + filler,
               "ekonomiskt-bistand", 7),
        record("s2", "Studier", "Jag studerar och har en skuld till banken för lånet.",
               "Ring banken." + filler, "ekonomiskt-bistand", 8),
    });
    Index index(*fx.store, fx.options());
    const auto first = [&](const std::string& text) {
        const auto ids = hit_ids(find(index, text));
        return ids.empty() ? std::string() : ids.front();
    };
    BOOST_TEST(first("julklappspengar") == "j1");
    BOOST_TEST(first("feriearbetslön") == "f1");
    // A linking "e" ("studielåne|skuld").
    BOOST_TEST(first("studielåneskuld") == "s1");
    const auto teen = hit_ids(find(index, "tonåringar"));
    BOOST_TEST(!contains(teen, "t1"));
}

BOOST_AUTO_TEST_CASE(newest_first_stays_in_date_order_after_edits_and_late_imports) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{
        record("d10", "Hyra och bidrag", "Hyran är hög.", "Sök bidrag.", "boende", 10),
        record("d20", "Hyra igen", "Hyran höjs.", "Sök bidrag igen.", "boende", 20),
        record("d30", "Hyra tredje", "Hyran.", "Bidrag.", "boende", 30),
    });
    Index index(*fx.store, fx.options());
    Query q;
    q.text = "hyra";
    q.sort = Sort::newest;
    BOOST_TEST(hit_ids(index.search(q)) == (std::vector<std::string>{"d30", "d20", "d10"}));
    // An edit keeps the question's date and place; an older question imported later,
    // and two of the same second, land where their dates say.
    auto edited = record("d20", "Hyra igen", "Hyran höjs mycket.", "Sök bidrag nu.", "boende", 20);
    auto old = record("d05", "Hyra förr", "Hyran var låg.", "Inget bidrag.", "boende", 5);
    auto twin = record("d30b", "Hyra tvilling", "Hyran samma dag.", "Bidrag.", "boende", 30);
    fx.store->archive().upsert_archive_records(
        std::vector<store::ArchiveRecord>{edited, old, twin});
    index.catch_up();
    const auto ids = hit_ids(index.search(q));
    BOOST_REQUIRE(ids.size() == 5U);
    BOOST_TEST((ids[0] == "d30" || ids[0] == "d30b"));
    BOOST_TEST((ids[1] == "d30" || ids[1] == "d30b"));
    BOOST_TEST(ids[2] == "d20");
    BOOST_TEST(ids[3] == "d10");
    BOOST_TEST(ids[4] == "d05");
    // Paging follows the same order, and a rebuild gives the same list.
    q.offset = 2;
    q.limit = 2;
    BOOST_TEST(hit_ids(index.search(q)) == (std::vector<std::string>{"d20", "d10"}));
    index.rebuild();
    q.offset = 0;
    q.limit = 10;
    const auto rebuilt = hit_ids(index.search(q));
    BOOST_TEST(std::vector<std::string>(rebuilt.begin() + 2, rebuilt.end()) ==
               (std::vector<std::string>{"d20", "d10", "d05"}));
}

BOOST_AUTO_TEST_CASE(a_query_without_the_swedish_letters_is_searched_with_them) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index index(*fx.store, fx.options());
    // Typed on a keyboard without å, ä and ö: the same hits as with them, and the text
    // with them offered.
    const auto typed = find(index, "forsorjningsstod nar hyresvarden vill vraka mig");
    const auto proper = find(index, "försörjningsstöd när hyresvärden vill vräka mig");
    BOOST_TEST(typed.suggestion.value_or("") == "försörjningsstöd när hyresvärden vill vräka mig");
    BOOST_TEST(hit_ids(typed) == hit_ids(proper));
    BOOST_TEST(!hit_ids(typed).empty());
    // Words the archive knows as written are left alone.
    BOOST_TEST(!find(index, "skulder").suggestion.has_value());
    // So is a draft in the ask form, for its similar questions.
    const auto ids = [](const std::vector<Hit>& hits) {
        std::vector<std::string> out;
        for (const auto& h : hits) out.push_back(h.title);
        return out;
    };
    // ("Far" would stay "far", the father: a known word is never made a phrasing word.)
    BOOST_TEST(ids(index.similar("Hjalp med hyran nar jag har forsorjningsstod?", 5)) ==
               ids(index.similar("Hjälp med hyran när jag har försörjningsstöd?", 5)));
}

BOOST_AUTO_TEST_CASE(misspellings_get_a_suggestion_from_the_archive) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index index(*fx.store, fx.options());
    const auto r = find(index, "försörjnigsstöd sommar");
    BOOST_REQUIRE(r.suggestion.has_value());
    BOOST_TEST(*r.suggestion == "försörjningsstöd sommar");
    BOOST_TEST(!r.hits.empty());
    BOOST_TEST(!find(index, "försörjningsstöd").suggestion.has_value());
    // A word the dictionary lists is no misspelling: the archive lacks "dröjer", and its
    // nearest archive word "droger" is another word. A form of the same word is taken:
    // the archive says "demens", not "dement".
    BOOST_TEST(!find(index, "besluten dröjer").suggestion.has_value());
    BOOST_TEST(find(index, "pappa dement").suggestion.value_or("") == "pappa demens");
}

// A misspelling is searched as its correction in every way the word is: its nearness
// to the other words and its synonyms are the correction's, as the words themselves are.
// A real word the archive lacks keeps its own synonyms.
BOOST_AUTO_TEST_CASE(a_misspelled_word_is_near_and_synonymous_as_its_correction) {
    Fixture fx;
    auto records = near_records();
    records.insert(records.end(),
                   {record("s1", "Pengar till mat", "Hur söker jag försörjningsstöd?",
                           "Hos kommunen." + filler, "ekonomiskt-bistand", 4),
                    record("s2", "Ett gammalt ord", "Min mamma säger socialbidrag.",
                           "Det heter annat nu.", "ekonomiskt-bistand", 5),
                    record("h1", "Utan bostad", "Jag är hemlös sedan i höstas.",
                           "Vi hjälper dig." + filler, "boende", 6),
                    record("h2", "Unga vuxna", "Många bostadslösa är unga.",
                           "Det stämmer." + filler, "boende", 7)});
    fx.store->archive().upsert_archive_records(records);
    Index index(*fx.store, fx.options());
    const auto near = find(index, "skydat boende");
    BOOST_TEST(near.suggestion.value_or("") == "skyddat boende");
    BOOST_REQUIRE(!near.hits.empty());
    BOOST_TEST(hit_ids(near).front() == "n1");
    const auto synonym = find(index, "socialbidrg");
    BOOST_TEST(synonym.suggestion.value_or("") == "socialbidrag");
    BOOST_TEST(contains(hit_ids(synonym), "s1"));
    // "bostadslös" is a word of its own, corrected to its plural the archive has; its
    // synonym "hemlös" still finds h1.
    const auto real = find(index, "bostadslös");
    BOOST_TEST(contains(hit_ids(real), "h1"));
    BOOST_TEST(contains(hit_ids(real), "h2"));
}

// A compound the archive lacks is found where the archive has it with a synonym in
// place of one part: "knark" and "narkotika" are "droger", so "knarktest" and
// "narkotikatest" find "drogtester". A part alone inside another compound is not
// enough ("test" in "testamente" beside "droger").
BOOST_AUTO_TEST_CASE(a_compound_is_found_with_a_synonym_for_a_part) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{
        record("d1", "Krav för bistånd", "Får de kräva urinprov?",
               "Drogtester kan ingå i en plan." + filler, "missbruk", 1),
        record("d2", "Arv", "Mammas testamente och hennes droger.", "Om arv." + filler, "missbruk",
               2),
    });
    Index index(*fx.store, fx.options());
    for (const char* text : {"knarktest", "narkotikatest"}) {
        BOOST_TEST_CONTEXT(text) {
            const auto ids = hit_ids(find(index, text));
            BOOST_REQUIRE(!ids.empty());
            BOOST_TEST(ids.front() == "d1");
        }
    }
}

BOOST_AUTO_TEST_CASE(related_and_similar_questions) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index index(*fx.store, fx.options());
    const auto id = fx.id_of("s039");
    const auto related = index.related(id, 5);
    BOOST_TEST(related.size() == 5U);
    for (const auto& h : related) BOOST_TEST(h.id.value != id.value);
    BOOST_TEST(index.related(QuestionId{999999}, 5).empty());

    const auto similar = index.similar("Får jag hjälp med hyran om jag har försörjningsstöd?", 5);
    BOOST_TEST(!similar.empty());
    BOOST_TEST(index.similar("", 5).empty());
    BOOST_TEST(index.similar("\xff\xfe", 5).empty());
}

BOOST_AUTO_TEST_CASE(outbox_is_replayed_at_open) {
    Fixture fx;
    auto recs = small_archive();
    fx.store->archive().upsert_archive_records(std::span(recs).first(2));
    {
        Index index(*fx.store, fx.options());
        BOOST_TEST(index.document_count() == 2);
    }
    // Published while the index was closed.
    fx.store->archive().upsert_archive_records(std::span(recs).subspan(2));
    Index index(*fx.store, fx.options());
    BOOST_TEST(index.document_count() == 5);
    BOOST_TEST(index.last_seq() == fx.store->outbox().outbox_head());
    BOOST_TEST(contains(hit_ids(find(index, "orosanmälan")), "a3"));
}

BOOST_AUTO_TEST_CASE(catch_up_applies_new_entries_and_is_cheap_when_idle) {
    Fixture fx;
    auto recs = small_archive();
    fx.store->archive().upsert_archive_records(std::span(recs).first(1));
    Options o = fx.options();
    o.batch_size = 2;  // several commits
    Index index(*fx.store, o);
    BOOST_TEST(index.catch_up().entries == 0);
    fx.store->archive().upsert_archive_records(std::span(recs).subspan(1));
    const auto stats = index.catch_up();
    BOOST_TEST(stats.entries == 4);
    BOOST_TEST(stats.indexed == 4);
    BOOST_TEST(index.document_count() == 5);
    BOOST_TEST(index.catch_up().entries == 0);
}

BOOST_AUTO_TEST_CASE(replaying_applied_entries_is_idempotent) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    std::vector<std::string> before;
    {
        Index index(*fx.store, fx.options());
        before = hit_ids(find(index, "hyra försörjningsstöd"));
    }
    // Pretend the index never recorded any of it: every entry is replayed over docs
    // that are already there.
    {
        Xapian::WritableDatabase db(live_generation(fx.index_dir()).string(), Xapian::DB_OPEN);
        db.set_metadata("radfraga.last_seq", "0");
        db.commit();
    }
    Index index(*fx.store, fx.options());
    BOOST_TEST(index.document_count() == 120);
    BOOST_TEST(hit_ids(find(index, "hyra försörjningsstöd")) == before,
               boost::test_tools::per_element());
    // Spelling counts were not doubled, nor lost.
    BOOST_TEST(find(index, "försörjnigsstöd").suggestion.has_value());
}

BOOST_AUTO_TEST_CASE(missing_or_corrupt_index_is_rebuilt) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(small_archive());
    { Index index(*fx.store, fx.options()); }
    std::filesystem::remove_all(fx.index_dir());
    {
        Index index(*fx.store, fx.options());
        BOOST_TEST(index.document_count() == 5);
    }
    // Garbage in every file of the live generation.
    for (const auto& e : std::filesystem::directory_iterator(live_generation(fx.index_dir()))) {
        std::ofstream(e.path(), std::ios::trunc) << "not a xapian table";
    }
    {
        Index index(*fx.store, fx.options());
        BOOST_TEST(index.document_count() == 5);
        BOOST_TEST(contains(hit_ids(find(index, "beslut")), "a1"));
    }
    // A CURRENT that names nothing.
    std::ofstream(fx.index_dir() / "CURRENT", std::ios::trunc) << "gen-999\n";
    {
        Index index(*fx.store, fx.options());
        BOOST_TEST(index.document_count() == 5);
    }
    // An interrupted rebuild's scratch folder is removed; a later generation's (another
    // process's rebuild in progress) is left alone.
    std::filesystem::create_directories(fx.index_dir() / "build-gen-000001");
    std::filesystem::create_directories(fx.index_dir() / "build-gen-900000");
    Index index(*fx.store, fx.options());
    index.rebuild();
    BOOST_TEST(!std::filesystem::exists(fx.index_dir() / "build-gen-000001"));
    BOOST_TEST(std::filesystem::exists(fx.index_dir() / "build-gen-900000"));
    BOOST_TEST(index.document_count() == 5);
}

BOOST_AUTO_TEST_CASE(unpublished_and_erased_questions_disappear) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(small_archive());
    Index index(*fx.store, fx.options());
    BOOST_TEST(contains(hit_ids(find(index, "beslut")), "a1"));
    BOOST_TEST(contains(hit_ids(find(index, "hyresskuld")), "a2"));

    fx.unpublish("a1");
    fx.erase("a2");
    // Hits are rendered from the store: gone at once, before the indexer runs.
    BOOST_TEST(!contains(hit_ids(find(index, "beslut")), "a1"));
    BOOST_TEST(!contains(hit_ids(find(index, "hyresskuld")), "a2"));

    const auto stats = index.catch_up();
    BOOST_TEST(stats.removed == 2);
    BOOST_TEST(index.document_count() == 3);
    // The erased words are gone from the index too (not even a spelling suggestion).
    Query q;
    q.text = "hyresskulld";
    BOOST_TEST(!index.search(q).suggestion.has_value());
    BOOST_TEST(find(index, "hyresskuld").total == 0);
}

// Every file under `dir` whose bytes contain `needle` (the index's on-disk promise:
// erased text is physically gone, not merely unreachable).
std::vector<std::string> files_containing(const std::filesystem::path& dir,
                                          const std::string& needle) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream f(e.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(f)),
                                std::istreambuf_iterator<char>());
        if (bytes.find(needle) != std::string::npos) out.push_back(e.path().string());
    }
    return out;
}

// A unique word in a published question, which is then erased or edited away.
constexpr const char* kCanary = "kanarieordxq";

std::vector<store::ArchiveRecord> archive_with_canary() {
    auto records = small_archive();
    records.push_back(record("c1", "Fråga om kanarieordxq",
                             std::string("Min granne ") + kCanary + " och hyran.", "Svar om hyran.",
                             "boende", 40));
    return records;
}

BOOST_AUTO_TEST_CASE(erased_text_leaves_every_index_file_at_once) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(archive_with_canary());
    Index index(*fx.store, fx.options());
    BOOST_TEST(!files_containing(fx.index_dir(), kCanary).empty());  // the check can see it

    fx.erase("c1");
    BOOST_TEST(index.catch_up().removed == 1);
    BOOST_TEST(files_containing(fx.index_dir(), kCanary).empty(),
               "still in " << files_containing(fx.index_dir(), kCanary).size() << " files");
    BOOST_TEST(index.document_count() == 5);
    BOOST_TEST(find(index, "hyresskuld").total == 1);  // the rest is still searchable
}

BOOST_AUTO_TEST_CASE(an_edited_away_word_leaves_the_index_files) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(archive_with_canary());
    Index index(*fx.store, fx.options());
    auto records = archive_with_canary();
    records.back().title = "Fråga om grannen";
    records.back().question = "Min granne och hyran.";
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{records.back()});
    index.catch_up();
    BOOST_TEST(files_containing(fx.index_dir(), kCanary).empty());
    BOOST_TEST(find(index, kCanary).total == 0);
    BOOST_TEST(contains(hit_ids(find(index, "grannen")), "c1"));
}

BOOST_AUTO_TEST_CASE(a_rebuild_keeps_only_the_live_generation) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(archive_with_canary());
    {
        Index index(*fx.store, fx.options());
        index.rebuild();
        index.rebuild();
    }
    int generations = 0;
    for (const auto& e : std::filesystem::directory_iterator(fx.index_dir()))
        if (e.path().filename().string().starts_with("gen-")) ++generations;
    BOOST_TEST(generations == 1);
}

// The erasure reached the index (the document was deleted and committed) but the
// process stopped before the index files were rewritten: the next start finishes it.
BOOST_AUTO_TEST_CASE(an_interrupted_scrub_is_finished_at_the_next_start) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(archive_with_canary());
    { Index index(*fx.store, fx.options()); }
    const auto id_term = "Q" + std::to_string(fx.id_of("c1").value);
    fx.erase("c1");
    {
        // What the indexer did before it stopped: the deletion, committed, and the
        // durable note that a scrub is due (written before the commit).
        const auto gen = live_generation(fx.index_dir());
        { std::ofstream(fx.index_dir() / "SCRUB-PENDING") << "1\n"; }
        Xapian::WritableDatabase w(gen.string(), Xapian::DB_OPEN);
        Xapian::PostingIterator p = w.postlist_begin(id_term);
        BOOST_REQUIRE(p != w.postlist_end(id_term));
        w.remove_spelling(kCanary, 1);  // as the indexer removes a document's words
        w.delete_document(*p);
        w.commit();
    }
    BOOST_TEST(!files_containing(fx.index_dir(), kCanary).empty());
    Index index(*fx.store, fx.options());
    BOOST_TEST(files_containing(fx.index_dir(), kCanary).empty());
    BOOST_TEST(!std::filesystem::exists(fx.index_dir() / "SCRUB-PENDING"));
}

BOOST_AUTO_TEST_CASE(bad_queries_fail_cleanly_or_give_sensible_results) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index index(*fx.store, fx.options());
    auto kind_of = [&](const std::string& text) -> std::optional<QueryErrorKind> {
        try {
            find(index, text);
            return std::nullopt;
        } catch (const QueryError& e) {
            BOOST_TEST(std::string(e.message_sv()).size() > 0U);
            return e.kind();
        }
    };
    BOOST_TEST((kind_of("") == QueryErrorKind::empty));
    BOOST_TEST((kind_of("   ") == QueryErrorKind::empty));
    BOOST_TEST((kind_of("*") == QueryErrorKind::empty));
    BOOST_TEST((kind_of("\"\"") == QueryErrorKind::empty));
    BOOST_TEST((kind_of("-barn") == QueryErrorKind::empty));
    BOOST_TEST((kind_of("bar\xff\xfe") == QueryErrorKind::invalid_utf8));
    BOOST_TEST((kind_of("\xc3\x28") == QueryErrorKind::invalid_utf8));

    std::string many;
    for (int i = 0; i < 10000; ++i) many += "barn ";
    BOOST_TEST((kind_of(many) == QueryErrorKind::too_long));
    std::string many_short;
    for (int i = 0; i < 300; ++i) many_short += "ab ";
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(!kind_of(many_short).has_value());
    BOOST_TEST(!kind_of("\"skyddat boende").has_value());          // unbalanced quote
    BOOST_TEST(!kind_of("((hyra) försörjningsstöd").has_value());  // unbalanced parenthesis
    BOOST_TEST(!kind_of("hyra\x01\x07\x1b[31m försörjningsstöd").has_value());
    BOOST_TEST(!kind_of("a*").has_value());
    BOOST_TEST(!kind_of("e* s* b* a*").has_value());
    BOOST_TEST(!kind_of("vad är det").has_value());  // only stopwords: still searched
    BOOST_TEST(!kind_of("AND OR NOT NEAR").has_value());
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));

    BOOST_TEST(!find(index, "\"skyddat boende\"").hits.empty());
    BOOST_TEST(!find(index, "hyr*").hits.empty());
    BOOST_TEST(find(index, "\"skyddat boende\"").total <= find(index, "skyddat boende").total);
    BOOST_TEST(find(index, "barn -familjehem").total < find(index, "barn").total);

    Query q;
    q.text = "barn";
    q.from = 2000000000;
    q.to = 1000000000;
    BOOST_CHECK_THROW(index.search(q), QueryError);
    q.from.reset();
    q.to.reset();
    q.offset = 1000000;
    q.limit = 1000000;
    BOOST_TEST(index.search(q).hits.empty());
    q.offset = -1;
    BOOST_CHECK_THROW(index.search(q), QueryError);
}

BOOST_AUTO_TEST_CASE(unknown_compounds_that_crash_hunspell_are_searchable) {
    // Hunspell 1.7.1's stem() dies on these (a segmentation fault, found by fuzzing);
    // a reader can type them, so they must give an ordinary result.
    Fixture fx;
    fx.store->archive().upsert_archive_records(small_archive());
    Index index(*fx.store, fx.options());
    for (const char* text : {"xförsörjningsstöd", "xbetalningsanmärkning",
                             "xbetalningsföreläggande", "kan jag få xförsörjningsstöd"}) {
        Query q;
        q.text = text;
        BOOST_CHECK_NO_THROW((void)index.search(q));
        BOOST_CHECK_NO_THROW((void)index.similar(text, 5));
    }
    // The same words inside a published text are indexed.
    fx.store->archive().upsert_archive_records(std::vector<store::ArchiveRecord>{record(
        "x1", "Om xförsörjningsstöd", "Vad är xbetalningsanmärkning?", "Ett påhittat ord.")});
    index.catch_up();
    BOOST_TEST(contains(hit_ids(find(index, "xförsörjningsstöd")), "x1"));
}

BOOST_AUTO_TEST_CASE(operator_synonyms_extend_the_list) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(small_archive());
    const auto file = fx.tmp.path / "synonyms.txt";
    std::ofstream(file) << "# lokala ord\nmatpengar => försörjningsstöd\n";
    Options o = fx.options();
    o.extra_synonyms = file;
    Index index(*fx.store, o);
    BOOST_TEST(contains(hit_ids(find(index, "matpengar")), "a4"));

    std::ofstream(file, std::ios::trunc) << "ensamt\n";
    BOOST_CHECK_THROW(Index(*fx.store, o), Error);
    o.extra_synonyms = fx.tmp.path / "missing.txt";
    BOOST_CHECK_THROW(Index(*fx.store, o), Error);
}

BOOST_AUTO_TEST_CASE(queries_run_concurrently_with_the_indexer) {
    Fixture fx;
    auto recs = sample_archive();
    fx.store->archive().upsert_archive_records(std::span(recs).first(60));
    Options o = fx.options();
    o.batch_size = 5;
    Index index(*fx.store, o);
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::atomic<int> queries{0};
    std::mutex first_mu;
    std::string first_failure;  // reported below, so a failure says what was thrown
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&, t] {
            const char* texts[] = {"barn", "hyra försörjningsstöd", "överklaga beslutet"};
            while (!done.load()) {
                try {
                    Query q;
                    q.text = texts[t];
                    (void)index.search(q);
                    (void)index.similar(texts[t], 3);
                    ++queries;
                } catch (const std::exception& e) {
                    if (failures++ == 0) {
                        std::lock_guard lock(first_mu);
                        first_failure = e.what();
                    }
                } catch (const Xapian::Error& e) {  // must not escape the search API at all
                    if (failures++ == 0) {
                        std::lock_guard lock(first_mu);
                        first_failure = "Xapian::Error escaped: " + e.get_description();
                    }
                } catch (...) {
                    ++failures;
                }
            }
        });
    }
    for (std::size_t i = 60; i < recs.size(); i += 6) {
        fx.store->archive().upsert_archive_records(std::span(recs).subspan(i, 6));
        index.catch_up();
    }
    index.rebuild();
    done.store(true);
    for (auto& t : readers) t.join();
    BOOST_TEST(failures.load() == 0, "first failure: " << first_failure);
    BOOST_TEST(queries.load() > 0);
    BOOST_TEST(index.document_count() == 120);
}

BOOST_AUTO_TEST_CASE(newly_published_answer_is_searchable_after_catch_up) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index index(*fx.store, fx.options());
    auto r = record("new1", "Zebrafinkar i lägenheten", "Får jag ha zebrafinkar?",
                    "Ja, det får du.", "boende");
    const auto started = std::chrono::steady_clock::now();
    fx.store->archive().upsert_archive_records(std::span(&r, 1));
    index.catch_up();
    const auto hits = hit_ids(find(index, "zebrafinkar"));
    const auto elapsed = std::chrono::steady_clock::now() - started;
    BOOST_TEST(contains(hits, "new1"));
    BOOST_TEST((elapsed < std::chrono::seconds(2)));
}

BOOST_AUTO_TEST_CASE(cli_search_prints_the_documented_json) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index index(*fx.store, fx.options());
    std::ostringstream out, err;
    const int rc =
        search_command({"--json", "--limit", "3", "--category", "ekonomiskt-bistand", "hyra"},
                       index, *fx.store, out, err);
    BOOST_TEST(rc == 0);
    const auto v = boost::json::parse(out.str()).as_object();
    BOOST_TEST(v.at("total").as_int64() > 0);
    BOOST_TEST(v.at("suggestion").is_null());
    const auto& hits = v.at("hits").as_array();
    BOOST_TEST(hits.size() == 3U);
    for (const auto& h : hits) {
        const auto& o = h.as_object();
        BOOST_TEST(o.at("id").is_string());
        BOOST_TEST(o.at("title").is_string());
        BOOST_TEST(o.at("snippet").is_string());
        BOOST_TEST(o.at("category").as_string() == "ekonomiskt-bistand");
        BOOST_TEST(o.at("score").is_double());
    }
    std::ostringstream out2, err2;
    BOOST_TEST(search_command({"hyra", "försörjnigsstöd"}, index, *fx.store, out2, err2) == 0);
    BOOST_TEST(out2.str().find("Menade du") != std::string::npos);
    std::ostringstream out3, err3;
    BOOST_TEST(search_command({"--limit", "x", "hyra"}, index, *fx.store, out3, err3) == 2);
    BOOST_TEST(search_command({"*"}, index, *fx.store, out3, err3) == 2);
    BOOST_TEST(search_command({"--help"}, index, *fx.store, out3, err3) == 0);

    std::ostringstream out4, err4;
    BOOST_TEST(reindex_command({}, index, *fx.store, out4, err4) == 0);
    BOOST_TEST(out4.str().find("120") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
