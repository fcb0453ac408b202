// FidoState codec (strict) and its section of the sealed state.
#include "hsm/ctap2/fido_state.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "ctap2_test_util.h"
#include "fake_platform.h"
#include "hsm/ctap2/fido_store.h"
#include "hsm/store/state_store.h"

namespace hsm::ctap2 {
namespace {

using testing::Bytes;

// True for the state of a device the authenticator never wrote to.
bool FidoStateIsFresh(const FidoState& s) {
  return s.wrap_key.empty() && s.sign_counter == 0 && !s.pin_hash &&
         s.pin_retries == kMaxPinRetries && s.attestation_key.empty() &&
         s.attestation_cert.empty() && s.credentials.empty() &&
         s.next_created == 1;
}

FidoState Sample() {
  FidoState s;
  s.wrap_key = SecretBytes(Bytes(32, 0x01));
  s.sign_counter = 77;
  s.pin_hash = SecretBytes(Bytes(16, 0x02));
  s.pin_retries = 5;
  s.pin_code_points = 6;
  s.attestation_key = SecretBytes(Bytes(32, 0x03));
  s.attestation_cert = Bytes(300, 0x30);
  ResidentCredential c;
  c.id = Bytes(64, 0x04);
  c.rp_id = "example.com";
  c.rp_name = "Example";
  c.user_id = {1, 2, 3};
  c.user_name = "alice";
  c.user_display_name = "Alice Ä.";
  c.alg = kAlgEdDsa;
  c.private_key = SecretBytes(Bytes(32, 0x05));
  c.cred_protect = 3;
  c.hmac_secret = true;
  c.created = 4;
  s.credentials.push_back(std::move(c));
  s.next_created = 5;
  return s;
}

BOOST_AUTO_TEST_SUITE(ctap2_fido_state)

BOOST_AUTO_TEST_CASE(round_trip_and_clone) {
  FidoState s = Sample();
  Bytes encoded = EncodeFidoState(s);
  BOOST_TEST(testing::IsCanonicalCtap2(encoded));
  auto decoded = DecodeFidoState(encoded);
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST(EncodeFidoState(*decoded) == encoded);
  BOOST_TEST(decoded->credentials.at(0).user_display_name == "Alice Ä.");
  BOOST_TEST(decoded->credentials.at(0).private_key.Equals(Bytes(32, 0x05)));
  BOOST_TEST(EncodeFidoState(s.Clone()) == encoded);
}

BOOST_AUTO_TEST_CASE(fresh_state_round_trips) {
  FidoState fresh;
  BOOST_TEST(FidoStateIsFresh(fresh));
  BOOST_TEST(!FidoStateIsFresh(Sample()));
  auto decoded = DecodeFidoState(EncodeFidoState(fresh));
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST(FidoStateIsFresh(*decoded));
}

BOOST_AUTO_TEST_CASE(decoding_is_strict) {
  Bytes good = EncodeFidoState(Sample());
  // Every truncation fails.
  for (size_t n = 0; n < good.size(); n += 7) {
    BOOST_TEST(!DecodeFidoState(Bytes(good.begin(), good.begin() + n)).ok());
  }
  Bytes trailing = good;
  trailing.push_back(0x00);
  BOOST_TEST(!DecodeFidoState(trailing).ok());
  // retries > 8.
  FidoState s = Sample();
  s.pin_retries = 9;
  BOOST_TEST(!DecodeFidoState(EncodeFidoState(s)).ok());
  // credProtect 4.
  s = Sample();
  s.credentials[0].cred_protect = 4;
  BOOST_TEST(!DecodeFidoState(EncodeFidoState(s)).ok());
  // created not below next_created.
  s = Sample();
  s.next_created = 4;
  BOOST_TEST(!DecodeFidoState(EncodeFidoState(s)).ok());
  // Non-minimal integer head for sign_counter (2 → 0x18 0x4D).
  Bytes longer = good;
  const uint8_t pattern[] = {0x02, 0x18, 0x4D};
  auto it = std::search(longer.begin(), longer.end(), std::begin(pattern),
                        std::end(pattern));
  BOOST_REQUIRE(it != longer.end());
  *(it + 1) = 0x19;
  longer.insert(it + 2, 0x00);
  BOOST_TEST(!DecodeFidoState(longer).ok());
}

// CTAP 2.1 §6.11 settings round-trip; a state written before they existed
// (no keys 9-13) decodes with the defaults, and its PIN counts as the
// default minimum length.
BOOST_AUTO_TEST_CASE(config_settings_round_trip_and_old_states_decode) {
  FidoState s = Sample();
  s.always_uv = true;
  s.min_pin_length = 8;
  s.min_pin_length_rp_ids = {"a.example", "b.example"};
  s.force_pin_change = true;
  Bytes encoded = EncodeFidoState(s);
  auto decoded = DecodeFidoState(encoded);
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST(decoded->always_uv);
  BOOST_TEST(decoded->min_pin_length == 8);
  BOOST_TEST((decoded->min_pin_length_rp_ids ==
              std::vector<std::string>{"a.example", "b.example"}));
  BOOST_TEST(decoded->force_pin_change);
  BOOST_TEST(decoded->pin_code_points == 6);
  BOOST_TEST(EncodeFidoState(decoded->Clone()) == encoded);

  // The old form: Sample() without key 13 (its last two bytes, 0x0D 0x06)
  // and one map entry fewer.
  Bytes old = EncodeFidoState(Sample());
  BOOST_REQUIRE(old.size() > 2 && old[old.size() - 2] == 0x0D);
  old.resize(old.size() - 2);
  old[0] -= 1;
  auto legacy = DecodeFidoState(old);
  BOOST_REQUIRE(legacy.ok());
  BOOST_TEST(!legacy->always_uv);
  BOOST_TEST(legacy->min_pin_length == kDefaultMinPinLength);
  BOOST_TEST(legacy->min_pin_length_rp_ids.empty());
  BOOST_TEST(!legacy->force_pin_change);
  BOOST_TEST(legacy->pin_code_points == kDefaultMinPinLength);

  // Defaults written out, or out-of-range values, are not canonical.
  for (auto bad : {+[](FidoState& x) { x.min_pin_length = 3; },
                   +[](FidoState& x) { x.min_pin_length = 64; },
                   +[](FidoState& x) {
                     x.min_pin_length_rp_ids.assign(kMaxMinPinLengthRpIds + 1,
                                                    "rp");
                   },
                   +[](FidoState& x) { x.min_pin_length_rp_ids = {""}; },
                   +[](FidoState& x) { x.pin_code_points = 64; }}) {
    FidoState t = Sample();
    bad(t);
    BOOST_TEST(!DecodeFidoState(EncodeFidoState(t)).ok());
  }
}

// CTAP 2.1 §6.10 large-blob array and §12.2/§12.3 credBlob/largeBlobKey
// round-trip; without them the encoding is the one written before they
// existed (credential maps of 11 members, no key 14), so old states decode.
BOOST_AUTO_TEST_CASE(large_blob_members_round_trip_and_old_states_decode) {
  Bytes old = EncodeFidoState(Sample());
  BOOST_TEST(std::count(old.begin(), old.end(), 0xAB) >= 1);  // map(11)
  auto legacy = DecodeFidoState(old);
  BOOST_REQUIRE(legacy.ok());
  BOOST_TEST(legacy->large_blob_array.empty());
  BOOST_TEST(legacy->credentials.at(0).cred_blob.empty());
  BOOST_TEST(legacy->credentials.at(0).large_blob_key.empty());

  FidoState s = Sample();
  s.large_blob_array = Bytes(100, 0x81);
  s.credentials.at(0).cred_blob = Bytes(32, 0xCB);
  s.credentials.at(0).large_blob_key = SecretBytes(Bytes(32, 0x1B));
  Bytes encoded = EncodeFidoState(s);
  BOOST_TEST(testing::IsCanonicalCtap2(encoded));
  auto decoded = DecodeFidoState(encoded);
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST(decoded->large_blob_array == Bytes(100, 0x81));
  BOOST_TEST(decoded->credentials.at(0).cred_blob == Bytes(32, 0xCB));
  BOOST_TEST(decoded->credentials.at(0).large_blob_key.size() == 32u);
  BOOST_TEST(EncodeFidoState(decoded->Clone()) == encoded);

  // Sizes outside the advertised limits are not a valid state.
  for (auto bad :
       {+[](FidoState& x) { x.large_blob_array = Bytes(16, 1); },
        +[](FidoState& x) {
          x.large_blob_array = Bytes(kMaxSerializedLargeBlobArray + 1, 1);
        },
        +[](FidoState& x) {
          x.credentials.at(0).cred_blob = Bytes(kMaxCredBlobLength + 1, 1);
        },
        +[](FidoState& x) {
          x.credentials.at(0).large_blob_key = SecretBytes(Bytes(16, 1));
        }}) {
    FidoState t = Sample();
    bad(t);
    BOOST_TEST(!DecodeFidoState(EncodeFidoState(t)).ok());
  }
}

BOOST_AUTO_TEST_CASE(lives_in_its_section_of_the_sealed_state) {
  hsm::testing::FakePlatform platform(3);
  {
    store::StateStore sealed(platform);
    BOOST_REQUIRE(sealed.Load().ok());
    SealedFidoStore fido(sealed);
    BOOST_REQUIRE(fido.Load().ok());
    BOOST_TEST(FidoStateIsFresh(fido.state()));
    BOOST_TEST(sealed.section(store::Section::kFido).empty());
    BOOST_REQUIRE(fido.Commit(Sample()));
    BOOST_TEST(Bytes(sealed.section(store::Section::kFido).begin(),
                     sealed.section(store::Section::kFido).end()) ==
               EncodeFidoState(Sample()));
  }
  store::StateStore sealed(platform);  // a power cycle
  BOOST_REQUIRE(sealed.Load().ok());
  SealedFidoStore fido(sealed);
  BOOST_REQUIRE(fido.Load().ok());
  BOOST_TEST(EncodeFidoState(fido.state()) == EncodeFidoState(Sample()));
  BOOST_TEST(EncodeFidoState(fido.state().Clone()) ==
             EncodeFidoState(Sample()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::ctap2
