#include "bridge/aws/cli_output.h"

#include <boost/test/unit_test.hpp>

#include "test_util.h"

using namespace bridge::aws;

BOOST_AUTO_TEST_SUITE(cli_output)

// docs/aws.md §4.5 (v2 prints +00:00; v1 prints the wire value with Z).
const char* kV2 = R"({
    "Credentials": {
        "AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
        "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
        "SessionToken": "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlfAE",
        "Expiration": "2026-11-28T23:43:02+00:00"
    }
}
)";

BOOST_AUTO_TEST_CASE(session_token_output_v2_and_v1) {
  auto c = ParseCredentialsOutput(kV2);
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c->access_key_id == "ASIAIOSFODNN7EXAMPLE");
  BOOST_TEST(c->secret_access_key ==
             "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
  BOOST_TEST(c->expiration == 1795909382);
  auto v1 = ParseCredentialsOutput(
      R"({"Credentials":{"AccessKeyId":"A","SecretAccessKey":"S",)"
      R"("SessionToken":"T","Expiration":"2026-11-28T23:43:02.611Z"}})");
  BOOST_REQUIRE(v1.ok());
  BOOST_TEST(v1->expiration == 1795909382);
}

BOOST_AUTO_TEST_CASE(session_token_output_garbage_never_quoted) {
  const char* bad[] = {
      "",
      "not json wJalrXUtnFEMI",
      "{}",
      R"({"Credentials":[]})",
      R"({"Credentials":{"AccessKeyId":"A","SecretAccessKey":"wJalrXUtnFEMI",)"
      R"("SessionToken":"T"}})",
      R"({"Credentials":{"AccessKeyId":"A","SecretAccessKey":"wJalrXUtnFEMI",)"
      R"("SessionToken":"T","Expiration":"soon"}})",
      R"({"Credentials":{"AccessKeyId":1,"SecretAccessKey":"wJalrXUtnFEMI",)"
      R"("SessionToken":"T","Expiration":"2026-11-28T23:43:02Z"}})",
  };
  for (const char* text : bad) {
    auto c = ParseCredentialsOutput(text);
    BOOST_REQUIRE(!c.ok());
    BOOST_TEST(c.error().kind == bridge::ErrorKind::kProtocol);
    BOOST_TEST(c.error().message.find("wJalrXUtnFEMI") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(cli_error_lines) {
  // docs/aws.md §4.6, with the leading blank line and the trailing space.
  auto e = ParseCliError(
      "\nAn error occurred (AccessDenied) when calling the GetSessionToken "
      "operation: MultiFactorAuthentication failed with invalid MFA one "
      "time pass code. \n");
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->code == "AccessDenied");
  BOOST_TEST(e->operation == "GetSessionToken");
  BOOST_TEST(e->message ==
             "MultiFactorAuthentication failed with invalid MFA one time "
             "pass code. ");
  BOOST_TEST(!e->retries.has_value());
  e = ParseCliError(
      "An error occurred (InternalFailure) when calling the GetSessionToken "
      "operation (reached max retries: 0): boom");
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->code == "InternalFailure");
  BOOST_TEST(*e->retries == 0);
  BOOST_TEST(e->message == "boom");
  BOOST_TEST(!ParseCliError("Unable to locate credentials.").has_value());
  BOOST_TEST(!ParseCliError("An error occurred (X) when").has_value());
  BOOST_TEST(!ParseCliError("An error occurred (X) when calling the Y "
                            "operation (reached max retries: z): m")
                  .has_value());
}

BOOST_AUTO_TEST_CASE(describe_failure_names_the_code_in_one_line) {
  bridge::Error e = DescribeCliFailure(
      "aws sts get-session-token", 254,
      "\nAn error occurred (AccessDenied) when calling the GetSessionToken "
      "operation (reached max retries: 0): MultiFactorAuthentication failed, "
      "unable to validate MFA code.  Please verify your MFA serial number "
      "is valid and associated with this user.\n");
  BOOST_TEST(e.kind == bridge::ErrorKind::kAws);
  BOOST_TEST(e.code == 254);
  BOOST_TEST(e.message.find("aws sts get-session-token failed: AccessDenied: "
                            "MultiFactorAuthentication failed, unable") == 0);
  BOOST_TEST(e.message.find('\n') == std::string::npos);
  BOOST_TEST(e.message.find("serial") != std::string::npos);
  e = DescribeCliFailure("aws sts get-session-token", 252,
                         "\nParameter validation failed:\nInvalid length for "
                         "parameter TokenCode, value: 5, valid min length: "
                         "6\n");
  BOOST_TEST(e.message ==
             "aws sts get-session-token failed: Parameter validation "
             "failed: Invalid length for parameter TokenCode, value: 5, "
             "valid min length: 6");
  e = DescribeCliFailure("aws x", 255, "");
  BOOST_TEST(e.message == "aws x failed with exit status 255 and no message");
  e = DescribeCliFailure("aws x", 1,
                         std::string("bin\x01\x02"
                                     "ary",
                                     8));
  BOOST_TEST(e.message == "aws x failed: bin??ary");
}

BOOST_AUTO_TEST_CASE(iam_outputs) {
  auto s = ParseCreatedSerial(
      R"({"VirtualMFADevice":{"SerialNumber":"arn:aws:iam::123456789012:mfa/alice"}})");
  BOOST_REQUIRE(s.ok());
  BOOST_TEST(*s == "arn:aws:iam::123456789012:mfa/alice");
  BOOST_TEST(!ParseCreatedSerial("{}").ok());
  auto l = ParseMfaDeviceSerials(
      R"({"MFADevices":[{"UserName":"alice","SerialNumber":"a1",)"
      R"("EnableDate":"2024-01-02T03:04:05+00:00"},{"SerialNumber":"a2"}]})");
  BOOST_REQUIRE(l.ok());
  BOOST_TEST(*l == (std::vector<std::string>{"a1", "a2"}),
             boost::test_tools::per_element());
  BOOST_TEST(!ParseMfaDeviceSerials(R"({"MFADevices":[{}]})").ok());
}

BOOST_AUTO_TEST_SUITE_END()
