#include "bridge/aws/credentials.h"

#include <boost/test/unit_test.hpp>

using namespace bridge::aws;

BOOST_AUTO_TEST_SUITE(credentials)

BOOST_AUTO_TEST_CASE(iso8601_forms_of_cli_v1_v2_and_moto) {
  const int64_t t = 1795909382;  // 2026-11-28T23:43:02Z
  BOOST_TEST(*ParseIso8601("2026-11-28T23:43:02+00:00") == t);
  BOOST_TEST(*ParseIso8601("2026-11-28T23:43:02Z") == t);
  BOOST_TEST(*ParseIso8601("2026-11-28T23:43:02.611Z") == t);
  BOOST_TEST(*ParseIso8601("2026-11-28T23:43:02.611000+00:00") == t);
  BOOST_TEST(*ParseIso8601("2026-11-29T01:43:02+02:00") == t);
  BOOST_TEST(*ParseIso8601("2026-11-28T18:43:02-0500") == t);
  BOOST_TEST(FormatIso8601Z(t) == "2026-11-28T23:43:02Z");
  BOOST_TEST(*ParseIso8601("1970-01-01T00:00:00Z") == 0);
  BOOST_TEST(*ParseIso8601("2024-02-29T00:00:00Z") == 1709164800);
}

BOOST_AUTO_TEST_CASE(iso8601_rejects_garbage) {
  for (const char* s :
       {"", "2026-11-28", "2026-11-28T23:43:02", "2026-13-28T23:43:02Z",
        "2026-11-28T23:43:02Zjunk", "2026-11-28T25:00:00Z",
        "2026-11-28T23:43:02.Z", "tomorrow"}) {
    BOOST_TEST(!ParseIso8601(s).ok(), s);
  }
}

BOOST_AUTO_TEST_CASE(move_leaves_no_secret_behind) {
  SessionCredentials a("ASIA", "secret", "token", 5);
  SessionCredentials b(std::move(a));
  BOOST_TEST(b.secret_access_key == "secret");
  BOOST_TEST(a.secret_access_key.empty());  // NOLINT: checking moved-from
  BOOST_TEST(a.session_token.empty());      // NOLINT
}

BOOST_AUTO_TEST_SUITE_END()
