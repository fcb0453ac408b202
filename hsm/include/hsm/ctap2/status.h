// CtapStatus: the CTAP 2.1 status codes (CTAP 2.1 §8.2), the first byte of
// every CTAPHID_CBOR response. Values equal the spec's codes
// (docs/architecture.md convention 3).
#ifndef HSM_CTAP2_STATUS_H_
#define HSM_CTAP2_STATUS_H_

#include <cstdint>
#include <string_view>

namespace hsm::ctap2 {

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
  kCredentialExcluded = 0x19,
  kProcessing = 0x21,
  kInvalidCredential = 0x22,
  kUserActionPending = 0x23,
  kOperationPending = 0x24,
  kNoOperations = 0x25,
  kUnsupportedAlgorithm = 0x26,
  kOperationDenied = 0x27,
  kKeyStoreFull = 0x28,
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
  kRequestTooLarge = 0x39,
  kActionTimeout = 0x3A,
  kUpRequired = 0x3B,
  kUvBlocked = 0x3C,
  kIntegrityFailure = 0x3D,
  kInvalidSubcommand = 0x3E,
  kUvInvalid = 0x3F,
  kUnauthorizedPermission = 0x40,
  kOther = 0x7F,
  kExtensionFirst = 0xE0,
};

std::string_view ToString(CtapStatus status);

}  // namespace hsm::ctap2

#endif  // HSM_CTAP2_STATUS_H_
