// The web module: the compiled template renderer gives exactly what kainjow's mustache
// gave for the same model (the renderer it replaced, kept here as the reference), for
// every embedded template and for the corners of mustache the templates may use.
#define BOOST_TEST_MODULE web
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <kainjow/mustache.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "core/html.hpp"
#include "web/src/markdown.hpp"
#include "web/src/template.hpp"
#include "web/web.hpp"

namespace json = boost::json;
namespace mst = kainjow::mustache;
using radfraga::web::detail::Template;
using radfraga::web::detail::TemplateError;

namespace {

// The model conversion the server used with kainjow until the compiled renderer
// (web.hpp's conventions: empty strings absent, "has_x" beside every array "x", null
// false, numbers as std::to_string writes them).
mst::data to_data(const json::value& v) {
    switch (v.kind()) {
        case json::kind::object: {
            mst::data d{mst::data::type::object};
            for (const auto& kv : v.as_object()) {
                if (kv.value().is_string() && kv.value().as_string().empty()) continue;
                const std::string key(kv.key());
                d.set(key, to_data(kv.value()));
                if (kv.value().is_array())
                    d.set("has_" + key, mst::data(!kv.value().as_array().empty()));
            }
            return d;
        }
        case json::kind::array: {
            mst::data d{mst::data::type::list};
            for (const auto& e : v.as_array()) d.push_back(to_data(e));
            return d;
        }
        case json::kind::string:
            return mst::data(std::string(v.as_string()));
        case json::kind::bool_:
            return mst::data(v.as_bool());
        case json::kind::int64:
            return mst::data(std::to_string(v.as_int64()));
        case json::kind::uint64:
            return mst::data(std::to_string(v.as_uint64()));
        case json::kind::double_:
            return mst::data(std::to_string(v.as_double()));
        case json::kind::null:
            return mst::data(false);
    }
    return mst::data(false);
}

std::string kainjow_escape(const std::string& s) {
    std::string out;
    radfraga::append_html_escaped(out, s);
    return out;
}

std::string reference(const std::string& text, const json::object& model) {
    mst::mustache m{text};
    BOOST_REQUIRE_MESSAGE(m.is_valid(), m.error_message());
    m.set_custom_escape(kainjow_escape);
    return m.render(to_data(model));
}

// Rendered with kainjow's scoping, to compare with kainjow.
std::string compiled(const std::string& text, const json::object& model) {
    std::string out;
    Template(text).render(model, out, Template::Scoping::mustache);
    return out;
}

std::string strict(const std::string& text, const json::object& model) {
    std::string out;
    Template(text).render(model, out, Template::Scoping::strict_lists);
    return out;
}

std::map<std::string, std::string, std::less<>> read_templates() {
    std::map<std::string, std::string, std::less<>> out;
    for (const auto& e : std::filesystem::directory_iterator(
             std::filesystem::path(RADFRAGA_SOURCE_DIR) / "web" / "templates")) {
        if (e.path().extension() != ".mustache") continue;
        std::ifstream f(e.path());
        std::stringstream ss;
        ss << f.rdbuf();
        out.emplace(e.path().stem().string(), ss.str());
    }
    return out;
}

// Every name a template's tags use, split at dots.
std::vector<std::string> names_in(const std::string& text) {
    std::set<std::string> names;
    for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
        const std::size_t end = text.find("}}", at);
        if (end == std::string::npos) break;
        std::string tag = text.substr(at + 2, end - at - 2);
        while (!tag.empty() && (tag[0] == '{' || tag[0] == '#' || tag[0] == '^' || tag[0] == '/' ||
                                tag[0] == '&' || tag[0] == ' '))
            tag.erase(0, 1);
        std::size_t from = 0;
        while (from <= tag.size()) {
            const std::size_t dot = tag.find('.', from);
            const std::string part =
                tag.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
            if (!part.empty() && part.find(' ') == std::string::npos) names.insert(part);
            if (dot == std::string::npos) break;
            from = dot + 1;
        }
    }
    return {names.begin(), names.end()};
}

// A random model over `names`: each name absent, or an empty, plain or hostile string,
// true, false, null, a number, a list (empty, of strings, or of objects), or an object.
json::object random_model(const std::vector<std::string>& names, std::mt19937& rng, int depth) {
    static const std::vector<std::string> strings = {
        "Hej",   "  ", "\t", "a\nb", "<script>alert('x')</script>", "\"Tom & Jerry\"",
        "å ä ö", "x",  "0",  "false"};
    json::object o;
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    for (const auto& name : names) {
        switch (pick(depth > 0 ? 12 : 14)) {
            case 0:
            case 1:
            case 2:
                break;  // absent
            case 3:
                o[name] = "";
                break;
            case 4:
            case 5:
                o[name] = strings[pick(strings.size())];
                break;
            case 6:
                o[name] = true;
                break;
            case 7:
                o[name] = false;
                break;
            case 8:
                o[name] = nullptr;
                break;
            case 9:
                o[name] = pick(2) ? json::value(static_cast<std::int64_t>(pick(3000)))
                                  : json::value(0.25 * static_cast<double>(pick(9)));
                break;
            case 10:
                o[name] = json::array{};
                break;
            case 11: {
                json::array a;
                for (std::size_t k = 0, n = pick(3) + 1; k < n; ++k)
                    a.push_back(json::string(strings[pick(strings.size())]));
                o[name] = std::move(a);
                break;
            }
            case 12: {
                json::array a;
                for (std::size_t k = 0, n = pick(3) + 1; k < n; ++k)
                    a.push_back(random_model(names, rng, depth + 1));
                o[name] = std::move(a);
                break;
            }
            default:
                o[name] = random_model(names, rng, depth + 1);
                break;
        }
        // Now and then a literal has_x beside (before or after) the list x.
        if (pick(10) == 0) o["has_" + name] = pick(2) == 0;
    }
    return o;
}

// One section of a template: its name, the sections around it (name and whether
// inverted), and the names its "{{! outer: … }}" comment declares.
struct SectionSite {
    std::string name;
    std::vector<std::pair<std::string, bool>> around;
    std::set<std::string> outer;
};

std::vector<SectionSite> sections_in(const std::string& text) {
    std::vector<SectionSite> out;
    std::vector<std::size_t> open;  // indexes into out
    for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
        const std::size_t end = text.find("}}", at);
        if (end == std::string::npos) break;
        std::string tag = text.substr(at + 2, end - at - 2);
        if (tag.empty()) continue;
        const char sigil = tag[0];
        tag.erase(0, 1);
        while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
        while (!tag.empty() && tag.back() == ' ') tag.pop_back();
        if (sigil == '#' || sigil == '^') {
            SectionSite site{tag, {}, {}};
            for (const auto i : open)
                site.around.emplace_back(out[i].name, out[i].outer.count("^"));
            if (sigil == '^') site.outer.insert("^");  // marks an inverted section
            out.push_back(std::move(site));
            open.push_back(out.size() - 1);
        } else if (sigil == '/') {
            if (!open.empty()) open.pop_back();
        } else if (sigil == '!' && tag.starts_with("outer:") && !open.empty()) {
            std::istringstream words(tag.substr(6));
            for (std::string w; words >> w;) out[open.back()].outer.insert(w);
        }
    }
    std::erase_if(out, [](const SectionSite& s) {
        return s.outer.count("^") || s.name.find('.') != std::string::npos;
    });
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(web)

// An unanswered follow-up on an answered question: nothing under "Svar:" (it showed the
// question's answer, the section falling back to the page's answer_html).
BOOST_AUTO_TEST_CASE(an_unanswered_follow_up_shows_no_answer_on_the_receipt) {
    const radfraga::web::Renderer renderer;
    json::object model;
    model["title"] = "Din fråga";
    model["answer_html"] = "<p>HUVUDSVARET</p>";
    model["signature_name"] = "Socialsekreteraren";
    json::object fu;
    fu["body_html"] = "<p>Min följdfråga</p>";
    fu["asked_date"] = "1 december 2026";
    model["follow_ups"] = json::array{fu};
    const std::string html = renderer.fragment("receipt", model);
    std::size_t n = 0;
    for (auto at = html.find("HUVUDSVARET"); at != std::string::npos;
         at = html.find("HUVUDSVARET", at + 1))
        ++n;
    BOOST_TEST(n == 1u, html);
    BOOST_TEST(html.find("Svar:") == std::string::npos, html);
}

// The class of that bug: in every template, a section rendered over a list whose element
// lacks every key shows nothing from the page around it but the names the section
// declares with "{{! outer: … }}". Every name of the template is given a value at the top
// (a marker naming it), the sections around the one tested render, and the output with
// a list of one empty element is compared with the output with an empty list.
BOOST_AUTO_TEST_CASE(no_template_takes_a_list_elements_missing_key_from_outside) {
    const auto files = read_templates();
    std::map<std::string, std::string, std::less<>> partials;
    for (const auto& [name, text] : files)
        if (name.starts_with("_")) partials.emplace(name, text);
    int checked = 0;
    for (const auto& [tmpl, raw] : files) {
        const std::string text = radfraga::web::detail::inline_partials(raw, partials);
        const auto names = names_in(text);
        for (const auto& site : sections_in(text)) {
            json::object model;
            for (const auto& n : names) model[n] = "\u27e6" + n + "\u27e7";
            for (const auto& [around, inverted] : site.around)
                if (around.find('.') == std::string::npos)
                    model[around] = inverted ? json::value(false) : json::value(true);
            model[site.name] = json::array{json::object{}};
            const std::string with = strict(text, model);
            model[site.name] = json::array{};
            const std::string without = strict(text, model);
            const auto count = [](const std::string& s, const std::string& what) {
                std::size_t k = 0;
                for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
                    ++k;
                return k;
            };
            for (const auto& n : names) {
                const std::string marker = "\u27e6" + n + "\u27e7";
                if (count(with, marker) > count(without, marker))
                    BOOST_TEST(site.outer.count(n) == 1u,
                               tmpl << ": {{" << n << "}} inside the list section " << site.name
                                    << " took the value from outside");
            }
            ++checked;
        }
    }
    BOOST_TEST(checked > 40);
}

BOOST_AUTO_TEST_CASE(a_list_element_is_a_closed_scope) {
    const json::object model = json::parse(R"({
        "answer": "OUTER", "csrf": "tok",
        "items": [{"answer": "own"}, {}, {"sub": [{"x": "1"}]}]})")
                                   .as_object();
    BOOST_TEST(strict("{{#items}}[{{answer}}]{{/items}}", model) == "[own][][]");
    BOOST_TEST(compiled("{{#items}}[{{answer}}]{{/items}}", model) == "[own][OUTER][OUTER]");
    BOOST_TEST(strict("{{#items}}{{! outer: csrf }}[{{answer}}{{csrf}}]{{/items}}", model) ==
               "[owntok][tok][tok]");
    // A nested list reaches outside only through every list around it that allows it.
    BOOST_TEST(strict("{{#items}}{{! outer: csrf }}{{#sub}}{{! outer: csrf }}{{x}}{{csrf}}{{/sub}}"
                      "{{/items}}",
                      model) == "1tok");
    BOOST_TEST(strict("{{#items}}{{#sub}}{{! outer: csrf }}{{x}}{{csrf}}{{/sub}}{{/items}}",
                      model) == "1");
    // Sections over anything but a list are not scopes: booleans and objects see outside.
    BOOST_TEST(strict("{{#csrf}}{{answer}}{{/csrf}}", model) == "OUTER");
}

BOOST_AUTO_TEST_CASE(every_template_renders_as_kainjow_did_with_random_models) {
    const auto files = read_templates();
    BOOST_REQUIRE(files.size() > 15);
    std::map<std::string, std::string, std::less<>> partials;
    for (const auto& [name, text] : files)
        if (name.starts_with("_")) partials.emplace(name, text);
    std::mt19937 rng(20261202);
    int compared = 0;
    for (const auto& [name, raw] : files) {
        const std::string text = radfraga::web::detail::inline_partials(raw, partials);
        const auto names = names_in(text);
        for (int k = 0; k < 150; ++k) {
            const json::object model = random_model(names, rng, 0);
            const std::string want = reference(text, model);
            const std::string got = compiled(text, model);
            BOOST_TEST(got == want, name << " with " << json::serialize(model));
            if (got != want) return;  // one model is enough to see the difference
            ++compared;
        }
    }
    BOOST_TEST_MESSAGE("compared " << compared << " renderings");
}

BOOST_AUTO_TEST_CASE(mustache_corners_render_as_kainjow_did) {
    const json::object model = json::parse(R"({
        "name": "<b>&'\"", "empty": "", "yes": true, "no": false, "nothing": null, "n": 42, "half": 0.5,
        "list": [{"a": "1"}, {"a": "2", "name": "inner"}], "none": [], "words": ["x", "", "y"],
        "obj": {"a": "A", "deep": {"b": "B"}}, "has_list": false})")
                                   .as_object();
    for (const char* text :
         {"{{name}}|{{{name}}}|{{& name}}|{{ name }}|{{missing}}|{{n}}|{{half}}|{{yes}}|{{list}}",
          "{{#list}}[{{a}}:{{name}}]{{/list}}{{^none}}no list{{/none}}{{#none}}never{{/none}}",
          "{{#words}}<{{.}}>{{/words}}|{{#obj}}{{a}}{{deep.b}}{{/obj}}|{{obj.deep.b}}|{{obj.a.x}}",
          "{{#has_list}}has{{/has_list}}{{^has_none}}empty{{/has_none}}{{#has_words}}words{{/"
          "has_words}}",
          "{{#empty}}set{{/empty}}{{^empty}}unset{{/empty}}{{^nothing}}null is false{{/nothing}}",
          "{{#no}}no{{/no}}{{^no}}not no{{/no}}{{#yes}}{{name}}{{/yes}}{{! a comment }}after",
          "a\n  {{#yes}}  \n  b\n  {{/yes}}\nc\n  {{#no}}\n  d\n  "
          "{{/no}}\ne\r\n{{#list}}\r\n{{a}}\r\n{{/list}}\r\nf\r",
          "  {{#list}}{{a}}{{/list}}  \n\t{{#yes}}\t\n{{/yes}} \n{{^none}}\n  "
          "x\n{{/none}}\n{{#none}}\n{{/none}}\n",
          "{{#yes}}{{#obj}}{{#deep}}{{b}}{{a}}{{name}}{{/deep}}{{/obj}}{{/yes}}", "}}{{}}", ""}) {
        BOOST_TEST(compiled(text, model) == reference(text, model), text);
    }
}

BOOST_AUTO_TEST_CASE(templates_it_cannot_render_exactly_are_refused) {
    for (const char* text : {"{{#a}}x", "{{#a}}x{{/b}}", "x{{/a}}", "{{> _missing}}", "{{=<% %>=}}",
                             "{{", "{{name", "{{{name}}"}) {
        BOOST_CHECK_THROW(Template{text}, TemplateError);
    }
}

BOOST_AUTO_TEST_CASE(the_renderer_builds_every_page_template) {
    const radfraga::web::Renderer renderer;  // throws if an embedded template does not compile
    json::object model;
    model["title"] = "Hjälp & råd";
    const std::string page = renderer.page("about", model);
    BOOST_TEST(page.find("<title>Hjälp &amp; råd") != std::string::npos);
    BOOST_TEST(page.find("<html") != std::string::npos);
}

// The QR code: libqrencode's modules as an SVG with a quiet zone; the three finder
// patterns (7 dark modules across at the top of each) where the standard puts them.
BOOST_AUTO_TEST_CASE(qr_codes_are_svg_with_finder_patterns_and_a_quiet_zone) {
    const std::string uri =
        "otpauth://totp/R%C3%A5dfr%C3%A5ga:anna?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer="
        "R%C3%A5dfr%C3%A5ga&algorithm=SHA1&digits=6&period=30";
    const std::string svg = radfraga::web::qr_svg(uri, "QR-kod <för> nyckeln");
    BOOST_TEST(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    BOOST_TEST(svg.find("aria-label=\"QR-kod &lt;för&gt; nyckeln\"") != std::string::npos);
    const auto vb = svg.find("viewBox=\"0 0 ");
    BOOST_REQUIRE(vb != std::string::npos);
    const int size = std::stoi(svg.substr(vb + 13));
    const int width = size - 8;
    BOOST_TEST((width - 17) % 4 == 0);  // a QR version's width: 21, 25, 29, …
    BOOST_TEST(width >= 33);            // 117 bytes at level M need version 5 or more
    for (const auto& [x, y] :
         {std::pair{4, 4}, std::pair{4 + width - 7, 4}, std::pair{4, 4 + width - 7}})
        BOOST_TEST(svg.find("M" + std::to_string(x) + " " + std::to_string(y) + "h7v1h-7z") !=
                       std::string::npos,
                   x << "," << y);
    BOOST_CHECK_THROW(radfraga::web::qr_svg(std::string(8000, 'x'), "x"), std::length_error);
}

// Published text reads naturally: placeholders are quiet marks, not brackets.
BOOST_AUTO_TEST_CASE(placeholders_are_rendered_as_quiet_accessible_marks) {
    const std::string html = radfraga::web::text_to_html(
        "Jag heter [namn], ring [telefonnummer] eller [uppgift borttagen].\n[1] och [Namn] <b>");
    const std::string mark =
        "<span class=\"removed\"><span class=\"visually-hidden\">borttaget: </span>";
    BOOST_TEST(html.find("Jag heter " + mark + "namn</span>, ring " + mark +
                         "telefonnummer</span> eller " + mark + "uppgift borttagen</span>.") !=
                   std::string::npos,
               html);
    // Not placeholders: a number, a capital, and escaping stays.
    BOOST_TEST(html.find("[1] och [Namn] &lt;b&gt;") != std::string::npos, html);
}

// Where markup cannot go (the window title, feeds) a removed detail is said in words.
BOOST_AUTO_TEST_CASE(placeholders_as_words_where_markup_cannot_go) {
    using radfraga::web::placeholders_as_words;
    BOOST_TEST(placeholders_as_words("Min son [namn] i [ort]") ==
               "Min son (namn borttaget) i (ort borttaget)");
    BOOST_TEST(placeholders_as_words("[uppgift borttagen].") == "(uppgift borttagen).");
    BOOST_TEST(placeholders_as_words("[1] [Namn] [] <b>") == "[1] [Namn] [] <b>");
}

// Experts write Markdown that is published as is: it must never become markup or a
// script link, whatever cmark's default is.
BOOST_AUTO_TEST_CASE(markdown_is_rendered_in_safe_mode) {
    BOOST_TEST((radfraga::web::detail::kMarkdownOptions & CMARK_OPT_SAFE) != 0);
    const std::string hostile =
        "<script>alert(1)</script>\n\n"
        "<div onclick=\"alert(2)\">block</div>\n\n"
        "Text <img src=x onerror=alert(3)> and <a href=\"javascript:alert(4)\">a</a>.\n\n"
        "[one](javascript:alert(5)) [two](JavaScript:alert(6)) [three](&#106;avascript:alert(7))\n"
        "[four](vbscript:msgbox(8)) [five](data:text/html;base64,PHNjcmlwdD4=) "
        "[six](file:///etc/passwd)\n"
        "![seven](javascript:alert(9)) <javascript:alert(10)> [eight][r]\n\n"
        "[r]: javascript:alert(11)\n";
    const std::string html = radfraga::web::markdown_to_html(hostile);
    std::string lower = html;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    BOOST_TEST(lower.find("<script") == std::string::npos);
    BOOST_TEST(lower.find("<div") == std::string::npos);
    BOOST_TEST(lower.find("<img src=\"x") == std::string::npos);
    BOOST_TEST(lower.find("onerror") == std::string::npos);
    BOOST_TEST(lower.find("onclick") == std::string::npos);
    // Every URL left in an attribute is harmless: no script or data scheme, however spelt.
    for (const std::string attr : {"href=\"", "src=\""}) {
        for (auto at = lower.find(attr); at != std::string::npos; at = lower.find(attr, at + 1)) {
            const std::string url = lower.substr(
                at + attr.size(), lower.find('"', at + attr.size()) - at - attr.size());
            for (const auto* scheme : {"javascript:", "vbscript:", "data:", "file:", "&#"})
                BOOST_TEST(url.find(scheme) == std::string::npos, attr << url);
        }
    }
    BOOST_TEST(html.find("raw HTML omitted") != std::string::npos);
    // Ordinary Markdown still renders: emphasis, lists and https links.
    const std::string ok =
        radfraga::web::markdown_to_html("**Fet** och [länk](https://example.se)\n\n- en\n- två");
    BOOST_TEST(ok.find("<strong>Fet</strong>") != std::string::npos);
    BOOST_TEST(ok.find("<a href=\"https://example.se\">länk</a>") != std::string::npos);
    BOOST_TEST(ok.find("<li>en</li>") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
