// The applet's HMAC key cache (hsm/oath/applet.h): codes come from the
// credential's current key, and a deleted, replaced or reset credential's
// key leaves the cache at once, whichever applet on the store removed it.
#include <boost/test/unit_test.hpp>

#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

const Bytes kKey1 = B("12345678901234567890");
const Bytes kKey2 = B("abcdefghijklmnopqrst");
const Bytes kChallenge = CounterChallenge(1);

// The code a fresh key (nothing cached) gives for `secret` (TOTP SHA-1,
// 8 digits), as CALCULATE's response data.
Bytes FreshCode(Profile profile, const Bytes& secret) {
  Harness fresh(profile);
  BOOST_REQUIRE(fresh.Sw(PutApdu(B("t"), 0x21, 8, secret)) == 0x9000);
  ApduResponse r = fresh.Run(CalcApdu(B("t"), kChallenge));
  BOOST_REQUIRE(r.sw == 0x9000);
  return r.data;
}

BOOST_AUTO_TEST_SUITE(credential_hmac)

// docs/protocol/oath.md §3: a YKOATH PUT on an existing name replaces the
// credential. The next CALCULATE uses the new key, and the old key's entry
// is gone (not merely unused).
BOOST_AUTO_TEST_CASE(put_over_existing_name_drops_the_old_key) {
  Harness h(Profile::kYubikey5);
  BOOST_REQUIRE(h.Sw(PutApdu(B("t"), 0x21, 8, kKey1)) == 0x9000);
  ApduResponse first = h.Run(CalcApdu(B("t"), kChallenge));
  BOOST_TEST(first.data == FreshCode(Profile::kYubikey5, kKey1));
  BOOST_TEST(h.hmac_keys->size() == 1u);

  BOOST_REQUIRE(h.Sw(PutApdu(B("t"), 0x21, 8, kKey2)) == 0x9000);
  BOOST_TEST(h.hmac_keys->size() == 0u);
  ApduResponse second = h.Run(CalcApdu(B("t"), kChallenge));
  BOOST_TEST(second.data == FreshCode(Profile::kYubikey5, kKey2));
  BOOST_TEST(second.data != first.data);
  BOOST_TEST(h.hmac_keys->size() == 1u);
}

// A NK3 PUT on an existing name is refused (docs/protocol/oath.md §2.3) and
// keeps the cached key.
BOOST_AUTO_TEST_CASE(refused_put_keeps_the_key) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("t"), 0x21, 8, kKey1)) == 0x9000);
  BOOST_REQUIRE(h.Sw(CalcApdu(B("t"), kChallenge)) == 0x9000);
  BOOST_TEST(h.Sw(PutApdu(B("t"), 0x21, 8, kKey2)) != 0x9000);
  BOOST_TEST(h.hmac_keys->size() == 1u);
}

BOOST_AUTO_TEST_CASE(delete_drops_only_that_key) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x21, 8, kKey1)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("b"), 0x21, 8, kKey2)) == 0x9000);
  BOOST_REQUIRE(h.Sw(CalcApdu(B("a"), kChallenge)) == 0x9000);
  BOOST_REQUIRE(h.Sw(CalcApdu(B("b"), kChallenge)) == 0x9000);
  BOOST_TEST(h.hmac_keys->size() == 2u);
  BOOST_REQUIRE(h.Sw(NameApdu(0x02, B("a"))) == 0x9000);
  BOOST_TEST(h.hmac_keys->size() == 1u);
  h.hmac_keys->Erase(kKey2);  // the one left is b's
  BOOST_TEST(h.hmac_keys->size() == 0u);
}

// A DELETE that waits for its touch has changed nothing yet, the cache
// included (hsm/presence.h).
BOOST_AUTO_TEST_CASE(delete_waiting_for_touch_keeps_the_key) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x21, 8, kKey1)) == 0x9000);
  BOOST_REQUIRE(h.Sw(CalcApdu(B("a"), kChallenge)) == 0x9000);
  const Bytes del = NameApdu(0x02, B("a"));
  BOOST_REQUIRE(h.Raw(del, PresenceGrant::kNotRequested).needs_presence);
  BOOST_TEST(h.hmac_keys->size() == 1u);
  BOOST_REQUIRE(h.Raw(del, PresenceGrant::kApproved).response.sw == 0x9000);
  BOOST_TEST(h.hmac_keys->size() == 0u);
}

// docs/protocol/oath.md §2.3 RESET, on both profiles.
BOOST_AUTO_TEST_CASE(reset_clears_every_key) {
  for (Profile p : {Profile::kNitrokey3, Profile::kYubikey5}) {
    Harness h(p);
    BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x21, 8, kKey1)) == 0x9000);
    BOOST_REQUIRE(h.Sw(PutApdu(B("b"), 0x21, 8, kKey2)) == 0x9000);
    BOOST_REQUIRE(h.Sw(CalcApdu(B("a"), kChallenge)) == 0x9000);
    BOOST_REQUIRE(h.Sw(CalcApdu(B("b"), kChallenge)) == 0x9000);
    BOOST_REQUIRE(h.hmac_keys->size() == 2u);
    BOOST_REQUIRE(h.Sw(Apdu(0x04, 0xDE, 0xAD)) == 0x9000);
    BOOST_TEST(h.hmac_keys->size() == 0u);
  }
}

// RENAME (docs/protocol/oath.md §3) keeps the key, so its entry stays and
// serves the new name.
BOOST_AUTO_TEST_CASE(rename_keeps_the_key) {
  Harness h(Profile::kYubikey5);
  BOOST_REQUIRE(h.Sw(PutApdu(B("t"), 0x21, 8, kKey1)) == 0x9000);
  ApduResponse before = h.Run(CalcApdu(B("t"), kChallenge));
  BOOST_REQUIRE(
      h.Sw(Apdu(0x05, 0, 0, Cat({Tlv(0x71, B("t")), Tlv(0x71, B("u"))}))) ==
      0x9000);
  BOOST_TEST(h.hmac_keys->size() == 1u);
  ApduResponse after = h.Run(CalcApdu(B("u"), kChallenge));
  BOOST_TEST(after.data == before.data);
  BOOST_TEST(h.hmac_keys->size() == 1u);
}

// CALCULATE ALL (§3) fills the cache with every TOTP key it computes, and
// a second one gives the same codes from it.
BOOST_AUTO_TEST_CASE(calculate_all_uses_the_cache) {
  Harness h(Profile::kYubikey5);
  BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x21, 8, kKey1)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("b"), 0x22, 8, kKey1)) == 0x9000);  // SHA-256
  BOOST_REQUIRE(h.Sw(PutApdu(B("h"), 0x11, 6, kKey2)) == 0x9000);  // HOTP
  const Bytes all = Apdu(0xA4, 0x00, 0x01, Tlv(0x74, kChallenge));
  ApduResponse first = h.Run(all);
  BOOST_REQUIRE(first.sw == 0x9000);
  BOOST_TEST(h.hmac_keys->size() == 2u);  // one key, two algorithms
  ApduResponse second = h.Run(all);
  BOOST_TEST(second.data == first.data);
  BOOST_TEST(h.hmac_keys->size() == 2u);
}

// docs/protocol/oath.md §2.9.1: a PIN-encrypted credential's secret lives
// only for the command after VERIFY PIN; no keyed context of it is kept.
BOOST_AUTO_TEST_CASE(pin_encrypted_credential_is_never_cached) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, B("123456"))) == 0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("p"), 0x21, 8, kKey1, {.props = 0x04})) ==
                0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("123456"))) == 0x9000);
  ApduResponse r = h.Run(CalcApdu(B("p"), kChallenge));
  BOOST_REQUIRE(r.sw == 0x9000);
  BOOST_TEST(r.data == FreshCode(Profile::kNitrokey3, kKey1));
  BOOST_TEST(h.hmac_keys->size() == 0u);
}

// hsm/oath/applet.h: both applets of a device share the store and the
// cache, so a credential deleted through one leaves the cache the other
// filled.
BOOST_AUTO_TEST_CASE(delete_through_the_other_applet_drops_the_key) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x21, 8, kKey1)) == 0x9000);
  BOOST_REQUIRE(h.Sw(CalcApdu(B("a"), kChallenge)) == 0x9000);
  BOOST_REQUIRE(h.hmac_keys->size() == 1u);
  Applet yk(h.platform, *h.store, Profile::kYubikey5, *h.hmac_keys);
  Outcome o = yk.Handle(NameApdu(0x02, B("a")), PresenceGrant::kNotRequested);
  BOOST_REQUIRE(o.response.sw == 0x9000);
  BOOST_TEST(h.hmac_keys->size() == 0u);
}

// Reset() is a power cycle or a card reset: the cache goes with it.
BOOST_AUTO_TEST_CASE(applet_reset_clears_the_cache) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PutApdu(B("a"), 0x21, 8, kKey1)) == 0x9000);
  BOOST_REQUIRE(h.Sw(CalcApdu(B("a"), kChallenge)) == 0x9000);
  BOOST_REQUIRE(h.hmac_keys->size() == 1u);
  h.applet->Reset();
  BOOST_TEST(h.hmac_keys->size() == 0u);
  ApduResponse r = h.Run(CalcApdu(B("a"), kChallenge));
  BOOST_TEST(r.data == FreshCode(Profile::kNitrokey3, kKey1));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
