// libFuzzer target over the redactor. Checks, for any input:
//  * invalid UTF-8 is rejected with InvalidUtf8 and nothing else;
//  * findings are sorted, non-overlapping, inside the text, and carry its bytes;
//  * the redacted text is valid UTF-8;
//  * redacting the redacted text finds nothing new.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/utf8.hpp"
#include "moderation/redactor.hpp"

using radfraga::moderation::InvalidUtf8;
using radfraga::moderation::Redactor;

namespace {
const Redactor& redactor() {
    static const Redactor r;  // construction loads Hunspell once per process
    return r;
}
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (!radfraga::is_valid_utf8(text)) {
        try {
            (void)redactor().find(text);
            check(false);
        } catch (const InvalidUtf8&) {
        }
        return 0;
    }
    const auto findings = redactor().find(text);
    std::size_t prev_end = 0;
    for (const auto& f : findings) {
        check(f.start >= prev_end && f.start < f.end && f.end <= text.size());
        check(text.substr(f.start, f.end - f.start) == f.text);
        prev_end = f.end;
    }
    check(radfraga::is_valid_utf8(radfraga::moderation::apply_findings(text, findings)));
    const std::string redacted = redactor().redact(text);
    check(radfraga::is_valid_utf8(redacted));
    check(redactor().find(redacted).empty());
    return 0;
}
