// ISO 7816-4 status words (ISO/IEC 7816-4 §5.1.3) as answered by OATH
// applets: the table of docs/protocol/oath.md §2.8 (YKOATH and the Nitrokey 3
// Secrets App).
//
// Contract: header-only, no allocation, usable with -fno-exceptions -fno-rtti.
// Sw values equal SW1 SW2 as one big-endian uint16_t. ToString gives the
// ISO 7816-4 meaning in lower case ("not found"); what a status word means to
// a user in context is the caller's business (e.g. bridge/oath/status_word.h).
#ifndef WIRE_ISO7816_STATUS_H_
#define WIRE_ISO7816_STATUS_H_

#include <cstdint>
#include <string_view>

namespace wire::iso7816 {

enum class Sw : uint16_t {
  kSuccess = 0x9000,
  kMoreData = 0x6100,    // 61xx: SW2 = bytes available
  kMoreDataFF = 0x61FF,  // 61FF: 255 or more bytes available (Nitrokey 3)
  kVerificationFailed = 0x6300,
  kNonPersistentError = 0x6400,  // execution error, memory unchanged
  kPersistentError = 0x6500,     // execution error, memory changed
  kMemoryError = 0x6581,
  kWrongLength = 0x6700,
  kLogicalChannelNotSupported = 0x6881,
  kSecureMessagingNotSupported = 0x6882,
  kChainingNotSupported = 0x6884,
  kSecurityStatusNotSatisfied = 0x6982,
  kOperationBlocked = 0x6983,
  kNoSuchObject = 0x6984,  // YubiKey "not found"
  kConditionsNotSatisfied = 0x6985,
  kIncorrectData = 0x6A80,
  kFunctionNotSupported = 0x6A81,
  kNotFound = 0x6A82,  // Nitrokey "not found"
  kNotEnoughMemory = 0x6A84,
  kIncorrectP1P2 = 0x6A86,
  kKeyReferenceNotFound = 0x6A88,
  kInsNotSupported = 0x6D00,
  kClaNotSupported = 0x6E00,
};

inline constexpr uint16_t kSwSuccess = 0x9000;

// The ISO 7816-4 meaning, `unknown` for a status word not in the table.
constexpr std::string_view ToString(
    Sw sw, std::string_view unknown = "unknown status word") {
  switch (sw) {
    case Sw::kSuccess:
      return "success";
    case Sw::kMoreData:
    case Sw::kMoreDataFF:
      return "more data available";
    case Sw::kVerificationFailed:
      return "verification failed";
    case Sw::kNonPersistentError:
      return "unspecified non-persistent execution error";
    case Sw::kPersistentError:
      return "unspecified persistent execution error";
    case Sw::kMemoryError:
      return "memory error";
    case Sw::kWrongLength:
      return "wrong length";
    case Sw::kLogicalChannelNotSupported:
      return "logical channel not supported";
    case Sw::kSecureMessagingNotSupported:
      return "secure messaging not supported";
    case Sw::kChainingNotSupported:
      return "command chaining not supported";
    case Sw::kSecurityStatusNotSatisfied:
      return "security status not satisfied";
    case Sw::kOperationBlocked:
      return "operation blocked";
    case Sw::kNoSuchObject:
      return "no such object";
    case Sw::kConditionsNotSatisfied:
      return "conditions of use not satisfied";
    case Sw::kIncorrectData:
      return "incorrect data parameter";
    case Sw::kFunctionNotSupported:
      return "function not supported";
    case Sw::kNotFound:
      return "not found";
    case Sw::kNotEnoughMemory:
      return "not enough memory";
    case Sw::kIncorrectP1P2:
      return "incorrect P1 or P2";
    case Sw::kKeyReferenceNotFound:
      return "key reference not found";
    case Sw::kInsNotSupported:
      return "instruction not supported";
    case Sw::kClaNotSupported:
      return "class not supported";
  }
  return unknown;
}

}  // namespace wire::iso7816

#endif  // WIRE_ISO7816_STATUS_H_
