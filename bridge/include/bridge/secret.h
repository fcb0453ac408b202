// SecretBytes: key material, PINs and anything read from the user that may
// contain them (docs/architecture.md convention 5).
//
// Contract: not copyable (Clone() is explicit), the buffer is wiped with
// OPENSSL_cleanse on destruction, on move-from and on Clear(); capacity is
// reserved up front by the readers so growth never leaves stray copies.
// Equals() compares in constant time (sizes are not secret). Never log or
// print the contents.
#ifndef BRIDGE_SECRET_H_
#define BRIDGE_SECRET_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bridge {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::span<const uint8_t> bytes);
  ~SecretBytes();

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;

  SecretBytes Clone() const;

  // Reserves capacity so that Append() up to `n` bytes never reallocates.
  void Reserve(size_t n) { bytes_.reserve(n); }
  // Appends one byte; if the capacity is exhausted the buffer is moved to a
  // larger one and the old one wiped first.
  void Append(uint8_t b);
  void Clear();

  std::span<const uint8_t> view() const { return bytes_; }
  std::string_view as_string_view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  bool Equals(std::span<const uint8_t> other) const;

 private:
  void Wipe();
  std::vector<uint8_t> bytes_;
};

// Wipes a std::string (or any contiguous buffer) in place; for the few
// transient copies that std APIs force on us.
void WipeString(std::string& s);
void WipeBytes(std::vector<uint8_t>& v);

}  // namespace bridge

#endif  // BRIDGE_SECRET_H_
