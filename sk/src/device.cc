#include "device.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

#include "bridge/fido2/fido_error.h"
#include "bridge/fido2/io_adapter.h"
#include "bridge/link/device_select.h"
#include "bridge/link/device_uri.h"
#include "log.h"

namespace sk_provider {
namespace {

using bridge::ErrorKind;
using bridge::MakeError;
using bridge::Result;

constexpr std::string_view kUdpPrefix = "udp:";
constexpr std::string_view kPcscPrefix = "pcsc:";

std::optional<std::string> NonEmptyEnv(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

bridge::fido2::IoHandle* Handle(fido_dev_t* dev) {
  return static_cast<bridge::fido2::IoHandle*>(fido_dev_io_handle(dev));
}

std::string NoKeyHint() {
  return "set KEYBRIDGE_DEVICE=udp:HOST:PORT to use keysim, or plug in a "
         "FIDO2 key";
}

}  // namespace

SkDevice::SkDevice(std::unique_ptr<bridge::fido2::Fido2Device> bridged,
                   std::string name)
    : bridged_(std::move(bridged)),
      dev_(bridged_->raw()),
      name_(std::move(name)) {}

SkDevice::SkDevice(fido_dev_t* native, std::string name)
    : dev_(native), name_(std::move(name)) {}

SkDevice::~SkDevice() {
  if (bridged_ == nullptr && dev_ != nullptr) {
    fido_dev_close(dev_);
    fido_dev_free(&dev_);
  }
}

Result<std::unique_ptr<SkDevice>> SkDevice::OpenUdp(const std::string& uri,
                                                    const std::string& name) {
  // Validate first: the adapter's open() would only say "NULL".
  Result<bridge::link::DeviceUri> parsed = bridge::link::ParseDeviceUri(uri);
  if (!parsed) {
    return MakeError(ErrorKind::kInvalidInput,
                     name + ": " + parsed.error().message);
  }
  Result<std::unique_ptr<bridge::fido2::Fido2Device>> opened =
      bridge::fido2::Fido2Device::OpenPath(uri);
  if (!opened) {
    return MakeError(opened.error().kind, "cannot open " + name + ": " +
                                              opened.error().message +
                                              " (is keysim running there?)");
  }
  auto device =
      std::unique_ptr<SkDevice>(new SkDevice(std::move(opened).value(), name));
  fido_dev_set_timeout(device->dev(), kOperationTimeoutMs);
  return device;
}

Result<std::unique_ptr<SkDevice>> SkDevice::OpenNative(
    const std::string& path, const std::string& name) {
  fido_dev_t* dev = fido_dev_new();
  if (dev == nullptr) return MakeError(ErrorKind::kTransport, "out of memory");
  int r = fido_dev_open(dev, path.c_str());
  if (r != FIDO_OK) {
    fido_dev_free(&dev);
    return MakeError(ErrorKind::kNoDevice,
                     "cannot open " + name + ": " + fido_strerr(r));
  }
  return std::unique_ptr<SkDevice>(new SkDevice(dev, name));
}

Result<std::unique_ptr<SkDevice>> SkDevice::OpenNamed(
    const std::string& path, const std::string& source) {
  std::string name = path + " (from " + source + ")";
  std::string_view p(path);
  if (p.starts_with(kUdpPrefix)) return OpenUdp(path, name);
  if (p.starts_with(kPcscPrefix)) {
    return MakeError(ErrorKind::kInvalidInput,
                     name +
                         ": a PC/SC reader carries OATH, not FIDO2; "
                         "name a udp: or HID device");
  }
  return OpenNative(path, name);
}

Result<std::unique_ptr<SkDevice>> SkDevice::OpenFirstKey() {
  fido_dev_info_t* list = fido_dev_info_new(kMaxDiscoveredKeys);
  if (list == nullptr) return MakeError(ErrorKind::kTransport, "out of memory");
  size_t found = 0;
  int r = fido_dev_info_manifest(list, kMaxDiscoveredKeys, &found);
  std::string path;
  if (r == FIDO_OK && found > 0) {
    const fido_dev_info_t* first = fido_dev_info_ptr(list, 0);
    if (first != nullptr && fido_dev_info_path(first) != nullptr) {
      path = fido_dev_info_path(first);
    }
  }
  fido_dev_info_free(&list, kMaxDiscoveredKeys);
  if (r != FIDO_OK) {
    return MakeError(ErrorKind::kNoDevice,
                     std::string("looking for FIDO keys failed: ") +
                         fido_strerr(r) + "; " + NoKeyHint());
  }
  if (path.empty()) {
    return MakeError(ErrorKind::kNoDevice, "no FIDO key found; " + NoKeyHint());
  }
  LogDebug("using " + path + ", the first of " + std::to_string(found) +
           " key(s) found");
  return OpenNative(path, path);
}

Result<std::unique_ptr<SkDevice>> SkDevice::Open(
    const std::optional<std::string>& device_option) {
  if (device_option && !device_option->empty()) {
    return OpenNamed(*device_option, "the device option");
  }
  if (auto env = NonEmptyEnv(bridge::link::kDeviceEnvVar)) {
    return OpenNamed(*env, bridge::link::kDeviceEnvVar);
  }
  if (auto env = NonEmptyEnv(kKeysimUriEnvVar)) {
    return OpenNamed(*env, kKeysimUriEnvVar);
  }
  return OpenFirstKey();
}

std::optional<bool> SkDevice::InfoOption(const std::string& name) const {
  if (!fido_dev_is_fido2(dev_)) return std::nullopt;
  fido_cbor_info_t* info = fido_cbor_info_new();
  if (info == nullptr) return std::nullopt;
  std::optional<bool> value;
  if (fido_dev_get_cbor_info(dev_, info) == FIDO_OK) {
    char** names = fido_cbor_info_options_name_ptr(info);
    const bool* values = fido_cbor_info_options_value_ptr(info);
    for (size_t i = 0; i < fido_cbor_info_options_len(info); ++i) {
      if (names[i] != nullptr && name == names[i]) value = values[i];
    }
  }
  fido_cbor_info_free(&info);
  return value;
}

void SkDevice::BeginOperation() {
  if (bridged_ == nullptr) return;
  if (bridge::fido2::IoHandle* h = Handle(dev_)) h->BeginOperation();
}

std::string SkDevice::Describe(int r, const std::string& what) const {
  bridge::fido2::IoFailure failure = bridge::fido2::IoFailure::kNone;
  if (bridged_ != nullptr) {
    if (bridge::fido2::IoHandle* h = Handle(dev_)) failure = h->last_failure();
  }
  return bridge::fido2::FidoError(r, what, failure).message + " [" + name_ +
         "]";
}

}  // namespace sk_provider
