// Usage errors never repeat a word that may be a secret (usage_error.h).
#include "bridge/cli/usage_error.h"

#include <boost/test/unit_test.hpp>
#include <vector>

namespace bridge::cli {
namespace {

BOOST_AUTO_TEST_SUITE(usage_error)

BOOST_AUTO_TEST_CASE(extra_arguments_say_where_secrets_go) {
  std::vector<const char*> args = {"oath", "accounts", "add", "NAME",
                                   "JBSWY3DPEHPK3PXP"};
  std::string m = UsageErrorMessage(
      "The following argument was not expected: JBSWY3DPEHPK3PXP", true, args);
  BOOST_TEST(m.find("JBSWY3DPEHPK3PXP") == std::string::npos);
  BOOST_TEST(m.find("never from the command line") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(other_errors_keep_option_names_and_hide_values) {
  std::vector<const char*> args = {
      "oath", "accounts", "add", "--digits", "JBSWY3DPEHPK3PXP", "-d", "7"};
  std::string m = UsageErrorMessage(
      "--digits: Value JBSWY3DPEHPK3PXP not in {6,8}; oath accounts", false,
      args);
  BOOST_TEST(m ==
             "--digits: Value <argument> not in {6,8}; <argument> "
             "<argument> (see --help)");
}

BOOST_AUTO_TEST_CASE(a_repeated_word_is_hidden_everywhere) {
  std::vector<const char*> args = {"s3cr3tpin"};
  BOOST_TEST(UsageErrorMessage("a s3cr3tpin b s3cr3tpin", false, args) ==
             "a <argument> b <argument> (see --help)");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace bridge::cli
