#include "bridge/secret.h"

#include <openssl/crypto.h>

#include <string>
#include <utility>

namespace bridge {

SecretBytes::SecretBytes(std::span<const uint8_t> bytes)
    : bytes_(bytes.begin(), bytes.end()) {}

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

void SecretBytes::Clear() {
  Wipe();
  bytes_.clear();
}

bool SecretBytes::Equals(std::span<const uint8_t> other) const {
  if (other.size() != bytes_.size()) return false;
  if (bytes_.empty()) return true;
  return CRYPTO_memcmp(bytes_.data(), other.data(), bytes_.size()) == 0;
}

void SecretBytes::Wipe() {
  if (bytes_.capacity() > 0) {
    // Wipe the whole allocation: earlier, longer contents may linger there.
    size_t n = bytes_.size();
    bytes_.resize(bytes_.capacity());
    OPENSSL_cleanse(bytes_.data(), bytes_.size());
    bytes_.resize(n);
  }
}

void WipeString(std::string& s) {
  if (s.capacity() > 0) {
    s.resize(s.capacity());
    OPENSSL_cleanse(s.data(), s.size());
  }
  s.clear();
}

void WipeBytes(std::vector<uint8_t>& v) {
  if (v.capacity() > 0) {
    v.resize(v.capacity());
    OPENSSL_cleanse(v.data(), v.size());
  }
  v.clear();
}

}  // namespace bridge
