// server/routes_*: the route table itself. Every line's protections are declared on it
// (server/src/routes.cpp); these tests walk the table so that a line added without the
// guards its kind of route needs fails here, before any request is made.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "server/src/handlers.hpp"

namespace rs = radfraga::server;
namespace g = rs::guard;

namespace {

bool has(unsigned guards, unsigned g) {
    return (guards & g) == g;
}

bool changes_state(const rs::Route& r) {
    return r.methods != rs::method::any && (r.methods & (rs::method::post | rs::method::del));
}

// The pre-method guards: the same for every line of a path (router.hpp).
unsigned who(unsigned guards) {
    return guards & (g::operator_only | g::session | g::second_factor | g::admin);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(routes)

BOOST_AUTO_TEST_CASE(every_dashboard_change_needs_a_session_and_its_csrf_token) {
    int checked = 0;
    for (const auto& r : rs::route_table()) {
        if (!r.pattern.starts_with("/expert")) continue;
        if (r.pattern == "/expert/logga-in" || r.pattern == "/expert/valkommen/{token}") {
            // Before any session: the public form token instead.
            if (changes_state(r)) BOOST_TEST(has(r.guards, g::form_token));
            continue;
        }
        BOOST_TEST_CONTEXT(r.pattern) {
            BOOST_TEST(has(r.guards, g::session));
            if (changes_state(r)) {
                BOOST_TEST(has(r.guards, g::csrf));
                ++checked;
            }
            // Everything past the second-factor page needs the second factor.
            if (r.pattern != "/expert/tvafaktor" && r.pattern != "/expert/logga-ut")
                BOOST_TEST(has(r.guards, g::second_factor));
        }
    }
    BOOST_TEST(checked >= 14);  // the case actions, logout, TOTP, templates, allow-list
}

BOOST_AUTO_TEST_CASE(admin_pages_and_only_they_carry_the_admin_guard) {
    const std::set<rs::Handler> admin = {rs::admin_statistics, rs::admin_statistics_csv,
                                         rs::admin_templates,  rs::admin_templates_save,
                                         rs::admin_allow_list, rs::admin_allow_list_save,
                                         rs::admin_search_gaps};
    std::set<rs::Handler> seen;
    for (const auto& r : rs::route_table()) {
        BOOST_TEST_CONTEXT(r.pattern) {
            BOOST_TEST(has(r.guards, g::admin) == admin.contains(r.handler));
            if (admin.contains(r.handler)) {
                seen.insert(r.handler);
                BOOST_TEST(has(r.guards, g::session | g::second_factor));
            }
        }
    }
    BOOST_TEST(seen.size() == admin.size());
}

BOOST_AUTO_TEST_CASE(every_public_form_post_carries_a_form_guard) {
    for (const auto& r : rs::route_table()) {
        if (!changes_state(r) || r.pattern.starts_with("/api/")) continue;
        BOOST_TEST_CONTEXT(r.pattern) {
            BOOST_TEST((r.guards & (g::csrf | g::form_token)) != 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_paths_lines_are_together_and_agree_on_who_may_ask) {
    const auto table = rs::route_table();
    std::set<std::string_view> done;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto p = table[i].pattern;
        if (i > 0 && table[i - 1].pattern == p) {
            BOOST_TEST(who(table[i].guards) == who(table[i - 1].guards), p);
            continue;
        }
        BOOST_TEST(!done.contains(p), p << " is listed in two places");
        done.insert(p);
    }
}

BOOST_AUTO_TEST_CASE(patterns_parse_parameters_not_offsets) {
    std::vector<rs::Call::Param> ps;
    BOOST_TEST(rs::match_pattern("/expert/fraga/{id:id}/ta", "/expert/fraga/42/ta", ps));
    BOOST_REQUIRE(ps.size() == 1u);
    BOOST_TEST(ps[0].name == "id");
    BOOST_TEST(ps[0].id == 42);
    BOOST_TEST(!rs::match_pattern("/expert/fraga/{id:id}/ta", "/expert/fraga/4x/ta", ps));
    BOOST_TEST(!rs::match_pattern("/expert/fraga/{id:id}/ta", "/expert/fraga/0/ta", ps));
    BOOST_TEST(!rs::match_pattern("/expert/fraga/{id:id}", "/expert/fraga/1/ta", ps));
    BOOST_TEST(!rs::match_pattern("/expert/fraga/{id:id}", "/expert/fraga/", ps));
    BOOST_TEST(rs::match_pattern("/kvitto/{token}/ta-bort", "/kvitto/abc/ta-bort", ps));
    BOOST_TEST(ps[0].text == "abc");
    BOOST_TEST(!rs::match_pattern("/kvitto/{token}", "/kvitto/", ps));
    BOOST_TEST(!rs::match_pattern("/kvitto/{token}", "/kvitto//", ps));
    BOOST_TEST(rs::match_pattern("/static/*", "/static/css/a.css", ps));
    BOOST_TEST(ps[0].text == "css/a.css");
    BOOST_TEST(rs::match_pattern("/expert*", "/expertx", ps));
    BOOST_TEST(rs::match_pattern("/", "/", ps));
    BOOST_TEST(!rs::match_pattern("/", "/om", ps));
    BOOST_TEST(!rs::match_pattern("/om", "/om/", ps));
}

BOOST_AUTO_TEST_SUITE_END()
