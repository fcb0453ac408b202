#include "bridge/aws/label_match.h"

#include <boost/test/unit_test.hpp>

#include "bridge/aws/mfa_serial.h"
#include "test_util.h"

using namespace bridge::aws;

namespace {
const std::string kArn = "arn:aws:iam::123456789012:mfa/alice";
}

BOOST_AUTO_TEST_SUITE(label_match)

BOOST_AUTO_TEST_CASE(parses_mfa_arns) {
  auto a = ParseMfaArn("arn:aws:iam::123456789012:mfa/team/ops/alice");
  BOOST_REQUIRE(a.ok());
  BOOST_TEST(a->account == "123456789012");
  BOOST_TEST(a->path == "/team/ops/");
  BOOST_TEST(a->name == "alice");
  BOOST_TEST(MakeMfaArn("aws", "123456789012", "/team/ops/", "alice") ==
             a->arn);
  auto user = ParseMfaArn("arn:aws:iam::123456789012:user/alice");
  BOOST_REQUIRE(!user.ok());
  BOOST_TEST(user.error().message.find(":mfa/") != std::string::npos);
  BOOST_TEST(!ParseMfaArn("arn:aws:iam::12345:mfa/alice").ok());
  BOOST_TEST(!ParseMfaArn("arn:aws:iam::123456789012:mfa/").ok());
  BOOST_TEST(!ParseMfaArn("GAHT12345678").ok());
  BOOST_TEST(CheckSerialNumber("GAHT12345678").ok());
  BOOST_TEST(!CheckSerialNumber("short").ok());
  BOOST_TEST(!CheckSerialNumber("arn:aws:iam::123456789012:mfa/a b").ok());
}

BOOST_AUTO_TEST_CASE(parses_labels_like_ykman) {
  OathLabel l = ParseOathLabel("60/Example:alice@x.com");
  BOOST_TEST(*l.period == 60);
  BOOST_TEST(l.issuer == "Example");
  BOOST_TEST(l.account == "alice@x.com");
  l = ParseOathLabel("Amazon Web Services:alice@123456789012");
  BOOST_TEST(!l.period.has_value());
  BOOST_TEST(l.issuer == "Amazon Web Services");
  l = ParseOathLabel("plain");
  BOOST_TEST(l.issuer.empty());
  BOOST_TEST(l.account == "plain");
}

BOOST_AUTO_TEST_CASE(picks_the_aws_qr_label) {
  std::vector<std::string> labels = {"GitHub:alice",
                                     "Amazon Web Services:bob@123456789012",
                                     "Amazon Web Services:alice@123456789012",
                                     "60/Amazon Web "
                                     "Services:alice@123456789012"};
  auto r = PickAccount(labels, kArn, std::nullopt);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(*r == "Amazon Web Services:alice@123456789012");
  // Without an issuer, and by alias when the account id is not used.
  BOOST_TEST(*PickAccount({"x", "alice@123456789012"}, kArn, std::nullopt) ==
             "alice@123456789012");
  BOOST_TEST(*PickAccount({"Amazon Web Services:alice@my-alias"}, kArn,
                          std::nullopt) ==
             "Amazon Web Services:alice@my-alias");
  // An exact match beats an alias match.
  BOOST_TEST(*PickAccount({"Amazon Web Services:alice@my-alias",
                           "Amazon Web Services:alice@123456789012"},
                          kArn, std::nullopt) ==
             "Amazon Web Services:alice@123456789012");
}

BOOST_AUTO_TEST_CASE(ambiguous_or_missing_lists_candidates) {
  auto amb = PickAccount({"Amazon Web Services:alice@a1",
                          "Amazon Web Services:alice@a2", "GitHub:x"},
                         kArn, std::nullopt);
  BOOST_REQUIRE(!amb.ok());
  BOOST_TEST(amb.error().kind == bridge::ErrorKind::kNoMatch);
  BOOST_TEST(amb.error().message.find("alice@a1") != std::string::npos);
  BOOST_TEST(amb.error().message.find("alice@a2") != std::string::npos);
  BOOST_TEST(amb.error().message.find("--account") != std::string::npos);
  auto none = PickAccount({"GitHub:x"}, kArn, std::nullopt);
  BOOST_REQUIRE(!none.ok());
  BOOST_TEST(
      none.error().message.find("Amazon Web Services:alice@123456789012") !=
      std::string::npos);
  BOOST_TEST(none.error().message.find("'GitHub:x'") != std::string::npos);
  auto hw = PickAccount({"a"}, "GAHT12345678", std::nullopt);
  BOOST_REQUIRE(!hw.ok());
  BOOST_TEST(hw.error().message.find("--account") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(explicit_account_must_exist) {
  BOOST_TEST(*PickAccount({"a", "b"}, kArn, std::string("b")) == "b");
  auto r = PickAccount({"a", "b"}, kArn, std::string("c"));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message.find("'a', 'b'") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(label_match_arn)
BOOST_AUTO_TEST_CASE(malformed_arn_says_why) {
  auto r = bridge::aws::PickAccount(
      {"a"}, "arn:aws:iam::123456789012:user/alice", std::nullopt);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().kind == bridge::ErrorKind::kInvalidInput);
  BOOST_TEST(r.error().message.find(":mfa/") != std::string::npos);
}
BOOST_AUTO_TEST_SUITE_END()
