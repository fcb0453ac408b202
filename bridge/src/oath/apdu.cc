#include "bridge/oath/apdu.h"

#include <string>

namespace bridge::oath {

Result<std::vector<uint8_t>> EncodeApdu(const Apdu& apdu) {
  const size_t n = apdu.data.size();
  if (n > 0xFFFF) {
    return MakeError(
        ErrorKind::kInvalidInput,
        "APDU data of " + std::to_string(n) + " bytes is too long");
  }
  std::vector<uint8_t> out;
  out.reserve(7 + n);
  out.insert(out.end(), {apdu.cla, apdu.ins, apdu.p1, apdu.p2});
  if (n == 0) return out;
  if (n <= 0xFF) {
    out.push_back(static_cast<uint8_t>(n));  // short Lc
  } else {
    out.insert(out.end(), {0x00, static_cast<uint8_t>(n >> 8),
                           static_cast<uint8_t>(n)});  // extended Lc
  }
  out.insert(out.end(), apdu.data.begin(), apdu.data.end());
  return out;
}

}  // namespace bridge::oath
