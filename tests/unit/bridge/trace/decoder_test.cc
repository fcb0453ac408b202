// bridge/trace/decoder.h: a keysim trace (docs/trace.md) decoded end to end.
#include "bridge/trace/decoder.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "bridge/trace/cbor_text.h"
#include "hex.h"

namespace bridge::trace {
namespace {

using keybridge::testing::FromHex;

// One init packet (CTAP 2.1 §11.2.4) of `payload`, zero-padded.
std::string Report(const char* head, uint32_t cid, uint8_t cmd,
                   const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> r(64, 0);
  r[0] = cid >> 24;
  r[1] = cid >> 16;
  r[2] = cid >> 8;
  r[3] = cid;
  r[4] = 0x80 | cmd;
  r[5] = payload.size() >> 8;
  r[6] = payload.size();
  for (size_t i = 0; i < payload.size() && i < 57; ++i) r[7 + i] = payload[i];
  return std::string(head) + " 64 " + Hex(r);
}

std::vector<std::string> Decode(const std::vector<std::string>& lines,
                                bool show_secrets = false) {
  TraceDecoder d({.show_secrets = show_secrets});
  std::vector<std::string> out;
  for (const auto& l : lines) {
    auto r = d.Line(l);
    BOOST_TEST_REQUIRE(r.ok(), l);
    out.insert(out.end(), r->begin(), r->end());
  }
  for (auto& n : d.Finish()) out.push_back(n);
  return out;
}

BOOST_AUTO_TEST_CASE(HidExchangeByName) {
  auto out = Decode({
      "# keysim trace 1",
      Report("T+0.000100 udp in", 0xFFFFFFFF, 0x06,
             FromHex("0102030405060708")),
      Report("T+0.000200 udp out", 0xFFFFFFFF, 0x06,
             FromHex("0102030405060708 00000007 02 01 02 03 0d")),
      Report("T+0.000300 udp in", 7, 0x10, FromHex("04")),
      Report("T+0.000400 udp out", 7, 0x3B, FromHex("02")),
      Report("T+0.000500 udp out", 7, 0x10, FromHex("00 a1 01 81 63 464944")),
      Report("T+0.000600 udp in", 7, 0x70,
             FromHex("00 b2 00 00 06 80 04 "
                     "31323334")),
      Report("T+0.000700 udp out", 7, 0x70, FromHex("63 c2")),
      Report("T+0.000800 udp out", 7, 0x3F, FromHex("06")),
  });
  BOOST_TEST_REQUIRE(out.size() == 8u);
  BOOST_TEST(out[0] ==
             "T+0.000100 udp in  cid ffffffff INIT nonce "
             "0102030405060708");
  BOOST_TEST(out[1] ==
             "T+0.000200 udp out cid ffffffff INIT nonce "
             "0102030405060708 new cid 00000007 protocol 2 version "
             "1.2.3 capabilities 0d WINK CBOR NMSG");
  BOOST_TEST(out[2] ==
             "T+0.000300 udp in  cid 00000007 CBOR "
             "authenticatorGetInfo");
  BOOST_TEST(out[3] == "T+0.000400 udp out cid 00000007 KEEPALIVE UPNEEDED");
  BOOST_TEST(out[4] ==
             "T+0.000500 udp out cid 00000007 CBOR CTAP2_OK "
             "(authenticatorGetInfo) {versions(1): [\"FID\"]}");
  BOOST_TEST(out[5] ==
             "T+0.000600 udp in  cid 00000007 OATH NK3 VERIFY PIN "
             "(00b20000) pin <secret 4 bytes>");
  BOOST_TEST(out[6] ==
             "T+0.000700 udp out cid 00000007 OATH SW 63c2 "
             "verification failed (2 retries left) to NK3 VERIFY "
             "PIN [wrong PIN]");
  BOOST_TEST(out[7] ==
             "T+0.000800 udp out cid 00000007 ERROR "
             "ERR_CHANNEL_BUSY");
}

BOOST_AUTO_TEST_CASE(CardExchangeByName) {
  auto out = Decode({
      "T+0.1 vpcd in 1 01",
      "T+0.2 vpcd in 1 04",
      "T+0.3 vpcd out 3 3b8001",
      "T+0.4 vpcd in 12 00a4040007a0000005272101",
      "T+0.5 vpcd out 2 9000",
      "T+0.6 vpcd in 15 00010000"
      "0a"
      "7103616263"
      "7303210601",
      "T+0.7 vpcd out 2 6a80",
  });
  BOOST_TEST_REQUIRE(out.size() == 7u);
  BOOST_TEST(out[0] == "T+0.1 vpcd in  reader power on");
  BOOST_TEST(out[2] == "T+0.3 vpcd out ATR 3b8001");
  BOOST_TEST(out[3] ==
             "T+0.4 vpcd in  APDU SELECT (00a40400) AID "
             "a0000005272101");
  BOOST_TEST(out[4] == "T+0.5 vpcd out APDU SW 9000 success to SELECT");
  BOOST_TEST(out[5] ==
             "T+0.6 vpcd in  APDU PUT (00010000) name \"abc\", key "
             "TOTP/SHA1 digits 6 <secret 1 bytes>");
  BOOST_TEST(out[6].find("SW 6a80 incorrect data parameter to PUT") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(MultiPacketMessageAndUnfinishedNote) {
  std::vector<uint8_t> payload(70, 0);
  payload[0] = 0x01;  // PING of 70 bytes: init + one continuation
  std::string init = Report("T+0.1 uhid in", 9, 0x01, payload);
  std::string cont =
      "T+0.2 uhid in 64 00000009" + std::string(2, '0') + std::string(118, '0');
  auto out =
      Decode({init, cont,
              Report("T+0.3 uhid in", 9, 0x10, std::vector<uint8_t>(100, 0))});
  BOOST_TEST_REQUIRE(out.size() == 2u);
  BOOST_TEST(out[0] == "T+0.2 uhid in  cid 00000009 PING 70 bytes");
  BOOST_TEST(out[1].find("! uhid in cid 00000009 message unfinished") == 0u);
}

BOOST_AUTO_TEST_CASE(SoloMagicRebootIsNamed) {
  auto out =
      Decode({"T+0.1 udp in 64 "
              "ac1052ca95e569de69e02ebff333485f13f9b2da34c5a8a3405266"
              "97a9ab2e0b394d8d04973c134005be1a0140bff6045bb26eb77a73"
              "eaa47813f6b49a7250dc"});
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].find("Solo simulator magic reboot") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(BadLineNamesItsNumber) {
  TraceDecoder d({});
  BOOST_TEST(d.Line("# keysim trace 1").ok());
  BOOST_TEST(d.Line("").ok());
  auto r = d.Line("T+0.1 udp sideways 0");
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST((r.error().kind == ErrorKind::kInvalidInput));
  BOOST_TEST(r.error().message.find("line 3: bad direction") == 0u);
}

}  // namespace
}  // namespace bridge::trace
