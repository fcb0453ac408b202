// hsm::Device smoke tests: CTAPHID + the OATH applet on vendor command 0x70
// + sealed state, end to end through 64-byte reports (docs/protocol/oath.md
// "Worked example").
#define BOOST_TEST_MODULE hsm_device
#include "hsm/device.h"

#include <boost/test/unit_test.hpp>

#include "ctaphid_test_util.h"
#include "fake_platform.h"
#include "hex.h"

namespace hsm::ctaphid::testing {
namespace {

constexpr uint8_t kInit = 0x06, kPing = 0x01, kErr = 0x3F, kSecrets = 0x70;
constexpr uint32_t kBroadcast = 0xFFFFFFFF;

Bytes Hex(std::string_view hex) { return keybridge::testing::FromHex(hex); }

Bytes Concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const Bytes kSecret = Hex("3132333435363738393031323334353637383930");
// docs/protocol/oath.md worked example: PUT TOTP "test", SHA1, 8 digits.
const Bytes kPutTest =
    Concat(Hex("00 01 00 00 1E 71 04 74 65 73 74 73 16 21 08"), kSecret);
// CALCULATE "test" at T = 1.
const Bytes kCalcTest =
    Hex("00 A2 00 01 10 71 04 74 65 73 74 74 08 00 00 00 00 00 00 00 01");
const Bytes kCalcAnswer = Hex("90 00 76 05 08 41 39 7E EA");

struct Fixture {
  Fixture() : device(platform, DeviceConfig{}) {}

  std::vector<Message> Call(uint32_t cid, uint8_t cmd, const Bytes& payload) {
    std::vector<Report> out;
    for (const auto& r : Fragment(cid, cmd, payload)) {
      auto o = device.HandleReport(r, platform.NowMs());
      out.insert(out.end(), o.begin(), o.end());
    }
    return Decode(out);
  }
  uint32_t Allocate() {
    auto m = Call(kBroadcast, kInit, Hex("0102030405060708"));
    BOOST_REQUIRE_EQUAL(m.size(), 1u);
    BOOST_REQUIRE_EQUAL(m[0].payload.size(), 17u);
    const Bytes& p = m[0].payload;
    return (uint32_t{p[8]} << 24) | (uint32_t{p[9]} << 16) |
           (uint32_t{p[10]} << 8) | p[11];
  }
  Bytes Apdu(uint32_t cid, const Bytes& apdu) {
    auto m = Call(cid, kSecrets, apdu);
    BOOST_REQUIRE_EQUAL(m.size(), 1u);
    BOOST_REQUIRE_EQUAL(int{m[0].cmd}, int{kSecrets});
    return m[0].payload;
  }

  ::hsm::testing::FakePlatform platform{3};
  Device device;
};

}  // namespace

BOOST_AUTO_TEST_CASE(silent_until_booted) {
  Fixture f;
  BOOST_CHECK(f.Call(kBroadcast, kInit, Hex("0102030405060708")).empty());
  BOOST_CHECK(f.device.Poll(f.platform.NowMs()).empty());
  BOOST_REQUIRE(f.device.Boot().ok());
  BOOST_CHECK_NE(f.Allocate(), 0u);
}

BOOST_AUTO_TEST_CASE(worked_example_register_and_calculate) {
  Fixture f;
  BOOST_REQUIRE(f.device.Boot().ok());
  uint32_t cid = f.Allocate();
  auto init = f.Call(kBroadcast, kInit, Hex("1111111111111111"));
  // WINK and CBOR (CTAP2 on CTAPHID_CBOR); NMSG clear: CTAPHID_MSG carries
  // U2F (CTAP 2.1 §11.2.9.1.3).
  BOOST_CHECK_EQUAL(int{init.at(0).payload.at(16)},
                    int{kCapabilityWink | kCapabilityCbor});
  // U2F VERSION on CTAPHID_MSG (FIDO U2F Raw Message Formats §6).
  auto version = f.Call(cid, 0x03, Hex("00 03 00 00 00 00 00 00 00"));
  BOOST_REQUIRE_EQUAL(version.size(), 1u);
  BOOST_CHECK_EQUAL(int{version[0].cmd}, 0x03);
  BOOST_CHECK(version[0].payload == Hex("55 32 46 5F 56 32 90 00"));
  BOOST_CHECK(f.Apdu(cid, kPutTest) == Hex("90 00"));
  BOOST_CHECK(f.Apdu(cid, kCalcTest) == kCalcAnswer);
  // Not an APDU → CTAPHID ERROR INVALID_LEN (docs/protocol/oath.md decision 1).
  auto bad = f.Call(cid, kSecrets, Hex("00"));
  BOOST_REQUIRE_EQUAL(bad.size(), 1u);
  BOOST_CHECK_EQUAL(int{bad[0].cmd}, int{kErr});
  BOOST_CHECK(bad[0].payload == Hex("03"));
}

// CTAPHID_CBOR reaches the CTAP2 authenticator: getInfo (0x04) answers
// CTAP2_OK followed by a CBOR map (CTAP 2.1 §6.4).
BOOST_AUTO_TEST_CASE(cbor_routes_to_ctap2) {
  Fixture f;
  BOOST_REQUIRE(f.device.Boot().ok());
  uint32_t cid = f.Allocate();
  auto m = f.Call(cid, 0x10, Hex("04"));
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  BOOST_CHECK_EQUAL(int{m[0].cmd}, 0x10);
  BOOST_REQUIRE_GE(m[0].payload.size(), 2u);
  BOOST_CHECK_EQUAL(int{m[0].payload[0]}, 0x00);
  BOOST_CHECK_EQUAL(int{m[0].payload[1]} & 0xE0, 0xA0);  // major type 5: map
}

// Power cycle drops channels but keeps the stored credential; a new Device
// on the same storage (a reboot) still computes the same code.
BOOST_AUTO_TEST_CASE(power_cycle_and_reboot_keep_state) {
  Fixture f;
  BOOST_REQUIRE(f.device.Boot().ok());
  uint32_t cid = f.Allocate();
  BOOST_CHECK(f.Apdu(cid, kPutTest) == Hex("90 00"));
  f.device.PowerCycle();
  auto gone = f.Call(cid, kPing, Hex("01"));
  BOOST_REQUIRE_EQUAL(gone.size(), 1u);
  BOOST_CHECK(gone[0].payload == Hex("0B"));  // INVALID_CHANNEL
  uint32_t cid2 = f.Allocate();
  BOOST_CHECK(f.Apdu(cid2, kCalcTest) == kCalcAnswer);

  Device rebooted(f.platform, DeviceConfig{});
  BOOST_REQUIRE(rebooted.Boot().ok());
  std::vector<Report> out;
  for (const auto& r : Fragment(kBroadcast, kInit, Hex("0102030405060708"))) {
    out = rebooted.HandleReport(r, f.platform.NowMs());
  }
  auto m = Decode(out);
  BOOST_REQUIRE_EQUAL(m.size(), 1u);
  const Bytes& p = m[0].payload;
  uint32_t cid3 = (uint32_t{p[8]} << 24) | (uint32_t{p[9]} << 16) |
                  (uint32_t{p[10]} << 8) | p[11];
  out.clear();
  for (const auto& r : Fragment(cid3, kSecrets, kCalcTest)) {
    auto o = rebooted.HandleReport(r, f.platform.NowMs());
    out.insert(out.end(), o.begin(), o.end());
  }
  auto calc = Decode(out);
  BOOST_REQUIRE_EQUAL(calc.size(), 1u);
  BOOST_CHECK(calc[0].payload == kCalcAnswer);
}

// A touch credential waits silently (no KEEPALIVE on 0x70,
// docs/protocol/oath.md §1), answers once touched, and gives 6982 after the 15
// s touch timeout.
BOOST_AUTO_TEST_CASE(touch_credential_waits_for_presence) {
  Fixture f;
  BOOST_REQUIRE(f.device.Boot().ok());
  uint32_t cid = f.Allocate();
  // PUT "touch" with property 78 02 (touch required).
  Bytes put = Concat(Hex("00 01 00 00 21 71 05 74 6F 75 63 68 73 16 21 08"),
                     Concat(kSecret, Hex("78 02")));
  BOOST_CHECK(f.Apdu(cid, put) == Hex("90 00"));
  const Bytes calc =
      Hex("00 A2 00 01 11 71 05 74 6F 75 63 68 74 08 00 00 00 00 00 00 00 01");

  f.platform.SetPresence(Presence::kPending);
  BOOST_CHECK(f.Call(cid, kSecrets, calc).empty());
  BOOST_CHECK(f.platform.presence_active());
  for (int i = 0; i < 10; ++i) {
    f.platform.Advance(20);
    BOOST_CHECK(f.device.Poll(f.platform.NowMs()).empty());
  }
  f.platform.SetPresence(Presence::kApproved);
  auto ok = Decode(f.device.Poll(f.platform.NowMs()));
  BOOST_REQUIRE_EQUAL(ok.size(), 1u);
  BOOST_CHECK(ok[0].payload == kCalcAnswer);

  f.platform.SetPresence(Presence::kPending);
  BOOST_CHECK(f.Call(cid, kSecrets, calc).empty());
  f.platform.Advance(14999);
  BOOST_CHECK(f.device.Poll(f.platform.NowMs()).empty());
  f.platform.Advance(1);
  auto timed_out = Decode(f.device.Poll(f.platform.NowMs()));
  BOOST_REQUIRE_EQUAL(timed_out.size(), 1u);
  BOOST_CHECK(timed_out[0].payload == Hex("69 82"));
  BOOST_CHECK(!f.platform.presence_active());
}

// The test-rig interface: an imported credential is counted and described
// by its public parts; a factory reset forgets every applet's credentials,
// picks a new serial and drops channels, and the key keeps working.
BOOST_AUTO_TEST_CASE(factory_reset_forgets_everything) {
  Fixture f;
  BOOST_REQUIRE(f.device.Boot().ok());
  uint32_t cid = f.Allocate();
  BOOST_CHECK(f.Apdu(cid, kPutTest) == Hex("90 00"));
  ctap2::CredentialImport import;
  import.rp_id = "example.com";
  import.user_id = {1};
  import.private_key = SecretBytes(
      Hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"));
  auto info = f.device.ImportCredential(import);
  BOOST_REQUIRE(info.ok());
  BOOST_CHECK(f.device.DescribeCredential(info->id).ok());
  DeviceSummary before = f.device.Summary();
  BOOST_CHECK_EQUAL(before.oath_credentials, 1u);
  BOOST_CHECK_EQUAL(before.fido_resident_credentials, 1u);

  BOOST_REQUIRE(f.device.FactoryReset().ok());
  DeviceSummary after = f.device.Summary();
  BOOST_CHECK_EQUAL(after.oath_credentials, 0u);
  BOOST_CHECK_EQUAL(after.fido_resident_credentials, 0u);
  BOOST_CHECK_NE(after.serial, before.serial);
  BOOST_CHECK(!f.device.DescribeCredential(info->id).ok());
  auto gone = f.Call(cid, kPing, Hex("01"));
  BOOST_REQUIRE_EQUAL(gone.size(), 1u);
  BOOST_CHECK(gone[0].payload == Hex("0B"));  // INVALID_CHANNEL
  uint32_t cid2 = f.Allocate();
  BOOST_CHECK(f.Apdu(cid2, kCalcTest) == Hex("6A 82"));  // not found

  // A reboot on the same storage sees the reset state.
  Device rebooted(f.platform, DeviceConfig{});
  BOOST_REQUIRE(rebooted.Boot().ok());
  BOOST_CHECK_EQUAL(rebooted.Summary().serial, after.serial);
  BOOST_CHECK_EQUAL(rebooted.Summary().oath_credentials, 0u);
}

}  // namespace hsm::ctaphid::testing
