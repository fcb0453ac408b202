// SecretBytes: key material that is never copied implicitly, is zeroed when
// destroyed, and is compared in constant time (docs/architecture.md convention
// 5).
#ifndef HSM_SECRET_H_
#define HSM_SECRET_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace hsm {

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

  // An explicit copy, for the rare places that must duplicate a secret
  // (copy-on-write state updates).
  SecretBytes Clone() const;

  std::span<const uint8_t> view() const { return bytes_; }
  std::span<uint8_t> mutable_view() { return bytes_; }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  // Constant-time comparison (CRYPTO_memcmp); sizes are not secret.
  bool Equals(std::span<const uint8_t> other) const;

 private:
  void Wipe();
  std::vector<uint8_t> bytes_;
};

}  // namespace hsm

#endif  // HSM_SECRET_H_
