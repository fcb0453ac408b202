#include "hsm/crypto/hash.h"

#include <boost/test/unit_test.hpp>

#include "crypto_test_util.h"
#include "hex.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;

BOOST_AUTO_TEST_SUITE(hash)

// FIPS 180-2 Appendix B.1.
BOOST_AUTO_TEST_CASE(sha256_abc) {
  BOOST_TEST(
      kt::RequireHex(Sha256(kt::Ascii("abc"))) ==
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(sha256_empty) {
  BOOST_TEST(
      kt::RequireHex(Sha256({})) ==
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// RFC 2202 §3 test case 1.
BOOST_AUTO_TEST_CASE(hmac_sha1_rfc2202) {
  std::vector<uint8_t> key(20, 0x0b);
  BOOST_TEST(kt::RequireHex(Hmac(HashAlg::kSha1, key, kt::Ascii("Hi There"))) ==
             "b617318655057264e28bc0b6fb378c8ef146be00");
}

// RFC 4231 §4.3 test case 2.
BOOST_AUTO_TEST_CASE(hmac_sha2_rfc4231) {
  auto data = kt::Ascii("what do ya want for nothing?");
  BOOST_TEST(
      kt::RequireHex(Hmac(HashAlg::kSha256, kt::Ascii("Jefe"), data)) ==
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  BOOST_TEST(
      kt::RequireHex(Hmac(HashAlg::kSha512, kt::Ascii("Jefe"), data)) ==
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
      "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}

// An empty key is legal HMAC (RFC 2104 §2) and must not reuse a stale key.
BOOST_AUTO_TEST_CASE(hmac_empty_key_and_data) {
  BOOST_TEST(
      kt::RequireHex(Hmac(HashAlg::kSha256, {}, {})) ==
      "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

// RFC 4231 §4.2 test case 1, through the fixed-size HMAC-SHA-256.
BOOST_AUTO_TEST_CASE(hmac_sha256_fixed_size) {
  std::vector<uint8_t> key(20, 0x0b);
  std::string m = kt::RequireHex(HmacSha256(key, kt::Ascii("Hi There")));
  BOOST_TEST(
      m == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  BOOST_TEST(
      kt::RequireHex(Hmac(HashAlg::kSha256, key, kt::Ascii("Hi There"))) == m);
}

BOOST_AUTO_TEST_CASE(digest_sizes) {
  BOOST_TEST(DigestSize(HashAlg::kSha1) == 20u);
  BOOST_TEST(DigestSize(HashAlg::kSha256) == 32u);
  BOOST_TEST(DigestSize(HashAlg::kSha512) == 64u);
  BOOST_TEST(std::string(ToString(CryptoError::kAuthFailed)) ==
             "authentication failed");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
