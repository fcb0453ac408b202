#include "hsm/crypto/hmac_key_cache.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "crypto_test_util.h"
#include "hex.h"
#include "hsm/crypto/hash.h"

namespace hsm::crypto {
namespace {

namespace kt = keybridge::testing;
using Bytes = std::vector<uint8_t>;

struct Vector {
  const char* source;
  HashAlg alg;
  Bytes key;
  Bytes data;
  const char* mac;
};

// RFC 2202 §3 (HMAC-SHA-1) and RFC 4231 §4 (HMAC-SHA-256/512) test cases,
// including keys longer than the hash's block, which HMAC hashes first.
std::vector<Vector> Vectors() {
  const Bytes hi = kt::Ascii("Hi There");
  const Bytes jefe_data = kt::Ascii("what do ya want for nothing?");
  const Bytes large =
      kt::Ascii("Test Using Larger Than Block-Size Key - Hash Key First");
  return {
      {"RFC 2202 §3 case 1", HashAlg::kSha1, Bytes(20, 0x0b), hi,
       "b617318655057264e28bc0b6fb378c8ef146be00"},
      {"RFC 2202 §3 case 2", HashAlg::kSha1, kt::Ascii("Jefe"), jefe_data,
       "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {"RFC 2202 §3 case 6", HashAlg::kSha1, Bytes(80, 0xaa), large,
       "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
      {"RFC 4231 §4.3 case 2", HashAlg::kSha256, kt::Ascii("Jefe"), jefe_data,
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"RFC 4231 §4.3 case 2", HashAlg::kSha512, kt::Ascii("Jefe"), jefe_data,
       "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
       "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
      {"RFC 4231 §4.7 case 6", HashAlg::kSha256, Bytes(131, 0xaa), large,
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"RFC 4231 §4.7 case 6", HashAlg::kSha512, Bytes(131, 0xaa), large,
       "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
       "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
  };
}

// Whether `key` has an entry: Erase drops it if so, which size() shows.
// (Leaves the cache without it.)
bool HadEntry(HmacKeyCache& cache, const Bytes& key) {
  const size_t before = cache.size();
  cache.Erase(key);
  return cache.size() < before;
}

BOOST_AUTO_TEST_SUITE(hmac_key_cache)

// Each vector on a miss (keying a new entry) and on two hits (the entry's
// key re-used after a final), equal to the vector and to crypto::Hmac.
BOOST_AUTO_TEST_CASE(rfc_vectors_on_miss_and_hits) {
  HmacKeyCache cache(16);
  const std::vector<Vector> vectors = Vectors();
  for (int round = 0; round < 3; ++round) {
    for (const Vector& v : vectors) {
      BOOST_TEST_CONTEXT(v.source << " round " << round) {
        BOOST_TEST(kt::RequireHex(cache.Hmac(v.alg, v.key, v.data)) == v.mac);
        BOOST_TEST(kt::RequireHex(Hmac(v.alg, v.key, v.data)) == v.mac);
      }
    }
  }
  BOOST_TEST(cache.size() == vectors.size());
}

// A hit starts from the key alone, whatever the entry hashed before: new
// messages, shorter and empty ones, on one entry.
BOOST_AUTO_TEST_CASE(hit_hashes_each_message_from_the_key) {
  HmacKeyCache cache(4);
  const Bytes key = kt::Ascii("12345678901234567890");
  const std::vector<Bytes> messages = {
      kt::Ascii("a longer message than the next one"),
      kt::Ascii("short"),
      {},
      Bytes(8, 0),
      kt::Ascii("short")};
  for (HashAlg alg : {HashAlg::kSha1, HashAlg::kSha256, HashAlg::kSha512}) {
    for (const Bytes& m : messages) {
      BOOST_TEST(kt::RequireHex(cache.Hmac(alg, key, m)) ==
                 kt::RequireHex(Hmac(alg, key, m)));
    }
  }
  BOOST_TEST(cache.size() == 3u);
}

// An empty key is a key (RFC 2104 §2): it gets its own entry and never
// takes another entry's key, nor does another key take its.
BOOST_AUTO_TEST_CASE(empty_key_is_its_own_entry) {
  HmacKeyCache cache(4);
  const std::string empty_mac =
      "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";
  const Bytes other = kt::Ascii("Jefe");
  BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha256, other, {})) !=
             empty_mac);
  BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha256, {}, {})) == empty_mac);
  BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha256, {}, {})) == empty_mac);
  BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha256, other, {})) ==
             kt::RequireHex(Hmac(HashAlg::kSha256, other, {})));
  BOOST_TEST(cache.size() == 2u);
}

// One key under three hash algorithms is three entries, each with its own
// MAC; erasing the key drops all three.
BOOST_AUTO_TEST_CASE(same_key_different_algs_do_not_collide) {
  HmacKeyCache cache(8);
  const Bytes key(20, 0x0b);
  const Bytes data = kt::Ascii("Hi There");
  for (int round = 0; round < 2; ++round) {
    BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha1, key, data)) ==
               "b617318655057264e28bc0b6fb378c8ef146be00");
    BOOST_TEST(
        kt::RequireHex(cache.Hmac(HashAlg::kSha256, key, data)) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    BOOST_TEST(
        kt::RequireHex(cache.Hmac(HashAlg::kSha512, key, data)) ==
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
        "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
  }
  BOOST_TEST(cache.size() == 3u);
  cache.Erase(key);
  BOOST_TEST(cache.size() == 0u);
}

// Keys that differ in one byte, or only in length, are different entries.
BOOST_AUTO_TEST_CASE(near_keys_are_different_entries) {
  HmacKeyCache cache(8);
  const Bytes data = kt::Ascii("m");
  Bytes a(20, 0x11);
  Bytes b = a;
  b[19] ^= 1;
  Bytes c(21, 0x11);
  for (const Bytes* k : {&a, &b, &c, &a, &b, &c}) {
    BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha1, *k, data)) ==
               kt::RequireHex(Hmac(HashAlg::kSha1, *k, data)));
  }
  BOOST_TEST(cache.size() == 3u);
}

BOOST_AUTO_TEST_CASE(bounded_evicts_least_recently_used) {
  HmacKeyCache cache(3);
  BOOST_TEST(cache.capacity() == 3u);
  std::vector<Bytes> keys;
  for (uint8_t i = 0; i < 4; ++i) keys.push_back(Bytes(20, i));
  const Bytes data = kt::Ascii("m");
  for (size_t i = 0; i < 3; ++i) {
    BOOST_REQUIRE(cache.Hmac(HashAlg::kSha1, keys[i], data).ok());
  }
  // Use key 0 again, so key 1 is the least recently used.
  BOOST_REQUIRE(cache.Hmac(HashAlg::kSha1, keys[0], data).ok());
  BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha1, keys[3], data)) ==
             kt::RequireHex(Hmac(HashAlg::kSha1, keys[3], data)));
  BOOST_TEST(cache.size() == 3u);
  BOOST_TEST(!HadEntry(cache, keys[1]));
  BOOST_TEST(HadEntry(cache, keys[0]));
  BOOST_TEST(HadEntry(cache, keys[2]));
  BOOST_TEST(HadEntry(cache, keys[3]));
  BOOST_TEST(cache.size() == 0u);
}

BOOST_AUTO_TEST_CASE(capacity_is_at_least_one) {
  HmacKeyCache cache(0);
  BOOST_TEST(cache.capacity() == 1u);
  const Bytes data = kt::Ascii("m");
  for (uint8_t i = 0; i < 3; ++i) {
    const Bytes key(20, i);
    BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha1, key, data)) ==
               kt::RequireHex(Hmac(HashAlg::kSha1, key, data)));
    BOOST_TEST(cache.size() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(erase_and_clear_drop_entries) {
  HmacKeyCache cache(4);
  const Bytes a(20, 0xa0);
  const Bytes b(20, 0xb0);
  const Bytes data = kt::Ascii("m");
  BOOST_REQUIRE(cache.Hmac(HashAlg::kSha1, a, data).ok());
  BOOST_REQUIRE(cache.Hmac(HashAlg::kSha1, b, data).ok());
  cache.Erase(a);
  BOOST_TEST(cache.size() == 1u);
  cache.Erase(a);  // absent: no change
  BOOST_TEST(cache.size() == 1u);
  // An erased key keys a new entry with the right MAC.
  BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha1, a, data)) ==
             kt::RequireHex(Hmac(HashAlg::kSha1, a, data)));
  BOOST_TEST(cache.size() == 2u);
  cache.Clear();
  BOOST_TEST(cache.size() == 0u);
  BOOST_TEST(kt::RequireHex(cache.Hmac(HashAlg::kSha1, b, data)) ==
             kt::RequireHex(Hmac(HashAlg::kSha1, b, data)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace hsm::crypto
