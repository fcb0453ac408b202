// CTAPHID for hsm: the wire constants of FIDO CTAP 2.1 §11.2 (shared with the
// bridge through the header-only wire/ctaphid.h, docs/architecture.md
// "Dependency rule") and hsm's packet helpers. The framing code itself is
// written separately on each side so a framing bug cannot hide on both.
#ifndef HSM_CTAPHID_PROTOCOL_H_
#define HSM_CTAPHID_PROTOCOL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "wire/ctaphid.h"

namespace hsm::ctaphid {

// The spec's values live in wire/ctaphid.h; the framing code here is hsm's own.
using wire::ctaphid::Command;
using wire::ctaphid::kBroadcastCid;
using wire::ctaphid::kCapabilityCbor;
using wire::ctaphid::kCapabilityNmsg;
using wire::ctaphid::kCapabilityWink;
using wire::ctaphid::kContDataSize;
using wire::ctaphid::KeepaliveStatus;
using wire::ctaphid::kInitDataSize;
using wire::ctaphid::kInitResponseSize;
using wire::ctaphid::kMaxPayload;
using wire::ctaphid::kProtocolVersion;
using wire::ctaphid::kReportSize;
using wire::ctaphid::kReservedCid;
using wire::ctaphid::kTypeInit;
using wire::ctaphid::ToString;
using Error = wire::ctaphid::ErrorCode;

using Report = std::array<uint8_t, kReportSize>;

// The channel ID: the first four bytes of every packet, big-endian (CTAP 2.1
// §11.2.4). `packet` must hold at least four bytes.
constexpr uint32_t CidOf(std::span<const uint8_t> packet) {
  return (uint32_t{packet[0]} << 24) | (uint32_t{packet[1]} << 16) |
         (uint32_t{packet[2]} << 8) | uint32_t{packet[3]};
}

// Timing (docs/protocol/ctap.md "Decisions").
inline constexpr uint64_t kReassemblyTimeoutMs = 500;
inline constexpr uint64_t kKeepaliveIntervalMs = 100;

}  // namespace hsm::ctaphid

#endif  // HSM_CTAPHID_PROTOCOL_H_
