#include "hsm/oath/ctaphid_envelope.h"

#include "apdu.h"

namespace hsm::oath {

// docs/protocol/oath.md §2.1: APDU in; SW1 SW2 ‖ data out; not an APDU →
// CTAPHID ERROR INVALID_LEN; touch waits are silent (no keepalive, §1).
ctaphid::AppOutcome CtaphidEnvelope::Handle(uint8_t command,
                                            std::span<const uint8_t> payload,
                                            PresenceGrant grant) {
  if (command != static_cast<uint8_t>(ctaphid::Command::kSecrets)) {
    return ctaphid::AppOutcome::Fail(ctaphid::Error::kInvalidCmd);
  }
  if (!ParseApdu(payload).ok()) {
    return ctaphid::AppOutcome::Fail(ctaphid::Error::kInvalidLen);
  }
  Outcome out = applet_.Handle(payload, grant);
  if (out.needs_presence) {
    return ctaphid::AppOutcome::NeedsPresence(kTouchTimeoutMs,
                                              /*keepalive=*/false);
  }
  std::vector<uint8_t> reply;
  reply.reserve(2 + out.response.data.size());
  reply.push_back(static_cast<uint8_t>(out.response.sw >> 8));
  reply.push_back(static_cast<uint8_t>(out.response.sw & 0xFF));
  reply.insert(reply.end(), out.response.data.begin(), out.response.data.end());
  return ctaphid::AppOutcome::Response(std::move(reply));
}

}  // namespace hsm::oath
