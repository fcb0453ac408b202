#include "bridge/link/device_uri.h"

#include <charconv>

namespace bridge::link {

std::string DeviceUri::ToString() const {
  if (kind == Kind::kHid) return path;
  if (kind == Kind::kPcsc) return "pcsc:" + reader;
  if (kind == Kind::kSerial) return std::to_string(serial);
  if (host.find(':') != std::string::npos) {
    return "udp:[" + host + "]:" + std::to_string(port);
  }
  return "udp:" + host + ":" + std::to_string(port);
}

Result<DeviceUri> ParseDeviceUri(std::string_view uri) {
  DeviceUri out;
  if (!uri.empty() && uri.front() == '/') {
    out.kind = DeviceUri::Kind::kHid;
    out.path = std::string(uri);
    return out;
  }
  if (!uri.empty() &&
      uri.find_first_not_of("0123456789") == std::string_view::npos) {
    // docs/protocol/management.md §5: a serial number, in decimal.
    uint32_t value = 0;
    auto [ptr, ec] =
        std::from_chars(uri.data(), uri.data() + uri.size(), value);
    if (ec != std::errc() || ptr != uri.data() + uri.size() || value == 0) {
      return MakeError(ErrorKind::kInvalidInput,
                       "device '" + std::string(uri) +
                           "': a serial number is 1..4294967295");
    }
    out.kind = DeviceUri::Kind::kSerial;
    out.serial = value;
    return out;
  }
  constexpr std::string_view kPcsc = "pcsc:";
  if (uri.substr(0, kPcsc.size()) == kPcsc) {
    if (uri.size() == kPcsc.size()) {
      return MakeError(ErrorKind::kInvalidInput,
                       "device 'pcsc:' needs a reader name, e.g. "
                       "'pcsc:Virtual PCD 00 00' (see `keybridge list`)");
    }
    out.kind = DeviceUri::Kind::kPcsc;
    out.reader = std::string(uri.substr(kPcsc.size()));
    return out;
  }
  constexpr std::string_view kUdp = "udp:";
  if (uri.substr(0, kUdp.size()) != kUdp) {
    return MakeError(ErrorKind::kInvalidInput,
                     "device '" + std::string(uri) +
                         "' is neither udp:HOST:PORT, pcsc:READER, a "
                         "/dev/hidrawN path nor a serial number");
  }
  std::string_view rest = uri.substr(kUdp.size());
  std::string_view host;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos || close + 1 >= rest.size() ||
        rest[close + 1] != ':') {
      return MakeError(
          ErrorKind::kInvalidInput,
          "device '" + std::string(uri) + "': expected udp:[IPV6]:PORT");
    }
    host = rest.substr(1, close - 1);
    port = rest.substr(close + 2);
  } else {
    size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) {
      return MakeError(
          ErrorKind::kInvalidInput,
          "device '" + std::string(uri) + "': expected udp:HOST:PORT");
    }
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  unsigned value = 0;
  auto [ptr, ec] =
      std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || port.empty() || ec != std::errc() ||
      ptr != port.data() + port.size() || value == 0 || value > 65535) {
    return MakeError(ErrorKind::kInvalidInput,
                     "device '" + std::string(uri) +
                         "': expected udp:HOST:PORT with PORT 1..65535");
  }
  out.kind = DeviceUri::Kind::kUdp;
  out.host = std::string(host);
  out.port = static_cast<uint16_t>(value);
  return out;
}

}  // namespace bridge::link
