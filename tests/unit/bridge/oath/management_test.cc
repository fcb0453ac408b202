// bridge/oath/management.h ParseDeviceInfo: the READ CONFIG answer
// (docs/protocol/management.md §3). ReadDeviceInfo over a scripted card is
// in ccid_session_test.cc.
#include "bridge/oath/management.h"

#include <boost/test/unit_test.hpp>

#include "hex.h"

namespace bridge::oath {
namespace {

using keybridge::testing::FromHex;

BOOST_AUTO_TEST_CASE(ParsesTheDocumentedExample) {
  // management.md §3 example, without the status word.
  auto info = ParseDeviceInfo(
      FromHex("1C 01 02 02 20 02 04 00 01 E2 40 03 02 02 20 04 01 01"
              " 05 03 05 04 03 08 01 00 0A 01 00"));
  BOOST_REQUIRE(info.ok());
  BOOST_REQUIRE(info->serial.has_value());
  BOOST_TEST(*info->serial == 123456u);
  BOOST_REQUIRE(info->version.has_value());
  BOOST_TEST((*info->version == std::array<uint8_t, 3>{5, 4, 3}));
}

BOOST_AUTO_TEST_CASE(SerialZeroOrMissingIsNone) {
  auto zero = ParseDeviceInfo(FromHex("06 02 04 00 00 00 00"));
  BOOST_REQUIRE(zero.ok());
  BOOST_TEST(!zero->serial.has_value());
  auto missing = ParseDeviceInfo(FromHex("03 04 01 01"));
  BOOST_REQUIRE(missing.ok());
  BOOST_TEST(!missing->serial.has_value());
  BOOST_TEST(!missing->version.has_value());
}

BOOST_AUTO_TEST_CASE(RejectsMalformedAnswers) {
  for (const char* bad : {
           "",                      // no length byte
           "06 02 04 00 00 01",     // length byte too long
           "03 02 04 00 00 00 01",  // length byte too short
           "06 02 03 00 00 01 00",  // serial of 3 bytes
           "04 05 02 05 04",        // version of 2 bytes
           "03 02 04 00",           // truncated TLV
       }) {
    BOOST_TEST_CONTEXT(bad) {
      auto r = ParseDeviceInfo(FromHex(bad));
      BOOST_TEST(!r.ok());
      if (!r.ok()) BOOST_TEST((r.error().kind == ErrorKind::kProtocol));
    }
  }
}

}  // namespace
}  // namespace bridge::oath
