// server/password: the rules for new passwords (ASVS 2.1): characters, not bytes; at most
// 128 characters; common and breached passwords refused, Swedish ones included.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "server/password.hpp"

namespace srv = radfraga::server;

namespace {

std::string times(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(password)

BOOST_AUTO_TEST_CASE(length_is_counted_in_characters_not_bytes) {
    // Six "å" are twelve bytes but six characters.
    const std::string eleven = times("å", 6) + "pqmz7";
    const std::string twelve = times("å", 6) + "pqmz7v";
    BOOST_TEST(srv::password_chars(twelve) == 12u);
    BOOST_TEST(srv::password_problem(eleven) == "Lösenordet måste ha minst 12 tecken.");
    BOOST_TEST(srv::password_problem(twelve).empty());
    BOOST_TEST(!srv::password_problem(times("å", 6)).empty());  // 12 bytes
    // The same in decomposed form (a + U+030A) counts its code points.
    BOOST_TEST(srv::password_chars("a\xCC\x8A") == 2u);
}

BOOST_AUTO_TEST_CASE(at_most_128_characters_whatever_their_bytes) {
    const std::string at_limit = times("ö", 127) + "x";  // 128 characters, 255 bytes
    BOOST_TEST(srv::password_problem(at_limit).empty());
    BOOST_TEST(!srv::password_too_long(at_limit));
    const std::string over = at_limit + "y";
    BOOST_TEST(srv::password_problem(over) == "Lösenordet får ha högst 128 tecken.");
    BOOST_TEST(srv::password_too_long(over));
    BOOST_TEST(srv::password_too_long(std::string(129, 'k')));
    BOOST_TEST(!srv::password_too_long(std::string(128, 'k')));
    // Malformed UTF-8 is counted by bytes, never as shorter than it is.
    BOOST_TEST(srv::password_too_long(std::string(129, '\xC3')));
}

BOOST_AUTO_TEST_CASE(common_and_breached_passwords_are_refused_dressed_up_or_not) {
    const auto common = [](std::string_view p) {
        return srv::CommonPasswords::builtin().common(p);
    };
    // John the Ripper's list (Debian's john-data) is compiled in.
    BOOST_TEST(srv::CommonPasswords::builtin().size() > 3500u);
    BOOST_TEST(common("password1234"));
    BOOST_TEST(common("trustno1trustno1"));
    BOOST_TEST(common("Qwerty123456!"));
    // Swedish: the word, seasons with years, names with birth years, keyboard walks.
    for (const char* p :
         {"sommar2024sommar", "Sommar2024!!", "lösenord123", "LÖSENORD1234", "Lo\xCC\x88senord2024",
          "anna1985anna", "hejhej123456", "qwertyuiopå", "asdfghjklöä12", "Välkommen2025",
          "djurgården1891", "älskling4444", "kalleanka1234", "1234567890+´"})
        BOOST_TEST(common(p), p);
    for (const char* p : {"korvgubbe på Söder 7", "anna-e2e-lösenord-1", "tre små grisar i Umeå",
                          "xk4#mQ9!vR2p", "ääääääpqmz7v", "Sommarstugan vid sjön"})
        BOOST_TEST(!common(p), p);
    BOOST_TEST(srv::password_problem("sommar2024sommar").find("för vanligt") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lists_compare_after_normalisation_and_ignore_short_entries) {
    const std::vector<std::string_view> lists = {"# a comment\nHemligt\nab\nçava\n"};
    const srv::CommonPasswords l(lists);
    BOOST_TEST(l.size() == 2u);
    BOOST_TEST(l.common("HEMLIGT"));
    BOOST_TEST(l.common("hemligt2024hemligt"));
    BOOST_TEST(
        l.common("C\xCC\xA7"
                 "ava!"));                             // decomposed ç, upper case
    BOOST_TEST(!l.common("ab"));                       // short entries are ignored
    BOOST_TEST(!l.common("hemligt-hemligt-hemligt"));  // three entries
    BOOST_TEST(!l.common("hemligt1234567"));           // seven digits
}

BOOST_AUTO_TEST_SUITE_END()
