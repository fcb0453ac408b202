// PIN-encrypted credentials sealed under the PIN key
// (docs/protocol/oath.md §2.9.1), one case per step of the scheme.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "hsm/crypto/aead.h"
#include "hsm/crypto/kdf.h"
#include "oath/command.h"
#include "oath_harness.h"

namespace hsm::oath {
namespace {

using namespace testing;  // NOLINT

const Bytes kPin = B("123456");
const Bytes kSecret = B("12345678901234567890");
// RFC 6238 Appendix B, SHA-1, T = 1 (time 59), 8 digits.
const Bytes kCodeAt1 = FromHex("76 05 08 41 39 7E EA");

bool Contains(const Bytes& haystack, std::span<const uint8_t> needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(),
                     needle.end()) != haystack.end();
}

// The OATH section as committed (the plaintext CBOR the state store seals).
Bytes Section(Harness& h) {
  auto s = h.sealed->section(store::Section::kOath);
  return Bytes(s.begin(), s.end());
}

// Unwraps the stored PIN key as §2.9.1 describes, independently of
// pin_key.cc: KEK = PBKDF2-HMAC-SHA256(PIN, key_salt), AES-256-GCM.
SecretBytes UnwrapAsDocumented(const OathPin& pin, const Bytes& pin_code) {
  auto kek = crypto::Pbkdf2Hmac(crypto::HashAlg::kSha256, pin_code,
                                pin.key_salt.view(), kPinKdfIterations, 32);
  BOOST_REQUIRE(kek.ok());
  std::span<const uint8_t> w = pin.wrapped_key;
  auto key = crypto::Aes256GcmOpen(kek->view(), w.first(12), B("oath pin key"),
                                   w.subspan(12));
  BOOST_REQUIRE(key.ok());
  return std::move(key.value());
}

// A device with a PIN and one PIN-encrypted TOTP credential "p" plus a plain
// one "open", both with kSecret.
void Setup(Harness& h) {
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, kPin)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, kPin)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("p"), 0x21, 8, kSecret, {.props = 0x04})) ==
                0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("open"), 0x21, 8, kSecret)) == 0x9000);
}

uint16_t VerifyThen(Harness& h, const Bytes& apdu, Bytes* data = nullptr) {
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, kPin)) == 0x9000);
  auto r = h.Run(apdu);
  if (data) *data = r.data;
  return r.sw;
}

BOOST_AUTO_TEST_SUITE(pin_key)

BOOST_AUTO_TEST_CASE(set_pin_stores_the_key_only_wrapped) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, kPin)) == 0x9000);
  const OathPin& pin = *h.store->state().pin;
  BOOST_TEST(pin.key_salt.size() == kPinSaltSize);
  BOOST_TEST(pin.wrapped_key.size() == 12 + 32 + 16u);
  BOOST_TEST(!pin.key_salt.Equals(pin.salt.view()));  // KEK ≠ PIN hash
  SecretBytes key = UnwrapAsDocumented(pin, kPin);
  BOOST_TEST(key.size() == 32u);
  BOOST_TEST(!Contains(Section(h), key.view()));
}

BOOST_AUTO_TEST_CASE(sealed_at_put) {
  Harness h;
  Setup(h);
  const auto& creds = h.store->state().credentials;
  BOOST_REQUIRE(creds.size() == 2u);
  BOOST_TEST(creds[0].secret.empty());
  BOOST_TEST(creds[0].sealed.size() == 12 + kSecret.size() + 16);
  BOOST_TEST(creds[1].sealed.empty());  // plain credential: unchanged
  // The seal is AES-256-GCM under the PIN key with the name as AAD.
  SecretBytes key = UnwrapAsDocumented(*h.store->state().pin, kPin);
  std::span<const uint8_t> s = creds[0].sealed;
  auto opened =
      crypto::Aes256GcmOpen(key.view(), s.first(12), B("p"), s.subspan(12));
  BOOST_REQUIRE(opened.ok());
  BOOST_TEST(opened->Equals(kSecret));
}

BOOST_AUTO_TEST_CASE(unreadable_without_verify) {
  Harness h;
  Setup(h);
  const Bytes calc = CalcApdu(B("p"), CounterChallenge(1));
  BOOST_TEST(h.Sw(calc) == 0x6A82);
  BOOST_TEST(h.Sw(NameApdu(0x02, B("p"))) == 0x6A82);
  BOOST_TEST(h.Run(testing::Apdu(0xA1, 0, 0)).data ==
             Cat({FromHex("72 05 21"), B("open")}));
  // PUT of a PIN credential without VERIFY is refused, nothing stored.
  const auto before = h.platform.medium();
  BOOST_TEST(h.Sw(PutApdu(B("q"), 0x21, 8, kSecret, {.props = 0x04})) ==
             0x6982);
  BOOST_TEST((h.platform.medium() == before));
}

BOOST_AUTO_TEST_CASE(readable_after_verify) {
  Harness h;
  Setup(h);
  Bytes data;
  BOOST_TEST(VerifyThen(h, CalcApdu(B("p"), CounterChallenge(1)), &data) ==
             0x9000);
  BOOST_TEST(data == kCodeAt1);
  // The key lasts one command, as the authorization does.
  BOOST_TEST(h.Sw(CalcApdu(B("p"), CounterChallenge(1))) == 0x6A82);
  // A sealed HOTP credential counts as a plain one (RFC 4226 Appendix D).
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, kPin)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("h"), 0x11, 6, kSecret, {.props = 0x04})) ==
                0x9000);
  BOOST_TEST(VerifyThen(h, CalcApdu(B("h"), {}), &data) == 0x9000);
  BOOST_TEST(data == FromHex("76 05 06 4C 93 CF 18"));
  BOOST_TEST(VerifyThen(h, CalcApdu(B("h"), {}), &data) == 0x9000);
  BOOST_TEST(data == FromHex("76 05 06 41 39 7E EA"));
  h.Reboot();
  BOOST_TEST(VerifyThen(h, CalcApdu(B("p"), CounterChallenge(1)), &data) ==
             0x9000);
  BOOST_TEST(data == kCodeAt1);
}

BOOST_AUTO_TEST_CASE(survives_change_pin) {
  Harness h;
  Setup(h);
  const Bytes sealed = h.store->state().credentials[0].sealed;
  const Bytes old_wrap = h.store->state().pin->wrapped_key;
  BOOST_REQUIRE(h.Sw(PinApdu(0xB3, kPin, B("654321"))) == 0x9000);
  // Rewrapped, not rotated: the sealed record is untouched.
  BOOST_TEST(h.store->state().credentials[0].sealed == sealed);
  BOOST_TEST(h.store->state().pin->wrapped_key != old_wrap);
  BOOST_TEST(h.Sw(PinApdu(0xB2, kPin)) == 0x6300);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("654321"))) == 0x9000);
  auto r = h.Run(CalcApdu(B("p"), CounterChallenge(1)));
  BOOST_TEST(r.sw == 0x9000);
  BOOST_TEST(r.data == kCodeAt1);
  // A wrong old PIN changes nothing but the attempt counter.
  BOOST_TEST(h.Sw(PinApdu(0xB3, kPin, B("111111"))) == 0x6300);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, B("654321"))) == 0x9000);
  BOOST_TEST(h.Sw(CalcApdu(B("p"), CounterChallenge(1))) == 0x9000);
}

BOOST_AUTO_TEST_CASE(wiped_by_reset) {
  Harness h;
  Setup(h);
  const Bytes calc = CalcApdu(B("p"), CounterChallenge(1));
  // Deselect / power cycle between VERIFY and use: the key is gone.
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, kPin)) == 0x9000);
  h.applet->Reset();
  BOOST_TEST(h.Sw(calc) == 0x6A82);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, kPin)) == 0x9000);
  h.Reboot();
  BOOST_TEST(h.Sw(calc) == 0x6A82);
  // RESET: the credential, the PIN and its wrapped key are gone.
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, kPin)) == 0x9000);
  BOOST_REQUIRE(h.Sw(testing::Apdu(0x04, 0xDE, 0xAD)) == 0x9000);
  BOOST_TEST(!h.store->state().pin.has_value());
  BOOST_TEST(h.store->state().credentials.empty());
  BOOST_TEST(h.Sw(calc) == 0x6A82);
  BOOST_TEST(h.Sw(PinApdu(0xB2, kPin)) == 0x6982);  // no PIN any more
}

BOOST_AUTO_TEST_CASE(state_holds_no_plaintext_secret_or_key) {
  Harness h;
  BOOST_REQUIRE(h.Sw(PinApdu(0xB4, kPin)) == 0x9000);
  const Bytes secret = B("only-in-the-sealed-record");
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, kPin)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("p"), 0x21, 8, secret, {.props = 0x04})) ==
                0x9000);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB3, kPin, B("654321"))) == 0x9000);
  SecretBytes key = UnwrapAsDocumented(*h.store->state().pin, B("654321"));
  const Bytes section = Section(h);
  for (size_t i = 0; i + 8 <= secret.size(); ++i) {
    BOOST_TEST(!Contains(section, std::span(secret).subspan(i, 8)));
  }
  BOOST_TEST(!Contains(section, key.view()));
  BOOST_TEST(!Contains(section, kPin));
  for (auto& [slot, bytes] : h.platform.medium()) {
    BOOST_TEST(!Contains(bytes, secret));
    BOOST_TEST(!Contains(bytes, key.view()));
  }
}

BOOST_AUTO_TEST_CASE(tampered_record_fails_cleanly) {
  Harness h;
  Setup(h);
  BOOST_REQUIRE(h.Sw(PinApdu(0xB2, kPin)) == 0x9000);
  BOOST_REQUIRE(h.Sw(PutApdu(B("q"), 0x21, 8, B("another secret"),
                             {.props = 0x04})) == 0x9000);
  // Swap the sealed records of "p" and "q": the names no longer match.
  OathState swapped = h.store->state().Clone();
  std::swap(swapped.credentials[0].sealed, swapped.credentials[2].sealed);
  BOOST_REQUIRE(h.store->Commit(std::move(swapped)).ok());
  BOOST_TEST(VerifyThen(h, CalcApdu(B("p"), CounterChallenge(1))) == 0x6A82);
  BOOST_TEST(VerifyThen(h, CalcApdu(B("q"), CounterChallenge(1))) == 0x6A82);
  // One flipped bit in a record.
  OathState flipped = h.store->state().Clone();
  flipped.credentials[0].sealed[13] ^= 0x01;
  BOOST_REQUIRE(h.store->Commit(std::move(flipped)).ok());
  BOOST_TEST(VerifyThen(h, CalcApdu(B("p"), CounterChallenge(1))) == 0x6A82);
  // A damaged wrapped key: VERIFY with the right PIN answers an error,
  // authorizes nothing, and gives the attempt back.
  OathState bad_wrap = h.store->state().Clone();
  bad_wrap.pin->wrapped_key.back() ^= 0x80;
  BOOST_REQUIRE(h.store->Commit(std::move(bad_wrap)).ok());
  BOOST_TEST(h.Sw(PinApdu(0xB2, kPin)) == 0x6500);
  BOOST_TEST(h.Run(testing::Apdu(0xA1, 0, 0)).data ==
             Cat({FromHex("72 05 21"), B("open")}));
  BOOST_TEST(h.store->state().pin->retries_left == kPinRetries);
  // CHANGE PIN cannot rewrap what does not open: same answer, PIN kept.
  const Bytes wrap = h.store->state().pin->wrapped_key;
  BOOST_TEST(h.Sw(PinApdu(0xB3, kPin, B("654321"))) == 0x6500);
  BOOST_TEST(h.store->state().pin->retries_left == kPinRetries);
  BOOST_TEST(h.store->state().pin->wrapped_key == wrap);
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("654321"))) == 0x6300);
  // The plain credential still works.
  BOOST_TEST(h.Run(CalcApdu(B("open"), CounterChallenge(1))).data == kCodeAt1);
}

BOOST_AUTO_TEST_CASE(old_state_sealed_at_next_verify) {
  // A state written before §2.9.1: a PIN without a wrapped key and a
  // PIN-encrypted credential stored plain.
  Harness h;
  OathState old = h.store->state().Clone();
  OathPin pin;
  pin.salt = SecretBytes(Bytes(kPinSaltSize, 0x5A));
  auto hash = crypto::Pbkdf2Hmac(crypto::HashAlg::kSha256, kPin,
                                 pin.salt.view(), kPinKdfIterations, 32);
  BOOST_REQUIRE(hash.ok());
  pin.hash = std::move(hash.value());
  old.pin = std::move(pin);
  OathCredential c;
  c.name = B("p");
  c.kind_alg = 0x21;
  c.digits = 8;
  c.properties = 0x04;
  c.secret = SecretBytes(kSecret);
  old.credentials.push_back(std::move(c));
  const Bytes encoded = EncodeOathState(old);
  BOOST_REQUIRE(h.store->Commit(std::move(old)).ok());
  h.Reboot();  // it loads
  BOOST_TEST(Contains(Section(h), kSecret));
  BOOST_TEST(h.Sw(CalcApdu(B("p"), CounterChallenge(1))) == 0x6A82);
  BOOST_TEST(h.Sw(PinApdu(0xB2, B("000000"))) == 0x6300);  // no migration
  BOOST_TEST(h.store->state().pin->wrapped_key.empty());
  Bytes data;
  BOOST_TEST(VerifyThen(h, CalcApdu(B("p"), CounterChallenge(1)), &data) ==
             0x9000);
  BOOST_TEST(data == kCodeAt1);
  BOOST_TEST(!h.store->state().pin->wrapped_key.empty());
  BOOST_TEST(!h.store->state().credentials[0].sealed.empty());
  BOOST_TEST(!Contains(Section(h), kSecret));
  h.Reboot();
  BOOST_TEST(VerifyThen(h, CalcApdu(B("p"), CounterChallenge(1)), &data) ==
             0x9000);
  BOOST_TEST(data == kCodeAt1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
