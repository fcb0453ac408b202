#include "bridge/aws/federation.h"

#include <boost/test/unit_test.hpp>

#include "test_util.h"

using namespace bridge::aws;
using namespace bridge::aws::testing;

BOOST_AUTO_TEST_SUITE(federation)

BOOST_AUTO_TEST_CASE(endpoint_defaults_to_aws_sign_in) {
  BOOST_TEST(FederationUrl(FakeEnv({})) ==
             "https://signin.aws.amazon.com/federation");
  BOOST_TEST(FederationUrl(FakeEnv({{"KEYBRIDGE_AWS_FEDERATION_URL",
                                     "http://127.0.0.1:1/federation"}})) ==
             "http://127.0.0.1:1/federation");
}

BOOST_AUTO_TEST_CASE(login_url_escapes_destination_and_token) {
  BOOST_TEST(ConsoleDestination(std::nullopt) ==
             "https://console.aws.amazon.com/");
  BOOST_TEST(ConsoleDestination(std::string("eu-west-1")) ==
             "https://console.aws.amazon.com/console/home?region=eu-west-1");
  BOOST_TEST(LoginUrl("https://f/federation", "https://c/x?a=b&c=d", "t+k/=") ==
             "https://f/federation?Action=login&Issuer=keybridge&Destination="
             "https%3A%2F%2Fc%2Fx%3Fa%3Db%26c%3Dd&SigninToken=t%2Bk%2F%3D");
}

BOOST_AUTO_TEST_SUITE_END()
