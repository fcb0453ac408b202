// `[period/][issuer:]account` (docs/protocol/oath.md §3, ykman
// TOTP_ID_PATTERN).
#include "bridge/oath/label.h"

#include <boost/test/unit_test.hpp>

namespace bridge::oath {
namespace {

void RoundTrip(std::string_view issuer, std::string_view account, OathType type,
               uint32_t period, std::string_view want) {
  Result<std::string> name = FormatLabel(issuer, account, type, period);
  BOOST_REQUIRE_MESSAGE(name.ok(), (name.ok() ? "" : name.error().message));
  BOOST_TEST(*name == want);
  Label back = ParseLabel(*name, type);
  BOOST_TEST(back.issuer == issuer);
  BOOST_TEST(back.account == account);
  BOOST_TEST(back.period == (type == OathType::kTotp ? period : 0u));
}

BOOST_AUTO_TEST_CASE(FormatsAndParsesBack) {
  RoundTrip("", "alice", OathType::kTotp, 30, "alice");
  RoundTrip("Example", "alice@x.com", OathType::kTotp, 30,
            "Example:alice@x.com");
  RoundTrip("Example", "alice@x.com", OathType::kTotp, 60,
            "60/Example:alice@x.com");
  RoundTrip("", "bob", OathType::kTotp, 15, "15/bob");
  RoundTrip("Corp", "c:d", OathType::kTotp, 30, "Corp:c:d");
  RoundTrip("Corp", "carol", OathType::kHotp, 0, "Corp:carol");
  RoundTrip("", "42/x", OathType::kHotp, 0, "42/x");  // no period for HOTP
}

BOOST_AUTO_TEST_CASE(ParsesLikeYkman) {
  Label a = ParseLabel("Example:", OathType::kTotp);  // (.+) needs a char
  BOOST_TEST(a.issuer.empty());
  BOOST_TEST(a.account == "Example:");
  Label b = ParseLabel(":alice", OathType::kTotp);
  BOOST_TEST(b.issuer.empty());
  BOOST_TEST(b.account == ":alice");
  Label c = ParseLabel("30/", OathType::kTotp);
  BOOST_TEST(c.account == "30/");
  BOOST_TEST(c.period == 30u);
  Label d = ParseLabel("120/a/b:c", OathType::kTotp);
  BOOST_TEST(d.period == 120u);
  BOOST_TEST(d.issuer == "a/b");
  BOOST_TEST(d.account == "c");
  Label e = ParseLabel("x/y", OathType::kTotp);
  BOOST_TEST(e.period == 30u);
  BOOST_TEST(e.account == "x/y");
}

BOOST_AUTO_TEST_CASE(RejectsBadNames) {
  BOOST_TEST(!FormatLabel("", "", OathType::kTotp, 30).ok());
  BOOST_TEST(!FormatLabel("a:b", "c", OathType::kTotp, 30).ok());
  BOOST_TEST(!FormatLabel("", "a", OathType::kTotp, 0).ok());
  BOOST_TEST(!FormatLabel("", "a:b", OathType::kTotp, 30).ok());
  BOOST_TEST(!FormatLabel("", "15/x", OathType::kTotp, 30).ok());
  BOOST_TEST(FormatLabel("", std::string(64, 'a'), OathType::kTotp, 30).ok());
  BOOST_TEST(!FormatLabel("", std::string(65, 'a'), OathType::kTotp, 30).ok());
  // The period prefix counts towards the 64 bytes.
  BOOST_TEST(!FormatLabel("", std::string(62, 'a'), OathType::kTotp, 60).ok());
}

}  // namespace
}  // namespace bridge::oath
