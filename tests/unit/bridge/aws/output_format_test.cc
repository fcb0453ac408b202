#include "bridge/aws/output_format.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

using namespace bridge::aws;

BOOST_AUTO_TEST_SUITE(output_format)

SessionCredentials Creds() {
  return SessionCredentials("ASIAEXAMPLE", "se'cret/+", "TOKEN==", 1795909382);
}

BOOST_AUTO_TEST_CASE(process_json_is_exactly_the_documented_shape) {
  std::string out = FormatCredentials(Creds(), OutputFormat::kProcess, {});
  BOOST_TEST(out ==
             R"({"Version":1,"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":)"
             R"("se'cret/+","SessionToken":"TOKEN==","Expiration":)"
             R"("2026-11-28T23:43:02Z"})"
             "\n");
}

BOOST_AUTO_TEST_CASE(env_is_shell_quoted) {
  FormatOptions o;
  o.region = "eu-west-1";
  std::string out = FormatCredentials(Creds(), OutputFormat::kEnv, o);
  BOOST_TEST(out ==
             "export AWS_ACCESS_KEY_ID='ASIAEXAMPLE'\n"
             "export AWS_SECRET_ACCESS_KEY='se'\\''cret/+'\n"
             "export AWS_SESSION_TOKEN='TOKEN=='\n"
             "export AWS_CREDENTIAL_EXPIRATION='2026-11-28T23:43:02Z'\n"
             "export AWS_SESSION_EXPIRATION='2026-11-28T23:43:02Z'\n"
             "export AWS_REGION='eu-west-1'\n"
             "export AWS_DEFAULT_REGION='eu-west-1'\n");
  BOOST_TEST(
      FormatCredentials(Creds(), OutputFormat::kEnv, {}).find("AWS_REGION") ==
      std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_and_ini) {
  auto j = nlohmann::json::parse(
      FormatCredentials(Creds(), OutputFormat::kJson, {}));
  BOOST_TEST(j["AccessKeyId"] == "ASIAEXAMPLE");
  BOOST_TEST(j["Expiration"] == "2026-11-28T23:43:02Z");
  BOOST_TEST(j.size() == 4u);
  FormatOptions o;
  o.ini_section = "dev-session";
  std::string ini = FormatCredentials(Creds(), OutputFormat::kIni, o);
  BOOST_TEST(ini.rfind("[dev-session]\n", 0) == 0);
  BOOST_TEST(ini.find("aws_secret_access_key = se'cret/+\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(format_names) {
  BOOST_TEST(ParseOutputFormat("process").ok());
  BOOST_TEST(!ParseOutputFormat("yaml").ok());
}

BOOST_AUTO_TEST_SUITE_END()
