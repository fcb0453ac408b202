#include "hsm/crypto/cipher.h"

#include <boost/test/unit_test.hpp>

#include "hex.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;

BOOST_AUTO_TEST_SUITE(cipher)

// NIST SP 800-38A Appendix F.2.5 (CBC-AES256.Encrypt) and F.2.6
// (CBC-AES256.Decrypt).
const char kKey[] =
    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
const char kIv[] = "000102030405060708090a0b0c0d0e0f";
const char kPlain[] =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const char kCipher[] =
    "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
    "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b";

BOOST_AUTO_TEST_CASE(cbc_sp800_38a_f25) {
  auto ct = Aes256CbcEncrypt(kt::FromHex(kKey), kt::FromHex(kIv),
                             kt::FromHex(kPlain));
  BOOST_REQUIRE(ct.ok());
  BOOST_TEST(kt::ToHex(*ct) == kCipher);  // no padding block appended
  auto pt = Aes256CbcDecrypt(kt::FromHex(kKey), kt::FromHex(kIv),
                             kt::FromHex(kCipher));
  BOOST_REQUIRE(pt.ok());
  BOOST_TEST(kt::ToHex(pt->view()) == kPlain);
}

BOOST_AUTO_TEST_CASE(cbc_empty_input) {
  auto ct = Aes256CbcEncrypt(kt::FromHex(kKey), kt::FromHex(kIv), {});
  BOOST_REQUIRE(ct.ok());
  BOOST_TEST(ct->empty());
  auto pt = Aes256CbcDecrypt(kt::FromHex(kKey), kt::FromHex(kIv), {});
  BOOST_REQUIRE(pt.ok());
  BOOST_TEST(pt->empty());
}

BOOST_AUTO_TEST_CASE(cbc_bad_arguments) {
  std::vector<uint8_t> key(32), iv(16), block(16);
  auto partial = Aes256CbcEncrypt(key, iv, std::vector<uint8_t>(17));
  BOOST_REQUIRE(!partial.ok());
  BOOST_TEST(static_cast<int>(partial.error()) ==
             static_cast<int>(CryptoError::kBadArgument));
  BOOST_TEST(!Aes256CbcDecrypt(key, iv, std::vector<uint8_t>(15)).ok());
  BOOST_TEST(!Aes256CbcEncrypt(std::vector<uint8_t>(16), iv, block).ok());
  BOOST_TEST(!Aes256CbcDecrypt(key, std::vector<uint8_t>(12), block).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
