#include "server/archive.hpp"

#include <boost/json.hpp>

#include <istream>
#include <ostream>

#include "core/utf8.hpp"

namespace radfraga::server {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxLine = 1 << 20;

bool valid_external_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::variant<store::ArchiveRecord, std::string> parse_archive_line(std::string_view line) {
    if (line.size() > kMaxLine) return std::string("line is longer than 1 MiB");
    json::error_code ec;
    json::parse_options opts;
    opts.max_depth = 4;
    json::value v = json::parse(line, ec, {}, opts);
    if (ec) return "not valid JSON (" + ec.message() + ")";
    if (!v.is_object()) return std::string("not a JSON object");
    const auto& o = v.as_object();

    store::ArchiveRecord r;
    std::string problem;
    const auto field = [&](const char* name, std::string& out, bool required, std::size_t max,
                           std::string_view fallback) {
        if (!problem.empty()) return;
        const auto* f = o.if_contains(name);
        if (!f || f->is_null()) {
            if (required)
                problem = std::string("missing field \"") + name + "\"";
            else
                out = std::string(fallback);
            return;
        }
        if (!f->is_string()) {
            problem = std::string("field \"") + name + "\" is not a string";
            return;
        }
        const std::string_view s = f->as_string();
        if (has_control_chars(s)) {
            problem = std::string("field \"") + name + "\" contains control characters";
            return;
        }
        out = normalize_text(s);
        if (out.empty()) {
            if (required)
                problem = std::string("field \"") + name + "\" is empty";
            else
                out = std::string(fallback);
        } else if (out.size() > max) {
            problem = std::string("field \"") + name + "\" is longer than " + std::to_string(max) +
                      " bytes";
        }
    };
    std::string asked, answered;
    field("id", r.external_id, true, 64, "");
    field("title", r.title, true, 300, "");
    field("question", r.question, true, 20000, "");
    field("pseudonym", r.pseudonym, false, 80, "Anonym");
    field("answer", r.answer, true, 60000, "");
    field("signature", r.signature, false, 120, "Socialrådgivningen");
    field("category", r.category, true, 64, "");
    field("asked_at", asked, true, 40, "");
    field("answered_at", answered, true, 40, "");
    if (!problem.empty()) return problem;
    if (!valid_external_id(r.external_id))
        return std::string("field \"id\" must be 1-64 letters, digits, '-', '_' or '.'");
    const auto a = parse_iso8601(asked);
    if (!a) return "field \"asked_at\" is not an ISO 8601 time with offset: " + asked;
    const auto b = parse_iso8601(answered);
    if (!b) return "field \"answered_at\" is not an ISO 8601 time with offset: " + answered;
    if (b->utc < a->utc) return std::string("\"answered_at\" is before \"asked_at\"");
    r.asked_at = *a;
    r.answered_at = *b;
    return r;
}

std::string serialize_archive_record(const store::ArchiveRecord& r) {
    json::object o;
    o["id"] = r.external_id;
    o["title"] = r.title;
    o["question"] = r.question;
    o["pseudonym"] = r.pseudonym;
    o["answer"] = r.answer;
    o["signature"] = r.signature;
    o["category"] = r.category;
    o["asked_at"] = format_iso8601(r.asked_at);
    o["answered_at"] = format_iso8601(r.answered_at);
    return json::serialize(o);
}

ImportReport import_archive(std::istream& in, store::Store& store,
                            const std::function<void(std::uint64_t)>& progress) {
    ImportReport report;
    std::vector<store::ArchiveRecord> batch;
    const auto flush = [&] {
        if (batch.empty()) return;
        for (const auto res : store.archive().upsert_archive_records(batch)) {
            switch (res) {
                case store::UpsertResult::inserted:
                    ++report.inserted;
                    break;
                case store::UpsertResult::updated:
                    ++report.updated;
                    break;
                case store::UpsertResult::unchanged:
                    ++report.unchanged;
                    break;
            }
        }
        batch.clear();
    };
    std::string line;
    std::size_t number = 0;
    std::uint64_t bytes = 0;
    while (std::getline(in, line)) {
        ++number;
        bytes += line.size() + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        auto parsed = parse_archive_line(line);
        if (auto* err = std::get_if<std::string>(&parsed)) {
            report.errors.emplace_back(number, std::move(*err));
            continue;
        }
        auto& rec = std::get<store::ArchiveRecord>(parsed);
        if (!store.archive().category_exists(rec.category)) {
            report.errors.emplace_back(number, "unknown category \"" + rec.category + "\"");
            continue;
        }
        batch.push_back(std::move(rec));
        if (batch.size() >= 1000) {
            flush();
            if (progress) progress(bytes);
        }
    }
    flush();
    if (progress) progress(bytes);
    return report;
}

std::size_t export_archive(const store::Store& store, std::ostream& out) {
    std::size_t n = 0;
    store.archive().for_each_archive_record([&](const store::ArchiveRecord& r) {
        out << serialize_archive_record(r) << '\n';
        ++n;
    });
    out.flush();
    return n;
}

}  // namespace radfraga::server
