// otpauth:// parsing (docs/protocol/oath.md §7).
#include "bridge/oath/otpauth.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace bridge::oath {
namespace {

CredentialData Parse(std::string_view uri) {
  Result<CredentialData> r = ParseOtpauthUri(uri);
  BOOST_REQUIRE_MESSAGE(
      r.ok(),
      std::string(uri) + ": " + ((r.ok() ? std::string() : r.error().message)));
  return std::move(r).value();
}

std::string ErrorOf(std::string_view uri) {
  Result<CredentialData> r = ParseOtpauthUri(uri);
  BOOST_REQUIRE_MESSAGE(!r.ok(), std::string(uri) + " was accepted");
  BOOST_TEST(static_cast<int>(r.error().kind) ==
             static_cast<int>(ErrorKind::kInvalidInput));
  return r.error().message;
}

BOOST_AUTO_TEST_CASE(GoogleExample) {
  CredentialData c = Parse(
      "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&"
      "issuer=Example");
  BOOST_TEST((c.type == OathType::kTotp));
  BOOST_TEST(c.issuer == "Example");
  BOOST_TEST(c.account == "alice@google.com");
  BOOST_TEST((c.algorithm == HashAlgorithm::kSha1));
  BOOST_TEST(c.digits == 6);
  BOOST_TEST(c.period == 30u);
  BOOST_TEST(std::string(c.secret.as_string_view()) ==
             std::string("Hello!\xDE\xAD\xBE\xEF", 10));
}

BOOST_AUTO_TEST_CASE(AllParametersAndEncodedLabel) {
  CredentialData c = Parse(
      "otpauth://totp/ACME%20Co:john.doe@email.com?secret="
      "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&"
      "digits=8&period=60");
  BOOST_TEST(c.issuer == "ACME Co");
  BOOST_TEST(c.account == "john.doe@email.com");
  BOOST_TEST((c.algorithm == HashAlgorithm::kSha256));
  BOOST_TEST(c.digits == 8);
  BOOST_TEST(c.period == 60u);
  BOOST_TEST(c.secret.size() == 20u);
}

BOOST_AUTO_TEST_CASE(EncodedColonAndLeadingSpaces) {
  CredentialData c = Parse(
      "otpauth://totp/Big%20Corporation%3A%20alice%40bigco.com?secret=MZXW6");
  BOOST_TEST(c.issuer == "Big Corporation");
  BOOST_TEST(c.account == "alice@bigco.com");
}

BOOST_AUTO_TEST_CASE(IssuerParameterWinsAndCaseInsensitiveScheme) {
  CredentialData c =
      Parse("OTPAUTH://TOTP/Label:bob?issuer=Param+Name&secret=mzxw6");
  BOOST_TEST(c.issuer == "Param Name");
  BOOST_TEST(c.account == "bob");
  CredentialData plain = Parse("otpauth://totp/bob?secret=MZXW6");
  BOOST_TEST(plain.issuer.empty());
}

BOOST_AUTO_TEST_CASE(Hotp) {
  CredentialData c =
      Parse("otpauth://hotp/Corp:carol?secret=MZXW6&counter=42&digits=6");
  BOOST_TEST((c.type == OathType::kHotp));
  BOOST_TEST(c.counter == 42u);
}

BOOST_AUTO_TEST_CASE(Invalid) {
  ErrorOf("http://totp/x?secret=MZXW6");
  ErrorOf("otpauth://motp/x?secret=MZXW6");
  ErrorOf("otpauth://totp");
  ErrorOf("otpauth://totp/x");
  ErrorOf("otpauth://totp/x?issuer=a");
  ErrorOf("otpauth://totp/x?secret=");
  ErrorOf("otpauth://totp/x?secret=M1");
  ErrorOf("otpauth://totp/?secret=MZXW6");
  ErrorOf("otpauth://totp/Issuer:?secret=MZXW6");
  ErrorOf("otpauth://hotp/x?secret=MZXW6");
  ErrorOf("otpauth://hotp/x?secret=MZXW6&counter=-1");
  ErrorOf("otpauth://hotp/x?secret=MZXW6&counter=4294967296");
  ErrorOf("otpauth://totp/x?secret=MZXW6&digits=7");
  ErrorOf("otpauth://totp/x?secret=MZXW6&algorithm=MD5");
  ErrorOf("otpauth://totp/x?secret=MZXW6&period=0");
  ErrorOf("otpauth://totp/x?secret=MZXW6&period=abc");
  ErrorOf("otpauth://totp/x%G1?secret=MZXW6");
  ErrorOf("otpauth://totp/x%2?secret=MZXW6");
  ErrorOf("otpauth://totp/" + std::string(65, 'a') + "?secret=MZXW6");
}

BOOST_AUTO_TEST_CASE(RepeatedParametersAreAmbiguous) {
  for (std::string param : {"secret=MZXW6", "issuer=A", "algorithm=SHA1",
                            "digits=6", "period=30"}) {
    std::string msg = ErrorOf(
        "otpauth://totp/x?secret=MZXW6&issuer=A&algorithm=SHA1&digits=6&"
        "period=30&" +
        param);
    std::string key = param.substr(0, param.find('='));
    BOOST_TEST(msg == "otpauth URI: parameter '" + key +
                          "' is given more than once; the URI is ambiguous");
  }
  ErrorOf("otpauth://hotp/x?secret=MZXW6&counter=1&counter=2");
  // The second secret is not echoed either.
  std::string msg = ErrorOf("otpauth://totp/x?secret=MZXW6&secret=QQQQQQQQ");
  BOOST_TEST(msg.find("QQQQ") == std::string::npos);
  BOOST_TEST(msg.find("MZXW") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(ErrorsNeverContainTheSecret) {
  std::string msg = ErrorOf("otpauth://totp/x?secret=ZZZZZZZZZ1QQQ");
  BOOST_TEST(msg.find("ZZZZ") == std::string::npos);
  msg = ErrorOf("otpauth://totp/x?secret=QQQQQQQQ&digits=9");
  BOOST_TEST(msg.find("QQQQ") == std::string::npos);
}

}  // namespace
}  // namespace bridge::oath
