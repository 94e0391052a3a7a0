// explain_query: prints how the Swedish analysis sees each word of a query (stems, the
// position stem, compound parts) and the query tree built from it, so a maintainer can
// see why a query matches what it matches. Without an index, term frequencies are
// unknown and the frequency-dependent rules (caps, broader synonyms, weak ways of
// common words) are off; with --index DIR (an index folder, the one holding CURRENT)
// they are the index's, and each term shows its document frequency.
// Usage: explain_query [--index DIR] QUERY...
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "search/src/analyzer.hpp"
#include "search/src/corrector.hpp"
#include "search/src/embedded.hpp"
#include "search/src/query.hpp"
#include "search/src/synonyms.hpp"

using namespace radfraga::search;
using namespace radfraga::search::detail;

namespace {

std::optional<Xapian::Database> db;

void print(const Expr& e, int depth) {
    std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    switch (e.op) {
        case Expr::Op::term:
            std::cout << pad << e.term;
            if (db) std::cout << "  (" << db->get_termfreq(e.term) << ")";
            std::cout << "\n";
            return;
        case Expr::Op::opaque:
            std::cout << pad << e.opaque.get_description() << "\n";
            return;
        case Expr::Op::scale:
            std::cout << pad << "× " << e.factor << "\n";
            break;
        case Expr::Op::synonym:
            std::cout << pad << "SYNONYM\n";
            break;
        case Expr::Op::or_:
            std::cout << pad << "OR\n";
            break;
        case Expr::Op::and_:
            std::cout << pad << "AND\n";
            break;
        case Expr::Op::and_not:
            std::cout << pad << "AND_NOT\n";
            break;
    }
    for (const auto& k : e.kids) print(k, depth + 1);
}

}  // namespace

int main(int argc, char** argv) {
    std::string text;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--index" && i + 1 < argc) {
            const std::string dir = argv[++i];
            std::ifstream current(dir + "/CURRENT");
            std::string gen;
            std::getline(current, gen);
            db.emplace(dir + "/" + gen);
            continue;
        }
        text += (text.empty() ? "" : " ") + std::string(argv[i]);
    }
    Options o;
    Analyzer analyzer(o);
    Synonyms synonyms;
    synonyms.add_rules(embedded_file("synonyms.txt"), "synonyms.txt", analyzer);
    const auto parsed = parse_query(text);
    for (const auto& item : parsed.items) {
        for (const auto& t : item.words) {
            const auto a = analyzer.analyze(t.word);
            std::cout << t.word << (a->stopword ? " (stopword)" : "") << ": primary";
            for (const auto& s : a->primary) std::cout << " " << s;
            std::cout << "; position " << a->position;
            if (!a->parts.empty()) {
                std::cout << "; parts";
                for (const auto& g : a->parts) {
                    std::cout << " {";
                    for (const auto& s : g) std::cout << " " << s;
                    std::cout << " }";
                }
            }
            std::cout << "\n";
        }
    }
    TermFreq termfreq;
    if (db) termfreq = [](const std::string& t) -> std::uint64_t { return db->get_termfreq(t); };
    // The index's own corrector, so the tree is the one a search builds.
    Corrector correct;
    if (db) correct = archive_corrector(analyzer, *db);
    const auto built = build_query(parsed, text, analyzer, &synonyms, correct, termfreq);
    std::cout << "query tree:\n";
    print(built.expr, 1);
    std::cout << "near pairs:";
    for (const auto& [a, b] : built.near_pairs) std::cout << " (" << a << ", " << b << ")";
    std::cout << "\nhighlight:";
    for (const auto& h : built.highlight) std::cout << " " << h;
    std::cout << "\n";
    return 0;
}
