#include "web/web.hpp"

#include <cmark.h>
#include <openssl/evp.h>

#include <boost/json.hpp>
#include <kainjow/mustache.hpp>

#include <cassert>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "core/embedded.hpp"

namespace radfraga::web {

std::span<const EmbeddedFile> templates();
std::span<const EmbeddedFile> static_files();

namespace mst = kainjow::mustache;

namespace {

mst::data to_data(const boost::json::value& v);

// Converts without copying: kainjow's set() and push_back() copy their argument deeply,
// which at every level of nesting copied everything below it again, so children are
// moved into place instead (operator[] and the list itself).
mst::data to_data(const boost::json::object& o) {
    mst::data d{mst::data::type::object};
    for (const auto& kv : o) {
        // An empty string is left out, so {{#x}} is false for it, as in mustache.js;
        // {{x}} still renders nothing.
        if (kv.value().is_string() && kv.value().as_string().empty()) continue;
        const std::string key(kv.key());
        d[key] = to_data(kv.value());
        // Mustache cannot test a list for emptiness without iterating it, so every
        // list "x" comes with a boolean "has_x".
        if (kv.value().is_array()) d["has_" + key] = mst::data(!kv.value().as_array().empty());
    }
    return d;
}

mst::data to_data(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::object: return to_data(v.as_object());
        case boost::json::kind::array: {
            mst::data d{mst::data::type::list};
            // list_value() is the list this data owns (not a const object), so growing
            // it in place is sound; kainjow offers only a copying push_back().
            auto& list = const_cast<mst::basic_list<std::string>&>(d.list_value());
            list.reserve(v.as_array().size());
            for (const auto& e : v.as_array()) list.push_back(to_data(e));
            return d;
        }
        case boost::json::kind::string: return mst::data(std::string(v.as_string()));
        case boost::json::kind::bool_: return mst::data(v.as_bool());
        case boost::json::kind::int64: return mst::data(std::to_string(v.as_int64()));
        case boost::json::kind::uint64: return mst::data(std::to_string(v.as_uint64()));
        case boost::json::kind::double_: return mst::data(std::to_string(v.as_double()));
        case boost::json::kind::null: return mst::data(false);
    }
    return mst::data(false);
}

// The escaping of {{name}}: kainjow's html_escape, entity for entity (&apos; where
// escape_html writes &#39;), but copying runs of plain text at once instead of
// appending one character at a time, which showed in profiles of every page.
std::string mustache_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 16);
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char* entity;
        switch (s[i]) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&apos;"; break;
            default: continue;
        }
        out.append(s, run, i - run).append(entity);
        run = i + 1;
    }
    return out.append(s, run, std::string::npos);
}

// Replaces every partial tag "{{> _name}}" in `text` by the partial's text, so a
// template is parsed once at start. (kainjow parses a partial each time it is rendered,
// for every element of a list it appears in.) Partials may use partials, up to a depth
// of 8; an unknown name is left in place and renders nothing, as in mustache.
std::string inline_partials(std::string text, const std::map<std::string, std::string, std::less<>>& partials,
                            int depth = 0) {
    if (depth > 8) throw std::logic_error("templates: partials nested too deeply");
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t open = text.find("{{>", pos);
        if (open == std::string::npos) break;
        const std::size_t close = text.find("}}", open);
        if (close == std::string::npos) break;
        std::string name = text.substr(open + 3, close - open - 3);
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        while (!name.empty() && name.back() == ' ') name.pop_back();
        const auto it = partials.find(name);
        out.append(text, pos, open - pos);
        if (it == partials.end()) out.append(text, open, close + 2 - open);
        else out += inline_partials(it->second, partials, depth + 1);
        pos = close + 2;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

}  // namespace

struct Renderer::Impl {
    // Parsed once at start, with partials inlined. kainjow's render() does not modify a
    // parsed template except for its error message, which is only written for templates
    // that failed to parse; every embedded template is checked at construction, so
    // concurrent renders are safe.
    std::map<std::string, mst::mustache, std::less<>> templates;

    // Renders template `name` into a string (through kainjow's handler: no stream).
    std::string render(std::string_view name, const mst::data& data) {
        const auto it = templates.find(name);
        assert(it != templates.end() && "unknown template");
        std::string out;
        it->second.render(data, [&out](const std::string& s) { out += s; });
        return out;
    }
};

Renderer::Renderer() : impl_(std::make_unique<Impl>()) {
    // Templates whose name starts with "_" are partials, usable as {{> _name}}.
    std::map<std::string, std::string, std::less<>> partials;
    std::vector<std::pair<std::string, std::string_view>> all;
    for (const auto& f : templates()) {
        std::string name(f.name);
        const auto dot = name.rfind(".mustache");
        if (dot == std::string::npos) continue;
        name.resize(dot);
        if (name.starts_with("_")) partials.emplace(name, std::string(f.data));
        all.emplace_back(std::move(name), f.data);
    }
    for (auto& [name, data] : all) {
        mst::mustache m{inline_partials(std::string(data), partials)};
        if (!m.is_valid())
            throw std::logic_error("template " + name + " does not parse: " + m.error_message());
        m.set_custom_escape(mustache_escape);
        impl_->templates.emplace(name, std::move(m));
    }
}

Renderer::~Renderer() = default;

std::string Renderer::fragment(std::string_view name, const boost::json::object& model) const {
    return impl_->render(name, to_data(model));
}

std::string Renderer::page(std::string_view name, const boost::json::object& model) const {
    // The layout sees only its own keys, and the page rendered as content_html.
    boost::json::object layout;
    for (const char* key : {"title", "canonical", "noindex", "page_class", "expert_name", "csrf", "is_admin", "asset_v"})
        if (const auto* v = model.if_contains(key)) layout[key] = *v;
    mst::data data = to_data(layout);
    data["content_html"] = mst::data(fragment(name, model));
    return impl_->render("layout", data);
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string text_to_html(std::string_view text) {
    std::string out = "<p>";
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '\n') {
            std::size_t j = i;
            int newlines = 0;
            while (j < text.size() && (text[j] == '\n' || text[j] == ' ' || text[j] == '\t')) {
                if (text[j] == '\n') ++newlines;
                ++j;
            }
            if (j == text.size()) break;
            out += newlines > 1 ? "</p>\n<p>" : "<br>\n";
            i = j;
            continue;
        }
        const std::size_t next = text.find('\n', i);
        const std::size_t end = next == std::string_view::npos ? text.size() : next;
        out += escape_html(text.substr(i, end - i));
        i = end;
    }
    out += "</p>";
    return out;
}

std::string markdown_to_html(std::string_view markdown) {
    // CMARK_OPT_SAFE is the default in cmark >= 0.29 (raw HTML and unsafe links are
    // replaced); it is passed explicitly for older versions. HARDBREAKS keeps the
    // askers' and experts' line breaks.
    char* html = cmark_markdown_to_html(markdown.data(), markdown.size(),
                                        CMARK_OPT_SMART | CMARK_OPT_HARDBREAKS);
    if (!html) throw std::bad_alloc();
    std::string out(html);
    std::free(html);
    return out;
}

struct Assets::Impl {
    std::map<std::string, Asset, std::less<>> by_path;
};

namespace {
std::string_view content_type_for(std::string_view path) {
    const auto ends = [&](std::string_view s) {
        return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
    };
    if (ends(".css")) return "text/css; charset=utf-8";
    if (ends(".js")) return "text/javascript; charset=utf-8";
    if (ends(".svg")) return "image/svg+xml";
    if (ends(".png")) return "image/png";
    if (ends(".ico")) return "image/x-icon";
    if (ends(".txt")) return "text/plain; charset=utf-8";
    if (ends(".webmanifest")) return "application/manifest+json";
    return "application/octet-stream";
}

std::string etag_of(std::string_view body) {
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (unsigned i = 0; i < 12; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    out += '"';
    return out;
}
}  // namespace

Assets::Assets() : impl_(std::make_unique<Impl>()) {
    for (const auto& f : static_files())
        impl_->by_path.emplace(std::string(f.name),
                               Asset{f.name, content_type_for(f.name), f.data, etag_of(f.data)});
}

Assets::~Assets() = default;

const Asset* Assets::find(std::string_view path) const {
    const auto it = impl_->by_path.find(path);
    return it == impl_->by_path.end() ? nullptr : &it->second;
}

}  // namespace radfraga::web
