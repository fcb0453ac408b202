// ykman-style account search (ykman/_cli/oath.py _search).
#include "bridge/cli/account_match.h"

#include <boost/test/unit_test.hpp>

namespace bridge::cli {
namespace {

const std::vector<std::string> kNames = {"Example:alice", "Example:Alice2",
                                         "60/GitHub:bob", "alice"};

BOOST_AUTO_TEST_CASE(ExactNameWins) {
  BOOST_TEST(SearchAccounts(kNames, "alice") == std::vector<size_t>{3},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(CaseInsensitiveSubstring) {
  BOOST_TEST(SearchAccounts(kNames, "ALICE2") == std::vector<size_t>{1},
             boost::test_tools::per_element());
  BOOST_TEST(SearchAccounts(kNames, "example") == (std::vector<size_t>{0, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(SearchAccounts(kNames, "github") == std::vector<size_t>{2},
             boost::test_tools::per_element());
  BOOST_TEST(SearchAccounts(kNames, "carol").empty());
  BOOST_TEST(SearchAccounts(kNames, "").size() == kNames.size());
}

}  // namespace
}  // namespace bridge::cli
