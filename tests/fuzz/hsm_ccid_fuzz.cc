// libFuzzer target: APDUs from the input into hsm::Device's smart-card
// interface — the yubikey5 OATH applet behind hsm's CCID envelope (SW last,
// SELECT first, 61xx SEND REMAINING, touch waits resolved from PollCard;
// hsm/device.h, hsm/oath/ccid_envelope.h) and the management applet next to
// it (hsm/mgmt/management_applet.h, hsm/src/card_router.h) — on the
// deterministic FuzzPlatform.
// Input: byte 0 = mode (bit 0: send the OATH SELECT first, or with bit 4 the
// management SELECT; bits 1–2: how
// presence is answered; bit 3: the secret registered first needs a touch;
// bit 7: some storage writes fail); then records [op u8][len u8][bytes]:
// op & 3 == 3 resets the card (power cycle), op & 3 == 2 advances the clock
// by `len` * 100 ms and polls, otherwise the bytes are one command APDU.
// Checks the card's contract: every answer ends in a status word, nothing
// is selected after a reset, a touch wait ends by 15 s, and no answer
// contains the secret registered first, and the serial never changes.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <span>
#include <vector>

#include "fuzz_platform.h"
#include "hsm/device.h"

namespace {

using hsm::fuzzing::FuzzPlatform;

const uint8_t kSecret[] = {0xF0, 0x0D, 0xCA, 0xFE, 0x5E, 0xC2, 0xE7, 0x99,
                           0x13, 0x37, 0xBE, 0xEF, 0x42, 0x42, 0x17, 0x71};
const uint8_t kSelect[] = {0x00, 0xA4, 0x04, 0x00, 0x07, 0xA0,
                           0x00, 0x00, 0x05, 0x27, 0x21, 0x01};
const uint8_t kSelectManagement[] = {0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00,
                                     0x00, 0x05, 0x27, 0x47, 0x11, 0x17};
const uint8_t kList[] = {0x00, 0xA1, 0x00, 0x00};
const std::vector<uint8_t> kOk = {0x90, 0x00};

void CheckResponse(const std::vector<uint8_t>& r, bool input_has_pattern) {
  if (r.size() < 2) abort();  // data ‖ SW1 SW2
  const uint8_t sw1 = r[r.size() - 2];
  // Error status words (64xx–6Fxx) carry no data (ISO 7816-4 §5.1.3).
  if (r.size() > 2 && sw1 >= 0x64 && sw1 <= 0x6F) abort();
  if (!input_has_pattern &&
      std::search(r.begin(), r.end(), kSecret, kSecret + 8) != r.end()) {
    abort();  // a secret left the key
  }
}

}  // namespace

// hsm is built without RTTI; the vptr check would need it.
extern "C" __attribute__((no_sanitize("vptr"))) int LLVMFuzzerTestOneInput(
    const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  FuzzPlatform platform;
  static const hsm::Presence kPresence[] = {
      hsm::Presence::kApproved, hsm::Presence::kDenied, hsm::Presence::kPending,
      hsm::Presence::kPending};
  platform.presence = kPresence[(mode >> 1) & 3];
  hsm::Device device(platform, hsm::DeviceConfig{});
  if (!device.Boot().ok()) abort();
  auto transmit = [&](std::span<const uint8_t> apdu) {
    return device.HandleApdu(apdu, platform.now_ms);
  };
  // With nothing selected only SELECT is served; LIST changes nothing.
  auto check_deselected = [&] {
    auto r = transmit(kList);
    if (!r || *r != std::vector<uint8_t>{0x6D, 0x00}) abort();
  };

  // Register a known secret over the card (touch required when mode bit 3
  // is set, so the wait path is reachable), so leaks can be detected.
  std::vector<uint8_t> put = {0x00, 0x01, 0x00, 0x00, 0,
                              0x71, 0x01, 'k',  0x73, 2 + sizeof(kSecret),
                              0x21, 0x06};
  put.insert(put.end(), kSecret, kSecret + sizeof(kSecret));
  if (mode & 0x08) put.insert(put.end(), {0x78, 0x02});
  put[4] = static_cast<uint8_t>(put.size() - 5);
  if (transmit(kSelect) == std::nullopt || transmit(put) != kOk) abort();
  device.ResetCard();

  const bool input_has_pattern =
      std::search(data, data + size, kSecret, kSecret + 8) != data + size;

  const uint32_t serial = device.Summary().serial;
  if (mode & 1) {
    auto r =
        transmit((mode & 0x10) ? std::span<const uint8_t>(kSelectManagement)
                               : std::span<const uint8_t>(kSelect));
    if (!r || r->size() < 2 || (*r)[r->size() - 2] != 0x90) abort();
  }

  size_t i = 1;
  int n = 0;
  while (i + 1 < size && n++ < 64) {
    const uint8_t op = data[i];
    const uint8_t raw_len = data[i + 1];
    const size_t len = std::min<size_t>(data[i + 1], size - i - 2);
    std::span<const uint8_t> bytes(data + i + 2, len);
    i += 2 + len;
    platform.fail_writes = (mode & 0x80) && (n % 3 == 0);
    if ((op & 3) == 3) {
      device.ResetCard();
      if (platform.presence_active) abort();
      check_deselected();
      continue;
    }
    if ((op & 3) == 2) {
      // The record's length byte is the time step; its bytes are skipped.
      const bool was_waiting = platform.presence_active;
      platform.now_ms += 100 * uint64_t{raw_len};
      auto r = device.PollCard(platform.now_ms);
      if (!was_waiting && r) abort();  // nothing to answer
      if (r) CheckResponse(*r, input_has_pattern);
      continue;
    }
    auto r = transmit(bytes);
    if (r) {
      if (platform.presence_active) abort();
      CheckResponse(*r, input_has_pattern);
      continue;
    }
    // Waiting for a touch: only a pending presence can leave us here, and
    // the wait ends at the 15 s touch timeout with 6982.
    if (!platform.presence_active) abort();
    if (platform.presence != hsm::Presence::kPending) abort();
    if (op & 4) {
      platform.now_ms += 15000;
      auto late = device.PollCard(platform.now_ms);
      if (!late || *late != std::vector<uint8_t>{0x69, 0x82}) abort();
      if (platform.presence_active) abort();
    }
  }
  device.ResetCard();
  if (platform.presence_active) abort();
  if (device.Summary().serial != serial) abort();
  // The committed state always reloads, every section of it.
  platform.fail_writes = false;
  hsm::Device again(platform, hsm::DeviceConfig{});
  if (!again.Boot().ok()) abort();
  if (again.Summary().serial != serial) abort();
  return 0;
}
