// Private to web/ and its tests: the options markdown_to_html gives cmark.
#pragma once
#include <cmark.h>

namespace radfraga::web::detail {

// CMARK_OPT_SAFE: raw HTML (blocks and inline) is replaced by a comment, and links and
// images whose URL is javascript:, vbscript:, file: or data: (other than a few image
// types) get an empty URL. It has been cmark's default since 0.29, where
// CMARK_OPT_UNSAFE turns it off; it is passed anyway so that what experts write can never
// become markup whatever version of the library the binary is linked with.
// SMART: typographic quotes and dashes. HARDBREAKS: the writers' line breaks are kept.
inline constexpr int kMarkdownOptions = CMARK_OPT_SAFE | CMARK_OPT_SMART | CMARK_OPT_HARDBREAKS;
#ifdef CMARK_OPT_UNSAFE
static_assert((kMarkdownOptions & CMARK_OPT_UNSAFE) == 0, "Markdown is rendered in safe mode only");
#endif

}  // namespace radfraga::web::detail
