// The YubiKey management applet, read-only, over a CCID envelope
// (docs/protocol/management.md): the key's serial and firmware version.
//
// Contract: ReadDeviceInfo() SELECTs the management AID (§2), then sends
// READ CONFIG (§3) and parses the answer; it leaves the management applet
// selected, so an OATH session must SELECT again afterwards. A key without
// the applet gives a kStatusWord error (6A82, as SELECT answered). Host
// failures are the envelope's errors. ParseDeviceInfo reads `L ‖ TLVs`:
// L must equal the number of bytes after it, the TLVs must parse (BER
// lengths) and tag 02 / 05, when present, must be 4 / 3 bytes; anything
// else is kProtocol. A serial of 0 counts as none (§3).
#ifndef BRIDGE_OATH_MANAGEMENT_H_
#define BRIDGE_OATH_MANAGEMENT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "bridge/error.h"
#include "bridge/oath/envelope.h"

namespace bridge::oath {

struct DeviceInfo {
  std::optional<uint32_t> serial;                 // tag 02
  std::optional<std::array<uint8_t, 3>> version;  // tag 05
};

Result<DeviceInfo> ParseDeviceInfo(std::span<const uint8_t> data);

Result<DeviceInfo> ReadDeviceInfo(ApduEnvelope& envelope);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_MANAGEMENT_H_
