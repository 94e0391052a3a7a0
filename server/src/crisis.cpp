#include "server/src/crisis.hpp"

#include "web/web.hpp"

namespace radfraga::server {

namespace {

std::string_view swedish_name(std::string_view name) {
    if (name == "suicide") return "självmord";
    if (name == "violence") return "våld";
    if (name == "child") return "barn i fara";
    if (name == "sexual") return "sexuellt våld";
    if (name == "acute_need") return "akut nöd";
    return name;
}

template <typename F>
void for_each_name(std::string_view list, F f) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const auto name = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (!name.empty()) f(name);
    }
}

// Escaped text with line breaks as in web::text_to_html: a blank line ends a paragraph.
void append_text(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto nl = text.find('\n', i);
        const auto end = nl == std::string_view::npos ? text.size() : nl;
        out += web::escape_html(text.substr(i, end - i));
        if (nl == std::string_view::npos) break;
        std::size_t j = nl, newlines = 0;
        while (j < text.size() && (text[j] == '\n' || text[j] == ' ' || text[j] == '\t'))
            newlines += text[j++] == '\n';
        out += newlines > 1 ? "</p>\n<p>" : "<br>\n";
        i = j;
    }
}

}  // namespace

std::string category_list(const moderation::TriageResult& r) {
    std::string out;
    for (const auto c : r.categories) {
        if (!out.empty()) out += ',';
        out += moderation::category_name(c);
    }
    return out;
}

std::string swedish_categories(std::string_view list) {
    std::string out;
    for_each_name(list, [&](std::string_view name) {
        if (!out.empty()) out += ", ";
        out += swedish_name(name);
    });
    return out;
}

boost::json::object helplines(std::string_view list) {
    boost::json::object o;
    bool any = false;
    for_each_name(list, [&](std::string_view name) {
        if (name == "suicide") o["suicide"] = true;
        if (name == "violence" || name == "sexual") o["violence"] = true;
        if (name == "child") o["child"] = true;
        if (name == "acute_need") o["acute_need"] = true;
        any = true;
    });
    if (!any) {
        for (const auto* k : {"suicide", "violence", "child", "acute_need"}) o[k] = true;
    }
    // 112 for danger to life: every crisis but a child's alone, where BRIS comes first
    // and the general 112 line still stands.
    o["emergency"] = true;
    return o;
}

std::string mark_signals(std::string_view text, const std::vector<moderation::Signal>& signals) {
    std::string out = "<p>";
    std::size_t pos = 0;
    for (const auto& s : signals) {
        if (s.start < pos || s.end > text.size() || s.start >= s.end) continue;
        append_text(out, text.substr(pos, s.start - pos));
        const auto name = moderation::category_name(s.category);
        out += "<mark class=\"crisis\" data-category=\"" + std::string(name) + "\">";
        append_text(out, text.substr(s.start, s.end - s.start));
        out +=
            "<span class=\"crisis-type\"> [" + std::string(swedish_name(name)) + "]</span></mark>";
        pos = s.end;
    }
    append_text(out, text.substr(pos));
    out += "</p>";
    return out;
}

}  // namespace radfraga::server
