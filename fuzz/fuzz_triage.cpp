// libFuzzer target over crisis triage. Checks, for any input:
//  * invalid UTF-8 is rejected with InvalidUtf8 and nothing else;
//  * signals are sorted, non-overlapping, inside the text, on its bytes, and only
//    present (with categories) when the text is flagged;
//  * the probability is a probability.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/utf8.hpp"
#include "moderation/triage.hpp"

using radfraga::moderation::InvalidUtf8;
using radfraga::moderation::Triage;

namespace {
const Triage& triage() {
    static const Triage t;  // construction loads Hunspell once per process
    return t;
}
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (!radfraga::is_valid_utf8(text)) {
        try {
            (void)triage().triage(text);
            check(false);
        } catch (const InvalidUtf8&) {
        }
        return 0;
    }
    const auto r = triage().triage(text);
    check(r.probability >= 0.0 && r.probability <= 1.0);
    check(r.crisis || (r.categories.empty() && r.signals.empty()));
    check(!r.crisis || !r.categories.empty());
    std::size_t prev_end = 0;
    for (const auto& s : r.signals) {
        check(s.start >= prev_end && s.start < s.end && s.end <= text.size());
        check(text.substr(s.start, s.end - s.start) == s.text);
        check(radfraga::is_valid_utf8(s.text));
        prev_end = s.end;
    }
    return 0;
}
