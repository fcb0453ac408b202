// YKOATH access code: SET CODE / VALIDATE and the "requires auth" rule
// (docs/protocol/oath.md §3 "Access code", INS table; yubikey5 profile).
#include <boost/test/unit_test.hpp>

#include "hsm/crypto/hash.h"
#include "hsm/crypto/kdf.h"
#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

const Bytes kSelect = FromHex("00 A4 04 00 07 A0 00 00 05 27 21 01");

Bytes Hmac1(const Bytes& key, const Bytes& msg) {
  auto mac = crypto::Hmac(crypto::HashAlg::kSha1, key, msg);
  BOOST_REQUIRE(mac.ok());
  return *mac;
}

// ykman: key = PBKDF2-HMAC-SHA1(password, salt, 1000, 16).
Bytes DeriveKey(const std::string& password, const Bytes& salt) {
  auto k =
      crypto::Pbkdf2Hmac(crypto::HashAlg::kSha1, B(password), salt, 1000, 16);
  BOOST_REQUIRE(k.ok());
  return Bytes(k->view().begin(), k->view().end());
}

Bytes SetCodeApdu(const Bytes& key, const Bytes& chal, const Bytes& resp) {
  Bytes k = {0x21};
  k.insert(k.end(), key.begin(), key.end());
  return Apdu(0x03, 0, 0,
              Cat({Tlv(0x73, k), Tlv(0x74, chal), Tlv(0x75, resp)}));
}

Bytes ValidateApdu(const Bytes& resp, const Bytes& chal) {
  return Apdu(0xA3, 0, 0, Cat({Tlv(0x75, resp), Tlv(0x74, chal)}));
}

// Parses the SELECT reply (all values < 128 bytes): tag → value.
std::map<uint8_t, Bytes> SelectTags(const Bytes& data) {
  std::map<uint8_t, Bytes> out;
  for (size_t i = 0; i + 1 < data.size();) {
    uint8_t tag = data[i];
    size_t len = data[i + 1];
    BOOST_REQUIRE(i + 2 + len <= data.size());
    out[tag] = Bytes(data.begin() + i + 2, data.begin() + i + 2 + len);
    i += 2 + len;
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(access_code)

BOOST_AUTO_TEST_CASE(set_validate_remove) {
  Harness h(Profile::kYubikey5);
  auto sel = h.Run(kSelect);
  BOOST_REQUIRE(sel.sw == 0x9000);
  auto tags = SelectTags(sel.data);
  BOOST_TEST(tags.count(0x74) == 0u);  // no code: no challenge
  const Bytes salt = tags.at(0x71);
  BOOST_TEST(salt == h.store->state().salt);
  BOOST_REQUIRE(h.Sw(PutApdu(B("acct"), 0x21, 8, kRfcSecret)) == 0x9000);

  const Bytes key = DeriveKey("hunter2", salt);
  const Bytes chal = FromHex("01 02 03 04 05 06 07 08");
  // A response that does not match the key: 6984, nothing stored.
  Bytes bad = Hmac1(key, chal);
  bad[0] ^= 1;
  BOOST_TEST(h.Sw(SetCodeApdu(key, chal, bad)) == 0x6984);
  BOOST_TEST(!h.store->state().access_key.has_value());
  BOOST_TEST(h.Sw(SetCodeApdu(key, chal, Hmac1(key, chal))) == 0x9000);
  BOOST_REQUIRE(h.store->state().access_key.has_value());
  BOOST_TEST(h.store->state().access_key->key.Equals(key));

  // Not validated in this session: every command that "requires auth" is
  // refused (INS table of §3); RESET and VALIDATE are not.
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0)) == 0x6982);
  BOOST_TEST(h.Sw(CalcApdu(B("acct"), CounterChallenge(1))) == 0x6982);
  BOOST_TEST(h.Sw(PutApdu(B("x"), 0x21, 6, kRfcSecret)) == 0x6982);
  BOOST_TEST(h.Sw(NameApdu(0x02, B("acct"))) == 0x6982);
  BOOST_TEST(h.Sw(Apdu(0xA4, 0, 1, Tlv(0x74, CounterChallenge(1)))) == 0x6982);
  BOOST_TEST(h.Sw(Apdu(0xA5, 0, 0)) == 0x6982);
  BOOST_TEST(h.Sw(Apdu(0x03, 0, 0, Tlv(0x73, {}))) == 0x6982);
  BOOST_TEST(h.store->state().credentials.size() == 1u);

  // SELECT now carries 74 08 <challenge> and 7B 01 <alg>.
  sel = h.Run(kSelect);
  tags = SelectTags(sel.data);
  BOOST_REQUIRE(tags.count(0x74) == 1u);
  BOOST_TEST(tags.at(0x74).size() == 8u);
  BOOST_TEST(tags.at(0x7B) == Bytes{0x01});
  BOOST_TEST(tags.at(0x71) == salt);
  const Bytes select_chal = tags.at(0x74);

  // A wrong password: 6984, still locked, and the challenge is used up.
  const Bytes wrong = DeriveKey("hunter3", salt);
  const Bytes host_chal = FromHex("A0 A1 A2 A3 A4 A5 A6 A7");
  BOOST_TEST(h.Sw(ValidateApdu(Hmac1(wrong, select_chal), host_chal)) ==
             0x6984);
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0)) == 0x6982);
  BOOST_TEST(h.Sw(ValidateApdu(Hmac1(key, select_chal), host_chal)) == 0x6984);

  // The right one after a new SELECT: mutual authentication.
  sel = h.Run(kSelect);
  const Bytes chal2 = SelectTags(sel.data).at(0x74);
  BOOST_TEST(chal2 != select_chal);
  BOOST_TEST(h.Sw(ValidateApdu(Hmac1(key, chal2), Bytes(4, 1))) == 0x6A80);
  sel = h.Run(kSelect);
  const Bytes chal3 = SelectTags(sel.data).at(0x74);
  auto v = h.Run(ValidateApdu(Hmac1(key, chal3), host_chal));
  BOOST_TEST(v.sw == 0x9000);
  BOOST_TEST(v.data == Cat({Bytes{0x75, 20}, Hmac1(key, host_chal)}));
  auto list = h.Run(Apdu(0xA1, 0, 0));
  BOOST_TEST(list.sw == 0x9000);
  BOOST_TEST(list.data == Cat({Bytes{0x72, 5, 0x21}, B("acct")}));
  BOOST_TEST(h.Run(CalcApdu(B("acct"), CounterChallenge(1))).data ==
             FromHex("76 05 08 41 39 7E EA"));

  // Another SELECT ends the validated session.
  h.Run(kSelect);
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0)) == 0x6982);

  // The code survives a power cycle (sealed state).
  h.Reboot();
  sel = h.Run(kSelect);
  const Bytes chal4 = SelectTags(sel.data).at(0x74);
  BOOST_TEST(h.Sw(ValidateApdu(Hmac1(key, chal4), host_chal)) == 0x9000);

  // `73 00` removes it: SELECT has no challenge, nothing needs VALIDATE.
  BOOST_TEST(h.Sw(Apdu(0x03, 0, 0, Tlv(0x73, {}))) == 0x9000);
  BOOST_TEST(!h.store->state().access_key.has_value());
  sel = h.Run(kSelect);
  BOOST_TEST(SelectTags(sel.data).count(0x74) == 0u);
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0)) == 0x9000);
  // VALIDATE without a code: 6984.
  BOOST_TEST(h.Sw(ValidateApdu(Bytes(20, 0), host_chal)) == 0x6984);
}

BOOST_AUTO_TEST_CASE(reset_clears_code_without_auth) {
  Harness h(Profile::kYubikey5);
  const Bytes key = DeriveKey("pw", h.store->state().salt);
  const Bytes chal = Bytes(8, 7);
  BOOST_REQUIRE(h.Sw(SetCodeApdu(key, chal, Hmac1(key, chal))) == 0x9000);
  BOOST_TEST(h.Sw(Apdu(0x04, 0xDE, 0xAD)) == 0x9000);
  BOOST_TEST(!h.store->state().access_key.has_value());
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0)) == 0x9000);
}

BOOST_AUTO_TEST_CASE(malformed_set_code) {
  Harness h(Profile::kYubikey5);
  const Bytes key = Bytes(16, 0x55);
  const Bytes chal = Bytes(8, 1);
  BOOST_TEST(h.Sw(Apdu(0x03, 0, 0,
                       Cat({Tlv(0x73, Bytes{0x21}), Tlv(0x74, chal),
                            Tlv(0x75, Hmac1({}, chal))}))) ==
             0x6A80);  // no key bytes
  BOOST_TEST(h.Sw(Apdu(0x03, 0, 0, Tlv(0x74, chal))) == 0x6A80);
  BOOST_TEST(h.Sw(Apdu(0x03, 0, 0, Cat({Tlv(0x73, {}), Tlv(0x74, chal)}))) ==
             0x6A80);
  Bytes k = {0x2F};  // unknown algorithm
  k.insert(k.end(), key.begin(), key.end());
  BOOST_TEST(h.Sw(Apdu(0x03, 0, 0,
                       Cat({Tlv(0x73, k), Tlv(0x74, chal),
                            Tlv(0x75, Hmac1(key, chal))}))) == 0x6A80);
  BOOST_TEST(h.Sw(Apdu(0x03, 1, 0, Tlv(0x73, {}))) == 0x6A86);
  BOOST_TEST(!h.store->state().access_key.has_value());
}

// The nitrokey3 profile has no SET CODE / VALIDATE (§2.3: removed in
// v0.13 → 6D00), and a code set over CCID does not lock the HID applet
// (hsm/device.h: two applets, one store).
BOOST_AUTO_TEST_CASE(nitrokey3_has_no_access_code) {
  Harness h(Profile::kNitrokey3);
  const Bytes key = Bytes(16, 0x55);
  const Bytes chal = Bytes(8, 1);
  BOOST_TEST(h.Sw(SetCodeApdu(key, chal, Hmac1(key, chal))) == 0x6D00);
  BOOST_TEST(h.Sw(ValidateApdu(Bytes(20, 0), chal)) == 0x6D00);
  Applet yk(h.platform, *h.store, Profile::kYubikey5, *h.hmac_keys);
  Outcome o = yk.Handle(SetCodeApdu(key, chal, Hmac1(key, chal)),
                        PresenceGrant::kNotRequested);
  BOOST_TEST(o.response.sw == 0x9000);
  BOOST_TEST(h.Sw(Apdu(0xA1, 0, 0)) == 0x9000);
  BOOST_TEST(
      yk.Handle(Apdu(0xA1, 0, 0), PresenceGrant::kNotRequested).response.sw ==
      0x6982);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
