// bridge/trace/ctap2_text.h: CTAP2 requests and responses by name
// (CTAP 2.1 §6, §8.2).
#include "bridge/trace/ctap2_text.h"

#include <boost/test/unit_test.hpp>

#include "hex.h"

namespace bridge::trace {
namespace {

using keybridge::testing::FromHex;

BOOST_AUTO_TEST_CASE(MakeCredentialRequestNamesMembersAndMasksPinAuth) {
  // {1: h'aabb', 2: {"id": "example.com"}, 8: h'1122', 9: 2}
  auto p = FromHex(
      "01 a4 01 42 aabb 02 a1 62 6964 6b 6578616d706c652e636f6d "
      "08 42 1122 09 02");
  BOOST_TEST(DescribeCtap2Request(p, false) ==
             "authenticatorMakeCredential {clientDataHash(1): h'aabb', "
             "rp(2): {\"id\": \"example.com\"}, pinUvAuthParam(8): "
             "<secret 2 bytes>, pinUvAuthProtocol(9): 2}");
  BOOST_TEST(DescribeCtap2Request(p, true).find("h'1122'") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(ClientPinSubCommandByName) {
  auto p = FromHex("06 a3 01 02 02 05 06 44 01020304");
  BOOST_TEST(DescribeCtap2Request(p, false) ==
             "authenticatorClientPIN {pinUvAuthProtocol(1): 2, subCommand(2): "
             "5 (getPinToken), pinHashEnc(6): <secret 4 bytes>}");
}

BOOST_AUTO_TEST_CASE(ResponsesNameStatusAndMembers) {
  BOOST_TEST(DescribeCtap2Response(0x06, FromHex("00 a1 02 42 aabb"), false) ==
             "CTAP2_OK (authenticatorClientPIN) {pinUvAuthToken(2): "
             "<secret 2 bytes>}");
  BOOST_TEST(DescribeCtap2Response(0x06, FromHex("31"), false) ==
             "CTAP2_ERR_PIN_INVALID (authenticatorClientPIN)");
  BOOST_TEST(DescribeCtap2Response(0, FromHex("e5"), false) == "0xe5");
  BOOST_TEST(
      DescribeCtap2Response(0x04, FromHex("00 a1 01 81 63 464944"), false) ==
      "CTAP2_OK (authenticatorGetInfo) {versions(1): [\"FID\"]}");
}

BOOST_AUTO_TEST_CASE(UnknownAndEmpty) {
  BOOST_TEST(DescribeCtap2Request(FromHex("55"), false) == "command 0x55");
  BOOST_TEST(DescribeCtap2Request({}, false) == "<empty CTAP2 request>");
  BOOST_TEST(DescribeCtap2Request(FromHex("41 a1 01 01"), false) ==
             "authenticatorCredentialManagement(preview) {subCommand(1): 1 "
             "(getCredsMetadata)}");
}

}  // namespace
}  // namespace bridge::trace
