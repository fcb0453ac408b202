// The key a command talks to: link::ResolveDevice (`--device`,
// KEYBRIDGE_DEVICE, the one HID key), with a serial number resolved to the
// PC/SC reader whose key reports it (docs/protocol/management.md §5).
//
// Contract: ResolveKey returns what link::ResolveDevice returns, except that
// a kSerial URI becomes the kPcsc URI of the first reader whose card's
// management applet (oath/management.h) reports that serial; readers that
// are empty, or whose card has no management applet, are skipped. No match
// is kNoDevice naming the serial and the readers looked at. SerialOfReader
// reads one reader's serial (nullopt when it has none or cannot be read).
//
// ResolveOathKey is ResolveKey for the OATH commands, which also reach
// YubiKeys over PC/SC: when neither `--device` nor KEYBRIDGE_DEVICE names a
// key and no FIDO HID key is plugged in, the one PC/SC reader whose card
// answers the OATH SELECT (docs/protocol/oath.md §3) is chosen, as ykman does
// with a single YubiKey. Several such readers are kNoDevice listing them.
#ifndef BRIDGE_CLI_DEVICE_RESOLVE_H_
#define BRIDGE_CLI_DEVICE_RESOLVE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "bridge/error.h"
#include "bridge/link/device_uri.h"

namespace bridge::cli {

Result<link::DeviceUri> ResolveKey(const std::optional<std::string>& flag);
Result<link::DeviceUri> ResolveOathKey(const std::optional<std::string>& flag);

std::optional<uint32_t> SerialOfReader(const std::string& reader);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_DEVICE_RESOLVE_H_
