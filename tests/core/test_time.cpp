// core/time.hpp: ISO 8601 and Swedish dates as pages and exports show them.
#include <boost/test/unit_test.hpp>

#include "core/time.hpp"

using radfraga::format_iso8601;
using radfraga::parse_iso8601;
using radfraga::Timestamp;

BOOST_AUTO_TEST_SUITE(core)

BOOST_AUTO_TEST_CASE(iso8601_round_trips_local_times_with_their_offsets) {
    for (const char* s :
         {"2023-03-02T09:12:00+01:00", "2024-07-31T23:59:59+02:00", "1970-01-01T00:00:00+00:00",
          "2021-12-31T22:05:09-05:30", "2000-02-29T12:00:00+14:00", "0001-01-01T00:00:00+00:00"}) {
        const auto t = parse_iso8601(s);
        BOOST_TEST_REQUIRE(t.has_value(), s);
        BOOST_TEST(format_iso8601(*t) == s);
    }
}

// ISO 8601 lets a time leave out its seconds (archives exported by other systems do:
// "2027-12-09T09:17+01:00"); they count as 0. The offset is still required, and
// nothing else is read more leniently.
BOOST_AUTO_TEST_CASE(iso8601_seconds_may_be_left_out) {
    const auto t = parse_iso8601("2027-12-09T09:17+01:00");
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(format_iso8601(*t) == "2027-12-09T09:17:00+01:00");
    BOOST_TEST(parse_iso8601("2027-12-09T09:17Z").has_value());
    for (const char* bad : {"2027-12-09T09:17", "2027-12-09T09:17:+01:00", "2027-12-09T09:1+01:00",
                            "2027-12-09T09:17.5+01:00", "2027-12-09T09:17:5+01:00",
                            "2027-02-30T09:17+01:00", "2027-12-09T24:00+01:00"}) {
        BOOST_TEST(!parse_iso8601(bad).has_value(), bad);
    }
}

BOOST_AUTO_TEST_CASE(iso8601_pads_every_field_and_writes_the_offset_sign) {
    BOOST_TEST(format_iso8601(Timestamp{0, 0}) == "1970-01-01T00:00:00+00:00");
    BOOST_TEST(format_iso8601(Timestamp{1'700'000'000, 60}) == "2023-11-14T23:13:20+01:00");
    BOOST_TEST(format_iso8601(Timestamp{1'700'000'000, -90}) == "2023-11-14T20:43:20-01:30");
    // Before 1970: the local day and time still count forward from midnight.
    BOOST_TEST(format_iso8601(Timestamp{-1, 0}) == "1969-12-31T23:59:59+00:00");
}

BOOST_AUTO_TEST_CASE(iso8601_outside_four_digit_years_falls_back_to_printf_widths) {
    // Year 10000: the digits are not cut to four.
    BOOST_TEST(format_iso8601(Timestamp{253'402'300'800, 0}) == "10000-01-01T00:00:00+00:00");
}

BOOST_AUTO_TEST_SUITE_END()
