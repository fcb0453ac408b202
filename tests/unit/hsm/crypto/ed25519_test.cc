#include "hsm/crypto/ed25519.h"

#include <boost/test/unit_test.hpp>

#include "crypto_test_util.h"
#include "fake_platform.h"
#include "hex.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;

BOOST_AUTO_TEST_SUITE(ed25519)

// RFC 8032 §7.1 TEST 1 (empty message).
BOOST_AUTO_TEST_CASE(rfc8032_test1) {
  auto seed = kt::FromHex(
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  BOOST_TEST(
      kt::RequireHex(Ed25519PublicKey(seed)) ==
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  BOOST_TEST(
      kt::RequireHex(Ed25519Sign(seed, {})) ==
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

// RFC 8032 §7.1 TEST 2 (one-byte message).
BOOST_AUTO_TEST_CASE(rfc8032_test2) {
  auto seed = kt::FromHex(
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  BOOST_TEST(
      kt::RequireHex(Ed25519Sign(seed, kt::FromHex("72"))) ==
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
      "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
}

BOOST_AUTO_TEST_CASE(generate_and_bad_size) {
  testing::FakePlatform platform(7);
  SecretBytes key = GenerateEd25519PrivateKey(platform);
  BOOST_TEST(key.size() == kEd25519KeySize);
  BOOST_TEST(Ed25519PublicKey(key.view()).ok());
  auto bad = Ed25519Sign(std::vector<uint8_t>(31), kt::Ascii("m"));
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(static_cast<int>(bad.error()) ==
             static_cast<int>(CryptoError::kBadArgument));
  BOOST_TEST(!Ed25519PublicKey(std::vector<uint8_t>(33)).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
