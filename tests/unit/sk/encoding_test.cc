// sk/src/encoding.h: libfido2's keys and signatures in sk-api form
// (PROTOCOL.u2f "SSH U2F Key formats", "SSH U2F signatures").
#include "encoding.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "hex.h"
#include "sk_api.h"

namespace sk_provider {
namespace {

using keybridge::testing::FromHex;

BOOST_AUTO_TEST_SUITE(encoding)

BOOST_AUTO_TEST_CASE(algorithms_map_both_ways) {
  BOOST_TEST(*CoseAlgorithm(SSH_SK_ECDSA) == -7);
  BOOST_TEST(*CoseAlgorithm(SSH_SK_ED25519) == -8);
  BOOST_TEST(!CoseAlgorithm(2).has_value());
  BOOST_TEST(*SkAlgorithm(-7) == static_cast<uint32_t>(SSH_SK_ECDSA));
  BOOST_TEST(*SkAlgorithm(-8) == static_cast<uint32_t>(SSH_SK_ED25519));
  BOOST_TEST(!SkAlgorithm(-257).has_value());  // RS256: not an ssh key
}

BOOST_AUTO_TEST_CASE(ecdsa_public_key_is_an_uncompressed_point) {
  std::vector<uint8_t> xy(64);
  for (size_t i = 0; i < xy.size(); ++i) xy[i] = static_cast<uint8_t>(i);
  auto key = SshPublicKey(SSH_SK_ECDSA, xy);
  BOOST_REQUIRE(key.has_value());
  BOOST_TEST(key->size() == 65u);
  BOOST_TEST((*key)[0] == 0x04);
  BOOST_TEST(std::equal(xy.begin(), xy.end(), key->begin() + 1));
  BOOST_TEST(!SshPublicKey(SSH_SK_ECDSA, std::vector<uint8_t>(65)));
  BOOST_TEST(!SshPublicKey(SSH_SK_ECDSA, std::vector<uint8_t>(32)));
}

BOOST_AUTO_TEST_CASE(ed25519_public_key_is_kept) {
  std::vector<uint8_t> pk(32, 0xAB);
  auto key = SshPublicKey(SSH_SK_ED25519, pk);
  BOOST_REQUIRE(key.has_value());
  BOOST_TEST(*key == pk);
  BOOST_TEST(!SshPublicKey(SSH_SK_ED25519, std::vector<uint8_t>(64)));
  BOOST_TEST(!SshPublicKey(7, pk));
}

BOOST_AUTO_TEST_CASE(ecdsa_signature_splits_into_unsigned_r_and_s) {
  // SEQUENCE { INTEGER 00 80 01 (leading zero for the sign bit),
  //            INTEGER 05 }
  auto der = FromHex("30 08 02 03 00 80 01 02 01 05");
  auto parts = EcdsaSignatureParts(der);
  BOOST_REQUIRE(parts.has_value());
  BOOST_TEST(parts->r == FromHex("80 01"));
  BOOST_TEST(parts->s == FromHex("05"));
}

BOOST_AUTO_TEST_CASE(malformed_ecdsa_signatures_are_refused) {
  BOOST_TEST(!EcdsaSignatureParts({}));
  BOOST_TEST(!EcdsaSignatureParts(FromHex("30 08 02 03 00 80 01 02 01")));
  // Trailing garbage after the SEQUENCE.
  BOOST_TEST(!EcdsaSignatureParts(FromHex("30 06 02 01 01 02 01 05 00")));
  // Raw r ‖ s (64 bytes) is not DER.
  BOOST_TEST(!EcdsaSignatureParts(std::vector<uint8_t>(64, 1)));
}

BOOST_AUTO_TEST_CASE(ed25519_signature_is_64_bytes) {
  BOOST_TEST(Ed25519Signature(std::vector<uint8_t>(64, 7)).has_value());
  BOOST_TEST(!Ed25519Signature(std::vector<uint8_t>(63, 7)).has_value());
  BOOST_TEST(!Ed25519Signature(std::vector<uint8_t>(72, 7)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sk_provider
