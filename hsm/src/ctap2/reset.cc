// authenticatorReset (CTAP 2.1 §6.6).
#include "commands.h"

namespace hsm::ctap2 {

CommandResult HandleReset(Context& ctx, PresenceGrant grant) {
  // Only within the reset window after power-up (Solo/OpenSK behaviour,
  // docs/protocol/ctap.md "Decisions"; the spec leaves the restriction to the
  // authenticator, §6.6). Checked again after the touch.
  if (ctx.platform.NowMs() - ctx.session.boot_ms > ctx.config.reset_window_ms &&
      grant == PresenceGrant::kNotRequested) {
    return CommandResult::Error(CtapStatus::kNotAllowed);
  }
  if (grant == PresenceGrant::kNotRequested) return CommandResult::Presence();
  if (auto failure = PresenceFailure(grant))
    return CommandResult::Error(*failure);
  // Everything but the attestation identity (key + certificate) and the
  // signature counter, which stays monotonic, is erased; a new wrapping key
  // invalidates every credential ID issued before.
  const FidoState& state = ctx.store.state();
  FidoState next;
  next.attestation_key = state.attestation_key.Clone();
  next.attestation_cert = state.attestation_cert;
  next.sign_counter = state.sign_counter;
  next.wrap_key = SecretBytes(32);
  ctx.platform.Random(next.wrap_key.mutable_view());
  if (!CommitState(ctx, std::move(next)))
    return CommandResult::Error(CtapStatus::kOther);
  uint64_t boot = ctx.session.boot_ms;
  InitSession(ctx);
  ctx.session.boot_ms = boot;  // the window is measured from power-up
  return CommandResult::Ok();
}

}  // namespace hsm::ctap2
