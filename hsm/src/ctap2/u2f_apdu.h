// U2F request APDUs carried in CTAPHID_MSG (FIDO U2F Raw Message Formats §3
// and §4–§6; docs/protocol/ctap.md §7.1).
//
// Contract: ParseU2fRequest takes the whole CTAPHID_MSG payload and returns
// the request, or the ISO 7816-4 status word to answer with — checked in
// this order: not an APDU → 6700; CLA ≠ 00 → 6E00; INS other than
// REGISTER 01, AUTHENTICATE 02, VERSION 03 → 6D00; data of the wrong length
// for the INS → 6700; an AUTHENTICATE control byte other than 03/07/08 →
// 6A86. APDUs are ISO 7816-4 short or extended (hsm/src/oath/apdu.h), plus
// the form every U2F client sends for empty data: extended Lc = 00 00 00
// followed by Le (`00 03 00 00 00 00 00 00 00`). Spans view the input.
#ifndef HSM_SRC_CTAP2_U2F_APDU_H_
#define HSM_SRC_CTAP2_U2F_APDU_H_

#include <cstdint>
#include <span>

#include "hsm/result.h"
#include "wire/iso7816_status.h"

namespace hsm::ctap2 {

using wire::iso7816::Sw;

// FIDO U2F Raw Message Formats §4.1, §5.1, §6.1.
enum class U2fIns : uint8_t {
  kRegister = 0x01,
  kAuthenticate = 0x02,
  kVersion = 0x03,
};

// FIDO U2F Raw Message Formats §5.1 control byte (AUTHENTICATE P1).
enum class U2fControl : uint8_t {
  kEnforcePresenceAndSign = 0x03,
  kCheckOnly = 0x07,
  kDontEnforcePresenceAndSign = 0x08,
};

inline constexpr size_t kU2fParamSize = 32;  // challenge, application

struct U2fRequest {
  U2fIns ins = U2fIns::kVersion;
  U2fControl control = U2fControl::kCheckOnly;  // AUTHENTICATE only
  std::span<const uint8_t> challenge;           // REGISTER, AUTHENTICATE
  std::span<const uint8_t> application;         // REGISTER, AUTHENTICATE
  std::span<const uint8_t> key_handle;          // AUTHENTICATE
};

Result<U2fRequest, Sw> ParseU2fRequest(std::span<const uint8_t> apdu);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_U2F_APDU_H_
