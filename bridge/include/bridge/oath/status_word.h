// ISO 7816-4 status words answered by OATH applets (docs/protocol/oath.md §2.8,
// §3).
//
// Contract: StatusWordError turns any SW other than 9000 into a kStatusWord
// Error whose code is the SW and whose message says in plain words what
// went wrong (e.g. 6A82 "no such account", 6983 "already exists").
#ifndef BRIDGE_OATH_STATUS_WORD_H_
#define BRIDGE_OATH_STATUS_WORD_H_

#include <cstdint>
#include <string_view>

#include "bridge/error.h"

namespace bridge::oath {

enum class Sw : uint16_t {
  kSuccess = 0x9000,
  kMoreData = 0x6100,  // 61xx: SW2 = bytes available (NK3: FF)
  kVerificationFailed = 0x6300,
  kExecutionError = 0x6400,
  kPersistentExecutionError = 0x6500,
  kMemoryError = 0x6581,
  kWrongLength = 0x6700,
  kChainingNotSupported = 0x6884,
  kSecurityStatusNotSatisfied = 0x6982,
  kOperationBlocked = 0x6983,
  kNoSuchObject = 0x6984,  // YubiKey "not found"
  kConditionsNotSatisfied = 0x6985,
  kIncorrectData = 0x6A80,
  kFunctionNotSupported = 0x6A81,
  kNotFound = 0x6A82,
  kNotEnoughMemory = 0x6A84,
  kIncorrectP1P2 = 0x6A86,
  kKeyReferenceNotFound = 0x6A88,
  kInsNotSupported = 0x6D00,
  kClaNotSupported = 0x6E00,
};

inline constexpr uint16_t kSwSuccess = 0x9000;

// True for 6A82 and 6984, the two "not found" spellings.
bool IsNotFound(uint16_t sw);

std::string_view Describe(uint16_t sw);

// `what` names the operation, e.g. "delete 'Example:alice'".
Error StatusWordError(uint16_t sw, std::string_view what);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_STATUS_WORD_H_
