// ProbeKey: gathers a KeyReport (fido2/key_report.h) from one opened link.
//
// Contract: on `link` (already open to `uri`) it
//  1. runs CTAPHID INIT on a channel of its own (CTAP 2.1 §11.2.9.1.3) —
//     failure here is the only error returned;
//  2. if options.probe_oath, sends the OATH SELECT APDU
//     `00 A4 04 00 07 A0 00 00 05 27 21 01` as CTAPHID vendor command 0x70
//     (docs/protocol/oath.md §1, §2.2): CTAPHID ERROR INVALID_CMD means no
//     applet; any status word means the applet is there (version from tag 79 on
//     9000);
//  3. if the CBOR capability is set, opens the key with libfido2 on the same
//     link (Fido2Device::Open) for getInfo and, when the key lists the
//     clientPin option, getPINRetries. Without CBOR the FIDO2 section says
//     "no FIDO2 (CTAP2) support". FIDO2 and OATH failures are recorded in
//     the report, not returned.
#ifndef BRIDGE_FIDO2_KEY_PROBE_H_
#define BRIDGE_FIDO2_KEY_PROBE_H_

#include <atomic>
#include <functional>

#include "bridge/error.h"
#include "bridge/fido2/device.h"
#include "bridge/fido2/key_report.h"
#include "bridge/link/device_uri.h"
#include "bridge/link/packet_link.h"

namespace bridge::fido2 {

struct ProbeOptions {
  bool probe_oath = true;
  const std::atomic<bool>* cancel = nullptr;
  int init_timeout_ms = 2000;
};

inline constexpr const char* kNoCtap2Reason =
    "no FIDO2 (CTAP2) support: the key's CTAPHID capabilities lack CBOR";

Result<KeyReport> ProbeKey(const link::DeviceUri& uri, link::PacketLink& link,
                           const ProbeOptions& options);

}  // namespace bridge::fido2

#endif  // BRIDGE_FIDO2_KEY_PROBE_H_
