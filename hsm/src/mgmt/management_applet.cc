// The management applet's commands: SELECT and READ CONFIG
// (docs/protocol/management.md §2, §3).
#include "hsm/mgmt/management_applet.h"

#include <algorithm>
#include <string>

#include "oath/apdu.h"

namespace hsm::mgmt {
namespace {

using oath::ApduResponse;
using oath::Sw;

constexpr uint8_t kInsSelect = 0xA4;      // ISO 7816-4 §11.2.2
constexpr uint8_t kInsReadConfig = 0x1D;  // management.md §3

ApduResponse Reply(Sw sw, std::vector<uint8_t> data = {}) {
  ApduResponse r;
  r.sw = static_cast<uint16_t>(sw);
  r.data = std::move(data);
  return r;
}

// management.md §2: the version as "major.minor.patch" in ASCII.
std::vector<uint8_t> VersionText(const std::array<uint8_t, 3>& v) {
  const std::string text = std::to_string(v[0]) + "." + std::to_string(v[1]) +
                           "." + std::to_string(v[2]);
  return std::vector<uint8_t>(text.begin(), text.end());
}

}  // namespace

ApduResponse ManagementApplet::Handle(std::span<const uint8_t> bytes) const {
  auto apdu = oath::ParseApdu(bytes);
  if (!apdu.ok()) return Reply(Sw::kWrongLength);
  if (auto bad_cla = oath::CheckClass(apdu->cla)) return Reply(*bad_cla);
  switch (apdu->ins) {
    case kInsSelect:
      if (apdu->p1 != 0x04 || apdu->p2 != 0x00)
        return Reply(Sw::kIncorrectP1P2);
      if (!std::equal(apdu->data.begin(), apdu->data.end(),
                      kManagementAid.begin(), kManagementAid.end())) {
        return Reply(Sw::kNotFound);  // ISO 7816-4: application not found
      }
      return Reply(Sw::kSuccess, VersionText(config_.version));
    case kInsReadConfig:
      // management.md §3: P1 P2 = 00 00, no command data, Le optional.
      if (apdu->p1 != 0x00 || apdu->p2 != 0x00)
        return Reply(Sw::kIncorrectP1P2);
      if (!apdu->data.empty()) return Reply(Sw::kWrongLength);
      return Reply(Sw::kSuccess, EncodeDeviceInfo(config_, store_.serial()));
    default:
      return Reply(Sw::kInsNotSupported);
  }
}

}  // namespace hsm::mgmt
