#include "secret/secret_bytes.h"

#include <cstring>  // explicit_bzero (glibc, in <string.h>)

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
  if (other.size() != bytes_.size()) return false;
  if (bytes_.empty()) return true;
  // Constant time: every byte is read and no branch depends on contents
  // (what CRYPTO_memcmp does; libc has no such compare).
  volatile uint8_t diff = 0;
  for (size_t i = 0; i < bytes_.size(); ++i) {
    diff = diff | (bytes_[i] ^ other[i]);
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
