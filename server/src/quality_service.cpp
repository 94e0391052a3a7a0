#include "server/src/quality_service.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "server/src/asker_service.hpp"
#include "server/src/policies.hpp"
#include "server/src/receipt_code.hpp"

namespace radfraga::server::quality_service {

namespace {

// One count per client, term and day: a counting rule (App::Impl::vote_once), not
// throttling, so it holds when `rate-limits` is off.
constexpr RateRule kOneGapCount{"gap:", 1, 86400};

// The receipt hash of `token` whose question exists, trying the token's forms in the
// order open_receipt does.
std::optional<Bytes> receipt_hash(const App::Impl& app, std::string_view token) {
    for (const auto& candidate : receipt_token_candidates(token)) {
        auto h = sha256(candidate);
        if (app.d.store.receipt(h)) return h;
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
    switch (app.d.store.set_understood(*hash, answer, redacted)) {
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
    return app.d.store.understood(*hash);
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

std::optional<std::string> search_gap_term(const App::Impl& app, std::string_view query) {
    // The redactor reads the query as typed (names are found by their capitals), then the
    // term is folded.
    const std::string typed = normalise(query, false);
    if (typed.empty() || typed.size() > 200) return std::nullopt;
    if (!app.d.redactor.find(typed).empty()) return std::nullopt;
    std::string term = normalise(typed, true);
    if (term.empty() || term.size() > 200) return std::nullopt;
    return term;
}

bool count_search_gap(const App::Impl& app, std::string_view query, std::string_view client,
                      UnixSeconds now) {
    const auto term = search_gap_term(app, query);
    if (!term) return false;
    // The limiter keys on a digest of the term, not the term, and forgets it within a day.
    const auto digest = sha256(*term);
    const std::string key = hex_encode(std::span(digest.data(), 16));
    if (!app.vote_once.allow(client, kOneGapCount, now, key)) return false;
    return app.d.store.count_search_gap(*term);
}

std::string shown_count(std::int64_t n) {
    return n > 0 && n < kSuppressBelow ? "<" + std::to_string(kSuppressBelow) : std::to_string(n);
}

}  // namespace radfraga::server::quality_service
