// OathState::access_key (YKOATH SET CODE, protocol/oath.md §3) in the
// sealed-state CBOR: round trip with and without a PIN, and states written
// before the field existed still decode.
#include <boost/test/unit_test.hpp>

#include "hsm/store/state.h"

namespace hsm::store {
namespace {

DeviceState Base() {
  DeviceState s;
  s.serial = 0x01020304;
  s.oath.salt = {9, 8, 7, 6, 5, 4, 3, 2};
  OathCredential c;
  c.name = {'a'};
  c.kind_alg = 0x21;
  c.secret = SecretBytes(std::vector<uint8_t>(20, 0x31));
  s.oath.credentials.push_back(std::move(c));
  return s;
}

OathAccessKey Key(uint8_t alg) {
  OathAccessKey k;
  k.kind_alg = alg;
  k.key = SecretBytes(std::vector<uint8_t>(16, 0x5A));
  return k;
}

BOOST_AUTO_TEST_SUITE(access_key_state)

BOOST_AUTO_TEST_CASE(round_trip_with_and_without_pin) {
  for (bool with_pin : {false, true}) {
    DeviceState s = Base();
    if (with_pin) {
      OathPin pin;
      pin.hash = SecretBytes(std::vector<uint8_t>(32, 1));
      pin.salt = SecretBytes(std::vector<uint8_t>(16, 2));
      pin.retries_left = 7;
      s.oath.pin = std::move(pin);
    }
    s.oath.access_key = Key(0x22);
    auto bytes = EncodeState(s);
    auto back = DecodeState(bytes);
    BOOST_REQUIRE(back.ok());
    BOOST_REQUIRE(back->oath.access_key.has_value());
    BOOST_TEST(back->oath.access_key->kind_alg == 0x22);
    BOOST_TEST(
        back->oath.access_key->key.Equals(s.oath.access_key->key.view()));
    BOOST_TEST(back->oath.pin.has_value() == with_pin);
    DeviceState copy = back->Clone();
    BOOST_TEST(copy.oath.access_key->key.Equals(s.oath.access_key->key.view()));
    // Every truncation is rejected.
    for (size_t n = 0; n < bytes.size(); ++n) {
      BOOST_TEST(!DecodeState(std::span(bytes).first(n)).ok());
    }
  }
}

BOOST_AUTO_TEST_CASE(old_states_still_decode) {
  DeviceState s = Base();
  auto bytes = EncodeState(s);  // no key 4 in the oath map: the old layout
  auto back = DecodeState(bytes);
  BOOST_REQUIRE(back.ok());
  BOOST_TEST(!back->oath.access_key.has_value());
  BOOST_TEST(back->oath.credentials.size() == 1u);
}

BOOST_AUTO_TEST_CASE(rejects_bad_access_entries) {
  DeviceState s = Base();
  s.oath.access_key = Key(0x21);
  auto bytes = EncodeState(s);
  // The access map is the last thing in the oath map here: `04 A2 01 18? …`.
  // Find `04 A2 01 21 02 50` (key 4, map(2), 1: 0x21, 2: bstr(16)).
  const std::vector<uint8_t> marker = {0x04, 0xA2, 0x01, 0x18,
                                       0x21, 0x02, 0x50};
  auto it =
      std::search(bytes.begin(), bytes.end(), marker.begin(), marker.end());
  BOOST_REQUIRE(it != bytes.end());
  auto bad = bytes;
  bad[it - bytes.begin()] = 0x05;  // unknown key 5
  BOOST_TEST(!DecodeState(bad).ok());
  bad = bytes;
  bad[it - bytes.begin() + 1] = 0xA1;  // map(1): missing the key
  BOOST_TEST(!DecodeState(bad).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::store
