// docs/protocol/management.md §2 (SELECT), §3 (READ CONFIG, DeviceInfo).
#include "bridge/oath/management.h"

#include <vector>

#include "bridge/oath/apdu.h"
#include "bridge/oath/status_word.h"
#include "bridge/oath/tlv.h"

namespace bridge::oath {
namespace {

constexpr std::array<uint8_t, 8> kManagementAid = {0xA0, 0x00, 0x00, 0x05,
                                                   0x27, 0x47, 0x11, 0x17};
constexpr uint8_t kInsSelect = 0xA4;      // ISO 7816-4 §11.2.2
constexpr uint8_t kInsReadConfig = 0x1D;  // management.md §3
constexpr uint8_t kTagSerial = 0x02;
constexpr uint8_t kTagVersion = 0x05;

Result<std::vector<uint8_t>> Exchange(ApduEnvelope& envelope, const Apdu& apdu,
                                      std::string_view what) {
  Result<std::vector<uint8_t>> encoded = EncodeApdu(apdu);
  if (!encoded) return std::move(encoded).error();
  Result<ApduResponse> r = envelope.Transmit(*encoded, ExchangeOptions{});
  if (!r) return std::move(r).error();
  if (r->sw != kSwSuccess) return StatusWordError(r->sw, apdu.ins, what);
  return std::move(r->data);
}

Error Malformed(std::string_view why) {
  return MakeError(ErrorKind::kProtocol,
                   "management READ CONFIG: " + std::string(why));
}

}  // namespace

Result<DeviceInfo> ParseDeviceInfo(std::span<const uint8_t> data) {
  if (data.empty() || data[0] != data.size() - 1) {
    return Malformed("the length byte does not match the answer");
  }
  Result<std::vector<Tlv>> tlvs = ParseTlvs(data.subspan(1), TlvLength::kBer);
  if (!tlvs) return Malformed(tlvs.error().message);
  DeviceInfo info;
  for (const Tlv& t : *tlvs) {
    if (t.tag == kTagSerial) {
      if (t.value.size() != 4) return Malformed("the serial is not 4 bytes");
      const uint32_t serial = (uint32_t{t.value[0]} << 24) |
                              (uint32_t{t.value[1]} << 16) |
                              (uint32_t{t.value[2]} << 8) | t.value[3];
      if (serial != 0) info.serial = serial;
    } else if (t.tag == kTagVersion) {
      if (t.value.size() != 3) return Malformed("the version is not 3 bytes");
      info.version = {t.value[0], t.value[1], t.value[2]};
    }
  }
  return info;
}

Result<DeviceInfo> ReadDeviceInfo(ApduEnvelope& envelope) {
  Apdu select;
  select.ins = kInsSelect;
  select.p1 = 0x04;
  select.data.assign(kManagementAid.begin(), kManagementAid.end());
  Result<std::vector<uint8_t>> selected =
      Exchange(envelope, select, "select the management applet");
  if (!selected) return std::move(selected).error();
  Apdu read;
  read.ins = kInsReadConfig;
  Result<std::vector<uint8_t>> config =
      Exchange(envelope, read, "read the device info");
  if (!config) return std::move(config).error();
  return ParseDeviceInfo(*config);
}

}  // namespace bridge::oath
