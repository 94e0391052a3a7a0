// core/totp.hpp: base32, RFC 4226 HOTP, RFC 6238 TOTP, replay protection, otpauth URIs.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

#include "core/totp.hpp"
#include "tests/core/support.hpp"

using namespace radfraga;
using radfraga::test::FixedRandom;

namespace {

Bytes bytes(std::string_view s) {
    return Bytes(s.begin(), s.end());
}

// RFC 6238 Appendix B and RFC 4226 Appendix D: the SHA-1 key is the ASCII "1234567890" twice.
const Bytes rfc_secret = bytes("12345678901234567890");

constexpr std::int64_t never_used = -1;

}  // namespace

BOOST_AUTO_TEST_SUITE(core)

BOOST_AUTO_TEST_CASE(base32_encodes_the_rfc_4648_vectors_without_padding) {
    BOOST_TEST(base32_encode(bytes("")) == "");
    BOOST_TEST(base32_encode(bytes("f")) == "MY");
    BOOST_TEST(base32_encode(bytes("fo")) == "MZXQ");
    BOOST_TEST(base32_encode(bytes("foo")) == "MZXW6");
    BOOST_TEST(base32_encode(bytes("foob")) == "MZXW6YQ");
    BOOST_TEST(base32_encode(bytes("fooba")) == "MZXW6YTB");
    BOOST_TEST(base32_encode(bytes("foobar")) == "MZXW6YTBOI");
    BOOST_TEST(base32_encode(rfc_secret) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    const Bytes all_ones(5, 0xFF);
    BOOST_TEST(base32_encode(all_ones) == "77777777");
}

BOOST_AUTO_TEST_CASE(base32_decodes_what_people_type) {
    BOOST_TEST(*base32_decode("MZXW6YTBOI") == bytes("foobar"));
    BOOST_TEST(*base32_decode("MZXW6YTBOI======") == bytes("foobar"));
    BOOST_TEST(*base32_decode("mzxw6ytboi") == bytes("foobar"));
    BOOST_TEST(*base32_decode("mzxw 6ytb oi") == bytes("foobar"));
    BOOST_TEST(*base32_decode("  MZXW6YQ= ") == bytes("foob"));
    BOOST_TEST(*base32_decode("MY======") == bytes("f"));
    BOOST_TEST(*base32_decode("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ") == rfc_secret);
    BOOST_TEST(base32_decode("")->empty());
    BOOST_TEST(base32_decode("   ")->empty());
}

BOOST_AUTO_TEST_CASE(base32_refuses_malformed_input) {
    for (const char* bad : {"MZXW0", "MZXW1", "MZXW8", "MZXW9", "MZ-XW", "MZ\tXW", "MZXW6YTBO!",
                            "M",           // 1 symbol: impossible length
                            "MZX",         // 3 symbols
                            "MZXW6Y",      // 6 symbols
                            "MY=",         // too little padding
                            "MY=======",   // too much padding
                            "MZXW6YTB=",   // padding after a full group
                            "MY==MY==",    // data after padding
                            "MZ",          // trailing bits not zero (canonical would be "MY")
                            "MZXW6YTBOJ",  // trailing bits not zero
                            "MZXW6YT\xc3\xa5"}) {
        BOOST_TEST_CONTEXT("input: " << bad) {
            BOOST_TEST(!base32_decode(bad));
        }
    }
}

BOOST_AUTO_TEST_CASE(base32_round_trips_every_length) {
    Bytes data;
    for (unsigned i = 0; i < 64; ++i) {
        BOOST_TEST_CONTEXT("length " << data.size()) {
            const auto encoded = base32_encode(data);
            BOOST_TEST(encoded.find('=') == std::string::npos);
            const auto decoded = base32_decode(encoded);
            BOOST_REQUIRE(decoded);
            BOOST_TEST(*decoded == data);
        }
        data.push_back(static_cast<unsigned char>(i * 37u + 11u));
    }
}

BOOST_AUTO_TEST_CASE(group_key_splits_the_enrolment_key_into_fours) {
    BOOST_TEST(group_key("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") ==
               "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    BOOST_TEST(group_key("ABCDEF") == "ABCD EF");
    BOOST_TEST(group_key("ABCD") == "ABCD");
    BOOST_TEST(group_key("") == "");
    BOOST_TEST(*base32_decode(group_key(base32_encode(rfc_secret))) == rfc_secret);
}

BOOST_AUTO_TEST_CASE(new_totp_secrets_are_20_bytes_from_the_injected_random) {
    FixedRandom random({1, 2, 3});
    const auto secret = new_totp_secret(random);
    BOOST_TEST(secret.size() == 20u);
    BOOST_TEST(secret[0] == 1);
    BOOST_TEST(secret[19] == 2);
    BOOST_TEST(random.calls() == 1);
    SystemRandom system;
    BOOST_TEST(new_totp_secret(system) != new_totp_secret(system));
}

BOOST_AUTO_TEST_CASE(hotp_matches_the_rfc_4226_appendix_d_vectors) {
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (std::uint64_t counter = 0; counter < 10; ++counter)
        BOOST_TEST(hotp_code(rfc_secret, counter) == expected[counter]);
    BOOST_CHECK_THROW(hotp_code(rfc_secret, 0, 5), std::invalid_argument);
    BOOST_CHECK_THROW(hotp_code(rfc_secret, 0, 9), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(totp_matches_the_rfc_6238_appendix_b_sha1_vectors) {
    struct Vector {
        UnixSeconds t;
        const char* code8;
    };
    const Vector vectors[] = {{59, "94287082"},         {1111111109, "07081804"},
                              {1111111111, "14050471"}, {1234567890, "89005924"},
                              {2000000000, "69279037"}, {20000000000, "65353130"}};
    for (const auto& v : vectors) {
        BOOST_TEST_CONTEXT("T = " << v.t) {
            const std::string code8 = v.code8;
            BOOST_TEST(hotp_code(rfc_secret, static_cast<std::uint64_t>(totp_step(v.t)), 8) ==
                       code8);
            BOOST_TEST(totp_code(rfc_secret, v.t) == code8.substr(2));
            BOOST_TEST(verify_totp(rfc_secret, code8.substr(2), v.t, never_used) == totp_step(v.t));
        }
    }
}

BOOST_AUTO_TEST_CASE(totp_codes_keep_their_leading_zeros) {
    // T = 1111111109 gives 07081804, so six digits are "081804": no leading zero there.
    // Find a step whose code starts with '0' and check it stays six characters.
    bool seen = false;
    for (std::int64_t step = 0; step < 200 && !seen; ++step) {
        const auto code = totp_code(rfc_secret, step * kTotpPeriod);
        BOOST_TEST(code.size() == 6u);
        if (code[0] == '0') {
            seen = true;
            BOOST_TEST(verify_totp(rfc_secret, code, step * kTotpPeriod, never_used) == step);
        }
    }
    BOOST_TEST(seen);
}

BOOST_AUTO_TEST_CASE(totp_steps_are_30_seconds_from_the_epoch) {
    BOOST_TEST(totp_step(0) == 0);
    BOOST_TEST(totp_step(29) == 0);
    BOOST_TEST(totp_step(30) == 1);
    BOOST_TEST(totp_step(59) == 1);
    BOOST_TEST(totp_code(rfc_secret, 30) == totp_code(rfc_secret, 59));
    BOOST_TEST(totp_code(rfc_secret, 59) != totp_code(rfc_secret, 60));
    BOOST_CHECK_THROW(totp_step(-1), std::invalid_argument);
    BOOST_CHECK_THROW(totp_code(rfc_secret, -1), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(verify_accepts_one_step_either_side_and_no_further) {
    const UnixSeconds now = 1111111111;  // step 37037037, 1 s into it
    const std::int64_t step = totp_step(now);
    for (std::int64_t d = -3; d <= 3; ++d) {
        BOOST_TEST_CONTEXT("offset " << d << " steps") {
            const auto code = totp_code(rfc_secret, (step + d) * kTotpPeriod);
            const auto matched = verify_totp(rfc_secret, code, now, never_used);
            if (d >= -1 && d <= 1)
                BOOST_TEST(matched == step + d);
            else
                BOOST_TEST(!matched);
            const auto strict = verify_totp(rfc_secret, code, now, never_used, 0);
            if (d == 0)
                BOOST_TEST(strict == step);
            else
                BOOST_TEST(!strict);
            const auto wide = verify_totp(rfc_secret, code, now, never_used, 2);
            if (d >= -2 && d <= 2)
                BOOST_TEST(wide == step + d);
            else
                BOOST_TEST(!wide);
        }
    }
}

BOOST_AUTO_TEST_CASE(verify_window_edges_follow_the_step_boundaries) {
    const std::int64_t step = 50000000;
    const UnixSeconds first = step * kTotpPeriod;      // first second of the step
    const UnixSeconds last = first + kTotpPeriod - 1;  // last second of the step
    const auto previous = totp_code(rfc_secret, first - 1);
    const auto next = totp_code(rfc_secret, last + 1);
    const auto two_back = totp_code(rfc_secret, first - kTotpPeriod - 1);
    const auto two_ahead = totp_code(rfc_secret, last + kTotpPeriod + 1);
    for (const UnixSeconds now : {first, last}) {
        BOOST_TEST_CONTEXT("now = " << now) {
            BOOST_TEST(verify_totp(rfc_secret, previous, now, never_used) == step - 1);
            BOOST_TEST(verify_totp(rfc_secret, next, now, never_used) == step + 1);
            BOOST_TEST(!verify_totp(rfc_secret, two_back, now, never_used));
            BOOST_TEST(!verify_totp(rfc_secret, two_ahead, now, never_used));
        }
    }
    // One second later the window has moved: the previous code is two steps back.
    BOOST_TEST(!verify_totp(rfc_secret, previous, last + 1, never_used));
    // Near the epoch the window is cut at step 0.
    BOOST_TEST(verify_totp(rfc_secret, totp_code(rfc_secret, 0), 0, never_used) == 0);
    BOOST_TEST(verify_totp(rfc_secret, totp_code(rfc_secret, 30), 0, never_used) == 1);
    BOOST_TEST(!verify_totp(rfc_secret, totp_code(rfc_secret, 0), -1, never_used));
}

BOOST_AUTO_TEST_CASE(verify_refuses_a_replayed_code) {
    const UnixSeconds now = 1234567890;
    const auto code = totp_code(rfc_secret, now);
    const auto first = verify_totp(rfc_secret, code, now, never_used);
    BOOST_REQUIRE(first);
    BOOST_TEST(*first == totp_step(now));
    // The same code again, in the same step or the next, is refused.
    BOOST_TEST(!verify_totp(rfc_secret, code, now, *first));
    BOOST_TEST(!verify_totp(rfc_secret, code, now + 5, *first));
    BOOST_TEST(!verify_totp(rfc_secret, code, now + kTotpPeriod, *first));
    // An older code still inside the window is refused once a newer one was used.
    const auto older = totp_code(rfc_secret, now - kTotpPeriod);
    BOOST_TEST(!verify_totp(rfc_secret, older, now, *first));
    // A code from a later step is accepted, and moves the mark on.
    const auto later = totp_code(rfc_secret, now + kTotpPeriod);
    const auto second = verify_totp(rfc_secret, later, now + kTotpPeriod, *first);
    BOOST_TEST(second == *first + 1);
    BOOST_TEST(!verify_totp(rfc_secret, later, now + kTotpPeriod, *second));
    // A code one step ahead (clock skew) used early cannot be used again when its step comes.
    const auto ahead = totp_code(rfc_secret, now + 2 * kTotpPeriod);
    const auto skewed = verify_totp(rfc_secret, ahead, now + kTotpPeriod, *second);
    BOOST_TEST(skewed == *second + 1);
    BOOST_TEST(!verify_totp(rfc_secret, ahead, now + 2 * kTotpPeriod, *skewed));
}

BOOST_AUTO_TEST_CASE(verify_ignores_spaces_and_refuses_malformed_codes) {
    const UnixSeconds now = 2000000000;
    const std::string code = totp_code(rfc_secret, now);
    const std::string spaced = code.substr(0, 3) + " " + code.substr(3);
    BOOST_TEST(verify_totp(rfc_secret, spaced, now, never_used) == totp_step(now));
    BOOST_TEST(verify_totp(rfc_secret, "  " + code + " ", now, never_used) == totp_step(now));
    const std::string malformed[] = {
        "",
        "      ",
        code.substr(0, 5),
        code + "0",
        "0" + code,
        code.substr(0, 5) + "a",
        code.substr(0, 5) + "-",
        "+" + code.substr(1),
        "-" + code.substr(1),
        code + "\n",
        "\t" + code,
        code.substr(0, 3) + "-" + code.substr(3),
        code.substr(0, 3) + '\0' + code.substr(3),
        "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96",  // full-width
                                                                                     // digits
        "000000" + std::string(1000, '0'),
    };
    for (const auto& bad : malformed) {
        BOOST_TEST_CONTEXT("code: '" << bad << "'") {
            BOOST_TEST(!verify_totp(rfc_secret, bad, now, never_used));
        }
    }
    // Another secret's code fails.
    const Bytes other = bytes("abcdefghijabcdefghij");
    BOOST_TEST(!verify_totp(other, code, now, never_used, 0));
    // An empty secret (nothing enrolled) verifies nothing, not even its own HMAC code.
    BOOST_TEST(!verify_totp(Bytes{}, totp_code(Bytes{}, now), now, never_used));
    BOOST_CHECK_THROW(verify_totp(rfc_secret, code, now, never_used, -1), std::invalid_argument);
    BOOST_CHECK_THROW(verify_totp(rfc_secret, code, now, never_used, 11), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(otpauth_uri_percent_encodes_issuer_and_account) {
    BOOST_TEST(
        otpauth_uri("Rådfråga", "anna.svensson@malmo.se", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") ==
        "otpauth://totp/R%C3%A5dfr%C3%A5ga:anna.svensson%40malmo.se"
        "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=R%C3%A5dfr%C3%A5ga"
        "&algorithm=SHA1&digits=6&period=30");
    // The grouped, lower-case form a person copied is normalised.
    BOOST_TEST(otpauth_uri("Malmö stad", "a:b&c", "gezd gnbv gy3t qojq gezd gnbv gy3t qojq") ==
               "otpauth://totp/Malm%C3%B6%20stad:a%3Ab%26c"
               "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Malm%C3%B6%20stad"
               "&algorithm=SHA1&digits=6&period=30");
    BOOST_CHECK_THROW(otpauth_uri("Rådfråga", "anna", "not base32!"), std::invalid_argument);
    BOOST_CHECK_THROW(otpauth_uri("Rådfråga", "anna", ""), std::invalid_argument);
    BOOST_CHECK_THROW(otpauth_uri("", "anna", "GEZDGNBV"), std::invalid_argument);
    BOOST_CHECK_THROW(otpauth_uri("Rådfråga", "", "GEZDGNBV"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
