// ManagementApplet: a YubiKey-5-like management applet on the smart-card
// interface (docs/protocol/management.md), so that ykman reads the key's
// firmware version, serial and capabilities over CCID.
//
// Contract:
// - Handle() takes one command APDU addressed to the applet (the card router,
//   hsm/src/card_router.h, sends it the SELECT of kManagementAid and, while it
//   is selected, everything else) and returns the status word and data; the
//   caller appends SW1 SW2 (ISO 7816-4 §5.1).
// - SELECT (00 A4 04 00 AID) answers the firmware version as ASCII text,
//   "5.4.3" (management.md §2). READ CONFIG (00 1D 00 00) answers the
//   DeviceInfo `len ‖ TLVs` (management.md §3). Nothing else is supported
//   (6D00); wrong P1/P2 → 6A86, command data where none belongs → 6700, a
//   malformed APDU → 6700, a class other than 00 → the ISO 7816-4 class
//   errors (hsm/src/oath/apdu.h CheckClass).
// - The applet only reads: no command changes stored state. The serial is
//   the sealed state's (hsm/store/state_store.h), read at each READ CONFIG.
#ifndef HSM_MGMT_MANAGEMENT_APPLET_H_
#define HSM_MGMT_MANAGEMENT_APPLET_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "hsm/oath/applet.h"
#include "hsm/store/state_store.h"

namespace hsm::mgmt {

// management.md §1.
inline constexpr std::array<uint8_t, 8> kManagementAid = {
    0xA0, 0x00, 0x00, 0x05, 0x27, 0x47, 0x11, 0x17};

// Capability bits of DeviceInfo tags 01 and 03 (management.md §4).
inline constexpr uint16_t kCapabilityOtp = 0x0001;
inline constexpr uint16_t kCapabilityU2f = 0x0002;
inline constexpr uint16_t kCapabilityOpenPgp = 0x0008;
inline constexpr uint16_t kCapabilityPiv = 0x0010;
inline constexpr uint16_t kCapabilityOath = 0x0020;
inline constexpr uint16_t kCapabilityFido2 = 0x0200;

// What keysim implements: U2F (CTAPHID_MSG, docs/protocol/ctap.md §7) and
// FIDO2 (hsm/ctap2), OATH (hsm/oath).
inline constexpr uint16_t kImplementedCapabilities =
    kCapabilityU2f | kCapabilityFido2 | kCapabilityOath;

// Form factor (tag 04, management.md §4): a keychain-sized USB-A key, as the
// YubiKey 5 NFC whose ATR the card answers with (hsm/oath/ccid_envelope.h).
inline constexpr uint8_t kFormFactorUsbAKeychain = 0x01;

// What READ CONFIG reports besides the serial.
struct DeviceInfoConfig {
  std::array<uint8_t, 3> version = {0, 0, 0};
  uint16_t capabilities = kImplementedCapabilities;
  uint8_t form_factor = kFormFactorUsbAKeychain;
};

// DeviceInfo as READ CONFIG answers it: `len ‖ TLVs` (management.md §3).
std::vector<uint8_t> EncodeDeviceInfo(const DeviceInfoConfig& config,
                                      uint32_t serial);

class ManagementApplet {
 public:
  ManagementApplet(const store::StateStore& store, DeviceInfoConfig config)
      : store_(store), config_(config) {}

  oath::ApduResponse Handle(std::span<const uint8_t> apdu) const;

 private:
  const store::StateStore& store_;
  DeviceInfoConfig config_;
};

}  // namespace hsm::mgmt

#endif  // HSM_MGMT_MANAGEMENT_APPLET_H_
