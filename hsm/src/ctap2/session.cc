// Per-boot session state: key agreement key, pinUvAuthToken and its
// permissions (CTAP 2.1 §6.5.2, §6.5.5).
#include <openssl/crypto.h>

#include <algorithm>

#include "commands.h"
#include "context.h"
#include "hsm/crypto/p256.h"
#include "pin_protocol.h"

namespace hsm::ctap2 {

std::optional<CtapStatus> PresenceFailure(PresenceGrant grant) {
  switch (grant) {
    case PresenceGrant::kApproved:
      return std::nullopt;
    case PresenceGrant::kDenied:
      return CtapStatus::kOperationDenied;
    case PresenceGrant::kTimedOut:
      return CtapStatus::kUserActionTimeout;
    case PresenceGrant::kCancelled:
      return CtapStatus::kKeepaliveCancel;
    case PresenceGrant::kNotRequested:
      break;
  }
  return CtapStatus::kOther;  // callers check kNotRequested themselves
}

// CTAP 2.1 §6.5.4 regenerate(): the old key stops working at once; the
// fresh one is drawn when it is first needed (KeyAgreementKey), so a boot
// that never uses clientPIN draws no randomness for it. No public key has
// been handed out in between, so no platform can tell the difference.
void RegenerateKeyAgreement(Context& ctx) {
  ctx.session.key_agreement_private.Clear();
}

const SecretBytes& KeyAgreementKey(Context& ctx) {
  if (ctx.session.key_agreement_private.empty()) {
    ctx.session.key_agreement_private =
        crypto::GenerateP256PrivateKey(ctx.platform);
  }
  return ctx.session.key_agreement_private;
}

void ResetToken(Context& ctx) {
  PinToken& t = ctx.session.token;
  t.value = SecretBytes(32);
  ctx.platform.Random(t.value.mutable_view());
  t.in_use = false;
  t.protocol = 0;
  t.permissions = 0;
  t.rp_id.reset();
  t.issued_ms = 0;
}

void InitSession(Context& ctx) {
  ctx.session.boot_ms = ctx.platform.NowMs();
  ctx.session.consecutive_pin_failures = 0;
  ctx.session.assertion = PendingAssertion();
  ctx.session.enumeration = PendingEnumeration();
  ctx.session.large_blob = PendingLargeBlobWrite();
  // RAM is lost at power-up: count on from the stored mark.
  ctx.session.sign_counter.reset();
  ctx.session.signing_keys.Clear();
  // CTAP 2.1 §6.5.4 initialize(): regenerate() and
  // resetPinUvAuthToken(). The token is drawn when it is issued
  // (§6.5.5.7 resets it first), so here it is only made unusable.
  RegenerateKeyAgreement(ctx);
  ctx.session.token = PinToken();
}

bool TokenUsable(Context& ctx) {
  PinToken& t = ctx.session.token;
  if (!t.in_use) return false;
  // CTAP 2.1 §6.5.2.1: the token stops working after its usage period.
  if (ctx.platform.NowMs() - t.issued_ms > ctx.config.pin_token_lifetime_ms) {
    t.in_use = false;
    t.permissions = 0;
    t.rp_id.reset();
    return false;
  }
  return true;
}

void ClearTokenPermissionsExceptLbw(Context& ctx) {
  ctx.session.token.permissions &= kPermLargeBlobWrite;
}

CtapStatus VerifyTokenParam(Context& ctx, uint8_t protocol,
                            std::span<const uint8_t> message,
                            std::span<const uint8_t> param, uint8_t permission,
                            const std::optional<std::string>& rp_id) {
  PinToken& t = ctx.session.token;
  if (!TokenUsable(ctx) || t.protocol != protocol) {
    return CtapStatus::kPinAuthInvalid;
  }
  auto match = pin::Verify(protocol, t.value.view(), message, param);
  if (!match.ok()) return CtapStatus::kOther;
  if (!*match) return CtapStatus::kPinAuthInvalid;
  // CTAP 2.1 §6.1.2 step 11.1.2, §6.2.2 step 6.1.4, §6.8.2-§6.8.6: a token
  // without the needed permission answers CTAP2_ERR_PIN_AUTH_INVALID
  // (UNAUTHORIZED_PERMISSION is only for getPinUvAuthToken, §6.5.5.7.2).
  if ((t.permissions & permission) != permission) {
    return CtapStatus::kPinAuthInvalid;
  }
  if (rp_id) {
    // §6.1.2 step 11.1.3, §6.2.2 step 6.1.5: another permissions RP ID
    // answers CTAP2_ERR_PIN_AUTH_INVALID; without one, bind this RP ID.
    if (t.rp_id && *t.rp_id != *rp_id) return CtapStatus::kPinAuthInvalid;
    if (!t.rp_id) t.rp_id = *rp_id;
  }
  return CtapStatus::kOk;
}

Result<uint8_t, CtapStatus> ParsePinProtocol(const cbor_item_t* item) {
  if (item == nullptr) return MakeErr(CtapStatus::kMissingParameter);
  auto v = cbor::AsUint(item);
  if (!v.ok()) return MakeErr(v.error());
  if (!pin::IsSupportedProtocol(*v))
    return MakeErr(CtapStatus::kInvalidParameter);
  return static_cast<uint8_t>(*v);
}

bool CommitState(Context& ctx, FidoState next) {
  return ctx.store.Commit(std::move(next));
}

uint32_t NextSignCounter(Context& ctx, uint32_t* mark) {
  constexpr uint32_t kMax = 0xFFFFFFFF;
  // Within a boot the last value comes from RAM (it is <= the stored mark).
  // At power-up it is the stored mark: every value handed out before a
  // power cut is <= it, so the first value of a boot is above it (CTAP 2.1
  // §6.1.1 asks for an increasing counter; the gap is allowed).
  uint32_t last = ctx.session.sign_counter.value_or(*mark);
  // At 2^32 - 1 the counter stays there: it must not wrap to small values.
  uint32_t value = last == kMax ? kMax : last + 1;
  ctx.session.sign_counter = value;
  if (value > *mark) {
    uint32_t block = std::max<uint32_t>(ctx.config.sign_counter_block, 1);
    *mark = value + std::min(block - 1, kMax - value);
  }
  return value;
}

std::optional<uint32_t> TakeSignCounter(Context& ctx) {
  const FidoState& state = ctx.store.state();
  uint32_t mark = state.sign_counter;
  uint32_t value = NextSignCounter(ctx, &mark);
  if (mark != state.sign_counter) {
    FidoState next = state.Clone();
    next.sign_counter = mark;
    if (!CommitState(ctx, std::move(next))) return std::nullopt;
  }
  return value;
}

Result<uint8_t, CommandResult> PinUvAuthProtocolSteps(
    Context& ctx, std::optional<std::span<const uint8_t>> pin_uv_auth_param,
    const cbor_item_t* pin_uv_auth_protocol, PresenceGrant grant) {
  if (!pin_uv_auth_param) return uint8_t{0};
  if (pin_uv_auth_param->empty()) {
    // Step 1.1: collect a touch, then say whether a PIN is set. fido2-tests
    // expects PIN_AUTH_INVALID without a touch when a PIN is set
    // (docs/protocol/ctap.md §1.5); we follow the text.
    if (grant == PresenceGrant::kNotRequested) {
      return MakeErr(CommandResult::Presence());
    }
    if (auto failure = PresenceFailure(grant)) {
      return MakeErr(CommandResult::Error(*failure));
    }
    return MakeErr(CommandResult::Error(ctx.store.state().pin_hash
                                            ? CtapStatus::kPinInvalid
                                            : CtapStatus::kPinNotSet));
  }
  // Step 2: pinUvAuthProtocol.
  auto protocol = ParsePinProtocol(pin_uv_auth_protocol);
  if (!protocol.ok()) return MakeErr(CommandResult::Error(protocol.error()));
  return *protocol;
}

}  // namespace hsm::ctap2
