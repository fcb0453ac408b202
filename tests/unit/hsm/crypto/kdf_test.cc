#include "hsm/crypto/kdf.h"

#include <boost/test/unit_test.hpp>

#include "hex.h"

namespace hsm::crypto {
namespace {

BOOST_AUTO_TEST_SUITE(kdf)

// RFC 6070 §2.
BOOST_AUTO_TEST_CASE(pbkdf2_sha1_rfc6070) {
  auto k1 = Pbkdf2Hmac(HashAlg::kSha1, Ascii("password"), Ascii("salt"), 1, 20);
  auto k4096 =
      Pbkdf2Hmac(HashAlg::kSha1, Ascii("password"), Ascii("salt"), 4096, 20);
  BOOST_REQUIRE(k1.ok());
  BOOST_REQUIRE(k4096.ok());
  BOOST_TEST(ToHex(k1->view()) == "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  BOOST_TEST(ToHex(k4096->view()) ==
             "4b007901b765489abead49d926f721d065a429c1");
}

BOOST_AUTO_TEST_CASE(pbkdf2_sha256) {
  auto k =
      Pbkdf2Hmac(HashAlg::kSha256, Ascii("password"), Ascii("salt"), 1, 32);
  BOOST_REQUIRE(k.ok());
  BOOST_TEST(
      ToHex(k->view()) ==
      "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
}

BOOST_AUTO_TEST_CASE(bad_arguments) {
  BOOST_TEST(!Pbkdf2Hmac(HashAlg::kSha256, Ascii("p"), Ascii("s"), 0, 32).ok());
  BOOST_TEST(!Pbkdf2Hmac(HashAlg::kSha256, Ascii("p"), Ascii("s"), 1, 0).ok());
  BOOST_TEST(
      !Pbkdf2Hmac(HashAlg::kSha256, Ascii("p"), Ascii("s"), 1, 5000).ok());
  // An empty password is allowed (RFC 8018 does not forbid it).
  BOOST_TEST(Pbkdf2Hmac(HashAlg::kSha256, {}, Ascii("s"), 1, 16).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
