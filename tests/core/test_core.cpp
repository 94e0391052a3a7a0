// core/...: the test program's entry point. The cases live beside it, one file per
// header: test_totp.cpp (core/totp.hpp), test_signing.cpp (core/signing.hpp),
// test_time.cpp (core/time.hpp).
#define BOOST_TEST_MODULE core
#include <boost/test/unit_test.hpp>
