// CTAP2 status codes (FIDO CTAP 2.1 §8.2 "Status codes"; docs/protocol/ctap.md
// §6.4): the first byte of every CTAPHID_CBOR response, and libfido2's
// positive return codes (fido/err.h uses the same values).
//
// Contract: header-only, no allocation, usable with -fno-exceptions -fno-rtti.
// CtapStatus values equal the spec's codes (docs/architecture.md convention
// 3). ToString gives the spec name ("CTAP2_ERR_PIN_INVALID"); range markers
// (kExtensionFirst) and codes the spec does not define give `unknown`.
#ifndef WIRE_CTAP2_STATUS_H_
#define WIRE_CTAP2_STATUS_H_

#include <cstdint>
#include <string_view>

namespace wire::ctap2 {

enum class CtapStatus : uint8_t {
  kOk = 0x00,
  kInvalidCommand = 0x01,
  kInvalidParameter = 0x02,
  kInvalidLength = 0x03,
  kInvalidSeq = 0x04,
  kTimeout = 0x05,
  kChannelBusy = 0x06,
  kLockRequired = 0x0A,
  kInvalidChannel = 0x0B,
  kCborUnexpectedType = 0x11,
  kInvalidCbor = 0x12,
  kMissingParameter = 0x14,
  kLimitExceeded = 0x15,
  kUnsupportedExtension = 0x16,
  kFpDatabaseFull = 0x17,
  kLargeBlobStorageFull = 0x18,
  kCredentialExcluded = 0x19,
  kProcessing = 0x21,
  kInvalidCredential = 0x22,
  kUserActionPending = 0x23,
  kOperationPending = 0x24,
  kNoOperations = 0x25,
  kUnsupportedAlgorithm = 0x26,
  kOperationDenied = 0x27,
  kKeyStoreFull = 0x28,
  kNotBusy = 0x29,
  kNoOperationPending = 0x2A,
  kUnsupportedOption = 0x2B,
  kInvalidOption = 0x2C,
  kKeepaliveCancel = 0x2D,
  kNoCredentials = 0x2E,
  kUserActionTimeout = 0x2F,
  kNotAllowed = 0x30,
  kPinInvalid = 0x31,
  kPinBlocked = 0x32,
  kPinAuthInvalid = 0x33,
  kPinAuthBlocked = 0x34,
  kPinNotSet = 0x35,
  kPuatRequired = 0x36,
  kPinPolicyViolation = 0x37,
  kPinTokenExpired = 0x38,
  kRequestTooLarge = 0x39,
  kActionTimeout = 0x3A,
  kUpRequired = 0x3B,
  kUvBlocked = 0x3C,
  kIntegrityFailure = 0x3D,
  kInvalidSubcommand = 0x3E,
  kUvInvalid = 0x3F,
  kUnauthorizedPermission = 0x40,
  kOther = 0x7F,
  kExtensionFirst = 0xE0,  // CTAP2_ERR_EXTENSION_FIRST..LAST = 0xE0..0xEF
};

constexpr std::string_view ToString(CtapStatus status,
                                    std::string_view unknown = "CTAP_UNKNOWN") {
  switch (status) {
    case CtapStatus::kOk:
      return "CTAP2_OK";
    case CtapStatus::kInvalidCommand:
      return "CTAP1_ERR_INVALID_COMMAND";
    case CtapStatus::kInvalidParameter:
      return "CTAP1_ERR_INVALID_PARAMETER";
    case CtapStatus::kInvalidLength:
      return "CTAP1_ERR_INVALID_LENGTH";
    case CtapStatus::kInvalidSeq:
      return "CTAP1_ERR_INVALID_SEQ";
    case CtapStatus::kTimeout:
      return "CTAP1_ERR_TIMEOUT";
    case CtapStatus::kChannelBusy:
      return "CTAP1_ERR_CHANNEL_BUSY";
    case CtapStatus::kLockRequired:
      return "CTAP1_ERR_LOCK_REQUIRED";
    case CtapStatus::kInvalidChannel:
      return "CTAP1_ERR_INVALID_CHANNEL";
    case CtapStatus::kCborUnexpectedType:
      return "CTAP2_ERR_CBOR_UNEXPECTED_TYPE";
    case CtapStatus::kInvalidCbor:
      return "CTAP2_ERR_INVALID_CBOR";
    case CtapStatus::kMissingParameter:
      return "CTAP2_ERR_MISSING_PARAMETER";
    case CtapStatus::kLimitExceeded:
      return "CTAP2_ERR_LIMIT_EXCEEDED";
    case CtapStatus::kUnsupportedExtension:
      return "CTAP2_ERR_UNSUPPORTED_EXTENSION";
    case CtapStatus::kFpDatabaseFull:
      return "CTAP2_ERR_FP_DATABASE_FULL";
    case CtapStatus::kLargeBlobStorageFull:
      return "CTAP2_ERR_LARGE_BLOB_STORAGE_FULL";
    case CtapStatus::kCredentialExcluded:
      return "CTAP2_ERR_CREDENTIAL_EXCLUDED";
    case CtapStatus::kProcessing:
      return "CTAP2_ERR_PROCESSING";
    case CtapStatus::kInvalidCredential:
      return "CTAP2_ERR_INVALID_CREDENTIAL";
    case CtapStatus::kUserActionPending:
      return "CTAP2_ERR_USER_ACTION_PENDING";
    case CtapStatus::kOperationPending:
      return "CTAP2_ERR_OPERATION_PENDING";
    case CtapStatus::kNoOperations:
      return "CTAP2_ERR_NO_OPERATIONS";
    case CtapStatus::kUnsupportedAlgorithm:
      return "CTAP2_ERR_UNSUPPORTED_ALGORITHM";
    case CtapStatus::kOperationDenied:
      return "CTAP2_ERR_OPERATION_DENIED";
    case CtapStatus::kKeyStoreFull:
      return "CTAP2_ERR_KEY_STORE_FULL";
    case CtapStatus::kNotBusy:
      return "CTAP2_ERR_NOT_BUSY";
    case CtapStatus::kNoOperationPending:
      return "CTAP2_ERR_NO_OPERATION_PENDING";
    case CtapStatus::kUnsupportedOption:
      return "CTAP2_ERR_UNSUPPORTED_OPTION";
    case CtapStatus::kInvalidOption:
      return "CTAP2_ERR_INVALID_OPTION";
    case CtapStatus::kKeepaliveCancel:
      return "CTAP2_ERR_KEEPALIVE_CANCEL";
    case CtapStatus::kNoCredentials:
      return "CTAP2_ERR_NO_CREDENTIALS";
    case CtapStatus::kUserActionTimeout:
      return "CTAP2_ERR_USER_ACTION_TIMEOUT";
    case CtapStatus::kNotAllowed:
      return "CTAP2_ERR_NOT_ALLOWED";
    case CtapStatus::kPinInvalid:
      return "CTAP2_ERR_PIN_INVALID";
    case CtapStatus::kPinBlocked:
      return "CTAP2_ERR_PIN_BLOCKED";
    case CtapStatus::kPinAuthInvalid:
      return "CTAP2_ERR_PIN_AUTH_INVALID";
    case CtapStatus::kPinAuthBlocked:
      return "CTAP2_ERR_PIN_AUTH_BLOCKED";
    case CtapStatus::kPinNotSet:
      return "CTAP2_ERR_PIN_NOT_SET";
    case CtapStatus::kPuatRequired:
      return "CTAP2_ERR_PUAT_REQUIRED";
    case CtapStatus::kPinPolicyViolation:
      return "CTAP2_ERR_PIN_POLICY_VIOLATION";
    case CtapStatus::kPinTokenExpired:
      return "CTAP2_ERR_PIN_TOKEN_EXPIRED";
    case CtapStatus::kRequestTooLarge:
      return "CTAP2_ERR_REQUEST_TOO_LARGE";
    case CtapStatus::kActionTimeout:
      return "CTAP2_ERR_ACTION_TIMEOUT";
    case CtapStatus::kUpRequired:
      return "CTAP2_ERR_UP_REQUIRED";
    case CtapStatus::kUvBlocked:
      return "CTAP2_ERR_UV_BLOCKED";
    case CtapStatus::kIntegrityFailure:
      return "CTAP2_ERR_INTEGRITY_FAILURE";
    case CtapStatus::kInvalidSubcommand:
      return "CTAP2_ERR_INVALID_SUBCOMMAND";
    case CtapStatus::kUvInvalid:
      return "CTAP2_ERR_UV_INVALID";
    case CtapStatus::kUnauthorizedPermission:
      return "CTAP2_ERR_UNAUTHORIZED_PERMISSION";
    case CtapStatus::kOther:
      return "CTAP1_ERR_OTHER";
    case CtapStatus::kExtensionFirst:
      break;
  }
  return unknown;
}

}  // namespace wire::ctap2

#endif  // WIRE_CTAP2_STATUS_H_
