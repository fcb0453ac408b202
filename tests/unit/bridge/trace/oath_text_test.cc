// bridge/trace/oath_text.h: OATH APDUs by name (docs/protocol/oath.md §2.3,
// §2.4, §2.8, §3).
#include "bridge/trace/oath_text.h"

#include <boost/test/unit_test.hpp>

#include "hex.h"

namespace bridge::trace {
namespace {

using keybridge::testing::FromHex;

BOOST_AUTO_TEST_CASE(PutMasksTheKeyButShowsTypeAndDigits) {
  // 71 "abc", 73 <TOTP/SHA1> <6> <secret 4>, 78 02 (no length, §2.3)
  auto apdu = FromHex(
      "00 01 00 00 0f 71 03 616263 73 06 21 06 01020304 "
      "78 02");
  std::optional<OathCommandId> id;
  BOOST_TEST(DescribeOathCommand(apdu, false, &id) ==
             "PUT (00010000) name \"abc\", key TOTP/SHA1 digits 6 "
             "<secret 4 bytes>, property h'02'");
  BOOST_TEST_REQUIRE(id.has_value());
  BOOST_TEST(id->ins == 0x01);
  BOOST_TEST(DescribeOathCommand(apdu, true).find("h'2106010203") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(NamesInstructions) {
  BOOST_TEST(
      DescribeOathCommand(FromHex("00 a4 04 00 07 a0000005272101"), false) ==
      "SELECT (00a40400) AID a0000005272101");
  BOOST_TEST(DescribeOathCommand(
                 FromHex("00 a4 00 01 0a 74 08 0000000000000001"), false)
                 .find("CALCULATE ALL") == 0u);
  BOOST_TEST(DescribeOathCommand(FromHex("00 a2 00 01 0d 71 01 61 74 08 "
                                         "0000000003243ab0"),
                                 false) ==
             "CALCULATE (00a20001) name \"a\", challenge T=52705968");
  BOOST_TEST(DescribeOathCommand(FromHex("00 a1 00 00 01 01"), false) ==
             "LIST (00a10000) version 1");
  BOOST_TEST(DescribeOathCommand(FromHex("00 a5 00 00"), false) ==
             "SEND REMAINING (00a50000)");
  BOOST_TEST(DescribeOathCommand(FromHex("00 04 de ad"), false) ==
             "RESET (0004dead)");
  BOOST_TEST(
      DescribeOathCommand(FromHex("00 b2 00 00 06 80 04 31323334"), false) ==
      "NK3 VERIFY PIN (00b20000) pin <secret 4 bytes>");
  BOOST_TEST(
      DescribeOathCommand(FromHex("00 03 00 00 04 73 02 01 ff"), false) ==
      "SET CODE (00030000) key SHA1 <secret 1 bytes>");
  BOOST_TEST(DescribeOathCommand(FromHex("00 ee 00 00"), false) ==
             "INS ee (00ee0000)");
}

BOOST_AUTO_TEST_CASE(BadDataInASecretCommandIsMaskedWhole) {
  BOOST_TEST(DescribeOathCommand(FromHex("00 01 00 00 03 73 09 01"), false) ==
             "PUT (00010000) data <secret 3 bytes>");
  BOOST_TEST(DescribeOathCommand(FromHex("00 01 00 00 09 73"), false)
                 .find("past the end: <secret") != std::string::npos);
  BOOST_TEST(DescribeOathCommand(FromHex("00 01"), false) ==
             "<short APDU, 2 bytes>");
}

BOOST_AUTO_TEST_CASE(ResponsesNameTheStatusWord) {
  OathCommandId del{0x02, 0x00};
  BOOST_TEST(DescribeOathResponse(del, 0x6A82, {})
                 .find("SW 6a82 not found to DELETE [no such account") == 0u);
  OathCommandId calc{0xA2, 0x00};
  BOOST_TEST(DescribeOathResponse(calc, 0x9000, FromHex("76 05 06 00bc614e")) ==
             "SW 9000 success to CALCULATE truncated digits 6 value 12345678");
  OathCommandId list{0xA1, 0x00};
  BOOST_TEST(DescribeOathResponse(list, 0x61FF, FromHex("72 04 21 61 62 63")) ==
             "SW 61ff more data available (255 bytes) to LIST entry TOTP/SHA1 "
             "\"abc\"");
  BOOST_TEST(
      DescribeOathResponse(list, 0x9000, FromHex("72 05 21 61 62 63 01")) ==
      "SW 9000 success to LIST entry TOTP/SHA1 \"abc\" properties 01");
  BOOST_TEST(DescribeOathResponse(std::nullopt, 0x63C2, {}) ==
             "SW 63c2 verification failed (2 retries left)");
}

}  // namespace
}  // namespace bridge::trace
