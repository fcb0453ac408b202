// SecretKeyedLru: the bounded store behind SigningKeyCache and HmacKeyCache,
// values found by an algorithm and secret key bytes.
//
// Contract: every lookup compares the key against every entry in constant
// time (SecretBytes::Equals), so the scan takes the same time wherever (and
// whether) the key sits and timing tells only whether it matched. At most
// `capacity` entries (at least 1); inserting into a full store evicts the
// least recently used one. An entry that goes (evicted, erased, cleared, or
// with the store) destroys its value, whose owner makes it clear its key
// material (OpenSSL key and MAC objects do when freed), and wipes its copy of
// the key. Value may be incomplete where the store is declared, complete
// where it is used. Not thread-safe.
#ifndef HSM_CRYPTO_SECRET_KEYED_LRU_H_
#define HSM_CRYPTO_SECRET_KEYED_LRU_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "hsm/secret.h"

namespace hsm::crypto {

template <typename Alg, typename Value>
class SecretKeyedLru {
 public:
  explicit SecretKeyedLru(size_t capacity)
      : capacity_(std::max<size_t>(capacity, 1)) {}

  // The value stored for (alg, key), now the most recently used; nullptr if
  // there is none.
  Value* Find(Alg alg, std::span<const uint8_t> key) {
    Entry* hit = nullptr;
    for (Entry& e : entries_) {
      const bool same = e.key.Equals(key) && e.alg == alg;
      if (same && hit == nullptr) hit = &e;
    }
    if (hit == nullptr) return nullptr;
    hit->last_use = ++clock_;
    return &hit->value;
  }

  // Stores `value` for (alg, key), which Find did not have.
  Value& Insert(Alg alg, std::span<const uint8_t> key, Value value) {
    if (entries_.size() >= capacity_) {
      auto oldest = std::min_element(entries_.begin(), entries_.end(),
                                     [](const Entry& a, const Entry& b) {
                                       return a.last_use < b.last_use;
                                     });
      entries_.erase(oldest);
    }
    entries_.push_back(
        Entry{alg, SecretBytes(key), std::move(value), ++clock_});
    return entries_.back().value;
  }

  // Drops the entries for `key`, whatever their algorithm.
  void Erase(std::span<const uint8_t> key) {
    std::erase_if(entries_, [&](const Entry& e) { return e.key.Equals(key); });
  }
  void Clear() { entries_.clear(); }
  size_t size() const { return entries_.size(); }
  size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    Alg alg;
    SecretBytes key;
    Value value;
    uint64_t last_use;
  };
  size_t capacity_;
  std::vector<Entry> entries_;
  uint64_t clock_ = 0;
};

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_SECRET_KEYED_LRU_H_
