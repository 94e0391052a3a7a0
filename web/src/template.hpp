// A mustache template compiled once and rendered straight from a boost::json model.
//
// Why not kainjow's renderer: it renders from its own data type, so every page first
// converted its JSON model into kainjow::mustache::data (14 % of an uncached question
// page's instructions), and its renderer then took another 35 %: a std::function call
// per component, a context stack kept in a vector that is inserted at its front, and a
// std::string built for every variable and every escape. This renderer walks a flat
// node list and appends to one string. Its output is kainjow 4.1's, byte for byte
// (tests/web renders every template with random models through both); kainjow stays
// the reference for what mustache means here.
//
// Contract (kainjow 4.1's behaviour, and the model conventions of web.hpp):
//  * Tags: {{name}} (HTML-escaped with core/html.hpp), {{{name}}} and {{& name}} (raw),
//    {{#name}}…{{/name}}, {{^name}}…{{/name}}, {{! comment}}, {{.}}, dotted names
//    (a.b: the first context, innermost first, in which every part resolves).
//    Partials must be inlined before parsing; a partial tag, a set-delimiter tag, an
//    unclosed or mismatched section throw TemplateError.
//  * The model: an object key whose value is an empty string does not exist; every
//    array "x" comes with a boolean "has_x" (true when not empty); null is false;
//    numbers render as std::to_string gives them. A variable renders only strings and
//    numbers; a section renders for anything but false, a missing name or an empty
//    list, once per element of a list, and pushes what it found as the innermost
//    context.
//  * Lines: a line on which a section that rendered began or ended, and that is left
//    holding only spaces and tabs, is dropped with its line break (kainjow's rule; a
//    section that did not render leaves its line).
//
// Scoping::strict_lists (what web::Renderer uses) departs from mustache in one place: an
// element of a list is a closed scope. A name inside a section that renders over a list
// resolves in the element (and in what sections inside it push), never in the contexts
// around the list, unless the section declares it with a comment "{{! outer: a b c }}"
// anywhere directly in its body. So an element that lacks a key renders nothing for it
// instead of a value of the same name from the page around it (an unanswered follow-up
// showing the question's answer). Scoping::mustache is kainjow's rule, for comparison.
#pragma once
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace radfraga::web::detail {

class TemplateError : public std::logic_error {
  public:
    using std::logic_error::logic_error;
};

// Replaces every partial tag "{{> name}}" in `text` by the text of partials[name], so
// a template is compiled once, partials and all. Partials may use partials, up to a
// depth of 8 (deeper: TemplateError). An unknown name is left in place, which
// Template's constructor then refuses.
std::string inline_partials(std::string text,
                            const std::map<std::string, std::string, std::less<>>& partials,
                            int depth = 0);

class Template {
  public:
    // Throws TemplateError for what the contract above excludes.
    explicit Template(std::string_view text);

    enum class Scoping : std::uint8_t { strict_lists, mustache };

    // Appends the rendering of the model `root` to `out`.
    void render(const boost::json::object& root, std::string& out,
                Scoping scoping = Scoping::strict_lists) const;

    struct Node {
        enum class Kind : std::uint8_t { text, newline, escaped, raw, section, inverted };
        Kind kind = Kind::text;
        std::string text;                // text and newline: the bytes
        std::vector<std::string> name;   // tags: the dotted name's parts; {"."} for {{.}}
        std::uint32_t end = 0;           // sections: the index just past their last node
        std::vector<std::string> outer;  // sections: names declared "{{! outer: … }}"
    };

  private:
    class Renderer;
    std::vector<Node> nodes_;
};

}  // namespace radfraga::web::detail
