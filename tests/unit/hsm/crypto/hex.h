// Hex helpers for crypto tests.
#ifndef TESTS_UNIT_HSM_CRYPTO_HEX_H_
#define TESTS_UNIT_HSM_CRYPTO_HEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

inline std::vector<uint8_t> FromHex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(
        static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

inline std::string ToHex(std::span<const uint8_t> b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t x : b) {
    s.push_back(d[x >> 4]);
    s.push_back(d[x & 15]);
  }
  return s;
}

inline std::vector<uint8_t> Ascii(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

#endif  // TESTS_UNIT_HSM_CRYPTO_HEX_H_
