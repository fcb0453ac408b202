#include "bridge/cli/device_resolve.h"

#include <cstdlib>
#include <vector>

#include "bridge/link/device_select.h"
#include "bridge/link/pcsc_link.h"
#include "bridge/oath/ccid_envelope.h"
#include "bridge/oath/management.h"
#include "bridge/oath/session.h"

namespace bridge::cli {

std::optional<uint32_t> SerialOfReader(const std::string& reader) {
  Result<std::unique_ptr<link::PcscCard>> card =
      link::PcscCard::Connect(reader);
  if (!card) return std::nullopt;  // empty reader, or pcscd gone
  oath::CcidSwLastEnvelope envelope(**card);
  Result<oath::DeviceInfo> info = oath::ReadDeviceInfo(envelope);
  if (!info) return std::nullopt;  // no management applet
  return info->serial;
}

Result<link::DeviceUri> ResolveKey(const std::optional<std::string>& flag) {
  Result<link::DeviceUri> uri = link::ResolveDevice(flag);
  if (!uri || uri->kind != link::DeviceUri::Kind::kSerial) return uri;
  Result<std::vector<std::string>> readers = link::ListPcscReaders();
  if (!readers) return std::move(readers).error();
  std::string looked;
  for (const std::string& reader : *readers) {
    if (SerialOfReader(reader) == uri->serial) {
      link::DeviceUri found;
      found.kind = link::DeviceUri::Kind::kPcsc;
      found.reader = reader;
      return found;
    }
    looked += (looked.empty() ? "" : ", ") + ("'" + reader + "'");
  }
  return MakeError(ErrorKind::kNoDevice,
                   "no key with serial " + std::to_string(uri->serial) +
                       " found (looked in the PC/SC readers: " +
                       (looked.empty() ? "none" : looked) +
                       "; see `keybridge list`)");
}

namespace {

bool HasOathApplet(const std::string& reader) {
  Result<std::unique_ptr<link::PcscCard>> card =
      link::PcscCard::Connect(reader);
  if (!card) return false;  // empty reader, or pcscd gone
  oath::CcidSwLastEnvelope envelope(**card);
  return oath::OathSession(envelope).Select().ok();
}

bool NamedByFlagOrEnv(const std::optional<std::string>& flag) {
  const char* env = std::getenv(link::kDeviceEnvVar);
  return flag.has_value() || (env != nullptr && *env != '\0');
}

}  // namespace

Result<link::DeviceUri> ResolveOathKey(const std::optional<std::string>& flag) {
  Result<link::DeviceUri> uri = ResolveKey(flag);
  if (uri || uri.error().kind != ErrorKind::kNoDevice ||
      NamedByFlagOrEnv(flag)) {
    return uri;
  }
  Result<std::vector<link::HidDeviceInfo>> hid = link::EnumerateFidoDevices();
  if (hid && !hid->empty()) return uri;  // several HID keys: the user chooses
  Result<std::vector<std::string>> readers = link::ListPcscReaders();
  if (!readers) return uri;  // no pcscd: the HID hint stands
  std::vector<std::string> oath_readers;
  for (const std::string& reader : *readers) {
    if (HasOathApplet(reader)) oath_readers.push_back(reader);
  }
  if (oath_readers.empty()) return uri;
  if (oath_readers.size() > 1) {
    std::string msg =
        "several PC/SC readers hold a key with an OATH applet; choose one "
        "with --device (or KEYBRIDGE_DEVICE):";
    for (const std::string& reader : oath_readers) {
      msg += "\n  pcsc:" + reader;
    }
    return MakeError(ErrorKind::kNoDevice, msg);
  }
  link::DeviceUri found;
  found.kind = link::DeviceUri::Kind::kPcsc;
  found.reader = oath_readers.front();
  return found;
}

}  // namespace bridge::cli
