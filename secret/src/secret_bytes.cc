#include "secret/secret_bytes.h"

#include <cstdint>
#include <cstring>  // explicit_bzero (glibc, in <string.h>), memcpy
#include <utility>

namespace secret {
namespace {

// Overwrites the whole allocation: earlier, longer contents may linger
// beyond size().
template <typename Buffer>
void WipeAllocation(Buffer& b) {
  if (b.capacity() == 0) return;
  const size_t n = b.size();
  b.resize(b.capacity());
  WipeMemory(b.data(), b.size());
  b.resize(n);
}

// Eight bytes from `p`, any alignment.
uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

}  // namespace

SecretBytes::SecretBytes(std::span<const uint8_t> bytes)
    : bytes_(bytes.begin(), bytes.end()) {}

SecretBytes::SecretBytes(size_t size) : bytes_(size, 0) {}

SecretBytes::~SecretBytes() { Wipe(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : bytes_(std::move(other.bytes_)) {
  other.bytes_.clear();
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
  }
  return *this;
}

SecretBytes SecretBytes::Clone() const { return SecretBytes(view()); }

void SecretBytes::Append(uint8_t b) {
  if (bytes_.size() == bytes_.capacity()) {
    std::vector<uint8_t> bigger;
    bigger.reserve(bytes_.capacity() * 2 + 64);
    bigger.assign(bytes_.begin(), bytes_.end());
    Wipe();
    bytes_ = std::move(bigger);
  }
  bytes_.push_back(b);
}

void SecretBytes::Clear() { Wipe(); }

bool SecretBytes::Equals(std::span<const uint8_t> other) const {
  const size_t n = bytes_.size();
  if (other.size() != n) return false;
  // Constant time: every byte is read and no branch depends on contents
  // (what CRYPTO_memcmp does; libc has no such compare). The differences
  // are ORed into a volatile, so the compiler cannot stop at the first one.
  // Eight bytes at a time, for the key caches that compare a key against
  // every entry on each lookup (hsm/include/hsm/crypto/hmac_key_cache.h). A
  // length that is not a multiple of eight ends with the last eight bytes,
  // overlapping the word before (a byte compared twice changes nothing);
  // under eight, byte by byte.
  const uint8_t* a = bytes_.data();
  const uint8_t* b = other.data();
  volatile uint64_t diff = 0;
  if (n < 8) {
    for (size_t i = 0; i < n; ++i) diff = diff | (a[i] ^ b[i]);
  } else {
    for (size_t i = 0; i + 8 <= n; i += 8) {
      diff = diff | (Load64(a + i) ^ Load64(b + i));
    }
    if (n % 8 != 0) diff = diff | (Load64(a + n - 8) ^ Load64(b + n - 8));
  }
  return diff == 0;
}

void SecretBytes::Wipe() {
  WipeAllocation(bytes_);
  bytes_.clear();
}

void WipeMemory(void* p, size_t n) {
  if (n != 0) explicit_bzero(p, n);
}

void WipeString(std::string& s) {
  WipeAllocation(s);
  s.clear();
}

void WipeBytes(std::vector<uint8_t>& v) {
  WipeAllocation(v);
  v.clear();
}

}  // namespace secret
