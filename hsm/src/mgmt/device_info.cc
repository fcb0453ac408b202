// DeviceInfo, the READ CONFIG answer (docs/protocol/management.md §3, §4).
#include <cstdint>
#include <vector>

#include "hsm/mgmt/management_applet.h"
#include "oath/tlv.h"

namespace hsm::mgmt {
namespace {

// management.md §3: the tags this applet reports.
constexpr uint8_t kTagUsbSupported = 0x01;
constexpr uint8_t kTagSerial = 0x02;
constexpr uint8_t kTagUsbEnabled = 0x03;
constexpr uint8_t kTagFormFactor = 0x04;
constexpr uint8_t kTagVersion = 0x05;
constexpr uint8_t kTagDeviceFlags = 0x08;
constexpr uint8_t kTagConfigLock = 0x0A;

constexpr uint8_t kNoDeviceFlags = 0x00;  // neither remote wakeup nor eject
constexpr uint8_t kConfigNotLocked = 0x00;

}  // namespace

std::vector<uint8_t> EncodeDeviceInfo(const DeviceInfoConfig& config,
                                      uint32_t serial) {
  const uint8_t caps[2] = {static_cast<uint8_t>(config.capabilities >> 8),
                           static_cast<uint8_t>(config.capabilities)};
  const uint8_t serial_be[4] = {
      static_cast<uint8_t>(serial >> 24), static_cast<uint8_t>(serial >> 16),
      static_cast<uint8_t>(serial >> 8), static_cast<uint8_t>(serial)};
  std::vector<uint8_t> tlvs;
  oath::AppendTlv(tlvs, kTagUsbSupported, caps);
  oath::AppendTlv(tlvs, kTagSerial, serial_be);
  // Everything implemented is enabled: keysim has no WRITE CONFIG.
  oath::AppendTlv(tlvs, kTagUsbEnabled, caps);
  oath::AppendTlv(tlvs, kTagFormFactor,
                  std::span<const uint8_t>(&config.form_factor, 1));
  oath::AppendTlv(tlvs, kTagVersion, config.version);
  oath::AppendTlv(tlvs, kTagDeviceFlags,
                  std::span<const uint8_t>(&kNoDeviceFlags, 1));
  oath::AppendTlv(tlvs, kTagConfigLock,
                  std::span<const uint8_t>(&kConfigNotLocked, 1));
  // The length prefix is one byte (management.md §3); these TLVs total 28.
  std::vector<uint8_t> out;
  out.reserve(tlvs.size() + 1);
  out.push_back(static_cast<uint8_t>(tlvs.size()));
  out.insert(out.end(), tlvs.begin(), tlvs.end());
  return out;
}

}  // namespace hsm::mgmt
