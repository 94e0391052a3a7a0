#include "quality/cli.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

#include "core/utf8.hpp"

namespace radfraga::quality {

namespace {

constexpr std::string_view kHelp =
    "Usage: radfraga check-answer [--json] [--date YYYY-MM-DD] [--data DIR]\n"
    "\n"
    "Reads an answer (Markdown) on stdin and measures how plain its Swedish is and which\n"
    "laws it cites.\n"
    "\n"
    "  --json        print {\"lix\", \"words\", \"sentences\", \"long_sentences\": [{\"start\",\n"
    "                \"end\", \"words\"}], \"passive\", \"jargon\": [{\"term\", \"suggestion\",\n"
    "                \"start\", \"end\"}], \"law_refs\": [{\"law\", \"sfs\", \"chapter\", "
    "\"section\",\n"
    "                \"text\", \"status\", \"start\", \"end\"}]}; start/end are UTF-8 byte\n"
    "                offsets into the input, end exclusive\n"
    "  --date DAY    the day the answer was written (default: today): a reference to\n"
    "                \"SoL\" means the law in force that day\n"
    "  --data DIR    use DIR/laws.tsv, when it exists, instead of the shipped law table\n"
    "  --help        this text\n"
    "\n"
    "Exit codes: 0 done, 1 an unreadable law table, 2 usage error or input that is not UTF-8.\n";

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

boost::json::value opt(const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

std::string to_json(const Report& r) {
    boost::json::array longs;
    for (const auto& l : r.long_sentences) {
        longs.push_back(
            boost::json::object{{"start", l.span.start}, {"end", l.span.end}, {"words", l.words}});
    }
    boost::json::array passives;
    for (const auto& p : r.passive_spans)
        passives.push_back(boost::json::object{{"start", p.start}, {"end", p.end}});
    boost::json::array jargon;
    for (const auto& j : r.jargon) {
        jargon.push_back(boost::json::object{{"term", j.term},
                                             {"suggestion", j.suggestion},
                                             {"start", j.span.start},
                                             {"end", j.span.end}});
    }
    boost::json::array laws;
    for (const auto& l : r.law_refs) {
        boost::json::object o{{"law", l.law},
                              {"sfs", l.sfs},
                              {"chapter", opt(l.chapter)},
                              {"section", opt(l.section)},
                              {"text", l.text},
                              {"status", status_name(l.status)},
                              {"start", l.span.start},
                              {"end", l.span.end}};
        if (l.status == LawStatus::replaced) {
            o["in_force_until"] = l.in_force_until ? format_date(*l.in_force_until) : "";
            o["replaced_by"] = l.replaced_by;
        }
        laws.push_back(std::move(o));
    }
    // Written by hand around serialize() so LIX prints as 42.57, not 4.257E1.
    return "{\"lix\":" + fixed(r.lix, 2) + ",\"words\":" + std::to_string(r.words) +
           ",\"sentences\":" + std::to_string(r.sentences) +
           ",\"long_sentences\":" + boost::json::serialize(longs) +
           ",\"passive\":" + std::to_string(r.passive) +
           ",\"passive_spans\":" + boost::json::serialize(passives) +
           ",\"jargon\":" + boost::json::serialize(jargon) +
           ",\"law_refs\":" + boost::json::serialize(laws) + "}";
}

std::string_view lix_word(double lix) {
    if (lix < 30) return "mycket lättläst";
    if (lix < 40) return "lättläst";
    if (lix < 50) return "medelsvår";
    if (lix < 60) return "svår";
    return "mycket svår";
}

void summary(const Report& r, std::string_view input, const Date& written, std::ostream& out) {
    out << "LIX: " << fixed(r.lix, 1) << " (" << lix_word(r.lix) << ")\n";
    out << "Meningar: " << r.sentences << ", ord: " << r.words << "\n";
    out << "Långa meningar (över 25 ord): " << r.long_sentences.size() << "\n";
    for (const auto& l : r.long_sentences) {
        const auto s = input.substr(l.span.start, l.span.end - l.span.start);
        out << "  - " << l.words << " ord: \""
            << (s.size() > 60 ? std::string(s.substr(0, 57)) + "..." : std::string(s)) << "\"\n";
    }
    out << "Passiva verbformer: " << r.passive << "\n";
    out << "Fackord: " << r.jargon.size() << "\n";
    for (const auto& j : r.jargon) {
        out << "  - \"" << input.substr(j.span.start, j.span.end - j.span.start)
            << "\": skriv hellre " << j.suggestion << "\n";
    }
    out << "Lagrumshänvisningar (svaret skrivet " << format_date(written)
        << "): " << r.law_refs.size() << "\n";
    for (const auto& l : r.law_refs) {
        out << "  - \"" << l.text << "\": " << (l.law.empty() ? "okänd lag" : l.law);
        if (!l.sfs.empty()) out << " (SFS " << l.sfs << ")";
        switch (l.status) {
            case LawStatus::current:
                out << ", gäller";
                break;
            case LawStatus::replaced:
                out << ", gäller inte längre";
                if (l.in_force_until) out << " sedan " << format_date(*l.in_force_until);
                if (!l.replaced_by.empty()) out << ", ersatt av SFS " << l.replaced_by;
                break;
            case LawStatus::unknown:
                out << ", finns inte i lagtabellen";
                break;
        }
        out << "\n";
    }
}

}  // namespace

int check_answer_command(const std::vector<std::string>& args, const Date& today, std::istream& in,
                         std::ostream& out, std::ostream& err) {
    bool json = false;
    Date written = today;
    std::optional<std::string> data_dir;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a == "--help" || a == "-h") {
            out << kHelp;
            return 0;
        }
        if (a == "--json") {
            json = true;
        } else if (a == "--date" || a == "--data") {
            if (i + 1 >= args.size()) {
                err << "check-answer: " << a << " behöver ett värde\n" << kHelp;
                return 2;
            }
            if (a == "--data") {
                data_dir = args[++i];
                continue;
            }
            const auto d = parse_date(args[++i]);
            if (!d) {
                err << "check-answer: --date ska vara ett datum som ÅÅÅÅ-MM-DD, inte \"" << args[i]
                    << "\"\n";
                return 2;
            }
            written = *d;
        } else {
            err << "check-answer: okänt argument \"" << a << "\"\n" << kHelp;
            return 2;
        }
    }
    const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!is_valid_utf8(input)) {
        err << "check-answer: indata är inte giltig UTF-8\n";
        return 2;
    }
    LawTable table;
    try {
        table = data_dir ? LawTable::for_data_folder(*data_dir) : LawTable::shipped();
    } catch (const std::exception& e) {
        err << "check-answer: lagtabellen kan inte läsas: " << e.what() << "\n";
        return 1;
    }
    const Checker checker(std::move(table));
    const Report r = checker.check(input, written, today);
    if (json) {
        out << to_json(r) << "\n";
    } else {
        summary(r, input, written, out);
    }
    return 0;
}

}  // namespace radfraga::quality
