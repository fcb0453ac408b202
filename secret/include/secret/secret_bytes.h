// SecretBytes: key material, PINs and anything read from the user that may
// contain them (docs/architecture.md convention 5). hsm and bridge both use
// this one class (hsm/secret.h, bridge/secret.h).
//
// Contract: not copyable (Clone() is explicit); the whole allocation is wiped
// (WipeMemory) on destruction, on move-from, on Clear() and before
// Append() moves to a larger buffer, so no stray copy is left behind; readers
// Reserve() up front. Equals() compares in constant time (sizes are not
// secret). Never log or print the contents.
#ifndef SECRET_SECRET_BYTES_H_
#define SECRET_SECRET_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace secret {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::span<const uint8_t> bytes);
  explicit SecretBytes(size_t size);  // zero-filled
  ~SecretBytes();

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;

  // An explicit copy, for the few places that must duplicate a secret
  // (copy-on-write state updates).
  SecretBytes Clone() const;

  // Reserves capacity so that Append() up to `n` bytes never reallocates.
  void Reserve(size_t n) { bytes_.reserve(n); }
  // Appends one byte; if the capacity is exhausted the buffer is moved to a
  // larger one and the old one wiped first.
  void Append(uint8_t b);
  void Clear();

  std::span<const uint8_t> view() const { return bytes_; }
  std::span<uint8_t> mutable_view() { return bytes_; }
  std::string_view as_string_view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  // Constant time (CRYPTO_memcmp); sizes are not secret.
  bool Equals(std::span<const uint8_t> other) const;

 private:
  void Wipe();
  std::vector<uint8_t> bytes_;
};

// Overwrites n bytes at p with zeros in a way the compiler may not remove
// (glibc's explicit_bzero, as OPENSSL_cleanse does; libc only, so that
// keybridge needs no libcrypto to start).
void WipeMemory(void* p, size_t n);

// Wipe a std::string or byte vector in place (its whole allocation), for the
// few transient copies that std APIs force on us.
void WipeString(std::string& s);
void WipeBytes(std::vector<uint8_t>& v);

}  // namespace secret

#endif  // SECRET_SECRET_BYTES_H_
