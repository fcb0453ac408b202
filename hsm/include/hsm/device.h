// Device: the whole key — CTAPHID framing, the OATH applet on vendor command
// 0x70, sealed state — as packets in, packets out (DESIGN.md "Boundaries").
//
// Contract: HandleReport() takes one 64-byte output report and returns the
// input reports to send (zero or more). Poll() must be called regularly (the
// simulator does every <= 20 ms) to drive timeouts, keepalives and presence;
// it returns reports too. `now_ms` is the platform's monotonic clock.
#ifndef HSM_DEVICE_H_
#define HSM_DEVICE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hsm/ctap2/authenticator.h"
#include "hsm/ctaphid/protocol.h"
#include "hsm/oath/applet.h"
#include "hsm/platform.h"
#include "hsm/store/state_store.h"

namespace hsm {

struct DeviceConfig {
  oath::Profile oath_profile = oath::Profile::kNitrokey3;
  uint8_t version_major = 0;  // CTAPHID INIT device version
  uint8_t version_minor = 1;
  uint8_t version_build = 0;
  ctap2::AuthenticatorConfig fido;  // CTAP2 timings, AAGUID, limits
};

class Device {
 public:
  Device(Platform& platform, DeviceConfig config);
  ~Device();

  // Loads the sealed state. Must succeed before any report is handled.
  Status<store::StoreError> Boot();

  std::vector<ctaphid::Report> HandleReport(std::span<const uint8_t> report,
                                            uint64_t now_ms);
  std::vector<ctaphid::Report> Poll(uint64_t now_ms);

  // Power cycle: drops channels, pending requests and session state; keeps
  // what is stored.
  void PowerCycle();

  // The OATH applet of the HID path (vendor command 0x70, config profile).
  oath::Applet& oath_applet();
  // A second OATH applet in the yubikey5 profile on the SAME state store, for
  // the CCID envelope (hsm/oath/ccid_envelope.h, issue 5). Credentials are
  // shared between HID and CCID, as on a Nitrokey 3 whose Secrets App is
  // reachable over both; each applet keeps its own session (pending SEND
  // REMAINING, PIN / access-code authorization). The YKOATH access code
  // guards the CCID applet only; the NK3 PIN guards PIN-encrypted
  // credentials on both (they stay hidden over CCID).
  oath::Applet& ccid_oath_applet();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hsm

#endif  // HSM_DEVICE_H_
