// U2F AUTHENTICATE (FIDO U2F Raw Message Formats §5; docs/protocol/ctap.md
// §7.4).
#include "credential.h"
#include "u2f.h"

namespace hsm::ctap2 {
namespace {

constexpr uint8_t kUserPresent = 0x01;  // §5.4 user presence byte, bit 0

// A credential U2F can sign with: ES256 (U2F has no other algorithm) and
// not uvRequired (CTAP 2.1 §12.1: level 3 needs UV, which U2F cannot give).
bool UsableByU2f(const Credential& c) {
  return c.alg == kAlgEs256 && c.cred_protect != 3;
}

// §5.4: user presence (1) ‖ counter (4, big-endian) ‖ signature over
// application ‖ user presence ‖ counter ‖ challenge.
U2fResult Sign(Context& ctx, const Credential& credential,
               const U2fRequest& req, uint8_t presence) {
  auto counter = TakeSignCounter(ctx);
  if (!counter) return U2fResult::Status(Sw::kNonPersistentError);
  std::vector<uint8_t> head{presence};
  for (int i = 3; i >= 0; --i) {
    head.push_back(static_cast<uint8_t>(*counter >> (8 * i)));
  }
  std::vector<uint8_t> message(req.application.begin(), req.application.end());
  message.insert(message.end(), head.begin(), head.end());
  message.insert(message.end(), req.challenge.begin(), req.challenge.end());
  auto signature = SignAssertion(ctx.session.signing_keys, credential, message);
  if (!signature.ok()) return U2fResult::Status(Sw::kNonPersistentError);
  head.insert(head.end(), signature->begin(), signature->end());
  return U2fResult::Success(std::move(head));
}

}  // namespace

U2fResult HandleU2fAuthenticate(Context& ctx, const U2fRequest& req,
                                PresenceGrant grant) {
  auto found =
      FindCredentialByHash(ctx.store.state(), req.application, req.key_handle);
  if (!found.ok()) return U2fResult::Status(Sw::kNonPersistentError);
  // §5.1: a key handle this key did not make for this application → 6A80
  // (bad key handle), whatever the control byte.
  if (!found->has_value() || !UsableByU2f(**found)) {
    return U2fResult::Status(Sw::kIncorrectData);
  }
  switch (req.control) {
    case U2fControl::kCheckOnly:
      // §5.1: "test-of-user-presence-required" — ours, and no signature.
      return U2fResult::Status(Sw::kConditionsNotSatisfied);
    case U2fControl::kDontEnforcePresenceAndSign:
      return Sign(ctx, **found, req, /*presence=*/0);
    case U2fControl::kEnforcePresenceAndSign:
      break;
  }
  if (grant == PresenceGrant::kNotRequested) return U2fResult::Presence();
  if (grant != PresenceGrant::kApproved) {
    return U2fResult::Status(Sw::kConditionsNotSatisfied);
  }
  return Sign(ctx, **found, req, kUserPresent);
}

}  // namespace hsm::ctap2
