// HidapiLink: a PacketLink to a real key through hidapi-hidraw
// (docs/protocol/ctap.md §4 "hidapi 0.13.1", docs/protocol/oath.md §1).
//
// Contract: Write() prepends the 0x00 report-ID byte and writes 65 bytes;
// Read() uses hid_read_timeout for one 64-byte input report. Enumerate
// lists FIDO interfaces only (usage page 0xF1D0, usage 0x01).
#ifndef BRIDGE_LINK_HIDAPI_LINK_H_
#define BRIDGE_LINK_HIDAPI_LINK_H_

#include <memory>
#include <string>
#include <vector>

#include "bridge/link/packet_link.h"

struct hid_device_;

namespace bridge::link {

inline constexpr uint16_t kFidoUsagePage = 0xF1D0;
inline constexpr uint16_t kFidoUsage = 0x01;
inline constexpr uint16_t kNitrokeyVid = 0x20A0;
inline constexpr uint16_t kNitrokey3Pid = 0x42B2;

struct HidDeviceInfo {
  std::string path;  // e.g. /dev/hidraw3
  uint16_t vendor_id = 0;
  uint16_t product_id = 0;
  std::string manufacturer;
  std::string product;

  // "Nitrokey 3 (20a0:42b2)" or "<manufacturer> <product> (vvvv:pppp)".
  std::string Describe() const;
};

// Lists the FIDO HID interfaces present. kTransport if hidapi cannot start.
Result<std::vector<HidDeviceInfo>> EnumerateFidoDevices();

class HidapiLink : public PacketLink {
 public:
  static Result<std::unique_ptr<HidapiLink>> Open(const std::string& path);
  ~HidapiLink() override;
  HidapiLink(const HidapiLink&) = delete;
  HidapiLink& operator=(const HidapiLink&) = delete;

  Status Write(std::span<const uint8_t, kReportSize> report) override;
  Result<std::optional<Report>> Read(int timeout_ms) override;

 private:
  explicit HidapiLink(hid_device_* dev) : dev_(dev) {}
  hid_device_* dev_;
};

}  // namespace bridge::link

#endif  // BRIDGE_LINK_HIDAPI_LINK_H_
