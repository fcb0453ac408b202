// CTAP1/U2F on CTAPHID_MSG (FIDO U2F Raw Message Formats; CTAP 2.1 §10,
// §11.2.9.1.1; docs/protocol/ctap.md §7). The handlers share the CTAP2
// context: the wrapping key (U2F key handles are CTAP2 credential IDs,
// credential.h), the attestation key and certificate (device_keys.h) and
// the one signature counter (CTAP 2.1 §6.1.1).
//
// Contract: HandleU2f takes the CTAPHID_MSG payload and answers
// `response data ‖ SW1 SW2`. User presence is the U2F way
// (docs/protocol/ctap.md §7.5): REGISTER and AUTHENTICATE 03 ask for it
// (needs_presence) after validating the request and without changing state;
// called again with the grant, kApproved performs the command and anything
// else answers 6985 CONDITIONS_NOT_SATISFIED at once, so clients poll.
#ifndef HSM_SRC_CTAP2_U2F_H_
#define HSM_SRC_CTAP2_U2F_H_

#include <span>
#include <vector>

#include "context.h"
#include "u2f_apdu.h"

namespace hsm::ctap2 {

struct U2fResult {
  bool needs_presence = false;
  std::vector<uint8_t> response;  // data ‖ SW1 SW2

  static U2fResult Status(Sw sw);
  static U2fResult Success(std::vector<uint8_t> data);
  static U2fResult Presence() {
    U2fResult r;
    r.needs_presence = true;
    return r;
  }
};

U2fResult HandleU2f(Context& ctx, std::span<const uint8_t> apdu,
                    PresenceGrant grant);

// FIDO U2F Raw Message Formats §4 and §5.
U2fResult HandleU2fRegister(Context& ctx, const U2fRequest& req,
                            PresenceGrant grant);
U2fResult HandleU2fAuthenticate(Context& ctx, const U2fRequest& req,
                                PresenceGrant grant);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_U2F_H_
