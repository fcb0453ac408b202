// The sealed store's plaintext record (hsm/store/state_record.h): sections
// as opaque bytes, strict decoding, and the migration of version 1 records.
#include "hsm/store/state_record.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "hex.h"
#include "hsm/ctap2/fido_state.h"
#include "hsm/oath/oath_state.h"
#include "strict_decoder_checks.h"

namespace hsm::store {
namespace {

using keybridge::testing::FromHex;

std::vector<uint8_t> View(const SecretBytes& s) {
  return std::vector<uint8_t>(s.view().begin(), s.view().end());
}

StateRecord Sample() {
  StateRecord r;
  r.serial = 0xA1B2C3D4;
  r.oath = SecretBytes(std::vector<uint8_t>{0xA2, 0x01, 0x80, 0x02, 0x40});
  r.fido = SecretBytes(std::vector<uint8_t>(40, 0x5C));
  return r;
}

// Written by the version-1 encoder (the last one before sections): serial
// 0x12345678; one TOTP credential "Example:alice@google.com" (SHA-1, 6
// digits, touch, counter 7, secret "1234567890" twice), a PIN (retries 5) and
// an access key; a FIDO state with a resident credential for example.com.
constexpr const char* kVersion1Record =
    "a40101021a1234567803a40181a60158184578616d706c653a616c69636540676f6f676c"
    "652e636f6d02182103060402050706543132333435363738393031323334353637383930"
    "0248010203040506070803a3015820ababababababababababababababababababababab"
    "ababababababababababab0250cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd030504a2011821"
    "02505a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a04589aa60158201111111111111111111111"
    "1111111111111111111111111111111111111111110219012c0350222222222222222222"
    "2222222222222204070781ab014409090909026b6578616d706c652e636f6d0367457861"
    "6d706c65044201020565616c6963650665416c6963650726085820333333333333333333"
    "333333333333333333333333333333333333333333333309020af50b010802";

BOOST_AUTO_TEST_SUITE(state_record)

BOOST_AUTO_TEST_CASE(round_trip_keeps_sections_byte_for_byte) {
  StateRecord r = Sample();
  auto back = DecodeStateRecord(EncodeStateRecord(r));
  BOOST_REQUIRE(back.ok());
  BOOST_TEST(back->serial == r.serial);
  BOOST_TEST(View(back->oath) == View(r.oath));
  BOOST_TEST(View(back->fido) == View(r.fido));

  StateRecord empty;  // no section written yet
  BOOST_TEST(EncodeStateRecord(empty) == FromHex("a2 01 02 02 00"));
  auto e = DecodeStateRecord(EncodeStateRecord(empty));
  BOOST_REQUIRE(e.ok());
  BOOST_TEST(e->oath.empty());
  BOOST_TEST(e->fido.empty());
}

BOOST_AUTO_TEST_CASE(version_1_record_is_migrated) {
  auto record = DecodeStateRecord(FromHex(kVersion1Record));
  BOOST_REQUIRE(record.ok());
  BOOST_TEST(record->serial == 0x12345678u);

  auto oath = oath::DecodeOathState(record->oath.view());
  BOOST_REQUIRE(oath.ok());
  BOOST_REQUIRE(oath->credentials.size() == 1u);
  const auto& c = oath->credentials[0];
  BOOST_TEST(std::string(c.name.begin(), c.name.end()) ==
             "Example:alice@google.com");
  BOOST_TEST(c.kind_alg == 0x21);
  BOOST_TEST(c.digits == 6);
  BOOST_TEST(c.properties == 0x02);
  BOOST_TEST(c.counter == 7u);
  BOOST_TEST(c.secret.Equals(
      FromHex("31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30")));
  BOOST_TEST(oath->salt == FromHex("01 02 03 04 05 06 07 08"));
  BOOST_REQUIRE(oath->pin.has_value());
  BOOST_TEST(oath->pin->retries_left == 5);
  BOOST_REQUIRE(oath->access_key.has_value());
  BOOST_TEST(oath->access_key->key.Equals(std::vector<uint8_t>(16, 0x5A)));

  auto fido = ctap2::DecodeFidoState(record->fido.view());
  BOOST_REQUIRE(fido.ok());
  BOOST_TEST(fido->sign_counter == 300u);
  BOOST_TEST(fido->pin_retries == 7);
  BOOST_REQUIRE(fido->credentials.size() == 1u);
  BOOST_TEST(fido->credentials[0].rp_id == "example.com");
  BOOST_TEST(fido->credentials[0].hmac_secret);

  // Re-encoded, it is a version-2 record with the same sections.
  auto again = DecodeStateRecord(EncodeStateRecord(*record));
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(View(again->oath) == View(record->oath));
  BOOST_TEST(View(again->fido) == View(record->fido));

  // A version-1 record always has its OATH map.
  BOOST_TEST(!DecodeStateRecord(FromHex("a2 01 01 02 00")).ok());
}

BOOST_AUTO_TEST_CASE(rejects_every_truncation_and_trailing_bytes) {
  for (const auto& bytes :
       {EncodeStateRecord(Sample()), FromHex(kVersion1Record)}) {
    hsm::testing::CheckRejectsTruncationAndTrailing(bytes, DecodeStateRecord);
  }
}

BOOST_AUTO_TEST_CASE(byte_flips_never_decode_to_garbage_silently) {
  hsm::testing::CheckByteFlipsDecodeCanonically(
      EncodeStateRecord(Sample()), DecodeStateRecord, EncodeStateRecord);
}

BOOST_AUTO_TEST_CASE(version_handling) {
  auto newer = DecodeStateRecord(FromHex("a2 01 03 02 00"));
  BOOST_REQUIRE(!newer.ok());
  BOOST_TEST(static_cast<int>(newer.error()) ==
             static_cast<int>(StateError::kUnsupportedVersion));
  auto zero = DecodeStateRecord(FromHex("a2 01 00 02 00"));
  BOOST_REQUIRE(!zero.ok());
  BOOST_TEST(static_cast<int>(zero.error()) ==
             static_cast<int>(StateError::kMalformed));
}

BOOST_AUTO_TEST_CASE(rejects_wrong_types_and_non_canonical) {
  BOOST_REQUIRE(DecodeStateRecord(FromHex("a2 01 02 02 00")).ok());
  BOOST_TEST(!DecodeStateRecord(FromHex("a2 01 02 02 60")).ok());     // text
  BOOST_TEST(!DecodeStateRecord(FromHex("a2 01 02 02 18 00")).ok());  // long
  BOOST_TEST(!DecodeStateRecord(FromHex("a2 02 00 01 02")).ok());     // order
  BOOST_TEST(!DecodeStateRecord(FromHex("a2 01 c1 02 02 00")).ok());  // tag
  BOOST_TEST(
      !DecodeStateRecord(FromHex("a2 01 02 02 1b 00 00 00 01 00 00 00 00"))
           .ok());  // serial wider than 32 bits
  BOOST_TEST(!DecodeStateRecord(FromHex("a3 01 02 02 00 03 40")).ok());
  BOOST_TEST(!DecodeStateRecord(FromHex("a3 01 02 02 00 05 41 00")).ok());
  BOOST_TEST(!DecodeStateRecord(FromHex("a3 01 02 02 00 03 a0")).ok());
  std::vector<uint8_t> deep(5000, 0x81);
  deep.push_back(0x00);
  BOOST_TEST(!DecodeStateRecord(deep).ok());
  std::vector<uint8_t> too_long(64 * 1024 + 1, 0);
  BOOST_TEST(!DecodeStateRecord(too_long).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::store
