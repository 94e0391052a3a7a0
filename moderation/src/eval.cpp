#include "moderation/eval.hpp"

#include <boost/json.hpp>

#include <iomanip>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "moderation/src/text.hpp"

namespace radfraga::moderation {

namespace {

// Byte offset of each code point index 0..n (inclusive of the end).
std::vector<std::size_t> code_point_offsets(std::string_view s) {
    std::vector<std::size_t> offs;
    offs.reserve(s.size() + 1);
    for (std::size_t i = 0; i < s.size();) {
        offs.push_back(i);
        std::size_t len = 1;
        detail::decode(s, i, len);
        i += len;
    }
    offs.push_back(s.size());
    return offs;
}

bool is_alnum_at(std::string_view s, std::size_t i, std::size_t& len) {
    const char32_t cp = detail::decode(s, i, len);
    return (cp >= '0' && cp <= '9') || detail::is_letter(cp);
}

}  // namespace

EvalReport evaluate(const Redactor& redactor, std::istream& in) {
    EvalReport report;
    std::string line;
    std::size_t lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const auto where = "line " + std::to_string(lineno) + ": ";
        boost::json::value v;
        try {
            v = boost::json::parse(line);
        } catch (const std::exception& e) {
            throw std::runtime_error(where + "not JSON: " + e.what());
        }
        const auto* obj = v.if_object();
        if (obj == nullptr || !obj->contains("text") || !obj->at("text").is_string())
            throw std::runtime_error(where + "expected an object with a \"text\" string");
        const std::string text(obj->at("text").as_string());
        std::string id = obj->contains("id") && obj->at("id").is_string()
                             ? std::string(obj->at("id").as_string())
                             : std::to_string(lineno);
        const auto offs = code_point_offsets(text);
        struct Gold {
            FindingType type;
            std::size_t start, end;
        };
        std::vector<Gold> gold;
        if (obj->contains("spans")) {
            const auto* spans = obj->at("spans").if_array();
            if (spans == nullptr) throw std::runtime_error(where + "\"spans\" is not an array");
            for (const auto& sv : *spans) {
                const auto* so = sv.if_object();
                if (so == nullptr) throw std::runtime_error(where + "span is not an object");
                const auto type = parse_type(so->contains("type") && so->at("type").is_string()
                                                 ? std::string_view(so->at("type").as_string())
                                                 : "");
                if (!type) throw std::runtime_error(where + "unknown span type");
                const auto s =
                    so->contains("start") ? so->at("start").to_number<std::int64_t>() : -1;
                const auto e = so->contains("end") ? so->at("end").to_number<std::int64_t>() : -1;
                if (s < 0 || e < s || static_cast<std::size_t>(e) >= offs.size())
                    throw std::runtime_error(where + "span offsets out of range");
                gold.push_back(
                    {*type, offs[static_cast<std::size_t>(s)], offs[static_cast<std::size_t>(e)]});
            }
        }
        const auto findings = redactor.find(text);
        ++report.texts;
        bool leak = false;
        for (const auto& g : gold) {
            bool caught = true;
            for (std::size_t i = g.start; i < g.end;) {
                std::size_t len = 1;
                if (is_alnum_at(text, i, len)) {
                    const bool covered =
                        std::any_of(findings.begin(), findings.end(),
                                    [&](const Finding& f) { return f.start <= i && i < f.end; });
                    if (!covered) {
                        caught = false;
                        break;
                    }
                }
                i += len;
            }
            auto& sc = report.per_type[g.type];
            ++sc.gold;
            ++report.overall.gold;
            if (caught) {
                ++sc.caught;
                ++report.overall.caught;
            } else {
                leak = true;
                report.misses.push_back(id + " " + std::string(type_name(g.type)) + ": " +
                                        text.substr(g.start, g.end - g.start));
            }
        }
        for (const auto& f : findings) {
            const bool hit = std::any_of(gold.begin(), gold.end(), [&](const Gold& g) {
                return f.start < g.end && g.start < f.end;
            });
            auto& sc = report.per_type[f.type];
            ++sc.findings;
            ++report.overall.findings;
            if (hit) {
                ++sc.true_findings;
                ++report.overall.true_findings;
            } else {
                report.false_alarms.push_back(id + " " + std::string(type_name(f.type)) + ": " +
                                              f.text);
            }
        }
        if (!leak) ++report.texts_without_leak;
    }
    return report;
}

void print_report(const EvalReport& r, std::ostream& out, bool details) {
    auto row = [&](std::string_view name, const Score& s) {
        out << std::left << std::setw(14) << name << std::right << std::setw(6) << s.gold
            << std::setw(9) << s.findings << std::fixed << std::setprecision(3) << std::setw(9)
            << s.recall() << std::setw(11) << s.precision() << std::setw(8) << s.f2() << '\n';
    };
    out << std::left << std::setw(14) << "type" << std::right << std::setw(6) << "gold"
        << std::setw(9) << "found" << std::setw(9) << "recall" << std::setw(11) << "precision"
        << std::setw(8) << "F2" << '\n';
    for (const auto t : all_finding_types) {
        auto it = r.per_type.find(t);
        if (it != r.per_type.end()) row(type_name(t), it->second);
    }
    row("overall", r.overall);
    out << "texts " << r.texts << ", without leak " << r.texts_without_leak << " (" << std::fixed
        << std::setprecision(3) << r.no_leak_share() << ")\n";
    if (details) {
        for (const auto& m : r.misses) out << "MISS  " << m << '\n';
        for (const auto& f : r.false_alarms) out << "FALSE " << f << '\n';
    }
}

}  // namespace radfraga::moderation
