// PacketLink: moves single 64-byte CTAPHID reports between host and key.
//
// Contract (docs/protocol/ctap.md §6.1, docs/architecture.md "Transports only
// move bytes"): a report is exactly 64 bytes with no report-ID byte (links that
// need one, like hidraw, add it themselves). Write() sends one report. Read()
// waits at most `timeout_ms` (>= 0) for one report and returns std::nullopt on
// a timeout; any I/O failure is an ErrorKind::kTransport error. A link never
// interprets the bytes.
#ifndef BRIDGE_LINK_PACKET_LINK_H_
#define BRIDGE_LINK_PACKET_LINK_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "bridge/error.h"
#include "wire/ctaphid.h"

namespace bridge::link {

using wire::ctaphid::kReportSize;  // CTAP 2.1 §11.2.4
using Report = std::array<uint8_t, kReportSize>;

class PacketLink {
 public:
  virtual ~PacketLink() = default;
  virtual Status Write(std::span<const uint8_t, kReportSize> report) = 0;
  virtual Result<std::optional<Report>> Read(int timeout_ms) = 0;
};

}  // namespace bridge::link

#endif  // BRIDGE_LINK_PACKET_LINK_H_
