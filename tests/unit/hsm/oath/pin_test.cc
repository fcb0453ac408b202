// PIN model (docs/protocol/oath.md §2.9).
#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

const Bytes kSelect = FromHex("00 A4 04 00 07 A0 00 00 05 27 21 01");

uint8_t RetriesFromSelect(Harness& h) {
  auto r = h.Run(kSelect);
  BOOST_REQUIRE(r.sw == 0x9000);
  BOOST_REQUIRE(r.data.size() >= 8u);
  BOOST_REQUIRE(r.data[5] == 0x82);
  return r.data[7];
}

BOOST_AUTO_TEST_SUITE(pin)

BOOST_AUTO_TEST_CASE(set_verify_change) {
  Harness h;
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("1234"))) == 0x6982);  // no PIN yet
  BOOST_TEST(h.Sw(PinApdu(0xB3, B("1234"), B("5678"))) == 0x6982);
  BOOST_TEST(h.Sw(PinApdu(0xB4, B("123"))) == 0x6A80);  // too short
  BOOST_TEST(h.Sw(PinApdu(0xB4, Bytes(65, '1'))) == 0x6A80);
  bool touched = false;
  BOOST_TEST(h.Run(PinApdu(0xB4, B("1234")), &touched).sw == 0x9000);
  BOOST_TEST(touched);
  BOOST_TEST(h.Sw(PinApdu(0xB4, B("9999"))) == 0x6982);  // only when none
  BOOST_TEST(h.Run(PinApdu(0xB2, B("1234")), &touched).sw == 0x9000);
  BOOST_TEST(touched);
  BOOST_TEST(h.Sw(PinApdu(0xB3, B("0000"), B("5678"))) == 0x6300);
  BOOST_TEST(RetriesFromSelect(h) == 7);
  BOOST_TEST(h.Run(PinApdu(0xB3, B("1234"), B("5678")), &touched).sw == 0x9000);
  BOOST_TEST(touched);
  BOOST_TEST(RetriesFromSelect(h) == 8);
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("1234"))) == 0x6300);
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("5678"))) == 0x9000);
  // The PIN itself is never stored.
  for (auto& [slot, bytes] : h.platform.medium()) {
    const Bytes pin = B("5678");
    BOOST_TEST((std::search(bytes.begin(), bytes.end(), pin.begin(),
                            pin.end()) == bytes.end()));
  }
  // Refused touch: no attempt spent.
  Outcome o = h.Raw(PinApdu(0xB2, B("0000")), PresenceGrant::kDenied);
  BOOST_TEST(o.response.sw == 0x6982);
  BOOST_TEST(RetriesFromSelect(h) == 8);
}

BOOST_AUTO_TEST_CASE(lockout_persists_across_power_cycles) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, B("123456"))) == 0x9000);
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(h.Sw(PinApdu(0xB2, B("000000"))) == 0x6300);
  }
  h.Reboot();
  BOOST_TEST(RetriesFromSelect(h) == 3);
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(h.Sw(PinApdu(0xB2, B("000000"))) == 0x6300);
  }
  BOOST_TEST(RetriesFromSelect(h) == 0);
  // Blocked: even the right PIN fails with the NK3's 6300, and nothing is
  // written.
  const auto before = h.platform.medium();
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("123456"))) == 0x6300);
  BOOST_TEST(h.Sw(PinApdu(0xB3, B("123456"), B("654321"))) == 0x6300);
  BOOST_TEST((h.platform.medium() == before));
  h.Reboot();
  BOOST_TEST(RetriesFromSelect(h) == 0);
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("123456"))) == 0x6300);
  // Only RESET clears it.
  BOOST_TEST(h.Sw(Apdu(0x04, 0xDE, 0xAD)) == 0x9000);
  BOOST_TEST(h.Sw(PinApdu(0xB4, B("123456"))) == 0x9000);
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
}

BOOST_AUTO_TEST_CASE(attempt_is_spent_before_compare) {
  // A power cut while spending the attempt gives no verdict.
  Harness h;
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, B("123456"))) == 0x9000);
  h.platform.CutPowerAfter(0, 3);
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("000000"))) == 0x6500);
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("123456"))) == 0x6500);
  h.platform.RestorePower();
  h.Reboot();
  BOOST_TEST(RetriesFromSelect(h) == 8);
}

BOOST_AUTO_TEST_CASE(pin_encrypted_credentials) {
  Harness h;
  const Bytes put =
      PutApdu(B("secret"), 0x21, 8, kRfcSecret, {.props = 0x04 | 0x02});
  BOOST_TEST(h.Sw(put) == 0x6982);  // no PIN set
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, B("123456"))) == 0x9000);
  BOOST_TEST(h.Sw(put) == 0x6982);  // not authorized
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  bool touched = true;
  BOOST_TEST(h.Run(put, &touched).sw == 0x9000);
  BOOST_TEST(!touched);  // PIN-encrypted: touch skipped (§2.9)
  BOOST_REQUIRE(h.Sw(PutApdu(B("open"), 0x21, 8, kRfcSecret)) == 0x9000);

  // Hidden without authorization.
  BOOST_TEST(h.Run(Apdu(0xA1, 0, 0)).data == FromHex("72 05 21 6F 70 65 6E"));
  const Bytes calc = CalcApdu(B("secret"), CounterChallenge(1));
  BOOST_TEST(h.Sw(calc) == 0x6A82);
  BOOST_TEST(h.Sw(NameApdu(0x02, B("secret"))) == 0x6A82);

  // VERIFY → exactly one command sees it.
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  auto listed = h.Run(Apdu(0xA1, 0, 0, Bytes{1}));
  BOOST_TEST(listed.data == Cat({FromHex("72 08 21"), B("secret"), Bytes{0x03},
                                 FromHex("72 06 21 6F 70 65 6E 00")}));
  BOOST_TEST(h.Sw(calc) == 0x6A82);  // authorization used up by LIST
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  auto r = h.Run(calc, &touched);
  BOOST_TEST(!touched);
  BOOST_TEST(r.data == FromHex("76 05 08 41 39 7E EA"));
  BOOST_TEST(h.Sw(calc) == 0x6A82);
  // SELECT in between ends the authorization too.
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  BOOST_REQUIRE(h.Sw(kSelect) == 0x9000);
  BOOST_TEST(h.Sw(calc) == 0x6A82);
  // A wrong VERIFY does not authorize.
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("999999"))) == 0x6300);
  BOOST_TEST(h.Sw(calc) == 0x6A82);
  // Delete with authorization.
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  BOOST_TEST(h.Sw(NameApdu(0x02, B("secret"))) == 0x9000);
  BOOST_TEST(h.store->state().credentials.size() == 1u);
}

BOOST_AUTO_TEST_CASE(authorization_survives_presence_wait) {
  // The first (needs_presence) call of a touch command does not consume the
  // authorization; the completed command does.
  Harness h;
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, B("123456"))) == 0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("p"), 0x21, 8, kRfcSecret, {.props = 0x04})) ==
                0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  const Bytes del = NameApdu(0x02, B("p"));
  BOOST_TEST(h.Raw(del, PresenceGrant::kNotRequested).needs_presence);
  BOOST_TEST(h.Raw(del, PresenceGrant::kApproved).response.sw == 0x9000);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
