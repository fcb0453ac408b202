// Device URIs as accepted by `--device` and KEYBRIDGE_DEVICE.
//
// Contract: "udp:HOST:PORT" names a simulator (keysim) reached over UDP, one
// datagram per report (docs/architecture.md "Transports"); HOST is an IPv4
// address or host name (an IPv6 literal may be written in brackets),
// PORT 1..65535. Anything starting with '/' is a hidraw device path (e.g.
// /dev/hidraw3) opened with hidapi. "pcsc:READER NAME" is a smart card in that
// PC/SC reader (YKOATH over CCID, docs/protocol/oath.md §CCID; the full reader
// name, e.g. "pcsc:Virtual PCD 00 00"). Decimal digits alone are a key's
// serial number, 1..4294967295 (docs/protocol/management.md §5): the kSerial
// URI is resolved to the PC/SC reader holding that key before use
// (bridge/cli/device_resolve.h); OpenLink refuses it. Everything else is
// rejected with kInvalidInput.
#ifndef BRIDGE_LINK_DEVICE_URI_H_
#define BRIDGE_LINK_DEVICE_URI_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "bridge/error.h"

namespace bridge::link {

struct DeviceUri {
  enum class Kind { kUdp, kHid, kPcsc, kSerial };
  Kind kind = Kind::kHid;
  std::string host;     // kUdp
  uint16_t port = 0;    // kUdp
  std::string path;     // kHid
  std::string reader;   // kPcsc
  uint32_t serial = 0;  // kSerial

  std::string ToString() const;
};

Result<DeviceUri> ParseDeviceUri(std::string_view uri);

}  // namespace bridge::link

#endif  // BRIDGE_LINK_DEVICE_URI_H_
