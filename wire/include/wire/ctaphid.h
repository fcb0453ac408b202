// CTAPHID wire constants (FIDO CTAP 2.1 §11.2.4 packets, §11.2.9 commands,
// §11.2.9.1.3 INIT capabilities, §11.2.9.1.5 KEEPALIVE, §11.2.9.1.6 errors;
// docs/protocol/ctap.md §6.1, docs/protocol/oath.md §1 for the vendor command).
//
// Contract: header-only, no allocation, usable with -fno-exceptions -fno-rtti.
// Holds only the spec's values and names; the framing code stays written
// separately in hsm and in bridge (docs/architecture.md "Dependency rule").
// Command values are given WITHOUT the init-packet bit (kTypeInit); the
// framing adds it. ErrorCode values equal the CTAPHID_ERROR byte.
#ifndef WIRE_CTAPHID_H_
#define WIRE_CTAPHID_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wire::ctaphid {

// Packet layout (CTAP 2.1 §11.2.4): init = CID4 CMD1 BCNT2 data,
// continuation = CID4 SEQ1 data.
inline constexpr size_t kReportSize = 64;
inline constexpr size_t kInitDataSize = kReportSize - 7;  // 57
inline constexpr size_t kContDataSize = kReportSize - 5;  // 59
inline constexpr uint8_t kMaxSeq = 0x7F;                  // last SEQ value
// 57 + 128 * 59 = 7609.
inline constexpr size_t kMaxPayload =
    kInitDataSize + (size_t{kMaxSeq} + 1) * kContDataSize;
inline constexpr uint8_t kTypeInit = 0x80;  // bit 7 of CMD: init packet

inline constexpr uint32_t kBroadcastCid = 0xFFFFFFFF;
inline constexpr uint32_t kReservedCid = 0;

// CTAPHID_INIT (CTAP 2.1 §11.2.9.1.3): 8-byte nonce; the response is
// nonce | CID | protocol version | 3 version bytes | capabilities.
inline constexpr size_t kNonceSize = 8;
inline constexpr size_t kInitResponseSize = 17;
inline constexpr uint8_t kProtocolVersion = 2;

// Command codes without the init bit (CTAP 2.1 §11.2.9).
enum class Command : uint8_t {
  kPing = 0x01,
  kMsg = 0x03,
  kLock = 0x04,
  kInit = 0x06,
  kWink = 0x08,
  kCbor = 0x10,
  kCancel = 0x11,
  kKeepalive = 0x3B,
  kError = 0x3F,
  kVendorFirst = 0x40,
  kSecrets = 0x70,  // Nitrokey 3 Secrets App (docs/protocol/oath.md §1)
  kVendorLast = 0x7F,
};

// The spec name without the CTAPHID_ prefix ("CBOR"), `unknown` for a value
// the spec does not define (other vendor commands included).
constexpr std::string_view ToString(Command command,
                                    std::string_view unknown = "UNKNOWN") {
  switch (command) {
    case Command::kPing:
      return "PING";
    case Command::kMsg:
      return "MSG";
    case Command::kLock:
      return "LOCK";
    case Command::kInit:
      return "INIT";
    case Command::kWink:
      return "WINK";
    case Command::kCbor:
      return "CBOR";
    case Command::kCancel:
      return "CANCEL";
    case Command::kKeepalive:
      return "KEEPALIVE";
    case Command::kError:
      return "ERROR";
    case Command::kSecrets:
      return "OATH";  // vendor 0x70, Nitrokey 3 Secrets App
    case Command::kVendorFirst:
    case Command::kVendorLast:
      break;
  }
  return unknown;
}

// CTAPHID_ERROR codes (CTAP 2.1 §11.2.9.1.6).
enum class ErrorCode : uint8_t {
  kInvalidCmd = 0x01,
  kInvalidPar = 0x02,
  kInvalidLen = 0x03,
  kInvalidSeq = 0x04,
  kMsgTimeout = 0x05,
  kChannelBusy = 0x06,
  kLockRequired = 0x0A,
  kInvalidChannel = 0x0B,
  kOther = 0x7F,
};

// The spec name without the ERR_ prefix ("INVALID_CMD"), `unknown` for a
// value the spec does not define.
constexpr std::string_view ToString(ErrorCode code,
                                    std::string_view unknown = "UNKNOWN") {
  switch (code) {
    case ErrorCode::kInvalidCmd:
      return "INVALID_CMD";
    case ErrorCode::kInvalidPar:
      return "INVALID_PAR";
    case ErrorCode::kInvalidLen:
      return "INVALID_LEN";
    case ErrorCode::kInvalidSeq:
      return "INVALID_SEQ";
    case ErrorCode::kMsgTimeout:
      return "MSG_TIMEOUT";
    case ErrorCode::kChannelBusy:
      return "CHANNEL_BUSY";
    case ErrorCode::kLockRequired:
      return "LOCK_REQUIRED";
    case ErrorCode::kInvalidChannel:
      return "INVALID_CHANNEL";
    case ErrorCode::kOther:
      return "OTHER";
  }
  return unknown;
}

// KEEPALIVE status byte (CTAP 2.1 §11.2.9.1.5).
enum class KeepaliveStatus : uint8_t {
  kProcessing = 1,
  kUpNeeded = 2,
};

constexpr std::string_view ToString(KeepaliveStatus status,
                                    std::string_view unknown = "UNKNOWN") {
  switch (status) {
    case KeepaliveStatus::kProcessing:
      return "PROCESSING";
    case KeepaliveStatus::kUpNeeded:
      return "UPNEEDED";
  }
  return unknown;
}

// INIT response capability flags (CTAP 2.1 §11.2.9.1.3).
inline constexpr uint8_t kCapabilityWink = 0x01;
inline constexpr uint8_t kCapabilityCbor = 0x04;
inline constexpr uint8_t kCapabilityNmsg = 0x08;

}  // namespace wire::ctaphid

#endif  // WIRE_CTAPHID_H_
