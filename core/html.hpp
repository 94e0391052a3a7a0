// The one escaper for markup: HTML element content, quoted HTML attribute values, and XML
// 1.0 content and attributes (the sitemap and the Atom feed). It lives in core/ because
// both search/ (snippets with <mark>) and web/ (templates) need it and search/ must not
// depend on web/; web::escape_html re-exports it for the renderers.
#pragma once
#include <string>
#include <string_view>

namespace radfraga {

// Appends `s` to `out` with & < > " ' written as &amp; &lt; &gt; &quot; &#39; (numeric for
// the apostrophe: valid in HTML 4, HTML 5 and XML alike), and every C0 control character
// other than tab, line feed and carriage return, and DEL, written as a space: they are not
// allowed in XML 1.0 and are parse errors in HTML. Everything else, UTF-8 included, is
// copied unchanged, so the result is safe in element content and in attribute values
// quoted with either " or ', never in unquoted attributes, <script> or <style>.
void append_html_escaped(std::string& out, std::string_view s);

// The same as a new string.
std::string html_escaped(std::string_view s);

}  // namespace radfraga
