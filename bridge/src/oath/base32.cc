#include "bridge/oath/base32.h"

#include <string>

namespace bridge::oath {
namespace {

int SymbolValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

Result<SecretBytes> Base32Decode(std::string_view text) {
  size_t symbols = 0;
  size_t padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) {
      return MakeError(ErrorKind::kInvalidInput,
                       "base32 secret: data after '=' padding at position " +
                           std::to_string(i + 1));
    }
    if (SymbolValue(c) < 0) {
      return MakeError(ErrorKind::kInvalidInput,
                       "base32 secret: invalid character at position " +
                           std::to_string(i + 1) +
                           " (allowed: A-Z, 2-7, '=', spaces, hyphens)");
    }
    ++symbols;
  }
  if (symbols == 0) {
    return MakeError(ErrorKind::kInvalidInput, "base32 secret is empty");
  }
  size_t rem = symbols % 8;
  if (rem == 1 || rem == 3 || rem == 6) {
    return MakeError(ErrorKind::kInvalidInput,
                     "base32 secret: invalid length (" +
                         std::to_string(symbols) +
                         " symbols; a final group of 1, 3 or 6 is impossible)");
  }
  if (padding > 0 && (symbols + padding) % 8 != 0) {
    return MakeError(ErrorKind::kInvalidInput,
                     "base32 secret: wrong amount of '=' padding");
  }
  SecretBytes out;
  out.Reserve(symbols * 5 / 8 + 1);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = SymbolValue(c);
    if (v < 0) continue;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.Append(static_cast<uint8_t>(buffer >> bits));
      buffer &= (1u << bits) - 1;
    }
  }
  buffer = 0;
  return out;
}

}  // namespace bridge::oath
