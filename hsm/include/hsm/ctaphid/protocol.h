// CTAPHID wire constants (FIDO CTAP 2.1 §11.2). The bridge keeps its own copy
// of these values (bridge/ctaphid) so a framing bug cannot hide on both sides.
#ifndef HSM_CTAPHID_PROTOCOL_H_
#define HSM_CTAPHID_PROTOCOL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace hsm::ctaphid {

inline constexpr size_t kReportSize = 64;
using Report = std::array<uint8_t, kReportSize>;

inline constexpr size_t kInitDataSize = kReportSize - 7;  // 57
inline constexpr size_t kContDataSize = kReportSize - 5;  // 59
inline constexpr size_t kMaxSequence = 128;
// 57 + 128 * 59 = 7609 (CTAP 2.1 §11.2.4).
inline constexpr size_t kMaxPayload =
    kInitDataSize + kMaxSequence * kContDataSize;

inline constexpr uint32_t kBroadcastCid = 0xFFFFFFFF;

// The channel ID: the first four bytes of every packet, big-endian (CTAP 2.1
// §11.2.4). `packet` must hold at least four bytes.
constexpr uint32_t CidOf(std::span<const uint8_t> packet) {
  return (uint32_t{packet[0]} << 24) | (uint32_t{packet[1]} << 16) |
         (uint32_t{packet[2]} << 8) | uint32_t{packet[3]};
}

inline constexpr uint32_t kReservedCid = 0;
inline constexpr uint8_t kTypeInit = 0x80;
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
  kSecretsApp = 0x70,  // Nitrokey 3 Secrets App (OATH APDUs, SW first)
  kVendorLast = 0x7F,
};

// CTAPHID_ERROR codes (CTAP 2.1 §11.2.9.1.6).
enum class Error : uint8_t {
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
std::string_view ToString(Error error);

// KEEPALIVE status byte (CTAP 2.1 §11.2.9.1.5).
enum class KeepaliveStatus : uint8_t {
  kProcessing = 1,
  kUpNeeded = 2,
};

// INIT response capability flags (CTAP 2.1 §11.2.9.1.3).
inline constexpr uint8_t kCapabilityWink = 0x01;
inline constexpr uint8_t kCapabilityCbor = 0x04;
inline constexpr uint8_t kCapabilityNmsg = 0x08;

// Timing (docs/protocol/ctap.md "Decisions").
inline constexpr uint64_t kReassemblyTimeoutMs = 500;
inline constexpr uint64_t kKeepaliveIntervalMs = 100;

}  // namespace hsm::ctaphid

#endif  // HSM_CTAPHID_PROTOCOL_H_
