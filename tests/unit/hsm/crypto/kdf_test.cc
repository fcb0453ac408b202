#include "hsm/crypto/kdf.h"

#include <boost/test/unit_test.hpp>

#include "hex.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;

// An RFC 5869 Appendix A vector with IKM = 22 bytes of 0x0b and L = 42.
void CheckHkdfSha256Vector(std::span<const uint8_t> salt,
                           std::span<const uint8_t> info,
                           const std::string& okm_hex) {
  std::vector<uint8_t> ikm(22, 0x0b);
  auto okm = HkdfSha256(salt, ikm, info, 42);
  BOOST_REQUIRE(okm.ok());
  BOOST_TEST(kt::ToHex(okm->view()) == okm_hex);
}

BOOST_AUTO_TEST_SUITE(kdf)

// RFC 6070 §2.
BOOST_AUTO_TEST_CASE(pbkdf2_sha1_rfc6070) {
  auto k1 = Pbkdf2Hmac(HashAlg::kSha1, kt::Ascii("password"), kt::Ascii("salt"),
                       1, 20);
  auto k4096 = Pbkdf2Hmac(HashAlg::kSha1, kt::Ascii("password"),
                          kt::Ascii("salt"), 4096, 20);
  BOOST_REQUIRE(k1.ok());
  BOOST_REQUIRE(k4096.ok());
  BOOST_TEST(kt::ToHex(k1->view()) ==
             "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  BOOST_TEST(kt::ToHex(k4096->view()) ==
             "4b007901b765489abead49d926f721d065a429c1");
}

BOOST_AUTO_TEST_CASE(pbkdf2_sha256) {
  auto k = Pbkdf2Hmac(HashAlg::kSha256, kt::Ascii("password"),
                      kt::Ascii("salt"), 1, 32);
  BOOST_REQUIRE(k.ok());
  BOOST_TEST(
      kt::ToHex(k->view()) ==
      "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
}

BOOST_AUTO_TEST_CASE(bad_arguments) {
  BOOST_TEST(
      !Pbkdf2Hmac(HashAlg::kSha256, kt::Ascii("p"), kt::Ascii("s"), 0, 32)
           .ok());
  BOOST_TEST(
      !Pbkdf2Hmac(HashAlg::kSha256, kt::Ascii("p"), kt::Ascii("s"), 1, 0).ok());
  BOOST_TEST(
      !Pbkdf2Hmac(HashAlg::kSha256, kt::Ascii("p"), kt::Ascii("s"), 1, 5000)
           .ok());
  // An empty password is allowed (RFC 8018 does not forbid it).
  BOOST_TEST(Pbkdf2Hmac(HashAlg::kSha256, {}, kt::Ascii("s"), 1, 16).ok());
}

// RFC 5869 Appendix A.1 (test case 1).
BOOST_AUTO_TEST_CASE(hkdf_sha256_rfc5869_case1) {
  CheckHkdfSha256Vector(
      kt::FromHex("000102030405060708090a0b0c"),
      kt::FromHex("f0f1f2f3f4f5f6f7f8f9"),
      "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
      "34007208d5b887185865");
}

// RFC 5869 Appendix A.3 (test case 3): empty salt and info.
BOOST_AUTO_TEST_CASE(hkdf_sha256_rfc5869_case3) {
  CheckHkdfSha256Vector(
      {}, {},
      "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
      "9d201395faa4b61a96c8");
}

BOOST_AUTO_TEST_CASE(hkdf_bad_arguments) {
  std::vector<uint8_t> ikm(32, 1);
  auto zero = HkdfSha256({}, ikm, {}, 0);
  BOOST_REQUIRE(!zero.ok());
  BOOST_TEST(static_cast<int>(zero.error()) ==
             static_cast<int>(CryptoError::kBadArgument));
  BOOST_TEST(!HkdfSha256({}, ikm, {}, 255 * 32 + 1).ok());
  BOOST_TEST(HkdfSha256({}, ikm, {}, 255 * 32).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
