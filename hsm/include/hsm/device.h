// Device: the whole key — sealed state behind two interfaces, as packets in,
// packets out (docs/architecture.md "Boundaries"):
//  - HID: CTAPHID framing, CTAP2 on CTAPHID_CBOR and the OATH applet (config
//    profile) on vendor command 0x70.
//  - Smart card (CCID): the OATH applet in the yubikey5 profile as a YKOATH
//    card (hsm/oath/ccid_envelope.h, docs/protocol/oath.md decisions 2–4), on
//    the SAME state store. Credentials are shared between HID and CCID, as on a
//    Nitrokey 3 whose Secrets App is reachable over both; each interface keeps
//    its own session (pending SEND REMAINING, PIN / access-code authorization).
//    The YKOATH access code guards the card only; the NK3 PIN guards
//    PIN-encrypted credentials on both (they stay hidden on the card).
//    Next to it on the card, a YubiKey-5-like management applet reports
//    the version, serial and capabilities (hsm/mgmt/management_applet.h).
//
// Contract:
// - HandleReport() takes one 64-byte output report and returns the input
//   reports to send (zero or more); Poll() returns the reports that time
//   produces (timeouts, keepalives, answers after a touch).
// - HandleApdu() takes one command APDU and returns the response APDU
//   (`data ‖ SW1 SW2`), or nullopt while the command waits for a touch;
//   PollCard() then returns that response once the touch is answered or
//   timed out, and nullopt until then (and whenever nothing waits).
//   ResetCard() is the card's power off, power on or warm reset (the card
//   reader's, or the card leaving it); CardAtr() is its answer to reset.
// - Poll() and PollCard() must be called regularly (the simulator does every
//   <= 20 ms). `now_ms` is the platform's monotonic clock.
// - The test-rig interface (keysim's control socket, docs/control.md) works
//   on the stored state directly: ImportCredential() and the Describe*
//   functions (hsm/ctap2/credential_admin.h; public parts only),
//   FactoryReset() and Summary(). It is not reachable from either wire.
// - Until Boot() succeeds the key is silent on both interfaces: no reports
//   and no response APDUs.
#ifndef HSM_DEVICE_H_
#define HSM_DEVICE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "hsm/ctap2/authenticator.h"
#include "hsm/ctap2/credential_admin.h"
#include "hsm/ctaphid/protocol.h"
#include "hsm/oath/applet.h"
#include "hsm/platform.h"
#include "hsm/store/state_store.h"

namespace hsm {

// What a test rig may know about the key: nothing secret.
struct DeviceSummary {
  uint32_t serial = 0;
  size_t oath_credentials = 0;
  size_t fido_resident_credentials = 0;
  bool fido_pin_set = false;
  uint32_t fido_sign_counter = 0;  // ctap2::Authenticator::sign_counter()
};

struct DeviceConfig {
  oath::Profile oath_profile = oath::Profile::kNitrokey3;
  uint8_t version_major = 0;  // CTAPHID INIT device version
  uint8_t version_minor = 1;
  uint8_t version_build = 0;
  ctap2::AuthenticatorConfig fido;  // CTAP2 timings, AAGUID, limits
  // CtaphidConfig::adopt_unknown_channels (keysim --solo-compat).
  bool adopt_unknown_channels = false;
  // The serial of a fresh sealed state (first boot, FactoryReset) instead of
  // a random one (keysim --serial); a stored state keeps its own.
  std::optional<uint32_t> serial;
};

class Device {
 public:
  Device(Platform& platform, DeviceConfig config);
  ~Device();

  // Loads the sealed state. Must succeed before any report is handled.
  Status<store::StoreError> Boot();

  // HID interface.
  std::vector<ctaphid::Report> HandleReport(std::span<const uint8_t> report,
                                            uint64_t now_ms);
  std::vector<ctaphid::Report> Poll(uint64_t now_ms);

  // Power cycle of the HID interface: drops channels, pending requests and
  // session state; keeps what is stored. The card has its own power
  // (ResetCard).
  void PowerCycle();

  // Test-rig interface (see the contract above).
  Result<ctap2::CredentialInfo, ctap2::AdminError> ImportCredential(
      const ctap2::CredentialImport& request);
  Result<ctap2::CredentialInfo, ctap2::AdminError> DescribeCredential(
      std::span<const uint8_t> id,
      std::optional<std::string_view> rp_id = std::nullopt) const;
  Result<std::vector<ctap2::CredentialInfo>, ctap2::AdminError>
  DescribeResidentCredentials(std::string_view rp_id) const;
  // A factory reset of every applet: the sealed state is replaced by a fresh
  // one (new serial, or DeviceConfig::serial; no OATH or FIDO credentials,
  // no PINs), then the key
  // power-cycles (HID and card). The device key stays. On a storage error
  // the key stays booted on whatever was last committed.
  Status<store::StoreError> FactoryReset();
  DeviceSummary Summary() const;

  // Smart-card interface.
  std::optional<std::vector<uint8_t>> HandleApdu(std::span<const uint8_t> apdu,
                                                 uint64_t now_ms);
  std::optional<std::vector<uint8_t>> PollCard(uint64_t now_ms);
  void ResetCard();
  std::span<const uint8_t> CardAtr() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hsm

#endif  // HSM_DEVICE_H_
