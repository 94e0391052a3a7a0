// UTF-8 checks for untrusted input.
#pragma once
#include <string>
#include <string_view>

namespace radfraga {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// True if `s` contains a C0 control character other than tab, LF and CR, or DEL.
bool has_control_chars(std::string_view s);

// Replaces CRLF and lone CR with LF and trims ASCII whitespace at both ends.
std::string normalize_text(std::string_view s);

}  // namespace radfraga
