#include "hsm/store/state.h"

#include <boost/test/unit_test.hpp>

namespace hsm::store {
namespace {

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

DeviceState Sample() {
  DeviceState s;
  s.serial = 0xA1B2C3D4;
  s.oath.salt = {1, 2, 3, 4, 5, 6, 7, 8};
  for (int i = 0; i < 3; ++i) {
    OathCredential c;
    c.name = Bytes("cred-" + std::to_string(i));
    c.kind_alg = static_cast<uint8_t>(0x21 + i);
    c.digits = 8;
    c.properties = static_cast<uint8_t>(i * 2);
    c.counter = 0xFFFFFF00u + static_cast<uint32_t>(i);
    c.secret = SecretBytes(Bytes("12345678901234567890" + std::to_string(i)));
    s.oath.credentials.push_back(std::move(c));
  }
  OathPin pin;
  pin.hash = SecretBytes(std::vector<uint8_t>(32, 0xAB));
  pin.salt = SecretBytes(std::vector<uint8_t>(16, 0xCD));
  pin.retries_left = 5;
  s.oath.pin = std::move(pin);
  return s;
}

void CheckEqual(const DeviceState& a, const DeviceState& b) {
  BOOST_TEST(a.version == b.version);
  BOOST_TEST(a.serial == b.serial);
  BOOST_TEST(a.oath.salt == b.oath.salt);
  BOOST_REQUIRE(a.oath.credentials.size() == b.oath.credentials.size());
  for (size_t i = 0; i < a.oath.credentials.size(); ++i) {
    const auto& x = a.oath.credentials[i];
    const auto& y = b.oath.credentials[i];
    BOOST_TEST(x.name == y.name);
    BOOST_TEST(x.kind_alg == y.kind_alg);
    BOOST_TEST(x.digits == y.digits);
    BOOST_TEST(x.properties == y.properties);
    BOOST_TEST(x.counter == y.counter);
    BOOST_TEST(x.secret.Equals(y.secret.view()));
  }
  BOOST_REQUIRE(a.oath.pin.has_value() == b.oath.pin.has_value());
  if (a.oath.pin) {
    BOOST_TEST(a.oath.pin->hash.Equals(b.oath.pin->hash.view()));
    BOOST_TEST(a.oath.pin->salt.Equals(b.oath.pin->salt.view()));
    BOOST_TEST(a.oath.pin->retries_left == b.oath.pin->retries_left);
  }
}

BOOST_AUTO_TEST_SUITE(state)

BOOST_AUTO_TEST_CASE(round_trip) {
  DeviceState s = Sample();
  auto bytes = EncodeState(s);
  auto back = DecodeState(bytes);
  BOOST_REQUIRE(back.ok());
  CheckEqual(s, *back);

  DeviceState empty;
  auto e = DecodeState(EncodeState(empty));
  BOOST_REQUIRE(e.ok());
  CheckEqual(empty, *e);
}

BOOST_AUTO_TEST_CASE(clone_is_deep) {
  DeviceState s = Sample();
  DeviceState c = s.Clone();
  CheckEqual(s, c);
  c.oath.credentials[0].secret.mutable_view()[0] ^= 0xFF;
  c.oath.pin->hash.mutable_view()[0] ^= 0xFF;
  BOOST_TEST(!s.oath.credentials[0].secret.Equals(
      c.oath.credentials[0].secret.view()));
  BOOST_TEST(!s.oath.pin->hash.Equals(c.oath.pin->hash.view()));
}

BOOST_AUTO_TEST_CASE(rejects_every_truncation_and_trailing_bytes) {
  auto bytes = EncodeState(Sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = DecodeState(std::span<const uint8_t>(bytes.data(), n));
    BOOST_TEST(!r.ok(), "prefix of " << n << " bytes decoded");
  }
  auto longer = bytes;
  longer.push_back(0x00);
  BOOST_TEST(!DecodeState(longer).ok());
}

BOOST_AUTO_TEST_CASE(byte_flips_never_decode_to_garbage_silently) {
  // Every single-byte change either fails to decode or decodes to something
  // that re-encodes to exactly the changed bytes (canonical form).
  auto bytes = EncodeState(Sample());
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x20, 0x80, 0xFF}) {
      auto b = bytes;
      b[i] ^= mask;
      auto r = DecodeState(b);
      if (r.ok()) BOOST_TEST(EncodeState(*r) == b);
    }
  }
}

BOOST_AUTO_TEST_CASE(version_handling) {
  DeviceState s;
  s.version = kStateVersion + 1;
  auto r = DecodeState(EncodeState(s));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(static_cast<int>(r.error()) ==
             static_cast<int>(StateError::kUnsupportedVersion));
  s.version = 0;
  auto r0 = DecodeState(EncodeState(s));
  BOOST_REQUIRE(!r0.ok());
  BOOST_TEST(static_cast<int>(r0.error()) ==
             static_cast<int>(StateError::kMalformed));
}

BOOST_AUTO_TEST_CASE(rejects_wrong_types_and_non_canonical) {
  // {1: 1, 2: 0, 3: {1: [], 2: h''}} is the canonical empty state.
  std::vector<uint8_t> good = {0xA3, 0x01, 0x01, 0x02, 0x00, 0x03,
                               0xA2, 0x01, 0x80, 0x02, 0x40};
  BOOST_REQUIRE(DecodeState(good).ok());
  // Serial as a text string.
  auto text = good;
  text[4] = 0x60;
  BOOST_TEST(!DecodeState(text).ok());
  // Non-minimal integer for the serial (0x18 0x00).
  std::vector<uint8_t> nonmin = {0xA3, 0x01, 0x01, 0x02, 0x18, 0x00,
                                 0x03, 0xA2, 0x01, 0x80, 0x02, 0x40};
  BOOST_TEST(!DecodeState(nonmin).ok());
  // Keys out of order.
  std::vector<uint8_t> order = {0xA3, 0x02, 0x00, 0x01, 0x01, 0x03,
                                0xA2, 0x01, 0x80, 0x02, 0x40};
  BOOST_TEST(!DecodeState(order).ok());
  // Indefinite-length array of credentials.
  std::vector<uint8_t> indef = {0xA3, 0x01, 0x01, 0x02, 0x00, 0x03,
                                0xA2, 0x01, 0x9F, 0xFF, 0x02, 0x40};
  BOOST_TEST(!DecodeState(indef).ok());
  // A tag around the version.
  std::vector<uint8_t> tagged = {0xA3, 0x01, 0xC1, 0x01, 0x02, 0x00,
                                 0x03, 0xA2, 0x01, 0x80, 0x02, 0x40};
  BOOST_TEST(!DecodeState(tagged).ok());
  // Serial wider than 32 bits.
  std::vector<uint8_t> wide = {0xA3, 0x01, 0x01, 0x02, 0x1B, 0x00, 0x00,
                               0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03,
                               0xA2, 0x01, 0x80, 0x02, 0x40};
  BOOST_TEST(!DecodeState(wide).ok());
  // A credential array that claims 2^32 entries.
  std::vector<uint8_t> huge = {0xA3, 0x01, 0x01, 0x02, 0x00, 0x03, 0xA2,
                               0x01, 0x9A, 0xFF, 0xFF, 0xFF, 0xFF};
  BOOST_TEST(!DecodeState(huge).ok());
  // Deep nesting.
  std::vector<uint8_t> deep(5000, 0x81);
  deep.push_back(0x00);
  BOOST_TEST(!DecodeState(deep).ok());
}

BOOST_AUTO_TEST_CASE(rejects_oversize) {
  DeviceState s;
  for (int i = 0; i < 65; ++i) {
    OathCredential c;
    c.name = Bytes("n" + std::to_string(i));
    c.secret = SecretBytes(Bytes("secret"));
    s.oath.credentials.push_back(std::move(c));
  }
  BOOST_TEST(!DecodeState(EncodeState(s)).ok());  // > 64 credentials

  DeviceState big;
  OathCredential c;
  c.name = std::vector<uint8_t>(256, 'x');  // > 255 bytes
  c.secret = SecretBytes(Bytes("s"));
  big.oath.credentials.push_back(std::move(c));
  BOOST_TEST(!DecodeState(EncodeState(big)).ok());

  std::vector<uint8_t> too_long(64 * 1024 + 1, 0);
  BOOST_TEST(!DecodeState(too_long).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::store
