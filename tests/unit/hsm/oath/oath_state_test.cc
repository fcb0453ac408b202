// OathState's CBOR form (hsm/oath/oath_state.h): round trips, strictness,
// bounds, and the YKOATH access key (docs/protocol/oath.md §3).
#include "hsm/oath/oath_state.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "strict_decoder_checks.h"

namespace hsm::oath {
namespace {

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

OathState Sample() {
  OathState s;
  s.salt = {1, 2, 3, 4, 5, 6, 7, 8};
  for (int i = 0; i < 3; ++i) {
    OathCredential c;
    c.name = Bytes("cred-" + std::to_string(i));
    c.kind_alg = static_cast<uint8_t>(0x21 + i);
    c.digits = 8;
    c.properties = static_cast<uint8_t>(i * 2);
    c.counter = 0xFFFFFF00u + static_cast<uint32_t>(i);
    c.secret = SecretBytes(Bytes("12345678901234567890" + std::to_string(i)));
    s.credentials.push_back(std::move(c));
  }
  OathPin pin;
  pin.hash = SecretBytes(std::vector<uint8_t>(32, 0xAB));
  pin.salt = SecretBytes(std::vector<uint8_t>(16, 0xCD));
  pin.retries_left = 5;
  s.pin = std::move(pin);
  return s;
}

void CheckEqual(const OathState& a, const OathState& b) {
  BOOST_TEST(a.salt == b.salt);
  BOOST_REQUIRE(a.credentials.size() == b.credentials.size());
  for (size_t i = 0; i < a.credentials.size(); ++i) {
    const auto& x = a.credentials[i];
    const auto& y = b.credentials[i];
    BOOST_TEST(x.name == y.name);
    BOOST_TEST(x.kind_alg == y.kind_alg);
    BOOST_TEST(x.digits == y.digits);
    BOOST_TEST(x.properties == y.properties);
    BOOST_TEST(x.counter == y.counter);
    BOOST_TEST(x.secret.Equals(y.secret.view()));
  }
  BOOST_REQUIRE(a.pin.has_value() == b.pin.has_value());
  if (a.pin) {
    BOOST_TEST(a.pin->hash.Equals(b.pin->hash.view()));
    BOOST_TEST(a.pin->salt.Equals(b.pin->salt.view()));
    BOOST_TEST(a.pin->retries_left == b.pin->retries_left);
  }
}

OathState Base() {
  OathState s;
  s.salt = {9, 8, 7, 6, 5, 4, 3, 2};
  OathCredential c;
  c.name = {'a'};
  c.kind_alg = 0x21;
  c.secret = SecretBytes(std::vector<uint8_t>(20, 0x31));
  s.credentials.push_back(std::move(c));
  return s;
}

BOOST_AUTO_TEST_SUITE(oath_state)

BOOST_AUTO_TEST_CASE(round_trip) {
  OathState s = Sample();
  auto bytes = EncodeOathState(s);
  auto back = DecodeOathState(bytes);
  BOOST_REQUIRE(back.ok());
  CheckEqual(s, *back);

  OathState empty;
  auto e = DecodeOathState(EncodeOathState(empty));
  BOOST_REQUIRE(e.ok());
  CheckEqual(empty, *e);
}

BOOST_AUTO_TEST_CASE(clone_is_deep) {
  OathState s = Sample();
  OathState c = s.Clone();
  CheckEqual(s, c);
  c.credentials[0].secret.mutable_view()[0] ^= 0xFF;
  c.pin->hash.mutable_view()[0] ^= 0xFF;
  BOOST_TEST(!s.credentials[0].secret.Equals(c.credentials[0].secret.view()));
  BOOST_TEST(!s.pin->hash.Equals(c.pin->hash.view()));
}

BOOST_AUTO_TEST_CASE(rejects_every_truncation_and_trailing_bytes) {
  hsm::testing::CheckRejectsTruncationAndTrailing(EncodeOathState(Sample()),
                                                  DecodeOathState);
}

BOOST_AUTO_TEST_CASE(byte_flips_never_decode_to_garbage_silently) {
  hsm::testing::CheckByteFlipsDecodeCanonically(
      EncodeOathState(Sample()), DecodeOathState, EncodeOathState);
}

BOOST_AUTO_TEST_CASE(rejects_wrong_types_and_non_canonical) {
  // {1: [], 2: h''} is the canonical empty state.
  std::vector<uint8_t> good = {0xA2, 0x01, 0x80, 0x02, 0x40};
  BOOST_REQUIRE(DecodeOathState(good).ok());
  // Salt as a text string.
  auto text = good;
  text[4] = 0x60;
  BOOST_TEST(!DecodeOathState(text).ok());
  // Non-minimal length for the salt (0x58 0x00).
  std::vector<uint8_t> nonmin = {0xA2, 0x01, 0x80, 0x02, 0x58, 0x00};
  BOOST_TEST(!DecodeOathState(nonmin).ok());
  // Keys out of order.
  std::vector<uint8_t> order = {0xA2, 0x02, 0x40, 0x01, 0x80};
  BOOST_TEST(!DecodeOathState(order).ok());
  // Indefinite-length array of credentials.
  std::vector<uint8_t> indef = {0xA2, 0x01, 0x9F, 0xFF, 0x02, 0x40};
  BOOST_TEST(!DecodeOathState(indef).ok());
  // A tag around the credential array.
  std::vector<uint8_t> tagged = {0xA2, 0x01, 0xC1, 0x80, 0x02, 0x40};
  BOOST_TEST(!DecodeOathState(tagged).ok());
  // A credential array that claims 2^32 entries.
  std::vector<uint8_t> huge = {0xA2, 0x01, 0x9A, 0xFF, 0xFF, 0xFF, 0xFF};
  BOOST_TEST(!DecodeOathState(huge).ok());
  // Deep nesting.
  std::vector<uint8_t> deep(5000, 0x81);
  deep.push_back(0x00);
  BOOST_TEST(!DecodeOathState(deep).ok());
}

BOOST_AUTO_TEST_CASE(rejects_oversize) {
  OathState s;
  for (int i = 0; i < 65; ++i) {
    OathCredential c;
    c.name = Bytes("n" + std::to_string(i));
    c.secret = SecretBytes(Bytes("secret"));
    s.credentials.push_back(std::move(c));
  }
  BOOST_TEST(!DecodeOathState(EncodeOathState(s)).ok());  // > 64 credentials

  OathState big;
  OathCredential c;
  c.name = std::vector<uint8_t>(256, 'x');  // > 255 bytes
  c.secret = SecretBytes(Bytes("s"));
  big.credentials.push_back(std::move(c));
  BOOST_TEST(!DecodeOathState(EncodeOathState(big)).ok());
}

OathAccessKey Key(uint8_t alg) {
  OathAccessKey k;
  k.kind_alg = alg;
  k.key = SecretBytes(std::vector<uint8_t>(16, 0x5A));
  return k;
}

BOOST_AUTO_TEST_CASE(access_key_round_trip_with_and_without_pin) {
  for (bool with_pin : {false, true}) {
    OathState s = Base();
    if (with_pin) {
      OathPin pin;
      pin.hash = SecretBytes(std::vector<uint8_t>(32, 1));
      pin.salt = SecretBytes(std::vector<uint8_t>(16, 2));
      pin.retries_left = 7;
      s.pin = std::move(pin);
    }
    s.access_key = Key(0x22);
    auto bytes = EncodeOathState(s);
    auto back = DecodeOathState(bytes);
    BOOST_REQUIRE(back.ok());
    BOOST_REQUIRE(back->access_key.has_value());
    BOOST_TEST(back->access_key->kind_alg == 0x22);
    BOOST_TEST(back->access_key->key.Equals(s.access_key->key.view()));
    BOOST_TEST(back->pin.has_value() == with_pin);
    OathState copy = back->Clone();
    BOOST_TEST(copy.access_key->key.Equals(s.access_key->key.view()));
    // Every truncation is rejected.
    for (size_t n = 0; n < bytes.size(); ++n) {
      BOOST_TEST(!DecodeOathState(std::span(bytes).first(n)).ok());
    }
  }
}

BOOST_AUTO_TEST_CASE(states_without_access_key_decode) {
  OathState s = Base();
  auto bytes = EncodeOathState(s);  // no key 4: written before SET CODE existed
  auto back = DecodeOathState(bytes);
  BOOST_REQUIRE(back.ok());
  BOOST_TEST(!back->access_key.has_value());
  BOOST_TEST(back->credentials.size() == 1u);
}

BOOST_AUTO_TEST_CASE(rejects_bad_access_entries) {
  OathState s = Base();
  s.access_key = Key(0x21);
  auto bytes = EncodeOathState(s);
  // The access map is the last thing in the oath map here: `04 A2 01 18? …`.
  // Find `04 A2 01 21 02 50` (key 4, map(2), 1: 0x21, 2: bstr(16)).
  const std::vector<uint8_t> marker = {0x04, 0xA2, 0x01, 0x18,
                                       0x21, 0x02, 0x50};
  auto it =
      std::search(bytes.begin(), bytes.end(), marker.begin(), marker.end());
  BOOST_REQUIRE(it != bytes.end());
  auto bad = bytes;
  bad[it - bytes.begin()] = 0x05;  // unknown key 5
  BOOST_TEST(!DecodeOathState(bad).ok());
  bad = bytes;
  bad[it - bytes.begin() + 1] = 0xA1;  // map(1): missing the key
  BOOST_TEST(!DecodeOathState(bad).ok());
}

// docs/protocol/oath.md §2.9.1: a sealed credential and a keyed PIN round
// trip; the PIN map without members 4/5 (older states) still decodes; a
// sealed record on a credential without props 0x04 does not.
BOOST_AUTO_TEST_CASE(sealed_credential_and_wrapped_pin_key) {
  OathState s = Base();
  s.credentials[0].properties = 0x04;
  s.credentials[0].secret = SecretBytes();
  s.credentials[0].sealed = std::vector<uint8_t>(12 + 20 + 16, 0x77);
  OathPin pin;
  pin.hash = SecretBytes(std::vector<uint8_t>(32, 1));
  pin.salt = SecretBytes(std::vector<uint8_t>(16, 2));
  pin.key_salt = SecretBytes(std::vector<uint8_t>(16, 3));
  pin.wrapped_key = std::vector<uint8_t>(12 + 32 + 16, 4);
  s.pin = std::move(pin);
  auto bytes = EncodeOathState(s);
  auto back = DecodeOathState(bytes);
  BOOST_REQUIRE(back.ok());
  BOOST_TEST(back->credentials[0].sealed == s.credentials[0].sealed);
  BOOST_TEST(back->credentials[0].secret.empty());
  BOOST_TEST(back->pin->key_salt.Equals(s.pin->key_salt.view()));
  BOOST_TEST(back->pin->wrapped_key == s.pin->wrapped_key);
  OathState copy = back->Clone();
  BOOST_TEST(copy.credentials[0].sealed == s.credentials[0].sealed);
  BOOST_TEST(copy.pin->wrapped_key == s.pin->wrapped_key);
  for (size_t n = 0; n < bytes.size(); ++n) {
    BOOST_TEST(!DecodeOathState(std::span(bytes).first(n)).ok());
  }
  // Props byte without 0x04 (`04 04` → `04 00`): rejected.
  const std::vector<uint8_t> props = {0x04, 0x04, 0x05};
  auto it = std::search(bytes.begin(), bytes.end(), props.begin(), props.end());
  BOOST_REQUIRE(it != bytes.end());
  auto bad = bytes;
  bad[it - bytes.begin() + 1] = 0x00;
  BOOST_TEST(!DecodeOathState(bad).ok());
  // A sealed record shorter than nonce + tag: rejected.
  s.credentials[0].sealed.resize(27);
  BOOST_TEST(!DecodeOathState(EncodeOathState(s)).ok());
  // An older PIN map (3 members) decodes with no key.
  s.credentials[0].sealed.resize(48);
  s.pin->wrapped_key.clear();
  s.pin->key_salt = SecretBytes();
  auto old = DecodeOathState(EncodeOathState(s));
  BOOST_REQUIRE(old.ok());
  BOOST_TEST(old->pin->wrapped_key.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::oath
