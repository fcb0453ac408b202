// Host-side CTAPHID wire constants (FIDO CTAP 2.1 §11.2.4, §11.2.9;
// docs/protocol/ctap.md §6.1, docs/protocol/oath.md §1). Written independently
// of hsm's copy on purpose (docs/architecture.md "Dependency rule").
//
// Contract: command values are given WITHOUT the init-packet bit 7; the
// framing code adds it. ErrorCode values equal the CTAPHID_ERROR byte.
#ifndef BRIDGE_CTAPHID_PROTOCOL_H_
#define BRIDGE_CTAPHID_PROTOCOL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace bridge::ctaphid {

inline constexpr uint32_t kBroadcastCid = 0xFFFFFFFF;
inline constexpr size_t kInitDataSize = 64 - 7;  // CID4 CMD1 BCNT2
inline constexpr size_t kContDataSize = 64 - 5;  // CID4 SEQ1
inline constexpr uint8_t kMaxSeq = 0x7F;
inline constexpr size_t kMaxMessageSize =
    kInitDataSize + (kMaxSeq + 1) * kContDataSize;  // 7609
inline constexpr uint8_t kInitBit = 0x80;
inline constexpr size_t kNonceSize = 8;
inline constexpr size_t kInitResponseSize = 17;

// CTAP 2.1 §11.2.9 commands (value without bit 7).
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
  kSecrets =
      0x70,  // Nitrokey Secrets App vendor command (docs/protocol/oath.md §1)
};

// CTAP 2.1 §11.2.9.1.6 error codes.
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

// CTAP 2.1 §11.2.9.1.5 KEEPALIVE status.
inline constexpr uint8_t kStatusProcessing = 1;
inline constexpr uint8_t kStatusUpNeeded = 2;

// INIT capability flags (CTAP 2.1 §11.2.9.1.3).
inline constexpr uint8_t kCapWink = 0x01;
inline constexpr uint8_t kCapCbor = 0x04;
inline constexpr uint8_t kCapNmsg = 0x08;

std::string_view ToString(ErrorCode code);

}  // namespace bridge::ctaphid

#endif  // BRIDGE_CTAPHID_PROTOCOL_H_
