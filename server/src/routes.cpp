// The route table: every URL the application answers, its methods, the guards that run
// before its handler (router.hpp) and the handler (handlers.hpp). The first line whose
// pattern matches the path wins; a path's lines (same pattern) are consecutive. To add
// an endpoint, add one line here and one handler (docs/architecture.md).
#include "server/src/handlers.hpp"

namespace radfraga::server {

namespace {

using namespace method;
namespace g = guard;

constexpr Route kRoutes[] = {
    // ---- The JSON API (docs/api.md) ----
    {get, "/api/v1/categories", g::open, api_categories},
    {post, "/api/v1/suggestions", g::open, api_suggestions},
    {get, "/api/v1/search", g::open, search_json},
    {get, "/api/v1/questions", g::open, api_list_questions},
    {post, "/api/v1/questions", g::open, api_ask},
    {get, "/api/v1/questions/{id:id}", g::open, api_question},
    {post, "/api/v1/questions/{id:id}/feedback", g::open, api_feedback},
    // The receipt token in the body (POST), never in a URL that proxies log.
    {post, "/api/v1/receipts/status", g::open, api_receipt_status_in_body},
    {any, "/api/v1/receipts/status", g::open, api_not_found},
    {post, "/api/v1/receipts/withdraw", g::open, api_receipt_withdraw_in_body},
    {any, "/api/v1/receipts/withdraw", g::open, api_not_found},
    {post, "/api/v1/receipts/follow-ups", g::open, api_receipt_follow_up_in_body},
    {any, "/api/v1/receipts/follow-ups", g::open, api_not_found},
    {post, "/api/v1/receipts/feedback", g::open, api_receipt_feedback_in_body},
    {any, "/api/v1/receipts/feedback", g::open, api_not_found},
    {get, "/api/v1/receipts/{token}", g::open, api_receipt_status},
    {del, "/api/v1/receipts/{token}", g::open, api_receipt_withdraw},
    {post, "/api/v1/receipts/{token}/follow-ups", g::open, api_receipt_follow_up},
    {post, "/api/v1/receipts/{token}/feedback", g::open, api_receipt_feedback},
    {any, "/api/v1/*", g::open, api_not_found},

    // ---- The experts' dashboard ----
    {get, "/.well-known/radfraga-signing-key.pem", g::open, signing_key},
    {get, "/expert/logga-in", g::open, login_form},
    {post, "/expert/logga-in", g::form_token, login_submit, login_refused},
    {post, "/expert/logga-ut", g::session | g::csrf, logout},
    {get, "/expert/tvafaktor", g::session, totp_form},
    {post, "/expert/tvafaktor", g::session | g::csrf, totp_submit},
    // The one-time enrolment link: no session yet; the link's token is the capability.
    {get, "/expert/valkommen/{token}", g::open, enrol_form},
    {post, "/expert/valkommen/{token}", g::form_token, enrol_submit, enrol_refused},
    {get, "/expert/losenord", g::expert, password_form},
    {post, "/expert/losenord", g::expert_write, password_submit},
    {get, "/expert/inloggningar", g::expert, sessions_list},
    {post, "/expert/inloggningar/avsluta", g::expert_write, session_revoke},
    {post, "/expert/inloggningar/avsluta-andra", g::expert_write, sessions_revoke_others},
    {get, "/expert", g::expert, expert_queue},
    {get, "/expert/fraga/{id:id}", g::expert, case_show},
    {post, "/expert/fraga/{id:id}/ta", g::expert_write, case_claim},
    {post, "/expert/fraga/{id:id}/lamna", g::expert_write, case_release},
    {post, "/expert/fraga/{id:id}/overlamna", g::expert_write, case_hand_over},
    {post, "/expert/fraga/{id:id}/granskning", g::expert_write | g::any_bytes, case_redactions},
    {post, "/expert/fraga/{id:id}/svar", g::expert_write | g::any_bytes, case_answer},
    {post, "/expert/fraga/{id:id}/publicera", g::expert_write, case_publish},
    {post, "/expert/fraga/{id:id}/klarsprak", g::expert_write | g::any_bytes, case_plain_language},
    {post, "/expert/fraga/{id:id}/ny-version", g::expert_write | g::any_bytes, case_revise},
    {post, "/expert/fraga/{id:id}/godkann-ny-version", g::expert_write, case_approve_revision},
    {post, "/expert/fraga/{id:id}/tillbaka", g::expert_write | g::any_bytes, case_return},
    {post, "/expert/fraga/{id:id}/avboj", g::expert_write | g::any_bytes, case_decline},
    {post, "/expert/fraga/{id:id}/dubblett", g::expert_write, case_duplicate},
    {post, "/expert/fraga/{id:id}/foljdfraga", g::expert_write | g::any_bytes,
     case_follow_up_answer},
    {post, "/expert/fraga/{id:id}/{action}", g::expert_write | g::any_bytes, case_unknown_action},
    {get, "/expert/statistik", g::admin_page, admin_statistics},
    {get, "/expert/statistik.csv", g::admin_page, admin_statistics_csv},
    {get, "/expert/mallar", g::admin_page, admin_templates},
    {post, "/expert/mallar", g::admin_write | g::any_bytes, admin_templates_save},
    {get, "/expert/tillatna-ord", g::admin_page, admin_allow_list},
    {post, "/expert/tillatna-ord", g::admin_write, admin_allow_list_save},
    {get, "/expert/kvalitet", g::expert, quality_page},
    {get, "/expert/sokluckor", g::admin_page, admin_search_gaps},
    // Anything else under /expert: the login first, then "not found".
    {any, "/expert*", g::expert, expert_not_found},

    // ---- The asker's journey and the readers' votes ----
    {get, "/stall-en-fraga", g::open, ask_form},
    {post, "/stall-en-fraga", g::form_token, ask_submit, ask_refused},
    {get, "/kvitto", g::open, receipt_lookup_form},
    {post, "/kvitto", g::form_token, receipt_lookup, receipt_lookup_refused},
    {get, "/kvitto/{token}", g::open, receipt_page},
    {get, "/kvitto/{token}/ny", g::open, receipt_created},
    {post, "/kvitto/{token}/foljdfraga", g::form_token, receipt_follow_up,
     receipt_follow_up_refused},
    {post, "/kvitto/{token}/ta-bort", g::form_token, receipt_withdraw, receipt_withdraw_refused},
    {post, "/kvitto/{token}/forstod", g::form_token, receipt_understood},
    {post, "/kvitto/{token}/{action}", g::form_token, receipt_unknown_action},
    {post, "/fraga/{id:id}/rost", g::form_token, vote, vote_refused},

    // ---- Public reading pages ----
    {get, "/sok", g::open, search_html},
    {get, "/metrics", g::operator_only, page_metrics},
    {get, "/healthz", g::open, page_health},
    {get, "/", g::open, page_home},
    {get, "/fraga/{id:id}", g::open, page_question},
    {get, "/amne/{slug}", g::open, page_category},
    {get, "/om", g::open, page_about},
    {get, "/static/*", g::open, page_static},
    {get, "/robots.txt", g::open, page_robots},
    {get, "/feed.atom", g::open, page_feed},
    {get, "/sitemap.xml", g::open, page_sitemap},
};

}  // namespace

std::span<const Route> route_table() {
    return kRoutes;
}

}  // namespace radfraga::server
