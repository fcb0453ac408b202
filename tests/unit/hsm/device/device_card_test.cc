// hsm::Device's smart-card interface (hsm/device.h): command APDUs in,
// response APDUs out, a touch wait resolved from PollCard.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "fake_platform.h"
#include "hsm/device.h"
#include "oath_harness.h"

namespace hsm::oath::testing {
namespace {

const Bytes kSelect = FromHex("00 A4 04 00 07 A0 00 00 05 27 21 01");
// docs/protocol/oath.md worked example: CALCULATE "test" at T = 1, over CCID.
const Bytes kCalcAnswer = FromHex("76 05 08 41 39 7E EA 90 00");

struct Card {
  Bytes Tx(const Bytes& apdu) {
    auto r = device.HandleApdu(apdu, platform.NowMs());
    BOOST_REQUIRE(r.has_value());
    return *r;
  }

  hsm::testing::FakePlatform platform{5};
  Device device{platform, DeviceConfig{}};
};

uint16_t SwOf(const Bytes& r) {
  BOOST_REQUIRE(r.size() >= 2);
  return static_cast<uint16_t>((r[r.size() - 2] << 8) | r.back());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(device_card)

BOOST_AUTO_TEST_CASE(select_and_calculate_round_trip) {
  Card c;
  // Silent until booted, as the HID interface.
  BOOST_TEST(!c.device.HandleApdu(kSelect, c.platform.NowMs()).has_value());
  BOOST_REQUIRE(c.device.Boot().ok());

  const Bytes sel = c.Tx(kSelect);
  BOOST_TEST(SwOf(sel) == 0x9000);
  BOOST_TEST(sel.size() > 2u);  // version, salt: the YKOATH SELECT answer
  BOOST_TEST(c.Tx(PutApdu(B("test"), 0x21, 8, kRfcSecret)) == FromHex("90 00"));
  BOOST_TEST(c.Tx(CalcApdu(B("test"), CounterChallenge(1))) == kCalcAnswer);
  BOOST_TEST(!c.device.PollCard(c.platform.NowMs()).has_value());

  // A card reset deselects: only SELECT is served again.
  c.device.ResetCard();
  BOOST_TEST(c.Tx(CalcApdu(B("test"), CounterChallenge(1))) ==
             FromHex("6D 00"));
  const auto atr = c.device.CardAtr();
  BOOST_TEST(atr.size() == 18u);
  BOOST_TEST(atr[0] == 0x3B);  // direct convention (ISO 7816-3 §8.1)
}

BOOST_AUTO_TEST_CASE(touch_calculate_waits_for_presence) {
  Card c;
  BOOST_REQUIRE(c.device.Boot().ok());
  BOOST_REQUIRE(SwOf(c.Tx(kSelect)) == 0x9000);
  BOOST_REQUIRE(c.Tx(PutApdu(B("test"), 0x21, 8, kRfcSecret,
                             {.props = 0x02})) == FromHex("90 00"));
  const Bytes calc = CalcApdu(B("test"), CounterChallenge(1));

  c.platform.SetPresence(Presence::kPending);
  BOOST_TEST(!c.device.HandleApdu(calc, c.platform.NowMs()).has_value());
  BOOST_TEST(c.platform.presence_active());
  for (int i = 0; i < 10; ++i) {
    c.platform.Advance(20);
    BOOST_TEST(!c.device.PollCard(c.platform.NowMs()).has_value());
  }
  // The HID interface has nothing to say about the card's wait.
  BOOST_TEST(c.device.Poll(c.platform.NowMs()).empty());

  c.platform.SetPresence(Presence::kApproved);
  auto r = c.device.PollCard(c.platform.NowMs());
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(*r == kCalcAnswer);
  BOOST_TEST(!c.platform.presence_active());
  BOOST_TEST(!c.device.PollCard(c.platform.NowMs()).has_value());

  // A card reset abandons a wait.
  c.platform.SetPresence(Presence::kPending);
  BOOST_TEST(!c.device.HandleApdu(calc, c.platform.NowMs()).has_value());
  c.device.ResetCard();
  BOOST_TEST(!c.platform.presence_active());
  BOOST_TEST(!c.device.PollCard(c.platform.NowMs() + 20000).has_value());
}

// The management applet next to YKOATH (hsm/src/card_router.h,
// docs/protocol/management.md).
const Bytes kSelectManagement =
    FromHex("00 A4 04 00 08 A0 00 00 05 27 47 11 17");
const Bytes kReadConfig = FromHex("00 1D 00 00");

BOOST_AUTO_TEST_CASE(management_and_oath_are_selected_by_aid) {
  Card c;
  BOOST_REQUIRE(c.device.Boot().ok());
  BOOST_REQUIRE(SwOf(c.Tx(kSelect)) == 0x9000);
  BOOST_REQUIRE(c.Tx(PutApdu(B("test"), 0x21, 8, kRfcSecret)) ==
                FromHex("90 00"));

  // Management answers the YKOATH applet's version: "5.4.3" and 79 03 05 04 03.
  BOOST_TEST(c.Tx(kSelectManagement) == Cat({B("5.4.3"), FromHex("90 00")}));
  const Bytes info = c.Tx(kReadConfig);
  BOOST_TEST(SwOf(info) == 0x9000);
  BOOST_TEST(info.size() == 1u + 28u + 2u);
  // OATH commands do not reach YKOATH while management is selected.
  BOOST_TEST(c.Tx(CalcApdu(B("test"), CounterChallenge(1))) ==
             FromHex("6D 00"));

  // Back to OATH: its credentials are all there.
  const Bytes sel = c.Tx(kSelect);
  BOOST_TEST(Bytes(sel.begin(), sel.begin() + 5) == FromHex("79 03 05 04 03"));
  BOOST_TEST(c.Tx(CalcApdu(B("test"), CounterChallenge(1))) == kCalcAnswer);
  BOOST_TEST(SwOf(c.Tx(kReadConfig)) != 0x9000);  // not an OATH command

  // An unknown AID answers 6A82 and leaves nothing selected, from either.
  const Bytes unknown = FromHex("00 A4 04 00 05 A0 00 00 03 08");
  BOOST_TEST(c.Tx(unknown) == FromHex("6A 82"));
  BOOST_TEST(c.Tx(kReadConfig) == FromHex("6D 00"));
  BOOST_TEST(SwOf(c.Tx(kSelectManagement)) == 0x9000);
  BOOST_TEST(c.Tx(unknown) == FromHex("6A 82"));
  BOOST_TEST(c.Tx(kReadConfig) == FromHex("6D 00"));

  // A card reset deselects management too.
  BOOST_TEST(SwOf(c.Tx(kSelectManagement)) == 0x9000);
  c.device.ResetCard();
  BOOST_TEST(c.Tx(kReadConfig) == FromHex("6D 00"));
  // A failed management SELECT (wrong P2) selects nothing.
  BOOST_TEST(c.Tx(FromHex("00 A4 04 0C 08 A0 00 00 05 27 47 11 17")) ==
             FromHex("6A 86"));
  BOOST_TEST(c.Tx(kReadConfig) == FromHex("6D 00"));
}

BOOST_AUTO_TEST_CASE(configured_serial_is_reported_and_kept_by_reset) {
  hsm::testing::FakePlatform platform{9};
  DeviceConfig config;
  config.serial = 777;  // 0x309
  Device device(platform, config);
  BOOST_REQUIRE(device.Boot().ok());
  BOOST_TEST(device.Summary().serial == 777u);
  auto tx = [&](const Bytes& apdu) {
    return device.HandleApdu(apdu, platform.NowMs()).value();
  };
  BOOST_REQUIRE(SwOf(tx(kSelectManagement)) == 0x9000);
  const Bytes info = tx(kReadConfig);
  const Bytes serial_tlv = FromHex("02 04 00 00 03 09");
  BOOST_TEST((std::search(info.begin(), info.end(), serial_tlv.begin(),
                          serial_tlv.end()) != info.end()));
  BOOST_REQUIRE(device.FactoryReset().ok());
  BOOST_TEST(device.Summary().serial == 777u);

  // A later boot on the same state keeps the stored serial whatever the
  // configuration says.
  DeviceConfig other;
  other.serial = 778;
  Device again(platform, other);
  BOOST_REQUIRE(again.Boot().ok());
  BOOST_TEST(again.Summary().serial == 777u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace hsm::oath::testing
