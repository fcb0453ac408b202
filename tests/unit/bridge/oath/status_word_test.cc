// Status words in plain words (docs/protocol/oath.md §2.8, §3).
#include "bridge/oath/status_word.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "bridge/oath/commands.h"

namespace bridge::oath {
namespace {

bool Mentions(const Error& e, std::string_view text) {
  return e.message.find(text) != std::string::npos;
}

BOOST_AUTO_TEST_CASE(OperationBlockedMeansNameTakenForPutAndRename) {
  Error put = StatusWordError(0x6983, kInsPut, "add 'x'");
  BOOST_TEST((put.kind == ErrorKind::kStatusWord));
  BOOST_TEST(put.code == 0x6983);
  BOOST_TEST(Mentions(put, "add 'x': an account with that name already"));
  BOOST_TEST(Mentions(put, "(SW 6983)"));
}

BOOST_AUTO_TEST_CASE(OperationBlockedMeansPinBlockedForPinCommands) {
  for (uint8_t ins : {kInsVerifyPin, kInsChangePin, kInsSetPin}) {
    Error e = StatusWordError(0x6983, ins, "verify PIN");
    BOOST_TEST(Mentions(e, "the PIN is blocked"));
    BOOST_TEST(!Mentions(e, "already exists"));
  }
}

BOOST_AUTO_TEST_CASE(WrongPinCountsRetriesLeft) {
  Error e = StatusWordError(0x63C2, kInsVerifyPin, "verify PIN");
  BOOST_TEST(Mentions(e, "wrong PIN, 2 retries left (SW 63C2)"));
}

BOOST_AUTO_TEST_CASE(UnknownStatusWordIsNamedNotGuessed) {
  Error e = StatusWordError(0x6F00, kInsList, "list");
  BOOST_TEST(Mentions(e, "list: unexpected status (SW 6F00)"));
}

}  // namespace
}  // namespace bridge::oath
