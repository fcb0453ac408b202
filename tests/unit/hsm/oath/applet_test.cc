// SELECT, PUT, DELETE, RESET, dispatch, presence and malformed input on the
// nitrokey3 profile (docs/protocol/oath.md §2).
#include "hsm/oath/applet.h"

#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

const Bytes kSelect = FromHex("00 A4 04 00 07 A0 00 00 05 27 21 01");

BOOST_AUTO_TEST_SUITE(applet)

BOOST_AUTO_TEST_CASE(select_without_and_with_pin) {
  Harness h;
  auto r = h.Run(kSelect);
  BOOST_TEST(r.sw == 0x9000);
  const uint32_t serial = h.store->serial();
  Bytes expect =
      Cat({FromHex("79 03 04 0F 00"), Tlv(0x71, h.store->state().salt),
           Bytes{0x8F, 0x04, uint8_t(serial >> 24), uint8_t(serial >> 16),
                 uint8_t(serial >> 8), uint8_t(serial)}});
  BOOST_TEST(r.data == expect);

  BOOST_TEST(h.Sw(PinApdu(0xB4, B("123456"))) == 0x9000);
  auto r2 = h.Run(kSelect);
  BOOST_TEST(r2.sw == 0x9000);
  Bytes expect2 =
      Cat({FromHex("79 03 04 0F 00 82 01 08"),
           Bytes{0x8F, 0x04, uint8_t(serial >> 24), uint8_t(serial >> 16),
                 uint8_t(serial >> 8), uint8_t(serial)}});
  BOOST_TEST(r2.data == expect2);

  BOOST_TEST(h.Sw(Apdu(0xA4, 0x04, 0x00, B("nope"))) == 0x6A82);
  BOOST_TEST(h.Sw(FromHex("00 A4 04 01 07 A0 00 00 05 27 21 01")) == 0x6A86);
  // INS A4 with P1=00 is CALCULATE ALL, not built on NK3 (§2.3).
  BOOST_TEST(h.Sw(Apdu(0xA4, 0x00, 0x01, Tlv(0x74, Bytes(8)))) == 0x6D00);
}

BOOST_AUTO_TEST_CASE(cla_and_ins) {
  Harness h;
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0, {}, 0x10)) == 0x6884);
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0, {}, 0x0C)) == 0x6882);
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0, {}, 0x01)) == 0x6881);
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0, {}, 0x80)) == 0x6E00);
  BOOST_TEST(h.Sw(Apdu(0x99, 0, 0)) == 0x6D00);
  // Removed on NK3: SET CODE, VALIDATE, RENAME (§2.3).
  BOOST_TEST(h.Sw(Apdu(0x03, 0, 0, Tlv(0x73, Bytes{}))) == 0x6D00);
  BOOST_TEST(h.Sw(Apdu(0xA3, 0, 0, Tlv(0x75, Bytes(20)))) == 0x6D00);
  BOOST_TEST(h.Sw(Apdu(0x05, 0, 0,
                       Cat({Tlv(0x71, B("a")), Tlv(0x71, B("b"))}))) == 0x6D00);
  // Wrong P1/P2 for PUT / LIST.
  BOOST_TEST(h.Sw(Apdu(0xA1, 0x01, 0x00)) == 0x6D00);
  BOOST_TEST(h.Sw(Apdu(0x01, 0x00, 0x01, Tlv(0x71, B("a")))) == 0x6D00);
  BOOST_TEST(h.Sw(Bytes{0x00, 0x01}) == 0x6700);
  BOOST_TEST(std::string(ToString(Sw::kNotFound)) == "not found");
}

BOOST_AUTO_TEST_CASE(put_status_words) {
  Harness h;
  BOOST_TEST(h.Sw(PutApdu(B("a"), 0x21, 6, kRfcSecret)) == 0x9000);
  BOOST_TEST(h.Sw(PutApdu(B("a"), 0x21, 6, kRfcSecret)) == 0x6983);
  // Kinds, algorithms and digits.
  BOOST_TEST(h.Sw(PutApdu(B("b"), 0x11, 6, kRfcSecret)) == 0x9000);
  BOOST_TEST(h.Sw(PutApdu(B("c"), 0x22, 8, kRfcSecret)) == 0x9000);
  BOOST_TEST(h.Sw(PutApdu(B("d"), 0x23, 8, kRfcSecret)) == 0x9000);  // SHA512
  BOOST_TEST(h.Sw(PutApdu(B("e"), 0x24, 6, kRfcSecret)) == 0x6A80);
  BOOST_TEST(h.Sw(PutApdu(B("e"), 0x31, 6, kRfcSecret)) == 0x6A80);
  BOOST_TEST(h.Sw(PutApdu(B("e"), 0x21, 5, kRfcSecret)) == 0x6A80);
  BOOST_TEST(h.Sw(PutApdu(B("e"), 0x21, 9, kRfcSecret)) == 0x6A80);
  BOOST_TEST(h.Sw(PutApdu(B("e"), 0x21, 7, kRfcSecret)) == 0x9000);
  // Label bounds (§2.10): 127 ok, 128 not, empty not.
  BOOST_TEST(h.Sw(PutApdu(Bytes(127, 'L'), 0x21, 6, kRfcSecret)) == 0x9000);
  BOOST_TEST(h.Sw(PutApdu(Bytes(128, 'M'), 0x21, 6, kRfcSecret)) == 0x6A80);
  BOOST_TEST(h.Sw(PutApdu(Bytes(253, 'M'), 0x21, 6, kRfcSecret)) == 0x6A80);
  BOOST_TEST(h.Sw(PutApdu(Bytes{}, 0x21, 6, kRfcSecret)) == 0x6A80);
  // Secret bounds: 128 ok, 129 too long, empty rejected.
  BOOST_TEST(h.Sw(PutApdu(B("s128"), 0x21, 6, Bytes(128, 7))) == 0x9000);
  BOOST_TEST(h.Sw(PutApdu(B("s129"), 0x21, 6, Bytes(129, 7))) == 0x6A80);
  BOOST_TEST(h.Sw(PutApdu(B("s0"), 0x21, 6, Bytes{})) == 0x6A80);
  // Properties: 00 ok (pynitrokey always sends it), unknown bits rejected.
  BOOST_TEST(h.Sw(PutApdu(B("p0"), 0x21, 6, kRfcSecret, {.props = 0x00})) ==
             0x9000);
  BOOST_TEST(h.Sw(PutApdu(B("p1"), 0x21, 6, kRfcSecret, {.props = 0x01})) ==
             0x6A80);
  // Missing tags, unknown tags, duplicates, wrong counter length.
  BOOST_TEST(h.Sw(Apdu(0x01, 0, 0, Tlv(0x71, B("x")))) == 0x6A80);
  BOOST_TEST(h.Sw(Apdu(0x01, 0, 0, Tlv(0x73, Bytes{0x21, 6, 1}))) == 0x6A80);
  BOOST_TEST(h.Sw(Apdu(0x01, 0, 0,
                       Cat({Tlv(0x71, B("x")), Tlv(0x73, Bytes{0x21, 6, 1}),
                            Tlv(0x83, B("login"))}))) == 0x6A80);
  BOOST_TEST(h.Sw(Apdu(0x01, 0, 0,
                       Cat({Tlv(0x71, B("x")), Tlv(0x71, B("y")),
                            Tlv(0x73, Bytes{0x21, 6, 1})}))) == 0x6A80);
  BOOST_TEST(h.Sw(Apdu(0x01, 0, 0,
                       Cat({Tlv(0x71, B("x")), Tlv(0x73, Bytes{0x11, 6, 1}),
                            Tlv(0x7A, Bytes{0, 1})}))) == 0x6A80);
}

BOOST_AUTO_TEST_CASE(put_limit_50) {
  Harness h;
  for (int i = 0; i < 50; ++i) {
    BOOST_REQUIRE(h.Sw(PutApdu(B("n" + std::to_string(i)), 0x21, 6,
                               kRfcSecret)) == 0x9000);
  }
  BOOST_TEST(h.Sw(PutApdu(B("one-too-many"), 0x21, 6, kRfcSecret)) == 0x6A84);
  BOOST_TEST(h.store->state().credentials.size() == 50u);
}

BOOST_AUTO_TEST_CASE(put_touch_only_when_flagged) {
  Harness h;
  bool touched = true;
  BOOST_TEST(h.Run(PutApdu(B("plain"), 0x21, 6, kRfcSecret), &touched).sw ==
             0x9000);
  BOOST_TEST(!touched);
  BOOST_TEST(h.Run(PutApdu(B("touchy"), 0x21, 6, kRfcSecret, {.props = 0x02}),
                   &touched)
                 .sw == 0x9000);
  BOOST_TEST(touched);
}

BOOST_AUTO_TEST_CASE(presence_first_call_changes_nothing) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("x"), 0x21, 6, kRfcSecret)) == 0x9000);
  const auto before = h.Medium();
  const Bytes del = NameApdu(0x02, B("x"));
  Outcome first = h.Raw(del, PresenceGrant::kNotRequested);
  BOOST_TEST(first.needs_presence);
  BOOST_TEST(h.Medium() == before);
  BOOST_TEST(h.store->state().credentials.size() == 1u);
  for (auto refused : {PresenceGrant::kDenied, PresenceGrant::kTimedOut,
                       PresenceGrant::kCancelled}) {
    Outcome o = h.Raw(del, refused);
    BOOST_TEST(!o.needs_presence);
    BOOST_TEST(o.response.sw == 0x6982);
    BOOST_TEST(h.Medium() == before);
  }
  Outcome ok = h.Raw(del, PresenceGrant::kApproved);
  BOOST_TEST(!ok.needs_presence);
  BOOST_TEST(ok.response.sw == 0x9000);
  BOOST_TEST(h.store->state().credentials.empty());
}

BOOST_AUTO_TEST_CASE(delete_and_reset) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x21, 6, kRfcSecret)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("b"), 0x21, 6, kRfcSecret)) == 0x9000);
  bool touched = false;
  BOOST_TEST(h.Run(NameApdu(0x02, B("a")), &touched).sw == 0x9000);
  BOOST_TEST(touched);
  BOOST_TEST(h.Sw(NameApdu(0x02, B("a"))) == 0x6A82);
  BOOST_TEST(h.Sw(Apdu(0x02, 0, 0, Tlv(0x72, B("a")))) == 0x6A80);
  // Re-adding after delete works (no overwrite on NK3).
  BOOST_TEST(h.Sw(PutApdu(B("a"), 0x21, 6, kRfcSecret)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, B("1234"))) == 0x9000);

  const uint32_t serial = h.store->serial();
  const Bytes salt = h.store->state().salt;
  BOOST_TEST(h.Sw(Apdu(0x04, 0xDE, 0xAE)) == 0x6D00);
  BOOST_TEST(h.store->state().credentials.size() == 2u);
  BOOST_TEST(h.Run(Apdu(0x04, 0xDE, 0xAD), &touched).sw == 0x9000);
  BOOST_TEST(touched);
  BOOST_TEST(h.store->state().credentials.empty());
  BOOST_TEST(!h.store->state().pin.has_value());  // RESET wipes the PIN
  BOOST_TEST(h.store->serial() == serial);
  BOOST_TEST(h.store->state().salt != salt);
  h.Reboot();
  BOOST_TEST(h.store->state().credentials.empty());
  // A touch refused leaves everything.
  BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x21, 6, kRfcSecret)) == 0x9000);
  BOOST_TEST(
      h.Raw(Apdu(0x04, 0xDE, 0xAD), PresenceGrant::kTimedOut).response.sw ==
      0x6982);
  BOOST_TEST(h.store->state().credentials.size() == 1u);
}

BOOST_AUTO_TEST_CASE(storage_failure_changes_nothing) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x11, 6, kRfcSecret)) == 0x9000);
  h.platform.CutPowerAfter(0, 5);
  BOOST_TEST(h.Sw(PutApdu(B("b"), 0x21, 6, kRfcSecret)) == 0x6500);
  // HOTP: no code without the advanced counter being stored.
  auto r = h.Run(CalcApdu(B("a"), Bytes(8)));
  BOOST_TEST(r.sw == 0x6500);
  BOOST_TEST(r.data.empty());
  h.platform.RestorePower();
  h.Reboot();
  BOOST_TEST(h.store->state().credentials.size() == 1u);
  BOOST_TEST(h.store->state().credentials[0].counter == 0u);
}

// Malformed and truncated APDUs change no stored state (the medium is
// compared byte for byte).
BOOST_AUTO_TEST_CASE(malformed_input_changes_nothing) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("hotp"), 0x11, 6, kRfcSecret)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("totp"), 0x21, 8, kRfcSecret)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, B("123456"))) == 0x9000);
  const auto before = h.Medium();
  const int writes = h.platform.write_count();
  std::vector<Bytes> valid = {
      PutApdu(B("new"), 0x21, 6, kRfcSecret, {.props = 0x02, .counter = 5}),
      NameApdu(0x02, B("hotp")),
      Apdu(0x04, 0xDE, 0xAD),
      CalcApdu(B("hotp"), Bytes(8)),
      PinApdu(0xB2, B("123456")),
      PinApdu(0xB3, B("123456"), B("654321")),
  };
  int checked = 0;
  for (const auto& apdu : valid) {
    // Every strict prefix and every extension by one byte is malformed at
    // the APDU level or fails to parse; none may write.
    for (size_t n = 0; n < apdu.size(); ++n) {
      Bytes cut(apdu.begin(), apdu.begin() + static_cast<ptrdiff_t>(n));
      Outcome o = h.Raw(cut, PresenceGrant::kApproved);
      BOOST_TEST(!o.needs_presence);
      BOOST_TEST(o.response.sw != 0x9000);
      ++checked;
    }
    Bytes longer = apdu;
    longer.push_back(0x71);
    longer.push_back(0x00);
    Outcome o = h.Raw(longer, PresenceGrant::kApproved);
    BOOST_TEST(o.response.sw != 0x9000);
    // Corrupt the Lc so the TLVs are cut inside the body.
    if (apdu.size() > 6) {
      Bytes inner = apdu;
      inner[4] = static_cast<uint8_t>(inner[4] - 1);
      inner.pop_back();
      BOOST_TEST(h.Raw(inner, PresenceGrant::kApproved).response.sw != 0x9000);
    }
  }
  BOOST_TEST(checked > 100);
  BOOST_TEST(h.platform.write_count() == writes);
  BOOST_TEST(h.Medium() == before);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
