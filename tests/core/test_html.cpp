// core/html.hpp: the one escaper. The cases cover the union of the rules of the four
// escapers it replaced (web's, the templates', the snippets' and the feed's).
#include <boost/test/unit_test.hpp>
#include <string>

#include "core/html.hpp"

using radfraga::append_html_escaped;
using radfraga::html_escaped;

BOOST_AUTO_TEST_SUITE(html)

BOOST_AUTO_TEST_CASE(the_five_markup_characters_become_entities) {
    BOOST_TEST(html_escaped("&") == "&amp;");
    BOOST_TEST(html_escaped("<") == "&lt;");
    BOOST_TEST(html_escaped(">") == "&gt;");
    BOOST_TEST(html_escaped("\"") == "&quot;");
    BOOST_TEST(html_escaped("'") == "&#39;");
    BOOST_TEST(html_escaped("<a href=\"x\" title='y'>&amp;</a>") ==
               "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
}

BOOST_AUTO_TEST_CASE(text_and_utf8_are_copied_unchanged) {
    BOOST_TEST(html_escaped("") == "");
    BOOST_TEST(html_escaped("Får socialtjänsten ändra beslutet? Ja, 100 %.") ==
               "Får socialtjänsten ändra beslutet? Ja, 100 %.");
    BOOST_TEST(html_escaped("rad ett\nrad två\r\n\tindrag") == "rad ett\nrad två\r\n\tindrag");
}

BOOST_AUTO_TEST_CASE(control_characters_become_spaces) {
    // Not allowed in XML 1.0 (the feed and the sitemap would not parse) and parse errors
    // in HTML.
    BOOST_TEST(html_escaped(std::string("a\0b", 3)) == "a b");
    BOOST_TEST(html_escaped("a\x01\x1b\x1f\x7f"
                            "b") == "a    b");
}

BOOST_AUTO_TEST_CASE(appends_after_what_is_there) {
    std::string out = "<p>";
    append_html_escaped(out, "1 < 2");
    out += "</p>";
    BOOST_TEST(out == "<p>1 &lt; 2</p>");
}

BOOST_AUTO_TEST_SUITE_END()
