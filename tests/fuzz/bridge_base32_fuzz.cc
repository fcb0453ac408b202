// libFuzzer: base32 decoding (RFC 4648 §6) never crashes, and the output
// length matches the number of symbols.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bridge/oath/base32.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bridge::Result<bridge::SecretBytes> out = bridge::oath::Base32Decode(text);
  if (out.ok()) {
    size_t symbols = 0;
    for (char c : text) {
      if (c != ' ' && c != '-' && c != '\t' && c != '=') ++symbols;
    }
    if (out->size() != symbols * 5 / 8) std::abort();
  }
  return 0;
}
