// Scoring the redactor against an annotated JSON Lines file in the format of
// ../shared/data/pii-dev.jsonl: {"id", "text", "spans": [{"start", "end", "type", "text"}]}
// with start/end in Unicode code points.
//
// A gold span is caught if every letter and digit in it lies inside some finding,
// whatever the finding's type. A finding is a false alarm if it overlaps no gold span.
// Recall per type counts gold spans of that type; precision per type counts findings of
// that type. A text has no leak if all its gold spans are caught.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "moderation/redactor.hpp"

namespace radfraga::moderation {

struct Score {
    std::size_t gold = 0;
    std::size_t caught = 0;
    std::size_t findings = 0;
    std::size_t true_findings = 0;  // findings that overlap a gold span
    double recall() const {
        return gold == 0 ? 1.0 : static_cast<double>(caught) / static_cast<double>(gold);
    }
    double precision() const {
        return findings == 0 ? 1.0
                             : static_cast<double>(true_findings) / static_cast<double>(findings);
    }
    double f2() const {
        const double p = precision();
        const double r = recall();
        return (p + r) == 0 ? 0.0 : 5.0 * p * r / (4.0 * p + r);
    }
};

struct EvalReport {
    std::map<FindingType, Score> per_type;
    Score overall;
    std::size_t texts = 0;
    std::size_t texts_without_leak = 0;
    double no_leak_share() const {
        return texts == 0 ? 1.0
                          : static_cast<double>(texts_without_leak) / static_cast<double>(texts);
    }
    std::vector<std::string> misses;        // "id type: text"
    std::vector<std::string> false_alarms;  // "id type: text"
};

// Reads the whole stream; throws std::runtime_error naming the line for malformed
// input (bad JSON, offsets out of range, unknown types).
EvalReport evaluate(const Redactor& redactor, std::istream& jsonl);

// A table: one row per type and "overall", columns gold, recall, precision, F2; then
// the no-leak share. With `details`, also each miss and false alarm.
void print_report(const EvalReport& report, std::ostream& out, bool details);

}  // namespace radfraga::moderation
