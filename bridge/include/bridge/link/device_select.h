// Which key to talk to, and opening a link to it.
//
// Contract: the choice is, in order, `--device URI`, then the environment
// variable KEYBRIDGE_DEVICE (ignored when empty), then the HID FIDO keys
// present: exactly one is used; several give a kNoDevice error listing them
// and asking for --device; none gives a kNoDevice error explaining how to
// start the simulator (keysim) and point keybridge at it. ChooseDevice is
// pure so it can be tested; ResolveDevice gathers its inputs (reads the
// environment, enumerates HID keys only when neither names a device) and
// OpenLink does the I/O. A serial number comes back as a kSerial URI for
// the caller to resolve (bridge/cli/device_resolve.h); OpenLink refuses it.
#ifndef BRIDGE_LINK_DEVICE_SELECT_H_
#define BRIDGE_LINK_DEVICE_SELECT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bridge/error.h"
#include "bridge/link/device_uri.h"
#include "bridge/link/hidapi_link.h"
#include "bridge/link/packet_link.h"

namespace bridge::link {

inline constexpr const char* kDeviceEnvVar = "KEYBRIDGE_DEVICE";

// `hid_keys` is the result of EnumerateFidoDevices(); it is consulted only
// when neither `flag` nor `env` names a device.
Result<DeviceUri> ChooseDevice(
    const std::optional<std::string>& flag,
    const std::optional<std::string>& env,
    const Result<std::vector<HidDeviceInfo>>& hid_keys);

// ChooseDevice(flag, $KEYBRIDGE_DEVICE, EnumerateFidoDevices()).
Result<DeviceUri> ResolveDevice(const std::optional<std::string>& flag);

// The hint printed when no key is found.
std::string NoDeviceHint();

Result<std::unique_ptr<PacketLink>> OpenLink(const DeviceUri& uri);

}  // namespace bridge::link

#endif  // BRIDGE_LINK_DEVICE_SELECT_H_
