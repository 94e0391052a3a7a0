#include "server/src/quality_service.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "core/utf8.hpp"
#include "server/src/asker_service.hpp"
#include "server/src/policies.hpp"
#include "server/src/receipt_code.hpp"

namespace radfraga::server::quality_service {

namespace {

// The receipt hash of `token` whose question exists, trying the token's forms in the
// order open_receipt does.
std::optional<Bytes> receipt_hash(const App::Impl& app, std::string_view token) {
    for (const auto& candidate : receipt_token_candidates(token)) {
        auto h = sha256(candidate);
        if (app.d.store.askers().receipt(h)) return h;
    }
    return std::nullopt;
}

// NFKC with runs of Unicode white space made one ASCII space, trimmed; `fold` also
// case-folds (NFKC_Casefold). Empty for input that is not valid UTF-8.
std::string normalise(std::string_view s, bool fold) {
    if (!is_valid_utf8(s)) return {};
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = fold ? icu::Normalizer2::getNFKCCasefoldInstance(status)
                                     : icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) return {};
    const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
        icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())));
    icu::UnicodeString out = n->normalize(in, status);
    if (U_FAILURE(status)) return {};
    icu::UnicodeString spaced;
    bool pending_space = false;
    for (std::int32_t i = 0; i < out.length();) {
        const UChar32 cp = out.char32At(i);
        i += U16_LENGTH(cp);
        if (u_isUWhiteSpace(cp) || u_iscntrl(cp)) {
            pending_space = !spaced.isEmpty();
            continue;
        }
        if (pending_space) spaced.append(u' ');
        pending_space = false;
        spaced.append(cp);
    }
    std::string utf8;
    spaced.toUTF8String(utf8);
    return utf8;
}

}  // namespace

UnderstoodOutcome record_understood(const App::Impl& app, std::string_view token,
                                    store::Understood answer, std::string_view comment,
                                    std::string_view client, UnixSeconds now) {
    const auto view = asker::open_receipt(app, token, client, now);
    if (!view) return UnderstoodOutcome::no_receipt;
    if (!view->answer) return UnderstoodOutcome::no_answer;
    const std::string text = normalize_text(comment);
    if (code_points(text) > kMaxComment || has_control_chars(text))
        return UnderstoodOutcome::bad_comment;
    const auto hash = receipt_hash(app, token);
    if (!hash) return UnderstoodOutcome::no_receipt;  // withdrawn meanwhile
    const std::string redacted = text.empty() ? std::string() : app.d.redact(text);
    using R = store::UnderstoodResult;
    switch (app.d.store.quality().set_understood(*hash, answer, redacted)) {
        case R::recorded:
            return UnderstoodOutcome::recorded;
        case R::changed:
            return UnderstoodOutcome::changed;
        case R::no_receipt:
            return UnderstoodOutcome::no_receipt;
        case R::no_answer:
            return UnderstoodOutcome::no_answer;
        case R::invalid:  // the redactor's placeholders made it longer than the store takes
            return UnderstoodOutcome::bad_comment;
    }
    return UnderstoodOutcome::no_receipt;
}

std::optional<store::UnderstoodVote> understood_of(const App::Impl& app, std::string_view token) {
    const auto hash = receipt_hash(app, token);
    if (!hash) return std::nullopt;
    return app.d.store.quality().understood(*hash);
}

std::optional<store::Understood> understood_from_form(std::string_view s) {
    if (s == "ja") return store::Understood::yes;
    if (s == "delvis") return store::Understood::partly;
    if (s == "nej") return store::Understood::no;
    return store::understood_from_string(s);
}

std::string_view understood_form_value(store::Understood u) {
    switch (u) {
        case store::Understood::yes:
            return "ja";
        case store::Understood::partly:
            return "delvis";
        case store::Understood::no:
            return "nej";
    }
    return "ja";
}

std::string_view understood_label(store::Understood u) {
    switch (u) {
        case store::Understood::yes:
            return "Ja";
        case store::Understood::partly:
            return "Delvis";
        case store::Understood::no:
            return "Nej";
    }
    return "Ja";
}

namespace {

// A word of a query as the counters keep it: the punctuation around it dropped; nullopt
// unless what is left is letters (a hyphen inside) only.
std::optional<std::string> gap_word(std::string_view w) {
    constexpr std::string_view kAround = ".,;:!?\"'()[]{}«»”“";
    while (!w.empty() && kAround.find(w.front()) != std::string_view::npos) w.remove_prefix(1);
    while (!w.empty() && kAround.find(w.back()) != std::string_view::npos) w.remove_suffix(1);
    if (w.empty()) return std::nullopt;
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(w.data(), static_cast<std::int32_t>(w.size())));
    for (std::int32_t i = 0; i < u.length();) {
        const UChar32 cp = u.char32At(i);
        i += U16_LENGTH(cp);
        if (!u_isalpha(cp) && cp != u'-') return std::nullopt;
    }
    return std::string(w);
}

}  // namespace

std::optional<std::string> search_gap_term(const App::Impl& app, std::string_view query) {
    // The redactor reads the query as typed (names are found by their capitals), then the
    // term is folded and every word of it must be an ordinary Swedish word that names no
    // one (moderation::Redactor::is_known_word): a withdrawn question's rare words, a
    // name typed in lower case, a number or an address never reach the disk.
    const std::string typed = normalise(query, false);
    if (typed.empty() || typed.size() > 200) return std::nullopt;
    if (!app.d.redactor.find(typed).empty()) return std::nullopt;
    const std::string folded = normalise(typed, true);
    std::string term;
    std::size_t words = 0;
    for (std::size_t pos = 0; pos < folded.size();) {
        const std::size_t space = std::min(folded.find(' ', pos), folded.size());
        const auto word = gap_word(std::string_view(folded).substr(pos, space - pos));
        if (!word || !app.d.redactor.is_known_word(*word)) return std::nullopt;
        term += (term.empty() ? "" : " ") + *word;
        pos = space + 1;
        if (++words > kMaxGapWords) return std::nullopt;
    }
    if (term.empty() || term.size() > 200) return std::nullopt;
    return term;
}

bool count_search_gap(const App::Impl& app, std::string_view query) {
    const auto term = search_gap_term(app, query);
    return term && app.d.store.quality().count_search_gap(*term);
}

std::string shown_count(std::int64_t n) {
    return n > 0 && n < kSuppressBelow ? "<" + std::to_string(kSuppressBelow) : std::to_string(n);
}

}  // namespace radfraga::server::quality_service

namespace radfraga::server::quality_service {

namespace {

// "30 juni 2025".
std::string swedish_day(const quality::Date& d) {
    static constexpr const char* names[] = {"januari",   "februari", "mars",     "april",
                                            "maj",       "juni",     "juli",     "augusti",
                                            "september", "oktober",  "november", "december"};
    const auto month = static_cast<std::size_t>(std::clamp(d.month, 1, 12) - 1);
    return std::to_string(d.day) + " " + names[month] + " " + std::to_string(d.year);
}

}  // namespace

quality::Date stockholm_date(UnixSeconds t) {
    const Timestamp local = stockholm_time(t);
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days((local.utc + local.offset_minutes * 60) / 86400, y, m, d);
    return {y, static_cast<int>(m), static_cast<int>(d)};
}

std::vector<quality::LawReference> law_references(const App::Impl& app, std::string_view answer,
                                                  UnixSeconds written, UnixSeconds now) {
    return quality::find_law_references(app.laws, answer, stockholm_date(written),
                                        stockholm_date(now));
}

json::array law_references_json(const std::vector<quality::LawReference>& refs) {
    json::array out;
    for (const auto& r : refs) {
        json::object o;
        o["law"] = r.law;
        o["sfs"] = r.sfs;
        o["chapter"] = r.chapter ? json::value(*r.chapter) : json::value(nullptr);
        o["section"] = r.section ? json::value(*r.section) : json::value(nullptr);
        o["text"] = r.text;
        o["status"] = quality::status_name(r.status);
        if (r.status == quality::LawStatus::replaced) {
            o["replaced_by"] =
                r.replaced_by.empty() ? json::value(nullptr) : json::value(r.replaced_by);
            o["in_force_until"] = r.in_force_until
                                      ? json::value(quality::format_date(*r.in_force_until))
                                      : json::value(nullptr);
        }
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<std::string> law_notices(const App::Impl& app,
                                     const std::vector<quality::LawReference>& refs) {
    std::vector<std::string> out;
    std::vector<std::string> seen;
    for (const auto& r : refs) {
        if (r.status != quality::LawStatus::replaced) continue;
        if (std::find(seen.begin(), seen.end(), r.sfs) != seen.end()) continue;
        seen.push_back(r.sfs);
        const quality::Law* law = app.laws.by_sfs(r.sfs);
        std::string name = law ? law->name : r.law;
        std::string s = "Lagen har ändrats sedan svaret skrevs. Svaret hänvisar till " + name +
                        " (SFS " + r.sfs + ")";
        if (r.in_force_until) s += ", som gällde till och med " + swedish_day(*r.in_force_until);
        if (!r.replaced_by.empty()) {
            const quality::Law* next = app.laws.by_sfs(r.replaced_by);
            s += r.in_force_until ? " och" : ", som";
            s += " har ersatts av ";
            s += next && next->name != name ? next->name + " (SFS " + r.replaced_by + ")"
                                            : "en ny lag (SFS " + r.replaced_by + ")";
            if (next) s += " från " + swedish_day(next->in_force_from);
        } else if (!r.in_force_until) {
            s += ", som inte längre gäller";
        }
        s += ". Paragrafer och kapitel kan ha fått nya nummer.";
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<StaleAnswer> answers_to_re_review(const App::Impl& app, UnixSeconds now) {
    std::vector<StaleAnswer> out;
    app.d.store.outbox().for_each_index_doc([&](const store::IndexDoc& doc) {
        auto refs = law_references(app, doc.answer, doc.published_at, now);
        std::erase_if(refs, [](const quality::LawReference& r) {
            return r.status != quality::LawStatus::replaced;
        });
        if (refs.empty()) return;
        out.push_back({doc.id, doc.title, doc.published_at, 0, std::move(refs)});
    });
    std::vector<QuestionId> ids;
    for (const auto& a : out) ids.push_back(a.id);
    const auto votes = app.d.store.quality().feedback_of(ids);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i].reads = votes[i].helpful_yes + votes[i].helpful_no + votes[i].same_question;
    std::sort(out.begin(), out.end(), [](const StaleAnswer& a, const StaleAnswer& b) {
        const int ya = stockholm_date(a.written).year, yb = stockholm_date(b.written).year;
        if (ya != yb) return ya < yb;
        if (a.reads != b.reads) return a.reads > b.reads;
        return a.written < b.written;
    });
    return out;
}

namespace {

// The LIX bands every Swedish readability guide uses.
std::string_view lix_band(double lix) {
    if (lix < 30) return "mycket lättläst";
    if (lix < 40) return "lättläst";
    if (lix < 50) return "medelsvår";
    if (lix < 60) return "svår";
    return "mycket svår";
}

// The first words of a sentence, for the list of long ones.
std::string opening(std::string_view s, std::size_t words) {
    std::size_t pos = 0;
    for (std::size_t n = 0; n < words && pos != std::string_view::npos; ++n)
        pos = s.find(' ', pos + 1);
    if (pos == std::string_view::npos) return std::string(s);
    return std::string(s.substr(0, pos)) + " …";
}

}  // namespace

json::object plain_language(const App::Impl& app, std::string_view markdown, UnixSeconds now) {
    json::object m;
    const quality::Checker* checker = app.checker();
    if (!checker || markdown.find_first_not_of(" \t\r\n") == std::string_view::npos) return m;
    const auto today = stockholm_date(now);
    const auto rep = checker->check(markdown, today, today);
    const auto target = static_cast<double>(app.d.config.lix_target);
    const long lix = std::lround(rep.lix);
    m["lix"] = lix;
    m["target"] = app.d.config.lix_target;
    m["meter_max"] = std::max<long>(80, lix);
    m["band"] = lix_band(rep.lix);
    m[rep.lix <= target ? "on_target" : "over_target"] = true;
    m["words"] = rep.words;
    m["sentences"] = rep.sentences;
    json::array longs;
    for (const auto& l : rep.long_sentences) {
        json::object o;
        o["start"] = opening(markdown.substr(l.span.start, l.span.end - l.span.start), 8);
        o["words"] = l.words;
        longs.push_back(std::move(o));
    }
    m["long_count"] = longs.size();
    if (!longs.empty()) m["long_sentences"] = std::move(longs);
    m["passive"] = rep.passive;
    json::array jargon;
    for (const auto& j : rep.jargon) {
        json::object o;
        o["written"] = std::string(markdown.substr(j.span.start, j.span.end - j.span.start));
        o["suggestion"] = j.suggestion;
        jargon.push_back(std::move(o));
    }
    m["jargon_count"] = jargon.size();
    if (!jargon.empty()) m["jargon"] = std::move(jargon);
    json::array laws;
    for (auto& n : law_notices(app, rep.law_refs)) laws.push_back(json::string(n));
    if (!laws.empty()) m["laws"] = std::move(laws);
    return m;
}

}  // namespace radfraga::server::quality_service
