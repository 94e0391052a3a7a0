// core/progress.hpp: the operator's progress line on a terminal and in a log.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>

#include "core/progress.hpp"

using radfraga::Progress;

BOOST_AUTO_TEST_SUITE(core)

BOOST_AUTO_TEST_CASE(progress_line_has_count_share_rate_and_time_left) {
    double t = 100;
    std::ostringstream out;
    Progress p(out, true, "Bygger sökindexet", "frågor", 100000, [&] { return t; });
    BOOST_TEST(p.line(41200, 5.0) ==
               "Bygger sökindexet: 41 200 av 100 000 frågor (41 %, 8 240/s, 7 s kvar)");
    BOOST_TEST(p.line(0, 0) == "Bygger sökindexet: 0 av 100 000 frågor (0 %)");
    Progress open(out, true, "Läser in", "MB", std::nullopt, [&] { return t; });
    BOOST_TEST(open.line(1234567, 10.0) == "Läser in: 1 234 567 MB (123 457/s)");
    BOOST_TEST(p.line(1000, 1.0) ==
               "Bygger sökindexet: 1 000 av 100 000 frågor (1 %, 1 000/s, 1 min 39 s kvar)");
}

BOOST_AUTO_TEST_CASE(progress_on_a_terminal_rewrites_one_line_at_most_five_times_a_second) {
    double t = 0;
    std::ostringstream out;
    Progress p(out, true, "Säkerhetskopierar", "sidor", 1000, [&] { return t; });
    p.update(10);
    t = 0.1;
    p.update(20);  // too soon: not shown
    t = 0.3;
    p.update(30);
    t = 2;
    p.update(1000);
    p.finish();
    const auto s = out.str();
    BOOST_TEST(s.find("20 av") == std::string::npos);
    BOOST_TEST(s.find("\r\x1b[KSäkerhetskopierar: 10 av 1 000 sidor") != std::string::npos);
    BOOST_TEST(s.find("\r\x1b[KSäkerhetskopierar: 30 av 1 000 sidor") != std::string::npos);
    BOOST_TEST(s.ends_with("\r\x1b[KSäkerhetskopierar: 1 000 sidor klart på 2 s\n"));
    BOOST_TEST(s.find('\n') == s.size() - 1);  // one line, ended once
}

BOOST_AUTO_TEST_CASE(progress_in_a_log_writes_plain_lines_seldom_and_short_work_only_its_end) {
    double t = 0;
    std::ostringstream log;
    Progress p(
        log, false, "Läser in arkivet", "rader", std::nullopt, [&] { return t; }, 5.0);
    for (int i = 1; i <= 120; ++i) {
        t = i * 0.1;  // 12 s in all
        p.update(static_cast<std::uint64_t>(i) * 100);
    }
    p.finish();
    const auto s = log.str();
    BOOST_TEST(s.find('\r') == std::string::npos);
    BOOST_TEST(s.find('\x1b') == std::string::npos);
    // At 5 s and 10 s, then the end.
    BOOST_TEST(std::count(s.begin(), s.end(), '\n') == 3);
    BOOST_TEST(s.ends_with("Läser in arkivet: 12 000 rader klart på 12 s\n"));
    std::ostringstream quick;
    Progress q(quick, false, "Rensar", "frågor", 10, [&] { return t; });
    q.update(10);
    q.finish();
    BOOST_TEST(quick.str() == "Rensar: 10 frågor klart på 0 s\n");
}

BOOST_AUTO_TEST_SUITE_END()
