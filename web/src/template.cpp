#include "web/src/template.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cassert>

#include "core/html.hpp"

namespace radfraga::web::detail {

namespace json = boost::json;

namespace {

bool is_space(char c) {
    // std::isspace in the "C" locale, as kainjow's trim uses it.
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string> split_name(const std::string& name) {
    if (name == ".") return {name};
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (true) {
        const std::size_t dot = name.find('.', from);
        parts.push_back(
            name.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
        if (dot == std::string::npos) break;
        from = dot + 1;
    }
    return parts;
}

// What a name resolves to, in the terms of the contract in template.hpp.
struct Val {
    enum class Kind : std::uint8_t { none, boolean, string, number, object, array };
    Kind kind = Kind::none;
    bool truth = false;               // boolean
    const json::value* v = nullptr;   // string, number, array
    const json::object* o = nullptr;  // object
};

// A JSON value as the model sees it. In an object, an empty string is no value at
// all; as a list element it is an empty string.
Val view(const json::value& v, bool in_object) {
    switch (v.kind()) {
        case json::kind::string:
            if (in_object && v.get_string().empty()) return {};
            return {Val::Kind::string, false, &v, nullptr};
        case json::kind::bool_:
            return {Val::Kind::boolean, v.get_bool(), nullptr, nullptr};
        case json::kind::null:
            return {Val::Kind::boolean, false, nullptr, nullptr};
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
            return {Val::Kind::number, false, &v, nullptr};
        case json::kind::object:
            return {Val::Kind::object, false, nullptr, &v.get_object()};
        case json::kind::array:
            return {Val::Kind::array, false, &v, nullptr};
    }
    return {};
}

// Member `key` of an object, with the synthesised "has_x" of every array "x". Where a
// key "has_x" also exists, the later of the two in the object wins (the converter
// this replaces assigned them in key order).
Val member(const json::object& o, const std::string& key) {
    const auto it = o.find(key);
    Val found = it == o.end() ? Val{} : view(it->value(), true);
    if (key.size() > 4 && key.starts_with("has_")) {
        const auto list = o.find(std::string_view(key).substr(4));
        if (list != o.end() && list->value().is_array() &&
            (found.kind == Val::Kind::none || list > it)) {
            return {Val::Kind::boolean, !list->value().get_array().empty(), nullptr, nullptr};
        }
    }
    return found;
}

bool renders_section(const Val& v) {
    switch (v.kind) {
        case Val::Kind::none:
            return false;
        case Val::Kind::boolean:
            return v.truth;
        case Val::Kind::array:
            return !v.v->get_array().empty();
        default:
            return true;
    }
}

void append_number(std::string& out, const json::value& v) {
    switch (v.kind()) {
        case json::kind::int64:
            out += std::to_string(v.get_int64());
            break;
        case json::kind::uint64:
            out += std::to_string(v.get_uint64());
            break;
        default:
            out += std::to_string(v.get_double());
            break;
    }
}

}  // namespace

std::string inline_partials(std::string text,
                            const std::map<std::string, std::string, std::less<>>& partials,
                            int depth) {
    if (depth > 8) throw TemplateError("partials nested too deeply");
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
        if (it == partials.end()) {
            out.append(text, open, close + 2 - open);
        } else {
            out += inline_partials(it->second, partials, depth + 1);
        }
        pos = close + 2;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

Template::Template(std::string_view in) {
    using Kind = Node::Kind;
    std::vector<std::uint32_t> open;  // sections not yet closed
    std::string text;
    auto flush_text = [&] {
        if (text.empty()) return;
        nodes_.push_back(Node{Kind::text, std::move(text), {}, 0, {}});
        text.clear();
    };
    std::size_t i = 0;
    while (i < in.size()) {
        if (in.substr(i, 2) == "{{") {
            flush_text();
            std::size_t start = i + 2;
            const bool triple = start < in.size() && in[start] == '{';
            if (triple) ++start;
            const std::size_t close = in.find(triple ? "}}}" : "}}", start);
            if (close == std::string_view::npos)
                throw TemplateError("unclosed tag at " + std::to_string(i));
            const std::string contents = trim(in.substr(start, close - start));
            i = close + (triple ? 3 : 2);
            Kind kind = Kind::escaped;
            std::string name = contents;
            bool end = false;
            if (triple) {
                kind = Kind::raw;
            } else if (!contents.empty()) {
                const char sigil = contents[0];
                if (sigil == '=') throw TemplateError("set-delimiter tags are not supported");
                if (sigil == '>') throw TemplateError("partial " + contents + " was not inlined");
                if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '&' || sigil == '!') {
                    name = trim(std::string_view(contents).substr(1));
                    kind = sigil == '#' ? Kind::section : sigil == '^' ? Kind::inverted : Kind::raw;
                    end = sigil == '/';
                    if (sigil == '!') {  // a comment renders nothing
                        // "outer: a b": names the innermost open section may take from
                        // outside its list elements (Scoping::strict_lists).
                        std::string_view decl = name;
                        if (decl.starts_with("outer:") && !open.empty()) {
                            decl.remove_prefix(6);
                            auto& outer = nodes_[open.back()].outer;
                            while (!decl.empty()) {
                                const auto sp = decl.find_first_of(" \t\r\n");
                                const auto word = decl.substr(0, sp);
                                if (!word.empty()) outer.emplace_back(word);
                                if (sp == std::string_view::npos) break;
                                decl.remove_prefix(sp + 1);
                            }
                        }
                        continue;
                    }
                }
            }
            if (end) {
                if (open.empty()) throw TemplateError("section end " + name + " without a start");
                Node& section = nodes_[open.back()];
                std::string opened;
                for (const auto& part : section.name) opened += (opened.empty() ? "" : ".") + part;
                if (opened != name) throw TemplateError("section " + opened + " ended by " + name);
                section.end = static_cast<std::uint32_t>(nodes_.size());
                open.pop_back();
                continue;
            }
            if (kind == Kind::section || kind == Kind::inverted)
                open.push_back(static_cast<std::uint32_t>(nodes_.size()));
            nodes_.push_back(Node{kind, {}, split_name(name), 0, {}});
            continue;
        }
        const std::size_t nl = in.substr(i, 2) == "\r\n"          ? 2
                               : (in[i] == '\n' || in[i] == '\r') ? 1
                                                                  : 0;
        if (nl > 0) {
            flush_text();
            nodes_.push_back(Node{Kind::newline, std::string(in.substr(i, nl)), {}, 0, {}});
            i += nl;
            continue;
        }
        text += in[i++];
    }
    flush_text();
    if (!open.empty()) throw TemplateError("unclosed section " + nodes_[open.back()].name.front());
}

// One rendering: the output, the context stack and kainjow's line rule.
class Template::Renderer {
  public:
    Renderer(const std::vector<Node>& nodes, std::string& out, Scoping scoping)
        : nodes_(nodes), out_(out), line_start_(out.size()), scoping_(scoping) {
        stack_.reserve(16);
        closed_by_.reserve(16);
    }

    void run(const json::object& root) {
        push(Val{Val::Kind::object, false, nullptr, &root}, nullptr);
        walk(0, static_cast<std::uint32_t>(nodes_.size()));
        if (drop_line()) out_.resize(line_start_);
    }

  private:
    using Kind = Node::Kind;

    void walk(std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t i = begin; i < end; ++i) {
            const Node& n = nodes_[i];
            switch (n.kind) {
                case Kind::text:
                    out_ += n.text;
                    break;
                case Kind::newline:
                    if (drop_line()) {
                        out_.resize(line_start_);
                    } else {
                        out_ += n.text;
                    }
                    line_start_ = out_.size();
                    section_tag_ = false;
                    break;
                case Kind::escaped:
                case Kind::raw: {
                    const Val v = lookup(n.name);
                    if (v.kind == Val::Kind::string) {
                        const auto& s = v.v->get_string();
                        if (n.kind == Kind::raw) {
                            out_.append(s.data(), s.size());
                        } else {
                            append_html_escaped(out_, std::string_view(s.data(), s.size()));
                        }
                    } else if (v.kind == Val::Kind::number) {
                        append_number(out_, *v.v);
                    }
                    break;
                }
                case Kind::section:
                case Kind::inverted: {
                    const Val v = lookup(n.name);
                    if (renders_section(v) == (n.kind == Kind::section)) section(n, i + 1, v);
                    i = n.end - 1;
                    break;
                }
            }
        }
    }

    void push(const Val& v, const Node* closed_by) {
        stack_.push_back(v);
        closed_by_.push_back(closed_by);
    }
    void pop() {
        stack_.pop_back();
        closed_by_.pop_back();
    }

    void section(const Node& n, std::uint32_t begin, const Val& v) {
        const std::uint32_t end = n.end;
        if (v.kind == Val::Kind::array && !v.v->get_array().empty()) {
            // Each element is a scope closed by the section (Scoping::strict_lists).
            const Node* closed_by = scoping_ == Scoping::strict_lists ? &n : nullptr;
            for (const auto& element : v.v->get_array()) {
                section_tag_ = true;
                push(view(element, false), closed_by);
                walk(begin, end);
                pop();
                section_tag_ = true;
            }
            return;
        }
        section_tag_ = true;
        if (v.kind != Val::Kind::none) push(v, nullptr);
        walk(begin, end);
        if (v.kind != Val::Kind::none) pop();
        section_tag_ = true;
    }

    Val lookup(const std::vector<std::string>& name) const {
        if (name.size() == 1 && name.front() == ".") return stack_.back();
        for (std::size_t k = stack_.size(); k-- > 0;) {
            Val v = stack_[k];
            for (const auto& part : name) {
                if (v.kind != Val::Kind::object) {
                    v = {};
                    break;
                }
                v = member(*v.o, part);
                if (v.kind == Val::Kind::none) break;
            }
            if (v.kind != Val::Kind::none) return v;
            // Past a list element only with the section's leave.
            if (const Node* closed = closed_by_[k];
                closed && std::find(closed->outer.begin(), closed->outer.end(), name.front()) ==
                              closed->outer.end())
                return {};
        }
        return {};
    }

    // Whether the current line is to be dropped at its end.
    bool drop_line() const {
        if (!section_tag_) return false;
        for (std::size_t k = line_start_; k < out_.size(); ++k) {
            if (out_[k] != ' ' && out_[k] != '\t') return false;
        }
        return true;
    }

    const std::vector<Node>& nodes_;
    std::string& out_;
    std::size_t line_start_;
    bool section_tag_ = false;
    const Scoping scoping_;
    std::vector<Val> stack_;
    std::vector<const Node*> closed_by_;  // per stack_ entry: the list section it is an element of
};

void Template::render(const boost::json::object& root, std::string& out, Scoping scoping) const {
    Renderer(nodes_, out, scoping).run(root);
}

}  // namespace radfraga::web::detail
