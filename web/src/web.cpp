#include "web/web.hpp"

#include <cmark.h>
#include <qrencode.h>

#include <boost/json.hpp>

#include <cassert>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "core/crypto.hpp"
#include "core/embedded.hpp"
#include "core/html.hpp"
#include "core/placeholder.hpp"
#include "web/src/markdown.hpp"
#include "web/src/template.hpp"

namespace radfraga::web {

std::span<const EmbeddedFile> templates();
std::span<const EmbeddedFile> static_files();

struct Renderer::Impl {
    // Compiled once at start, with partials inlined; rendering only reads them, so
    // concurrent renders are safe.
    std::map<std::string, detail::Template, std::less<>> templates;

    // Renders template `name` into a string.
    std::string render(std::string_view name, const boost::json::object& model) const {
        const auto it = templates.find(name);
        assert(it != templates.end() && "unknown template");
        std::string out;
        out.reserve(16384);
        it->second.render(model, out);
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
        try {
            impl_->templates.emplace(
                name, detail::Template(detail::inline_partials(std::string(data), partials)));
        } catch (const detail::TemplateError& e) {
            throw std::logic_error("template " + name + " does not parse: " + e.what());
        }
    }
}

Renderer::~Renderer() = default;

std::string Renderer::fragment(std::string_view name, const boost::json::object& model) const {
    return impl_->render(name, model);
}

std::string Renderer::page(std::string_view name, const boost::json::object& model) const {
    // The layout sees only its own keys, and the page rendered as content_html.
    boost::json::object layout;
    for (const char* key : {"title", "canonical", "noindex", "page_class", "expert_name", "csrf",
                            "is_admin", "asset_v", "expert_area"})
        if (const auto* v = model.if_contains(key)) layout[key] = *v;
    layout["content_html"] = fragment(name, model);
    return impl_->render("layout", layout);
}

std::string escape_html(std::string_view text) {
    return html_escaped(text);
}

namespace {

// Escapes `text`, marking each placeholder as a quiet mark that says what kind of
// detail was removed (a screen reader hears "borttaget: namn").
void append_marked(std::string& out, std::string_view text) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t p = text[i] == '[' ? placeholder_length(text.substr(i)) : 0;
        if (p == 0) {
            ++i;
            continue;
        }
        out += escape_html(text.substr(run, i - run));
        out += "<span class=\"removed\"><span class=\"visually-hidden\">borttaget: </span>";
        out += escape_html(text.substr(i + 1, p - 2));
        out += "</span>";
        i += p;
        run = i;
    }
    out += escape_html(text.substr(run));
}

}  // namespace

std::string placeholders_as_words(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t p = text[i] == '[' ? placeholder_length(text.substr(i)) : 0;
        if (p == 0) {
            ++i;
            continue;
        }
        out.append(text.substr(run, i - run));
        const std::string_view kind = text.substr(i + 1, p - 2);
        out += '(';
        out.append(kind);
        // A placeholder that already says it was removed keeps its own words.
        if (kind.find("borttag") == std::string_view::npos) out += " borttaget";
        out += ')';
        i += p;
        run = i;
    }
    out.append(text.substr(run));
    return out;
}

std::string inline_text_to_html(std::string_view text) {
    std::string out;
    append_marked(out, text);
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
        append_marked(out, text.substr(i, end - i));
        i = end;
    }
    out += "</p>";
    return out;
}

namespace {
struct QrFree {
    void operator()(QRcode* q) const { QRcode_free(q); }
};
}  // namespace

std::string qr_svg(std::string_view text, std::string_view label) {
    const std::unique_ptr<QRcode, QrFree> qr(
        QRcode_encodeData(static_cast<int>(text.size()),
                          reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
    if (!qr) throw std::length_error("text too long for a QR code");
    const int width = qr->width;
    const int size = width + 8;  // four modules of quiet zone on each side
    std::string out =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" viewBox=\"0 0 " +
        std::to_string(size) + " " + std::to_string(size) +
        "\" shape-rendering=\"crispEdges\" aria-label=\"" + escape_html(label) +
        "\"><rect width=\"" + std::to_string(size) + "\" height=\"" + std::to_string(size) +
        "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    // One horizontal run of dark modules per path segment (bit 0 of each byte: dark).
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width;) {
            if (!(qr->data[y * width + x] & 1)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < width && (qr->data[y * width + x + run] & 1)) ++run;
            out += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h" +
                   std::to_string(run) + "v1h-" + std::to_string(run) + "z";
            x += run;
        }
    }
    out += "\"/></svg>";
    return out;
}

std::string markdown_to_html(std::string_view markdown) {
    // Safe mode, always (detail::kMarkdownOptions).
    char* html = cmark_markdown_to_html(markdown.data(), markdown.size(), detail::kMarkdownOptions);
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
    const Bytes md = sha256(body);
    return "\"" + hex_encode(std::span(md).first(12)) + "\"";
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
