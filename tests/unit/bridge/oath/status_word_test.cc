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

// Every status word an OATH applet answers, in the context of the command
// it answers (docs/protocol/oath.md §2.8, §3), and what the user reads.
struct Mapping {
  uint16_t sw;
  uint8_t ins;
  const char* text;
};

const Mapping kMappings[] = {
    {0x6300, kInsVerifyPin, "wrong PIN (verification failed)"},
    {0x6400, kInsCalculate, "the key reported an internal error"},
    {0x6500, kInsPut, "the key reported an internal error"},
    {0x6581, kInsPut, "the key reported an internal error"},
    {0x6700, kInsList, "the key rejected the command length"},
    {0x6884, kInsPut, "command chaining is not supported by the key"},
    {0x6982, kInsSetPin, "a PIN is already set"},
    {0x6982, kInsVerifyPin, "no PIN is set, or the touch timed out"},
    {0x6982, kInsChangePin, "no PIN is set, or the touch timed out"},
    {0x6982, kInsPut, "not allowed: the touch timed out, or the key wants"},
    {0x6982, kInsCalculate, "not allowed: the touch timed out, or the key"},
    {0x6983, kInsPut, "an account with that name already exists"},
    {0x6983, kInsVerifyPin, "the PIN is blocked (no retries left)"},
    {0x6984, kInsDelete, "no such account"},
    {0x6A82, kInsCalculate, "no such account (or it is PIN-protected"},
    {0x6985, kInsCalculate, "not allowed for this account type or state"},
    {0x6985, kInsSendRemaining, "not allowed for this account type or state"},
    {0x6A80, kInsPut, "the key rejected the data (bad name or parameter)"},
    {0x6A81, kInsCalculate, "not supported by this key (e.g. SHA-512"},
    {0x6A84, kInsPut, "the key's account storage is full"},
    {0x6A86, kInsReset, "the key rejected the command parameters"},
    {0x6A88, kInsList, "the key's storage could not be read"},
    {0x6D00, kInsList, "command not supported by this key"},
    {0x6E00, kInsSelect, "command class not supported by this key"},
    {0x61FF, kInsList, "more data available"},
};

BOOST_AUTO_TEST_CASE(EachStatusWordReadsRightForItsCommand) {
  for (const Mapping& m : kMappings) {
    BOOST_TEST_CONTEXT("SW " << std::hex << m.sw << " INS " << int{m.ins}) {
      BOOST_TEST(Mentions(StatusWordError(m.sw, m.ins, "op"), m.text));
    }
  }
}

BOOST_AUTO_TEST_CASE(UnknownStatusWordIsNamedNotGuessed) {
  Error e = StatusWordError(0x6F00, kInsList, "list");
  BOOST_TEST(Mentions(e, "list: unexpected status (SW 6F00)"));
}

}  // namespace
}  // namespace bridge::oath
