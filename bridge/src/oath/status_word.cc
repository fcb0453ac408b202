#include "bridge/oath/status_word.h"

#include <cstdio>
#include <string>

#include "bridge/oath/commands.h"

namespace bridge::oath {

bool IsNotFound(uint16_t sw) {
  return sw == static_cast<uint16_t>(Sw::kNotFound) ||
         sw == static_cast<uint16_t>(Sw::kNoSuchObject);
}

std::string_view Describe(uint16_t sw, uint8_t ins) {
  const bool pin_command =
      ins == kInsVerifyPin || ins == kInsChangePin || ins == kInsSetPin;
  if ((sw & 0xFFF0) == 0x63C0) return "wrong PIN";
  switch (static_cast<Sw>(sw)) {
    case Sw::kSuccess:
      return "success";
    case Sw::kVerificationFailed:
      return "wrong PIN (verification failed)";
    case Sw::kNonPersistentError:
    case Sw::kPersistentError:
    case Sw::kMemoryError:
      return "the key reported an internal error";
    case Sw::kWrongLength:
      return "the key rejected the command length";
    case Sw::kChainingNotSupported:
      return "command chaining is not supported by the key";
    case Sw::kSecurityStatusNotSatisfied:
      // docs/protocol/oath.md §2.8, §2.9: SET PIN while one exists; VERIFY
      // or CHANGE PIN with none; any touch that timed out; §3: a YKOATH
      // key whose password was not given.
      if (ins == kInsSetPin) {
        return "a PIN is already set (change it with 'keybridge oath pin "
               "change')";
      }
      if (ins == kInsVerifyPin || ins == kInsChangePin) {
        return "no PIN is set, or the touch timed out";
      }
      return "not allowed: the touch timed out, or the key wants its PIN or "
             "password first";
    case Sw::kOperationBlocked:
      // docs/protocol/oath.md §2.8: a PIN with no retries left; PUT and
      // RENAME onto an existing name.
      if (pin_command) {
        return "the PIN is blocked (no retries left); only a reset of the "
               "OATH application unblocks it";
      }
      return "an account with that name already exists (delete it first)";
    case Sw::kNotFound:
    case Sw::kNoSuchObject:
      return "no such account (or it is PIN-protected and the PIN was not "
             "verified)";
    case Sw::kConditionsNotSatisfied:
      return "not allowed for this account type or state";
    case Sw::kIncorrectData:
      return "the key rejected the data (bad name or parameter)";
    case Sw::kFunctionNotSupported:
      return "not supported by this key (e.g. SHA-512 codes on a Nitrokey 3)";
    case Sw::kNotEnoughMemory:
      return "the key's account storage is full";
    case Sw::kIncorrectP1P2:
      return "the key rejected the command parameters";
    case Sw::kKeyReferenceNotFound:
      return "the key's storage could not be read";
    case Sw::kInsNotSupported:
      return "command not supported by this key";
    case Sw::kClaNotSupported:
      return "command class not supported by this key";
    case Sw::kMoreData:
    case Sw::kMoreDataFF:
    case Sw::kLogicalChannelNotSupported:
    case Sw::kSecureMessagingNotSupported:
      break;
  }
  if ((sw & 0xFF00) == 0x6100) return "more data available";
  return "unexpected status";
}

Error StatusWordError(uint16_t sw, uint8_t ins, std::string_view what) {
  char hex[8];
  std::snprintf(hex, sizeof(hex), "%04X", sw);
  std::string msg = std::string(what) + ": " + std::string(Describe(sw, ins));
  if ((sw & 0xFFF0) == 0x63C0) {
    msg += ", " + std::to_string(sw & 0x0F) + " retries left";
  }
  msg += std::string(" (SW ") + hex + ")";
  return MakeError(ErrorKind::kStatusWord, std::move(msg), sw);
}

}  // namespace bridge::oath
