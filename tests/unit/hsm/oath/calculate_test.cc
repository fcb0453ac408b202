// CALCULATE (docs/protocol/oath.md §2.6) against RFC 4226 / RFC 6238 vectors
// and the worked example of §2.11.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hsm/oath/ctaphid_envelope.h"
#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

nlohmann::json LoadVectors(const std::string& file) {
  std::ifstream in(std::string(KEYBRIDGE_VECTORS_DIR) + "/" + file);
  BOOST_REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

uint8_t AlgByte(const std::string& alg) {
  if (alg == "SHA1") return 0x01;
  if (alg == "SHA256") return 0x02;
  return 0x03;
}

std::string Code(const Bytes& data) {
  // 76 05 digits u32
  BOOST_REQUIRE(data.size() == 7u);
  BOOST_REQUIRE(data[0] == 0x76);
  BOOST_REQUIRE(data[1] == 0x05);
  const uint32_t v = (uint32_t{data[3]} << 24) | (uint32_t{data[4]} << 16) |
                     (uint32_t{data[5]} << 8) | data[6];
  uint32_t mod = 1;
  for (int i = 0; i < data[2]; ++i) mod *= 10;
  std::string s = std::to_string((v & 0x7FFFFFFF) % mod);
  while (s.size() < data[2]) s.insert(s.begin(), '0');
  return s;
}

BOOST_AUTO_TEST_SUITE(calculate)

// docs/protocol/oath.md §2.11, byte for byte through the CTAPHID envelope.
BOOST_AUTO_TEST_CASE(worked_example) {
  Harness h;
  CtaphidEnvelope env(*h.applet);
  const Bytes put = FromHex(
      "00 01 00 00 1E 71 04 74 65 73 74 73 16 21 08 31 32 33 34 35 36 37 38 "
      "39 30 31 32 33 34 35 36 37 38 39 30");
  BOOST_REQUIRE(put.size() == 0x23);
  auto r1 = env.Handle(0x70, put, PresenceGrant::kNotRequested);
  BOOST_REQUIRE(r1.kind == ctaphid::AppOutcome::Kind::kResponse);
  BOOST_TEST(r1.payload == FromHex("90 00"));

  const Bytes calc =
      FromHex("00 A2 00 01 10 71 04 74 65 73 74 74 08 00 00 00 00 00 00 00 01");
  BOOST_REQUIRE(calc.size() == 0x15);
  auto r2 = env.Handle(0x70, calc, PresenceGrant::kNotRequested);
  BOOST_REQUIRE(r2.kind == ctaphid::AppOutcome::Kind::kResponse);
  BOOST_TEST(r2.payload == FromHex("90 00 76 05 08 41 39 7E EA"));
  BOOST_TEST(Code(Bytes(r2.payload.begin() + 2, r2.payload.end())) ==
             "94287082");
}

BOOST_AUTO_TEST_CASE(worked_example_hotp) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("hotp"), 0x11, 6, kRfcSecret)) == 0x9000);
  auto r = h.Run(CalcApdu(B("hotp"), CounterChallenge(0)));
  BOOST_TEST(r.sw == 0x9000);
  BOOST_TEST(r.data == FromHex("76 05 06 4C 93 CF 18"));
  BOOST_TEST(Code(r.data) == "755224");
}

BOOST_AUTO_TEST_CASE(rfc6238_vectors) {
  auto j = LoadVectors("rfc6238_totp.json");
  int n = 0;
  for (auto profile : {Profile::kNitrokey3, Profile::kYubikey5}) {
    Harness h(profile);
    for (const auto& v : j["vectors"]) {
      const std::string alg = v["algorithm"];
      const Bytes secret = FromHex(v["secret_hex"].get<std::string>());
      const Bytes name = B(alg);
      if (h.store->state().credentials.size() < 3) {
        h.Sw(PutApdu(name, 0x20 | AlgByte(alg), v["digits"], secret));
      }
      const Bytes challenge = FromHex(v["counter_hex"].get<std::string>());
      auto r = h.Run(CalcApdu(name, challenge));
      if (alg == "SHA512" && profile == Profile::kNitrokey3) {
        BOOST_TEST(r.sw == 0x6A81);  // §2.5
        BOOST_TEST(r.data.empty());
        continue;
      }
      BOOST_REQUIRE(r.sw == 0x9000);
      BOOST_TEST(Code(r.data) == v["code"].get<std::string>());
      Bytes trunc(r.data.begin() + 3, r.data.end());
      BOOST_TEST(trunc == FromHex(v["truncated_u32_hex"].get<std::string>()));
      ++n;
    }
  }
  BOOST_TEST(n == 18 * 2 - 6);
}

BOOST_AUTO_TEST_CASE(rfc4226_vectors_and_counter) {
  auto j = LoadVectors("rfc4226_hotp.json");
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("hotp"), 0x11, 6, kRfcSecret)) == 0x9000);
  for (const auto& v : j["vectors"]) {
    // The challenge is ignored for HOTP: send garbage.
    auto r = h.Run(CalcApdu(B("hotp"), B("ignored")));
    BOOST_REQUIRE(r.sw == 0x9000);
    BOOST_TEST(Code(r.data) == v["code"].get<std::string>());
    BOOST_TEST(h.store->state().credentials[0].counter ==
               v["counter"].get<uint32_t>() + 1);
  }
  // Initial moving factor 7A.
  BOOST_REQUIRE(
      h.Sw(PutApdu(B("from5"), 0x11, 6, kRfcSecret, {.counter = 5})) == 0x9000);
  BOOST_TEST(Code(h.Run(CalcApdu(B("from5"), Bytes(8))).data) == "254676");
}

BOOST_AUTO_TEST_CASE(hotp_counter_persists_across_power_cycle) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("hotp"), 0x11, 6, kRfcSecret)) == 0x9000);
  BOOST_TEST(Code(h.Run(CalcApdu(B("hotp"), Bytes(8))).data) == "755224");
  BOOST_TEST(Code(h.Run(CalcApdu(B("hotp"), Bytes(8))).data) == "287082");
  h.Reboot();
  BOOST_TEST(Code(h.Run(CalcApdu(B("hotp"), Bytes(8))).data) == "359152");
  // A power cut during the counter commit returns no code; the next code
  // after power returns is never a repeat of one already handed out.
  h.platform.CutPowerAfter(0, 17);
  BOOST_TEST(h.Run(CalcApdu(B("hotp"), Bytes(8))).sw == 0x6500);
  h.platform.RestorePower();
  h.Reboot();
  const std::string next = Code(h.Run(CalcApdu(B("hotp"), Bytes(8))).data);
  BOOST_TEST((next == "969429" || next == "338314"));
}

BOOST_AUTO_TEST_CASE(status_words) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("t"), 0x21, 8, kRfcSecret)) == 0x9000);
  BOOST_TEST(h.Sw(CalcApdu(B("t"), CounterChallenge(1), 0x00)) == 0x6D00);
  BOOST_TEST(h.Sw(Apdu(0xA2, 0x01, 0x01,
                       Cat({Tlv(0x71, B("t")), Tlv(0x74, Bytes(8))}))) ==
             0x6D00);
  BOOST_TEST(h.Sw(Apdu(0xA2, 0, 1, Tlv(0x71, B("t")))) == 0x6A80);
  BOOST_TEST(h.Sw(Apdu(0xA2, 0, 1, Tlv(0x74, Bytes(8)))) == 0x6A80);
  BOOST_TEST(h.Sw(CalcApdu(B("missing"), Bytes(8))) == 0x6A82);
  BOOST_TEST(h.Sw(CalcApdu(B("t"), Bytes(65))) == 0x6A80);
  // Any challenge length is HMACed as is (§2.6): 4 bytes works.
  BOOST_TEST(h.Sw(CalcApdu(B("t"), Bytes(4))) == 0x9000);
  // HOTP also needs the challenge TLV on NK3, even empty.
  BOOST_REQUIRE(h.Sw(PutApdu(B("h"), 0x11, 6, kRfcSecret)) == 0x9000);
  BOOST_TEST(h.Sw(CalcApdu(B("h"), Bytes{})) == 0x9000);
  BOOST_TEST(h.Sw(Apdu(0xA2, 0, 1, Tlv(0x71, B("h")))) == 0x6A80);
}

BOOST_AUTO_TEST_CASE(touch_credential) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("t"), 0x21, 8, kRfcSecret, {.props = 0x02})) ==
                0x9000);
  const Bytes calc = CalcApdu(B("t"), CounterChallenge(1));
  Outcome first = h.Raw(calc, PresenceGrant::kNotRequested);
  BOOST_TEST(first.needs_presence);
  BOOST_TEST(first.response.data.empty());
  Outcome denied = h.Raw(calc, PresenceGrant::kTimedOut);
  BOOST_TEST(denied.response.sw == 0x6982);
  BOOST_TEST(denied.response.data.empty());
  Outcome ok = h.Raw(calc, PresenceGrant::kApproved);
  BOOST_TEST(ok.response.sw == 0x9000);
  BOOST_TEST(ok.response.data == FromHex("76 05 08 41 39 7E EA"));
}

BOOST_AUTO_TEST_CASE(no_response_contains_the_secret) {
  Harness h;
  const Bytes secret = FromHex("DEADBEEFCAFEBABE0011223344556677");
  BOOST_REQUIRE(h.Sw(PutApdu(B("s"), 0x21, 6, secret)) == 0x9000);
  std::vector<Bytes> cmds = {FromHex("00 A4 04 00 07 A0 00 00 05 27 21 01"),
                             Apdu(0xA1, 0, 0), Apdu(0xA1, 0, 0, Bytes{1}),
                             CalcApdu(B("s"), Bytes(8)), Apdu(0xA5, 0, 0)};
  for (const auto& c : cmds) {
    auto r = h.Run(c);
    auto it = std::search(r.data.begin(), r.data.end(), secret.begin(),
                          secret.begin() + 4);
    BOOST_TEST((it == r.data.end()));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
