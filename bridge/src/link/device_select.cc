#include "bridge/link/device_select.h"

#include <cstdlib>

#include "bridge/link/udp_link.h"

namespace bridge::link {

std::string NoDeviceHint() {
  return "no FIDO security key found. To use the simulator, run "
         "'keysim --udp 127.0.0.1:0 --state DIR', then pass the port it "
         "prints as '--device udp:127.0.0.1:PORT' (or set "
         "KEYBRIDGE_DEVICE=udp:127.0.0.1:PORT)";
}

Result<DeviceUri> ChooseDevice(
    const std::optional<std::string>& flag,
    const std::optional<std::string>& env,
    const Result<std::vector<HidDeviceInfo>>& hid_keys) {
  if (flag.has_value()) return ParseDeviceUri(*flag);
  if (env.has_value() && !env->empty()) {
    Result<DeviceUri> uri = ParseDeviceUri(*env);
    if (!uri) {
      return MakeError(uri.error().kind,
                       std::string(kDeviceEnvVar) + ": " + uri.error().message);
    }
    return uri;
  }
  if (!hid_keys) {
    return MakeError(ErrorKind::kNoDevice,
                     hid_keys.error().message + "; " + NoDeviceHint());
  }
  const std::vector<HidDeviceInfo>& keys = *hid_keys;
  if (keys.empty()) return MakeError(ErrorKind::kNoDevice, NoDeviceHint());
  if (keys.size() > 1) {
    std::string msg =
        "several FIDO keys found; choose one with --device "
        "PATH (or KEYBRIDGE_DEVICE):";
    for (const HidDeviceInfo& k : keys) {
      msg += "\n  " + k.path + "  " + k.Describe();
    }
    return MakeError(ErrorKind::kNoDevice, msg);
  }
  DeviceUri uri;
  uri.kind = DeviceUri::Kind::kHid;
  uri.path = keys.front().path;
  return uri;
}

Result<DeviceUri> ResolveDevice(const std::optional<std::string>& flag) {
  std::optional<std::string> env;
  if (const char* v = std::getenv(kDeviceEnvVar)) env = v;
  Result<std::vector<HidDeviceInfo>> keys = std::vector<HidDeviceInfo>();
  if (!flag && (!env || env->empty())) keys = EnumerateFidoDevices();
  return ChooseDevice(flag, env, keys);
}

Result<std::unique_ptr<PacketLink>> OpenLink(const DeviceUri& uri) {
  if (uri.kind == DeviceUri::Kind::kUdp) {
    Result<std::unique_ptr<UdpLink>> link =
        UdpLink::Connect(uri.host, uri.port);
    if (!link) return std::move(link).error();
    return std::unique_ptr<PacketLink>(std::move(link).value());
  }
  if (uri.kind == DeviceUri::Kind::kSerial) {
    return MakeError(ErrorKind::kInvalidInput,
                     "device " + uri.ToString() +
                         " is a serial number, found among PC/SC smart "
                         "cards only (OATH only)");
  }
  if (uri.kind == DeviceUri::Kind::kPcsc) {
    return MakeError(
        ErrorKind::kInvalidInput,
        uri.ToString() + " is a smart card, not a CTAPHID link (OATH only)");
  }
  Result<std::unique_ptr<HidapiLink>> link = HidapiLink::Open(uri.path);
  if (!link) return std::move(link).error();
  return std::unique_ptr<PacketLink>(std::move(link).value());
}

}  // namespace bridge::link
