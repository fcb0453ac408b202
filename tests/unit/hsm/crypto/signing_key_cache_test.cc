#include "hsm/crypto/signing_key_cache.h"

#include <boost/test/unit_test.hpp>

#include "fake_platform.h"
#include "hex.h"
#include "hsm/crypto/ed25519.h"
#include "hsm/crypto/p256.h"
#include "openssl_util.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;
using Alg = SigningKeyCache::Alg;

BOOST_AUTO_TEST_SUITE(signing_key_cache)

// CTAP 2.1 §6.2.2 step 11: the assertion signature verifies with the
// credential public key, whether the key was built now or taken from the
// cache.
BOOST_AUTO_TEST_CASE(assertion_signature_verifies_on_miss_and_hit) {
  testing::FakePlatform platform;
  SecretBytes d = GenerateP256PrivateKey(platform);
  auto q = P256PublicKey(d.view());
  BOOST_REQUIRE(q.ok());
  SigningKeyCache cache;
  auto message = kt::Ascii("authData || clientDataHash");
  std::vector<std::vector<uint8_t>> sigs;
  for (int i = 0; i < 3; ++i) {
    auto sig = cache.Sign(Alg::kEs256, d.view(), message);
    BOOST_REQUIRE(sig.ok());
    BOOST_TEST(OpensslVerifyEs256(*q, message, *sig));
    sigs.push_back(*sig);
  }
  BOOST_TEST(cache.size() == 1u);
  // The cached signing context draws a fresh nonce every time (SEC 1
  // §4.1.3 step 1): the same message never gets the same signature twice.
  BOOST_TEST(sigs[0] != sigs[1]);
  BOOST_TEST(sigs[1] != sigs[2]);
  BOOST_TEST(sigs[0] != sigs[2]);
  // Another message, and an empty one, on the same cached context.
  auto other = cache.Sign(Alg::kEs256, d.view(), {});
  BOOST_REQUIRE(other.ok());
  BOOST_TEST(OpensslVerifyEs256(*q, {}, *other));
  BOOST_TEST(!OpensslVerifyEs256(*q, message, *other));
}

BOOST_AUTO_TEST_CASE(ed25519_signature_matches_uncached) {
  testing::FakePlatform platform;
  SecretBytes seed = GenerateEd25519PrivateKey(platform);
  SigningKeyCache cache;
  auto message = kt::Ascii("message");
  auto cached = cache.Sign(Alg::kEdDsa, seed.view(), message);
  auto again = cache.Sign(Alg::kEdDsa, seed.view(), message);
  auto plain = Ed25519Sign(seed.view(), message);
  BOOST_REQUIRE(cached.ok());
  BOOST_REQUIRE(again.ok());
  BOOST_REQUIRE(plain.ok());
  BOOST_TEST(*cached == *plain);  // RFC 8032 §5.1.6: deterministic
  BOOST_TEST(*again == *plain);
  BOOST_TEST(cache.size() == 1u);
}

BOOST_AUTO_TEST_CASE(bounded_evicts_least_recently_used) {
  testing::FakePlatform platform;
  std::vector<SecretBytes> keys;
  for (size_t i = 0; i < SigningKeyCache::kCapacity + 1; ++i) {
    keys.push_back(GenerateP256PrivateKey(platform));
  }
  SigningKeyCache cache;
  auto message = kt::Ascii("m");
  for (size_t i = 0; i < SigningKeyCache::kCapacity; ++i) {
    BOOST_REQUIRE(cache.Sign(Alg::kEs256, keys[i].view(), message).ok());
  }
  // Touch key 0, so key 1 is the least recently used.
  BOOST_REQUIRE(cache.Sign(Alg::kEs256, keys[0].view(), message).ok());
  BOOST_REQUIRE(cache.Sign(Alg::kEs256, keys.back().view(), message).ok());
  BOOST_TEST(cache.size() == SigningKeyCache::kCapacity);
  // Every key still signs correctly (evicted ones are rebuilt).
  for (const SecretBytes& k : keys) {
    auto q = P256PublicKey(k.view());
    auto sig = cache.Sign(Alg::kEs256, k.view(), message);
    BOOST_REQUIRE(sig.ok());
    BOOST_TEST(OpensslVerifyEs256(*q, message, *sig));
  }
  BOOST_TEST(cache.size() == SigningKeyCache::kCapacity);
}

BOOST_AUTO_TEST_CASE(erase_and_clear_drop_entries) {
  testing::FakePlatform platform;
  SecretBytes a = GenerateP256PrivateKey(platform);
  SecretBytes b = GenerateP256PrivateKey(platform);
  SigningKeyCache cache;
  auto message = kt::Ascii("m");
  BOOST_REQUIRE(cache.Sign(Alg::kEs256, a.view(), message).ok());
  BOOST_REQUIRE(cache.Sign(Alg::kEs256, b.view(), message).ok());
  cache.Erase(a.view());
  BOOST_TEST(cache.size() == 1u);
  cache.Erase(a.view());  // absent: no change
  BOOST_TEST(cache.size() == 1u);
  cache.Clear();
  BOOST_TEST(cache.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_key_is_not_cached) {
  SigningKeyCache cache;
  std::vector<uint8_t> zero(32, 0);  // d = 0 is not a P-256 scalar
  auto sig = cache.Sign(Alg::kEs256, zero, kt::Ascii("m"));
  BOOST_REQUIRE(!sig.ok());
  BOOST_TEST(static_cast<int>(sig.error()) ==
             static_cast<int>(CryptoError::kBadArgument));
  BOOST_TEST(cache.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
