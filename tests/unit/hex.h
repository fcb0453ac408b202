// Byte-string helpers for unit tests: vectors written as hex or as text.
#ifndef TESTS_UNIT_HEX_H_
#define TESTS_UNIT_HEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace keybridge::testing {

// The bytes of `hex`; anything that is not a hex digit (spaces, colons) is
// skipped, so vectors can be grouped for reading.
inline std::vector<uint8_t> FromHex(std::string_view hex) {
  std::vector<uint8_t> out;
  int high = -1;
  for (char c : hex) {
    int v = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                     : -1;
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  return out;
}

// Lower-case hex, no separators.
inline std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

// The bytes of an ASCII string, for vectors given as text.
inline std::vector<uint8_t> Ascii(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

}  // namespace keybridge::testing

#endif  // TESTS_UNIT_HEX_H_
