// ISO 7816-4 command APDUs as sent by the bridge (docs/protocol/oath.md §2.1).
//
// Contract: EncodeApdu gives `CLA INS P1 P2` when there is no data,
// `CLA INS P1 P2 Lc data` with a one-byte Lc for 1..255 bytes, and the
// extended form `CLA INS P1 P2 00 Lh Ll data` for 256..65535 bytes
// (pynitrokey iso7816_compose). No Le is sent. Longer data is kInvalidInput.
#ifndef BRIDGE_OATH_APDU_H_
#define BRIDGE_OATH_APDU_H_

#include <cstdint>
#include <vector>

#include "bridge/error.h"

namespace bridge::oath {

struct Apdu {
  uint8_t cla = 0x00;
  uint8_t ins = 0;
  uint8_t p1 = 0;
  uint8_t p2 = 0;
  std::vector<uint8_t> data;
};

Result<std::vector<uint8_t>> EncodeApdu(const Apdu& apdu);

// A response after the envelope is removed (docs/protocol/oath.md §2.1, §3).
struct ApduResponse {
  uint16_t sw = 0;
  std::vector<uint8_t> data;
};

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_APDU_H_
