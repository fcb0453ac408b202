// Applet: CLA checks, dispatch by INS and profile, and the per-session rules
// of docs/protocol/oath.md §2.7 (pending SEND REMAINING state is dropped by any
// other command), §2.9 (PIN authorization lasts exactly one command) and §3
// "Access code" (YKOATH: VALIDATE once per SELECT unlocks the session).
#include "hsm/oath/applet.h"

#include "apdu.h"
#include "command.h"

namespace hsm::oath {

struct Applet::Session : SessionState {};

Applet::Applet(Platform& platform, OathStore& store, Profile profile,
               crypto::HmacKeyCache& hmac_keys)
    : platform_(platform),
      store_(store),
      profile_(profile),
      hmac_keys_(hmac_keys),
      session_(std::make_shared<Session>()) {}

void Applet::Reset() {
  *session_ = Session();
  hmac_keys_.Clear();
}

namespace {

// NK3 matches (INS, P1, P2) together; a wrong P1/P2 falls through to 6D00
// (docs/protocol/oath.md §2.8). RESET, SELECT and CALCULATE check their own.
bool NeedsZeroP1P2(uint8_t ins) {
  switch (ins) {
    case kInsPut:
    case kInsDelete:
    case kInsList:
    case kInsSendRemaining:
    case kInsVerifyPin:
    case kInsChangePin:
    case kInsSetPin:
      return true;
    default:
      return false;
  }
}

Outcome Dispatch(const Apdu& apdu, Context& ctx) {
  const ProfileTraits& t = ctx.traits;
  // docs/protocol/oath.md §3: with an access code set, every command but
  // SELECT, RESET and VALIDATE answers 6982 until VALIDATE succeeded in this
  // session.
  if (t.access_code && ctx.store.state().access_key && !ctx.session.validated &&
      RequiresAccess(apdu)) {
    return Reply(Sw::kSecurityStatusNotSatisfied);
  }
  if (t.strict_p1p2 && NeedsZeroP1P2(apdu.ins) &&
      (apdu.p1 != 0 || apdu.p2 != 0)) {
    return Reply(Sw::kInsNotSupported);
  }
  switch (apdu.ins) {
    case kInsPut:
      return RunPut(apdu, ctx);
    case kInsDelete:
      return RunDelete(apdu, ctx);
    case kInsSetCode:
      if (t.access_code) return RunSetCode(apdu, ctx);
      break;
    case kInsReset:
      return RunReset(apdu, ctx);
    case kInsRename:
      if (t.rename) return RunRename(apdu, ctx);
      break;
    case kInsList:
      return RunList(apdu, ctx);
    case kInsCalculate:
      return RunCalculate(apdu, ctx);
    case kInsValidate:
      if (t.access_code) return RunValidate(apdu, ctx);
      break;
    case kInsSelectOrCalculateAll:
      if (apdu.p1 == 0x04) return RunSelect(apdu, ctx);
      if (t.calculate_all) return RunCalculateAll(apdu, ctx);
      break;
    case kInsSendRemaining:
      return RunSendRemaining(apdu, ctx);
    case kInsVerifyPin:
      if (t.pin_commands) return RunVerifyPin(apdu, ctx);
      break;
    case kInsChangePin:
      if (t.pin_commands) return RunChangePin(apdu, ctx);
      break;
    case kInsSetPin:
      if (t.pin_commands) return RunSetPin(apdu, ctx);
      break;
    default:
      break;
  }
  return Reply(Sw::kInsNotSupported);
}

}  // namespace

Outcome Applet::Handle(std::span<const uint8_t> bytes, PresenceGrant grant) {
  const ProfileTraits& traits = TraitsFor(profile_);
  auto apdu = ParseApdu(bytes);
  Outcome out;
  bool send_remaining = false;
  Context ctx{
      platform_,    store_,     traits,       grant, session_->authorized,
      *session_,    hmac_keys_, std::nullopt, false, std::nullopt,
      std::nullopt, nullptr,    std::nullopt};
  if (session_->authorized && !session_->pin_key.empty()) {
    ctx.pin_key = &session_->pin_key;
  }
  if (!apdu.ok()) {
    out = Reply(Sw::kWrongLength);
  } else if (auto bad_cla = CheckClass(apdu->cla)) {
    out = Reply(*bad_cla);
  } else {
    send_remaining = apdu->ins == kInsSendRemaining;
    out = Dispatch(*apdu, ctx);
    // First call of a command that needs a touch: nothing changes, not even
    // the session (hsm/presence.h).
    if (out.needs_presence) return out;
  }
  // The command ended: apply the session rules.
  if (!send_remaining) session_->pending = std::move(ctx.new_pending);
  session_->authorized = ctx.authorize_next;
  // §2.9.1: the PIN key lives exactly as long as the authorization.
  session_->pin_key = ctx.authorize_next && ctx.new_pin_key
                          ? std::move(*ctx.new_pin_key)
                          : SecretBytes();
  if (ctx.new_select_challenge) {
    session_->select_challenge = std::move(*ctx.new_select_challenge);
  }
  if (ctx.new_validated) session_->validated = *ctx.new_validated;
  return out;
}

}  // namespace hsm::oath
