// ISO/IEC 7816-4 command APDU parsing (ISO 7816-4 §5.1, §5.4.1) for the OATH
// applet (docs/protocol/oath.md §2.1).
//
// Contract: ParseApdu accepts exactly the four cases in short and extended
// form — case 1 `CLA INS P1 P2`; case 2 `… Le`; case 3 `… Lc data`; case 4
// `… Lc data Le` — and rejects everything else (trailing bytes, Lc = 0,
// truncated data) with kMalformed. `data` views the input; nothing is
// copied. CheckClass implements the CLA rules of the Nitrokey 3 Secrets App.
#ifndef HSM_SRC_OATH_APDU_H_
#define HSM_SRC_OATH_APDU_H_

#include <cstdint>
#include <optional>
#include <span>

#include "hsm/oath/applet.h"
#include "hsm/result.h"

namespace hsm::oath {

struct Apdu {
  uint8_t cla = 0;
  uint8_t ins = 0;
  uint8_t p1 = 0;
  uint8_t p2 = 0;
  std::span<const uint8_t> data;
  std::optional<uint32_t> le;  // Ne: 1..256 short, 1..65536 extended
  bool extended = false;
};

enum class ApduError : uint8_t { kMalformed = 1 };

Result<Apdu, ApduError> ParseApdu(std::span<const uint8_t> bytes);

// ISO 7816-4 §5.4.1: only CLA 00 is served. In the first interindustry class
// (b8..b6 = 000): chaining (b5) → 6884, secure messaging (b4 b3) → 6882,
// logical channel (b2 b1) → 6881; any other class → 6E00.
// Returns nullopt when the class is acceptable.
std::optional<Sw> CheckClass(uint8_t cla);

}  // namespace hsm::oath

#endif  // HSM_SRC_OATH_APDU_H_
