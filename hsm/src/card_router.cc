#include "card_router.h"

#include <algorithm>

#include "oath/apdu.h"

namespace hsm {
namespace {

// ISO 7816-4 §11.2.2: SELECT with P1 = 04 selects by DF name. The AID of
// such a SELECT, or nullopt for any other (or a malformed) APDU.
std::optional<std::span<const uint8_t>> SelectedAid(
    std::span<const uint8_t> bytes) {
  auto apdu = oath::ParseApdu(bytes);
  if (!apdu.ok() || apdu->ins != 0xA4 || apdu->p1 != 0x04) return std::nullopt;
  return apdu->data;
}

}  // namespace

std::optional<std::vector<uint8_t>> CardRouter::Transmit(
    std::span<const uint8_t> apdu, uint64_t now_ms) {
  const auto aid = SelectedAid(apdu);
  if (aid && std::ranges::equal(*aid, mgmt::kManagementAid)) {
    oath_.Reset();  // OATH is no longer selected
    oath::ApduResponse response = management_.Handle(apdu);
    management_selected_ =
        response.sw == static_cast<uint16_t>(oath::Sw::kSuccess);
    return oath::EncodeResponseApdu(response);
  }
  if (aid) management_selected_ = false;
  if (management_selected_) {
    return oath::EncodeResponseApdu(management_.Handle(apdu));
  }
  return oath_.Transmit(apdu, now_ms);
}

std::optional<std::vector<uint8_t>> CardRouter::Poll(uint64_t now_ms) {
  return oath_.Poll(now_ms);  // only OATH commands wait
}

void CardRouter::Reset() {
  management_selected_ = false;
  oath_.Reset();
}

}  // namespace hsm
