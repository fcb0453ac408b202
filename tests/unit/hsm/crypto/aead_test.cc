#include "hsm/crypto/aead.h"

#include <boost/test/unit_test.hpp>

#include "hex.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;

BOOST_AUTO_TEST_SUITE(aead)

// McGrew & Viega GCM spec, test cases 13 and 14 (AES-256, zero key and IV).
BOOST_AUTO_TEST_CASE(gcm_known_vectors) {
  std::vector<uint8_t> key(32, 0), nonce(12, 0), pt(16, 0);
  auto empty = Aes256GcmSeal(key, nonce, {}, {});
  BOOST_REQUIRE(empty.ok());
  BOOST_TEST(kt::ToHex(*empty) == "530f8afbc74536b9a963b4f1c4cb738b");
  auto sealed = Aes256GcmSeal(key, nonce, {}, pt);
  BOOST_REQUIRE(sealed.ok());
  BOOST_TEST(
      kt::ToHex(*sealed) ==
      "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
  auto opened = Aes256GcmOpen(key, nonce, {}, *sealed);
  BOOST_REQUIRE(opened.ok());
  BOOST_TEST(opened->Equals(pt));
}

BOOST_AUTO_TEST_CASE(round_trip_and_tamper) {
  std::vector<uint8_t> key(32), nonce(12), aad = kt::Ascii("header");
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i);
  for (size_t i = 0; i < nonce.size(); ++i)
    nonce[i] = static_cast<uint8_t>(9 * i);
  auto pt = kt::Ascii("the quick brown fox jumps over the lazy dog");
  auto sealed = Aes256GcmSeal(key, nonce, aad, pt);
  BOOST_REQUIRE(sealed.ok());
  BOOST_TEST(sealed->size() == pt.size() + kGcmTagSize);
  auto ok = Aes256GcmOpen(key, nonce, aad, *sealed);
  BOOST_REQUIRE(ok.ok());
  BOOST_TEST(ok->Equals(pt));

  for (size_t i = 0; i < sealed->size(); ++i) {
    auto bad = *sealed;
    bad[i] ^= 0x01;
    auto r = Aes256GcmOpen(key, nonce, aad, bad);
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(static_cast<int>(r.error()) ==
               static_cast<int>(CryptoError::kAuthFailed));
  }
  auto bad_aad = aad;
  bad_aad[0] ^= 1;
  BOOST_TEST(!Aes256GcmOpen(key, nonce, bad_aad, *sealed).ok());
  auto bad_nonce = nonce;
  bad_nonce[11] ^= 1;
  BOOST_TEST(!Aes256GcmOpen(key, bad_nonce, aad, *sealed).ok());
  auto bad_key = key;
  bad_key[31] ^= 1;
  BOOST_TEST(!Aes256GcmOpen(bad_key, nonce, aad, *sealed).ok());
  // Shorter than a tag.
  BOOST_TEST(!Aes256GcmOpen(key, nonce, aad,
                            std::span<const uint8_t>(sealed->data(), 15))
                  .ok());
}

BOOST_AUTO_TEST_CASE(bad_arguments) {
  std::vector<uint8_t> short_key(16), key(32), nonce(12), long_nonce(16);
  auto r1 = Aes256GcmSeal(short_key, nonce, {}, {});
  BOOST_REQUIRE(!r1.ok());
  BOOST_TEST(static_cast<int>(r1.error()) ==
             static_cast<int>(CryptoError::kBadArgument));
  BOOST_TEST(!Aes256GcmSeal(key, long_nonce, {}, {}).ok());
  BOOST_TEST(
      !Aes256GcmOpen(short_key, nonce, {}, std::vector<uint8_t>(16)).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
