// One question on the experts' dashboard: the case page (redaction review, answer
// editor, four-eyes review, follow-ups, history) and every action on it. Each action is
// a POST to /expert/fraga/{id}/<action> with the session's CSRF token (routes.cpp); a
// refused transition is logged and shown on the case page.
#include <boost/json.hpp>

#include <algorithm>

#include "core/signing.hpp"
#include "core/utf8.hpp"
#include "server/src/crisis.hpp"
#include "server/src/expert_text.hpp"
#include "server/src/handlers.hpp"
#include "server/src/publication_gate.hpp"
#include "server/src/quality_service.hpp"
#include "server/src/redaction_editor.hpp"

namespace radfraga::server {

namespace {

// What an action did, in the words of the confirmation on the case page (from its
// ?ok= code): said as what happened, never a bare "Klart".
std::string done_message(std::string_view ok) {
    static const std::pair<std::string_view, std::string_view> messages[] = {
        {"tagen", "Du har tagit frågan."},
        {"lamnad", "Frågan är tillbaka i kön."},
        {"overlamnad", "Frågan är överlämnad till din kollega."},
        {"granskad", "Texten som publiceras är sparad som granskad."},
        {"skickad", "Svaret skickades till granskning."},
        {"sparad", "Utkastet är sparat."},
        {"publicerad", "Frågan är publicerad."},
        {"tillbaka", "Svaret skickades tillbaka med din kommentar."},
        {"avbojd", "Frågan publiceras inte. Frågeställaren ser skälet."},
        {"dubblett", "Frågan är markerad som dubblett."},
        {"besvarad", "Svaret på följdfrågan är skickat till frågeställaren."},
        {"ny-version",
         "Den nya versionen väntar på granskning. Det publicerade svaret visas tills "
         "en kollega har godkänt den."},
        {"ny-version-publicerad", "Den nya versionen är granskad, signerad och publicerad."}};
    for (const auto& [code, message] : messages)
        if (code == ok) return std::string(message);
    return "Ändringen är sparad.";
}

using store::FollowUpState;
using store::QuestionState;

std::string action_text(std::string_view a) {
    static const std::pair<std::string_view, std::string_view> names[] = {
        {"received", "Frågan kom in"},
        {"claimed", "Tog frågan"},
        {"claim_taken_over", "Tog över frågan"},
        {"released", "Lämnade frågan"},
        {"handed_over", "Lämnade över frågan"},
        {"redactions_reviewed", "Granskade personuppgifterna"},
        {"redactions_edited_in_review", "Ändrade texten som publiceras vid granskningen"},
        {"redactions_second_review",
         "Kontrollerade borttagningen av personuppgifter (en annan än den som gjorde den)"},
        {"removed_before_publication", "Tog bort uppgifter före publiceringen"},
        {"accepted_at_publication", "Godtog markerade uppgifter före publiceringen"},
        {"draft_started", "Började på ett svar"},
        {"submitted_for_review", "Skickade svaret till granskning"},
        {"returned_for_changes", "Skickade tillbaka svaret"},
        {"published", "Godkände och publicerade"},
        {"declined", "Avböjde att publicera"},
        {"answered_privately", "Svarade privat"},
        {"duplicate", "Markerade som dubblett"},
        {"follow_up", "Följdfråga kom in"},
        {"follow_up_assigned", "Följdfrågan gick till den som svarade"},
        {"follow_up_answered", "Besvarade följdfrågan"},
        {"withdrawn", "Frågeställaren tog bort frågan"},
        {"revision_submitted", "Skrev en ny version av det publicerade svaret"},
        {"revision_published", "Godkände och publicerade en ny version"}};
    for (const auto& [k, v] : names)
        if (k == a) return std::string(v);
    return std::string(a);
}

std::string transition_message(store::Transition t) {
    switch (t) {
        case store::Transition::ok:
            return "";
        case store::Transition::not_found:
            return "Frågan finns inte längre.";
        case store::Transition::wrong_state:
            return "Frågan är inte i ett läge där det går att göra så.";
        case store::Transition::not_claimed:
            return "Du behöver ta frågan först.";
        case store::Transition::claimed_by_other:
            return "En kollega arbetar redan med frågan.";
        case store::Transition::own_answer:
            return "Du kan inte granska ditt eget svar – en kollega måste göra det.";
        case store::Transition::not_reviewed:
            return "Granska personuppgifterna i frågan innan svaret skickas.";
        case store::Transition::no_answer:
            return "Skriv ett svar först.";
        case store::Transition::invalid:
            return "Uppgifterna räcker inte – fyll i det som saknas.";
    }
    return "Något gick fel.";
}

// The asker's original as stored: {"title", "question", "pseudonym"}.
struct Original {
    std::string title;
    std::string question;
};

// One question as its handlers see it.
struct Case {
    QuestionId q;
    std::string here;  // the case page's path
    store::CaseView view;
    std::optional<Original> original;  // when it could be opened
};

std::optional<Case> open_case(const App::Impl& app, const Call& c) {
    const QuestionId q{c.id("id")};
    auto view = app.d.store.cases().case_view(q);
    if (!view) return std::nullopt;
    Case out{q, "/expert/fraga/" + std::to_string(q.value), std::move(*view), std::nullopt};
    if (!out.view.original_ct.empty()) {
        if (const auto plain = app.d.originals.open(
                out.view.original_ct, secret_aad(SecretPurpose::question_original, q.value))) {
            json::error_code ec;
            const auto v = json::parse(*plain, ec);
            if (!ec && v.is_object())
                out.original = Original{std::string(v.as_object().at("title").as_string()),
                                        std::string(v.as_object().at("question").as_string())};
        }
    }
    return out;
}

// Identifying combinations (several quasi-identifiers together): not redacted, shown to the
// expert with their parts marked.
void add_identifying_warning(const App::Impl& app, const Original& original, json::object& m) {
    const auto w = app.d.redactor.identifying_combination(original.question);
    if (!w) return;
    const std::string_view question = original.question;
    std::string html;
    std::size_t at = 0;
    for (const auto& p : w->parts) {
        html += web::escape_html(question.substr(at, p.start - at));
        html += "<mark class=\"quasi\" data-kind=\"" +
                std::string(moderation::quasi_kind_name(p.kind)) + "\">" +
                web::escape_html(p.text) + "<span class=\"pii-type\"> [" +
                std::string(moderation::quasi_kind_label(p.kind)) + "]</span></mark>";
        at = p.end;
    }
    html += web::escape_html(question.substr(at));
    m["identifying_html"] = "<p>" + html + "</p>";
    m["identifying_message"] = w->message;
}

// The redaction editor (redaction_editor.hpp): the original with the redactor's
// proposals marked, and each proposal as a checkbox that says whether it is applied in
// `text`, the text to be published (stored, or as sent back). "v<i>" carries the state
// the page was rendered with, so the server applies only what the expert changed.
void add_redaction_review(const App::Impl& app, const Original& original, std::string_view text,
                          json::object& m) {
    json::array findings;
    std::string marked;
    std::size_t pos = 0;
    int i = 0;
    for (const auto& f : app.d.redactor.find(original.question)) {
        marked += web::escape_html(std::string_view(original.question).substr(pos, f.start - pos));
        marked += "<mark class=\"pii\" data-type=\"" + std::string(moderation::type_name(f.type)) +
                  "\">" + web::escape_html(f.text) + "<span class=\"pii-type\"> [" +
                  std::string(moderation::placeholder(f.type)).substr(1) + "</span></mark>";
        pos = f.end;
        const Proposal p = proposal(original.question, f);
        json::object o;
        o["index"] = i++;
        o["text"] = f.text;
        o["type"] = p.placeholder;
        o["before"] = p.before;
        o["after"] = p.after;
        o["applied"] = is_applied(text, p);
        o["low"] = f.confidence < 0.7;
        findings.push_back(std::move(o));
    }
    marked += web::escape_html(std::string_view(original.question).substr(pos));
    m["original_html"] = "<p>" + marked + "</p>";
    m["original_title"] = original.title;
    m["findings"] = std::move(findings);
    add_identifying_warning(app, original, m);
}

// Re-review of a published answer (docs/quality.md): the laws it cites that have been
// replaced since it was written, the form for a new version, and the version waiting for
// another expert's approval.
void add_revision(const App::Impl& app, const store::CaseView& view, ExpertId me, json::object& m) {
    const auto& pub = *view.published;
    const UnixSeconds now = app.d.clock.now();
    const auto refs =
        quality_service::law_references(app, pub.body, pub.answered_at.value_or(now), now);
    json::array notices;
    for (auto& n : quality_service::law_notices(app, refs)) notices.push_back(json::string(n));
    json::object rv;
    if (!notices.empty()) rv["notices"] = std::move(notices);
    const auto& w = view.working;
    const bool waiting = w && w->state == store::AnswerState::awaiting_review;
    rv["text"] = waiting ? w->body : pub.body;
    rv["signature"] = waiting ? w->signature_name : pub.signature_name;
    if (waiting) {
        rv["waiting_html"] = web::markdown_to_html(w->body);
        const bool wrote = std::find(view.answer_authors.begin(), view.answer_authors.end(), me) !=
                           view.answer_authors.end();
        rv[wrote ? "own" : "can_approve"] = true;
    }
    m["revision"] = std::move(rv);
}

// The answer being written, its review and the check at publication.
void add_answer(const App::Impl& app, const Call& c, const store::CaseView& view, json::object& m) {
    const auto& w = view.working;
    const ExpertId me = c.expert().info.expert;
    m["draft"] = w ? w->body : std::string();
    // The plain-language check of the saved draft, shown without JavaScript.
    if (w && w->state != store::AnswerState::private_) {
        if (auto q = quality_service::plain_language(app, w->body, c.now); !q.empty())
            m["quality"] = std::move(q);
    }
    m["signature_name"] = w ? w->signature_name : app.d.config.signature_name;
    if (w && w->review_comment) m["review_comment"] = *w->review_comment;
    if (w && w->state != store::AnswerState::private_) {
        m["preview_html"] = web::markdown_to_html(w->body);
        m["author_name"] = w->author_name;
    }
    json::array templates;
    for (const auto& tp : app.d.store.cases().templates()) {
        json::object o;
        o["slug"] = tp.slug;
        o["title"] = tp.title;
        o["body"] = tp.body;
        templates.push_back(std::move(o));
    }
    m["templates"] = std::move(templates);
    const bool awaiting = view.state == QuestionState::awaiting_review;
    m["awaiting_review"] = awaiting;
    const bool wrote_it = std::find(view.answer_authors.begin(), view.answer_authors.end(), me) !=
                              view.answer_authors.end() ||
                          (w && w->author == me);
    m["own_answer"] = awaiting && w && wrote_it;
    m["can_review"] = awaiting && w && !wrote_it;
    if (awaiting && w && !wrote_it) {
        // The check at publication, shown where the reviewer publishes.
        const Gate gate = run_gate(app.d.redactor, view.title, view.body, w->body);
        if (!gate.findings.empty()) {
            m["gate"] = gate_model(gate);
            m["gate_fp"] = gate.fingerprint;
        }
    }
    if (view.published) {
        m["published_html"] = web::markdown_to_html(view.published->body);
        m["published_signature"] = view.published->signature_name;
        m["public_href"] = "/fraga/" + std::to_string(view.id.value);
        if (view.state == QuestionState::published) add_revision(app, view, me, m);
    }
    if (view.decline_reason) m["decline_reason"] = *view.decline_reason;
}

// The follow-ups (one may be being answered: `kept` "reply_to"/"reply_draft") and history.
void add_follow_ups_and_history(const App::Impl& app, const store::CaseView& view,
                                const json::object& kept, json::object& m) {
    json::array fus;
    for (const auto& f : view.follow_ups) {
        json::object o;
        o["id"] = f.id.value;
        o["body_html"] = web::text_to_html(f.body);
        if (f.crisis) {
            o["crisis"] = true;
            const auto triaged = app.d.triage.triage(f.body);
            if (!triaged.signals.empty()) o["body_html"] = mark_signals(f.body, triaged.signals);
        }
        o["open"] = f.state == FollowUpState::received;
        if (const auto* to = kept.if_contains("reply_to");
            to && to->is_int64() && to->as_int64() == f.id.value)
            o["reply_draft"] = kept.at("reply_draft");
        if (f.answer) o["answer_html"] = web::markdown_to_html(*f.answer);
        o["date"] = format_swedish_date(stockholm_time(f.created_at));
        fus.push_back(std::move(o));
    }
    m["follow_ups"] = std::move(fus);
    json::array history;
    for (const auto& h : view.history) {
        json::object o;
        // Shown as "2026-11-22 11:21" (Stockholm time); the machine-readable form with
        // its offset goes into <time datetime>.
        const std::string iso = format_iso8601(stockholm_time(h.at));
        std::string shown = iso.substr(0, 16);
        if (shown.size() > 10) shown[10] = ' ';
        o["when"] = std::move(shown);
        o["when_iso"] = iso;
        o["who"] = h.actor;
        o["what"] = action_text(h.action);
        history.push_back(std::move(o));
    }
    m["history"] = std::move(history);
}

// The case page. A form sent back with a problem (status 400) shows `error` and keeps
// what was typed: `kept` holds template values that replace the stored ones;
// "reply_to" and "reply_draft" are the open follow-up being answered and its text.
Response case_page(const App::Impl& app, const Call& c, const Case& k, int status,
                   const std::string& error, const json::object& kept) {
    const auto& d = app.d;
    const auto& view = k.view;
    const ExpertId me = c.expert().info.expert;
    json::object m = expert_model(c, view.title);
    const bool mine = view.claimed_by == me;
    const bool stale =
        view.claimed_by &&
        c.now - view.claimed_at > static_cast<std::int64_t>(d.config.claim_stale_minutes) * 60;
    const bool open = view.state == QuestionState::received ||
                      view.state == QuestionState::in_review ||
                      view.state == QuestionState::answer_draft;
    m["id"] = view.id.value;
    m["here"] = k.here;
    m["state"] = std::string(store::info(view.state).expert);
    m["crisis"] = view.crisis;
    if (view.crisis) {
        // The words behind the flag, marked in the text as it will be published (the
        // original is only shown to the expert who holds the question).
        m["crisis_categories"] = swedish_categories(view.crisis_categories);
        const auto triaged = d.triage.triage(view.body);
        if (!triaged.signals.empty()) m["crisis_html"] = mark_signals(view.body, triaged.signals);
    }
    m["mine"] = mine;
    m["open"] = open;
    m["claimed_by"] = view.claimed_by_name;
    m["claimed_by_other"] = view.claimed_by && !mine && !stale;
    m["can_claim"] =
        !mine && (!view.claimed_by || stale) &&
        (open || std::any_of(view.follow_ups.begin(), view.follow_ups.end(),
                             [](const auto& f) { return f.state == FollowUpState::received; }));
    m["question_title"] = view.title;
    m["question_body"] = view.body;
    m["edit_title"] = view.title;  // the redaction form's fields
    m["edit_body"] = view.body;
    // The limits as maxlength attributes (the server checks them anyway).
    for (const auto& [key, field] :
         {std::pair{"max_redacted_title", &kRedactedTitle},
          std::pair{"max_redacted_text", &kRedactedText}, std::pair{"max_answer", &kAnswerText},
          std::pair{"max_signature", &kSignatureName},
          std::pair{"max_decline_reason", &kDeclineReason},
          std::pair{"max_private_answer", &kPrivateAnswer},
          std::pair{"max_review_comment", &kReviewComment},
          std::pair{"max_follow_up_answer", &kFollowUpAnswer}})
        m[key] = field->max_chars;
    m["question_html"] = web::text_to_html(view.body);
    m["pseudonym"] = view.pseudonym;
    m["asked_date"] = format_swedish_date(view.asked_at);
    m["reviewed"] = view.redactions_reviewed;
    if (const auto e = c.t.query.get("fel"); !e.empty()) {
        m["error"] = e == "grind" ? "Inte publicerad: ta ställning till varje markerad "
                                    "uppgift under Granskning."
                                  : "Något gick fel.";
        for (const auto tr : {store::Transition::not_found, store::Transition::wrong_state,
                              store::Transition::not_claimed, store::Transition::claimed_by_other,
                              store::Transition::own_answer, store::Transition::not_reviewed,
                              store::Transition::no_answer, store::Transition::invalid})
            if (e == store::to_string(tr)) m["error"] = transition_message(tr);
    }
    if (const auto ok = c.t.query.get("ok"); !ok.empty()) m["ok"] = done_message(ok);
    if (k.original && mine && open) {
        const auto* kept_body = kept.if_contains("edit_body");
        add_redaction_review(app, *k.original,
                             kept_body && kept_body->is_string()
                                 ? std::string_view(kept_body->as_string())
                                 : std::string_view(view.body),
                             m);
    }
    add_answer(app, c, view, m);
    if (k.original && m.contains("can_review") && m.at("can_review").as_bool()) {
        // The second look at the redaction: the original beside what will be public.
        const auto body = redaction_diff(k.original->question, view.body);
        m["review_original_html"] = body.original_html;
        m["review_public_html"] = body.public_html;
        const auto title = redaction_diff(k.original->title, view.title);
        m["review_original_title_html"] = title.original_html;
        m["review_public_title_html"] = title.public_html;
    }
    m["review_title"] = view.title;
    m["review_body"] = view.body;
    json::array colleagues;
    for (const auto& e : d.store.accounts().experts()) {
        if (e.disabled || e.id == me) continue;
        json::object o;
        o["id"] = e.id.value;
        o["name"] = e.display_name;
        colleagues.push_back(std::move(o));
    }
    m["colleagues"] = std::move(colleagues);
    add_follow_ups_and_history(app, view, kept, m);
    if (!error.empty()) m["error"] = error;
    for (const auto& kv : kept)
        if (!kv.key().starts_with("reply_")) m[kv.key()] = kv.value();
    return expert_page(app, status, "expert_case", std::move(m));
}

// The answer to an action: back to the case page with ?ok=<ok>, or with ?fel=<reason>
// (and a security log line) when the store refused the transition.
Response done(const App::Impl& app, const Call& c, const Case& k, store::Transition r,
              const std::string& ok) {
    if (r != store::Transition::ok) {
        const auto path = std::string_view(c.t.path);
        security_event(app, c,
                       "refused " + std::string(path.substr(path.rfind('/') + 1)) + ": " +
                           store::to_string(r));
        return app.redirect(k.here + "?fel=" + std::string(store::to_string(r)) + "#meddelande");
    }
    return app.redirect(k.here + "?ok=" + ok + "#meddelande");
}

// The first problem among `fields` (each checked as it will be stored), if any.
std::optional<std::string> problem(
    std::initializer_list<std::pair<const ExpertField*, std::string_view>> fields) {
    for (const auto& [field, text] : fields)
        if (auto e = check_expert_text(*field, text)) return e;
    return std::nullopt;
}

// What was typed, as a form sent back shows it.
std::string keep(std::string_view s) {
    return shown_again(s);
}

// Runs `action` on the case the path names; 404 if there is none.
template <class F>
Response with_case(const App::Impl& app, Call& c, F&& action) {
    auto k = open_case(app, c);
    if (!k) return app.not_found();
    return action(*k, c.expert().info.expert);
}

}  // namespace

Response case_show(const App::Impl& app, Call& c) {
    const auto k = open_case(app, c);
    if (!k) return app.not_found();
    return case_page(app, c, *k, 200, "", {});
}

Response case_claim(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const auto stale = static_cast<std::int64_t>(app.d.config.claim_stale_minutes) * 60;
        return done(app, c, k, app.d.store.cases().claim(k.q, me, stale), "tagen");
    });
}

Response case_release(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        return done(app, c, k, app.d.store.cases().release(k.q, me), "lamnad");
    });
}

Response case_hand_over(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const auto to = parse_positive_id(c.checked_form().get("kollega"));
        if (!to) return done(app, c, k, store::Transition::invalid, "");
        return done(app, c, k, app.d.store.cases().hand_over(k.q, me, ExpertId{*to}), "overlamnad");
    });
}

// Saves the text to be published as the expert left it, with the proposals they
// switched on or off since the page was drawn applied to just their spans (a browser
// without script sends the toggles here; with script they are applied already and "v<i>"
// says so).
Response case_redactions(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const Form& form = c.checked_form();
        // A form without the texts (toggles only) works on the stored ones.
        std::string title = form.has("rubrik") ? normalize_text(form.get("rubrik")) : k.view.title;
        std::string body = form.has("text") ? normalize_text(form.get("text")) : k.view.body;
        int count = -1;  // without the original: how many were removed is unknown
        if (k.original) {
            count = 0;
            int i = 0;
            for (const auto& f : app.d.redactor.find(k.original->question)) {
                const std::string n = std::to_string(i++);
                const Proposal p = proposal(k.original->question, f);
                const bool want = form.has("f" + n);
                // Without "v<i>" (a form of toggles only) a proposal is only ever applied:
                // an unticked box alone never puts a detail back.
                const bool was =
                    form.has("v" + n) ? form.get("v" + n) == "1" : want && is_applied(body, p);
                if (want != was) body = toggle(std::move(body), p, want);
                count += is_applied(body, p) ? 1 : 0;
            }
        }
        if (const auto e = problem({{&kRedactedTitle, title}, {&kRedactedText, body}}))
            return case_page(app, c, k, 400, *e,
                             {{"edit_title", keep(title)}, {"edit_body", keep(body)}});
        if (title.empty() || body.empty()) return done(app, c, k, store::Transition::invalid, "");
        return done(app, c, k, app.d.store.cases().save_redactions(k.q, me, title, body, count),
                    "granskad");
    });
}

// Saves the draft (also the editor's autosave, answered in JSON), optionally with a
// house template appended, and optionally sends it for review.
Response case_answer(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const Form& form = c.checked_form();
        const bool autosave = form.get("autosave") == "1";
        std::string body = normalize_text(form.get("svar"));
        const std::string signature = normalize_text(form.get("signatur"));
        if (const auto tpl = form.get("mall"); form.get("satt") == "mall" && !tpl.empty()) {
            for (const auto& tp : app.d.store.cases().templates())
                if (tp.slug == tpl) body += (body.empty() ? "" : "\n\n") + tp.body;
        }
        if (const auto e = problem({{&kAnswerText, body}, {&kSignatureName, signature}})) {
            if (autosave) {
                json::object o;
                o["saved"] = false;
                o["error"] = *e;
                return app.json_response(400, o);
            }
            return case_page(app, c, k, 400, *e,
                             {{"draft", keep(body)}, {"signature_name", keep(signature)}});
        }
        auto r = app.d.store.cases().save_draft(
            k.q, me, body, signature.empty() ? app.d.config.signature_name : signature);
        if (r == store::Transition::ok && form.get("satt") == "granskning")
            return done(app, c, k, app.d.store.cases().submit_for_review(k.q, me), "skickad");
        if (autosave) {
            json::object o;
            o["saved"] = r == store::Transition::ok;
            return app.json_response(r == store::Transition::ok ? 200 : 409, o);
        }
        return done(app, c, k, r, "sparad");
    });
}

// The check at publication (publication_gate.hpp): every sure finding in the public
// texts is accepted or removed before the answer is signed. An answer if it stops here.
std::optional<Response> publication_gate(const App::Impl& app, const Call& c, const Case& k,
                                         ExpertId me) {
    const auto& view = k.view;
    if (!view.working || view.state != QuestionState::awaiting_review) return std::nullopt;
    const Gate gate = run_gate(app.d.redactor, view.title, view.body, view.working->body);
    if (gate.findings.empty()) return std::nullopt;
    const auto decision = decide(gate, c.checked_form());
    if (!decision) return app.redirect(k.here + "?fel=grind#meddelande");
    if (decision->removed > 0) {
        const auto r = app.d.store.cases().remove_before_publication(
            k.q, me, decision->parts[0], decision->parts[1], decision->parts[2], decision->removed);
        if (r != store::Transition::ok) return done(app, c, k, r, "");
        // A removal can change a neighbour's context: check again; what was accepted
        // stays accepted.
        if (!all_accepted(run_gate(app.d.redactor, decision->parts[0], decision->parts[1],
                                   decision->parts[2]),
                          *decision))
            return app.redirect(k.here + "?fel=grind#meddelande");
    }
    if (decision->accepted > 0)
        app.d.store.audit().append_audit({"expert", me.value, k.q, "accepted_at_publication",
                                          "accepted=" + std::to_string(decision->accepted)});
    return std::nullopt;
}

Response case_publish(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& opened, ExpertId me) {
        const Form& form = c.checked_form();
        std::optional<Case> edited;
        if (form.has("text") && opened.view.state == QuestionState::awaiting_review) {
            // The reviewer's edits of the public title and text are saved first; the
            // check at publication then runs on the edited texts.
            const std::string title = normalize_text(form.get("rubrik"));
            const std::string body = normalize_text(form.get("text"));
            if (title != opened.view.title || body != opened.view.body) {
                if (const auto e = problem({{&kRedactedTitle, title}, {&kRedactedText, body}}))
                    return case_page(app, c, opened, 400, *e,
                                     {{"review_title", keep(title)},
                                      {"review_body", keep(body)},
                                      {"review_edit_open", true}});
                const auto r =
                    app.d.store.cases().edit_redactions_in_review(opened.q, me, title, body);
                if (r != store::Transition::ok) return done(app, c, opened, r, "");
                edited = open_case(app, c);
                if (!edited) return app.not_found();
            }
        }
        const Case& k = edited ? *edited : opened;
        if (auto stopped = publication_gate(app, c, k, me)) return std::move(*stopped);
        const auto r = app.d.store.cases().approve_and_publish(
            k.q, me, [&](const store::PublicationRecord& rec) {
                return app.d.signer.sign(canonical_answer_record(
                    SignedRecord{std::to_string(rec.question.value), rec.version,
                                 format_iso8601(rec.published_at), rec.title, rec.question_text,
                                 rec.answer, rec.signature_name}));
            });
        return done(app, c, k, r, "publicerad");
    });
}

// A new version of a published answer, for another expert to approve (re-review).
Response case_revise(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const Form& form = c.checked_form();
        const std::string body = normalize_text(form.get("svar"));
        const std::string signature = normalize_text(form.get("signatur"));
        if (const auto e = problem({{&kAnswerText, body}, {&kSignatureName, signature}}))
            return case_page(app, c, k, 400, *e, {});
        return done(app, c, k,
                    app.d.store.quality().submit_revision(
                        k.q, me, body, signature.empty() ? app.d.config.signature_name : signature),
                    "ny-version");
    });
}

Response case_approve_revision(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const auto r = app.d.store.quality().approve_revision(
            k.q, me, [&](const store::PublicationRecord& rec) {
                return app.d.signer.sign(canonical_answer_record(
                    SignedRecord{std::to_string(rec.question.value), rec.version,
                                 format_iso8601(rec.published_at), rec.title, rec.question_text,
                                 rec.answer, rec.signature_name}));
            });
        return done(app, c, k, r, "ny-version-publicerad");
    });
}

Response case_return(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const std::string comment = normalize_text(c.checked_form().get("kommentar"));
        if (const auto e = problem({{&kReviewComment, comment}}))
            return case_page(app, c, k, 400, *e, {{"comment_draft", keep(comment)}});
        return done(app, c, k, app.d.store.cases().return_for_changes(k.q, me, comment),
                    "tillbaka");
    });
}

Response case_decline(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const Form& form = c.checked_form();
        const std::string reason = normalize_text(form.get("skal"));
        const std::string private_answer = normalize_text(form.get("privat_svar"));
        if (const auto e = problem({{&kDeclineReason, reason}, {&kPrivateAnswer, private_answer}}))
            return case_page(
                app, c, k, 400, *e,
                {{"decline_draft", keep(reason)}, {"private_draft", keep(private_answer)}});
        return done(app, c, k, app.d.store.cases().decline(k.q, me, reason, private_answer),
                    "avbojd");
    });
}

Response case_duplicate(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const auto target = parse_positive_id(c.checked_form().get("publicerad"));
        if (!target) return done(app, c, k, store::Transition::invalid, "");
        return done(app, c, k, app.d.store.cases().mark_duplicate(k.q, me, QuestionId{*target}),
                    "dubblett");
    });
}

Response case_follow_up_answer(const App::Impl& app, Call& c) {
    return with_case(app, c, [&](const Case& k, ExpertId me) {
        const Form& form = c.checked_form();
        const auto f = parse_positive_id(form.get("foljdfraga"));
        if (!f) return done(app, c, k, store::Transition::invalid, "");
        const std::string reply = normalize_text(form.get("svar"));
        if (const auto e = problem({{&kFollowUpAnswer, reply}}))
            return case_page(app, c, k, 400, *e, {{"reply_to", *f}, {"reply_draft", keep(reply)}});
        return done(app, c, k, app.d.store.cases().answer_follow_up(FollowUpId{*f}, me, reply),
                    "besvarad");
    });
}

Response case_unknown_action(const App::Impl& app, Call&) {
    return app.not_found();
}

}  // namespace radfraga::server
