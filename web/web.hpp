// The web module: HTML templates (mustache, automatic escaping; compiled once and
// rendered from the JSON model, see src/template.hpp), Markdown rendering (cmark, safe
// mode) and the static assets, all embedded in the binary.
#pragma once
#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace radfraga::web {

// Renders the embedded templates in web/templates/. Construct once; thread-safe.
//
// A model is a JSON object. In templates, {{name}} is HTML-escaped; {{{name}}} is
// inserted raw and is used only for values whose key ends in "_html", which the caller
// must have produced safely (markdown_to_html, or escaped text with <mark> tags).
// Numbers render as text; booleans, arrays and objects work as mustache sections.
class Renderer {
  public:
    Renderer();
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Renders templates/<name>.mustache and wraps it in templates/layout.mustache.
    // The layout reads "title" (the page's <title>, without the site name) and the
    // optional "page_class", "canonical", "noindex" from `model`; "expert_area" (true on
    // the experts' pages) leaves out the public quick-exit bar and footer.
    std::string page(std::string_view name, const boost::json::object& model) const;
    // Renders one template alone (feeds, sitemaps, fragments).
    std::string fragment(std::string_view name, const boost::json::object& model) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Markdown to HTML with cmark in safe mode: raw HTML and javascript:/data: links are
// dropped, so the output can be inserted into a page as is.
std::string markdown_to_html(std::string_view markdown);

// Plain text as HTML paragraphs: escaped, blank lines separate <p>, single newlines
// become <br>. For text written by askers, which is never interpreted as Markdown.
// Placeholders of removed details ("[namn]", "[uppgift borttagen]": lower-case words in
// brackets) become quiet marks, <span class="removed">, that a screen reader reads as
// "borttaget: namn".
std::string text_to_html(std::string_view text);

// One line of plain text (a title) as inline HTML: escaped, with placeholders as the
// same quiet marks as text_to_html, and no paragraph around it.
std::string inline_text_to_html(std::string_view text);

// One line of plain text for places that cannot hold markup (the page's <title>, feed
// entries, list excerpts): each placeholder of a removed detail becomes words in
// parentheses, "[namn]" -> "(namn borttaget)", "[uppgift borttagen]" -> "(uppgift
// borttagen)". Not escaped.
std::string placeholders_as_words(std::string_view text);

// HTML-escapes text for element content and quoted attribute values: core/html.hpp's
// html_escaped, re-exported for the renderers.
std::string escape_html(std::string_view text);

// `text` as a QR code (libqrencode; 8-bit mode, error correction level M), as an inline
// SVG element with the given accessible name: black modules on white with the standard
// quiet zone of four modules, scaling to its container. Throws std::length_error if the
// text does not fit in a QR code.
std::string qr_svg(std::string_view text, std::string_view label);

// A static file under /static/. `etag` is a strong validator of its bytes.
struct Asset {
    std::string_view path;  // e.g. "style.css"
    std::string_view content_type;
    std::string_view body;
    std::string etag;
};

// The embedded static assets. Lookup is by exact relative path; anything else
// (including any path with "..", "%", a backslash or a NUL) is simply not found.
class Assets {
  public:
    Assets();
    ~Assets();
    Assets(const Assets&) = delete;
    Assets& operator=(const Assets&) = delete;
    const Asset* find(std::string_view path) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace radfraga::web
