// Private to server/: every handler the route table (routes.cpp) names, by the source
// file that defines it. A handler runs after its line's guards (router.hpp) and may rely
// on what they checked: Call::expert() under a session guard, Call::checked_form()
// under a csrf or form_token guard, Call::id()/param() for the pattern's parameters.
#pragma once
#include "server/src/router.hpp"

namespace radfraga::server {

// ---- routes_pages.cpp: public reading pages ----
Response page_metrics(const App::Impl&, Call&);
Response page_health(const App::Impl&, Call&);
Response page_home(const App::Impl&, Call&);
Response page_question(const App::Impl&, Call&);
Response page_category(const App::Impl&, Call&);
Response page_about(const App::Impl&, Call&);
Response page_static(const App::Impl&, Call&);
Response page_robots(const App::Impl&, Call&);
Response page_feed(const App::Impl&, Call&);
Response page_sitemap(const App::Impl&, Call&);

// ---- routes_search.cpp ----
Response search_html(const App::Impl&, Call&);
Response search_json(const App::Impl&, Call&);

// ---- routes_asker.cpp: the asker's journey and the readers' votes ----
Response ask_form(const App::Impl&, Call&);
Response ask_submit(const App::Impl&, Call&);
Response ask_refused(const App::Impl&, Call&, Refusal);
Response receipt_lookup_form(const App::Impl&, Call&);
Response receipt_lookup(const App::Impl&, Call&);
Response receipt_lookup_refused(const App::Impl&, Call&, Refusal);
Response receipt_page(const App::Impl&, Call&);
Response receipt_created(const App::Impl&, Call&);
Response receipt_follow_up(const App::Impl&, Call&);
Response receipt_follow_up_refused(const App::Impl&, Call&, Refusal);
Response receipt_withdraw(const App::Impl&, Call&);
Response receipt_withdraw_refused(const App::Impl&, Call&, Refusal);
Response receipt_unknown_action(const App::Impl&, Call&);
Response vote(const App::Impl&, Call&);
Response vote_refused(const App::Impl&, Call&, Refusal);

// ---- routes_api.cpp: /api/v1 (docs/api.md) ----
Response api_categories(const App::Impl&, Call&);
Response api_suggestions(const App::Impl&, Call&);
Response api_list_questions(const App::Impl&, Call&);
Response api_ask(const App::Impl&, Call&);
Response api_question(const App::Impl&, Call&);
Response api_feedback(const App::Impl&, Call&);
Response api_receipt_status_in_body(const App::Impl&, Call&);
Response api_receipt_withdraw_in_body(const App::Impl&, Call&);
Response api_receipt_follow_up_in_body(const App::Impl&, Call&);
Response api_receipt_status(const App::Impl&, Call&);
Response api_receipt_withdraw(const App::Impl&, Call&);
Response api_receipt_follow_up(const App::Impl&, Call&);
Response api_receipt_feedback_in_body(const App::Impl&, Call&);
Response api_receipt_feedback(const App::Impl&, Call&);
Response api_not_found(const App::Impl&, Call&);

// ---- routes_expert.cpp: signing key, login, second factor, logout, queue ----
Response signing_key(const App::Impl&, Call&);
Response login_form(const App::Impl&, Call&);
Response login_submit(const App::Impl&, Call&);
Response login_refused(const App::Impl&, Call&, Refusal);
Response logout(const App::Impl&, Call&);
Response totp_form(const App::Impl&, Call&);
Response totp_submit(const App::Impl&, Call&);
Response expert_queue(const App::Impl&, Call&);
Response expert_not_found(const App::Impl&, Call&);

// ---- routes_account.cpp: the enrolment link, password change, one's sessions ----
Response enrol_form(const App::Impl&, Call&);
Response enrol_submit(const App::Impl&, Call&);
Response enrol_refused(const App::Impl&, Call&, Refusal);
Response password_form(const App::Impl&, Call&);
Response password_submit(const App::Impl&, Call&);
Response sessions_list(const App::Impl&, Call&);
Response session_revoke(const App::Impl&, Call&);
Response sessions_revoke_others(const App::Impl&, Call&);

// ---- routes_case.cpp: one question on the dashboard ----
Response case_show(const App::Impl&, Call&);
Response case_claim(const App::Impl&, Call&);
Response case_release(const App::Impl&, Call&);
Response case_hand_over(const App::Impl&, Call&);
Response case_redactions(const App::Impl&, Call&);
Response case_answer(const App::Impl&, Call&);
Response case_publish(const App::Impl&, Call&);
Response case_return(const App::Impl&, Call&);
Response case_revise(const App::Impl&, Call&);
Response case_plain_language(const App::Impl&, Call&);
Response case_approve_revision(const App::Impl&, Call&);
Response case_decline(const App::Impl&, Call&);
Response case_duplicate(const App::Impl&, Call&);
Response case_follow_up_answer(const App::Impl&, Call&);
Response case_unknown_action(const App::Impl&, Call&);

// ---- routes_admin.cpp: admins' pages ----
Response admin_statistics(const App::Impl&, Call&);
Response admin_statistics_csv(const App::Impl&, Call&);
Response admin_templates(const App::Impl&, Call&);
Response admin_templates_save(const App::Impl&, Call&);
Response admin_allow_list(const App::Impl&, Call&);
Response admin_allow_list_save(const App::Impl&, Call&);

// ---- routes_quality.cpp: answer quality (issue 22) ----
Response receipt_understood(const App::Impl&, Call&);
// The experts' re-review list: published answers citing laws replaced since.
Response quality_page(const App::Impl&, Call&);
Response admin_search_gaps(const App::Impl&, Call&);
// The receipt page's "did you understand the answer?" form, as m["understood"], for a
// receipt `token` already opened that shows an answer.
// Understanding per month (small counts suppressed) and the askers' comments, for the
// admins' statistics page, for questions asked since `since`.
void add_understood_statistics(const App::Impl& app, UnixSeconds since, json::object& m);
void add_understood_form(const App::Impl& app, const Call& c, std::string_view token,
                         json::object& m);

// ---- shared by the dashboard's handlers (routes_expert.cpp) ----
// A dashboard page: never indexed, never cached.
Response expert_page(const App::Impl& app, int status, const std::string& tmpl, json::object m);
// The model every dashboard page starts from: title, the expert's name, the CSRF token.
json::object expert_model(const Call& c, const std::string& title);

}  // namespace radfraga::server
