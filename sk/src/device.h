// Which security key the provider talks to, and opening it with libfido2.
//
// Contract: SkDevice::Open picks, in order,
//   1. the sk_option "device" (`ssh-keygen -O device=…`),
//   2. the environment variable KEYBRIDGE_DEVICE (ignored when empty; the
//      same variable keybridge reads, bridge/link/device_select.h),
//   3. the environment variable KEYSIM_URI (ignored when empty),
//   4. the first FIDO key libfido2 discovers (fido_dev_info_manifest), as
//      OpenSSH's built-in sk-usbhid does with a single key.
// A chosen name "udp:HOST:PORT" is keysim's UDP transport and is opened
// through keybridge's libfido2 I/O adapter (bridge/fido2/io_adapter.h, via
// bridge::fido2::Fido2Device, so U2F fallback is off: keysim speaks CTAP2
// only); "pcsc:…" is refused (PC/SC carries OATH, not FIDO2); anything else
// (e.g. /dev/hidraw3) is handed to libfido2's own HID backend. Failures are
// kNoDevice/kInvalidInput/… errors naming the device and where its name came
// from; the caller reports them as SSH_SK_ERR_DEVICE_NOT_FOUND.
//
// After opening, libfido2 calls wait up to kOperationTimeoutMs on keys
// reached over UDP (long enough for a touch), and without limit on HID keys
// (libfido2's default, as with sk-usbhid).
#ifndef KEYBRIDGE_SK_DEVICE_H_
#define KEYBRIDGE_SK_DEVICE_H_

#include <fido.h>

#include <memory>
#include <optional>
#include <string>

#include "bridge/error.h"
#include "bridge/fido2/device.h"

namespace sk_provider {

inline constexpr const char* kKeysimUriEnvVar = "KEYSIM_URI";
inline constexpr int kOperationTimeoutMs = 60000;
inline constexpr size_t kMaxDiscoveredKeys = 8;

class SkDevice {
 public:
  static bridge::Result<std::unique_ptr<SkDevice>> Open(
      const std::optional<std::string>& device_option);
  ~SkDevice();
  SkDevice(const SkDevice&) = delete;
  SkDevice& operator=(const SkDevice&) = delete;

  fido_dev_t* dev() const { return dev_; }
  // "udp:127.0.0.1:4711 (from KEYBRIDGE_DEVICE)", "/dev/hidraw3", …
  const std::string& name() const { return name_; }
  // getInfo option `name` (CTAP 2.1 §6.4 "options"): nullopt when the key
  // does not list it (or is not a CTAP2 key, or getInfo fails).
  std::optional<bool> InfoOption(const std::string& name) const;
  // Clears the I/O adapter's record of the last failure (UDP keys only);
  // call before each libfido2 operation so errors name the right cause.
  void BeginOperation();
  // The libfido2 result `r` of `what` as a one-line message (CTAP2 status
  // name, or timeout/transport for UDP keys).
  std::string Describe(int r, const std::string& what) const;

 private:
  SkDevice(std::unique_ptr<bridge::fido2::Fido2Device> bridged,
           std::string name);
  SkDevice(fido_dev_t* native, std::string name);
  static bridge::Result<std::unique_ptr<SkDevice>> OpenNamed(
      const std::string& path, const std::string& source);
  static bridge::Result<std::unique_ptr<SkDevice>> OpenUdp(
      const std::string& uri, const std::string& name);
  static bridge::Result<std::unique_ptr<SkDevice>> OpenNative(
      const std::string& path, const std::string& name);
  static bridge::Result<std::unique_ptr<SkDevice>> OpenFirstKey();

  std::unique_ptr<bridge::fido2::Fido2Device> bridged_;
  fido_dev_t* dev_;  // bridged_->raw(), or owned when native
  std::string name_;
};

}  // namespace sk_provider

#endif  // KEYBRIDGE_SK_DEVICE_H_
