#include "apdu.h"

namespace hsm::oath {

// ISO 7816-4 §5.1 (command-response pairs, short and extended length).
Result<Apdu, ApduError> ParseApdu(std::span<const uint8_t> b) {
  if (b.size() < 4) return MakeErr(ApduError::kMalformed);
  Apdu a;
  a.cla = b[0];
  a.ins = b[1];
  a.p1 = b[2];
  a.p2 = b[3];
  const size_t n = b.size();
  if (n == 4) return a;  // case 1
  if (n == 5) {          // case 2S
    a.le = b[4] == 0 ? 256 : b[4];
    return a;
  }
  if (b[4] != 0) {  // short Lc
    const size_t lc = b[4];
    if (n == 5 + lc) {  // case 3S
      a.data = b.subspan(5, lc);
      return a;
    }
    if (n == 6 + lc) {  // case 4S
      a.data = b.subspan(5, lc);
      a.le = b[5 + lc] == 0 ? 256 : b[5 + lc];
      return a;
    }
    return MakeErr(ApduError::kMalformed);
  }
  // b[4] == 0 and n >= 6: extended length.
  a.extended = true;
  if (n < 7) return MakeErr(ApduError::kMalformed);
  const size_t l = (size_t{b[5]} << 8) | b[6];
  if (n == 7) {  // case 2E
    a.le = l == 0 ? 65536 : static_cast<uint32_t>(l);
    return a;
  }
  if (l == 0) return MakeErr(ApduError::kMalformed);  // Lc must be >= 1
  if (n == 7 + l) {                                   // case 3E
    a.data = b.subspan(7, l);
    return a;
  }
  if (n == 9 + l) {  // case 4E
    a.data = b.subspan(7, l);
    const size_t le = (size_t{b[7 + l]} << 8) | b[8 + l];
    a.le = le == 0 ? 65536 : static_cast<uint32_t>(le);
    return a;
  }
  return MakeErr(ApduError::kMalformed);
}

std::optional<Sw> CheckClass(uint8_t cla) {
  if (cla == 0x00) return std::nullopt;
  if ((cla & 0xE0) != 0x00) return Sw::kClaNotSupported;
  if (cla & 0x10) return Sw::kChainingNotSupported;
  if (cla & 0x0C) return Sw::kSecureMessagingNotSupported;
  return Sw::kLogicalChannelNotSupported;  // cla & 0x03
}

}  // namespace hsm::oath
