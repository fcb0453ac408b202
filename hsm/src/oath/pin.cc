// PIN commands of the Nitrokey 3 Secrets App (docs/protocol/oath.md §2.9):
// VERIFY B2 `80 pin`, CHANGE B3 `80 old 81 new`, SET B4 `80 pin`. All need a
// touch. 8 retries; the counter is decremented and committed BEFORE the PIN
// is compared (and restored after a match), so cutting power after a wrong
// guess cannot save an attempt. The PIN is stored only as
// PBKDF2-HMAC-SHA256(pin, 16-byte random salt).
//
// The PIN key (§2.9.1, pin_key.h): SET PIN makes it, VERIFY PIN unwraps it
// for the next command, CHANGE PIN rewraps the same key under the new PIN.
// A state from before §2.9.1 (a PIN without a wrapped key) gets a new key at
// its next successful VERIFY or CHANGE, and its plain PIN-encrypted
// credentials are sealed in that same commit.
#include "command.h"
#include "hsm/crypto/kdf.h"
#include "pin_key.h"
#include "tlv.h"

namespace hsm::oath {
namespace {

Result<SecretBytes, crypto::CryptoError> HashPin(
    std::span<const uint8_t> pin, std::span<const uint8_t> salt) {
  return crypto::Pbkdf2Hmac(crypto::HashAlg::kSha256, pin, salt,
                            kPinKdfIterations, kPinHashSize);
}

bool PinLengthOk(std::span<const uint8_t> pin, size_t min) {
  return pin.size() >= min && pin.size() <= kPinMaxLength;
}

// Parses `80 pin` and, if `want_new`, `81 new`.
struct PinRequest {
  std::span<const uint8_t> pin;
  std::span<const uint8_t> new_pin;
};

Result<PinRequest, Sw> ParsePinTlvs(const Apdu& apdu, bool want_new,
                                    size_t min_pin) {
  static constexpr uint8_t kOne[] = {kTagPassword};
  static constexpr uint8_t kTwo[] = {kTagPassword, kTagNewPassword};
  auto tlvs = ParseTlvs(apdu.data, want_new ? std::span<const uint8_t>(kTwo)
                                            : std::span<const uint8_t>(kOne));
  if (!tlvs.ok()) return MakeErr(tlvs.error());
  const Tlv* pin = FindTlv(*tlvs, kTagPassword);
  if (pin == nullptr || !PinLengthOk(pin->value, min_pin)) {
    return MakeErr(Sw::kIncorrectData);
  }
  PinRequest r;
  r.pin = pin->value;
  if (want_new) {
    const Tlv* np = FindTlv(*tlvs, kTagNewPassword);
    if (np == nullptr || !PinLengthOk(np->value, kPinMinLength)) {
      return MakeErr(Sw::kIncorrectData);
    }
    r.new_pin = np->value;
  }
  return r;
}

// Checks state, asks for presence, then spends one attempt and compares.
// Returns nullopt when `pin` matched (retries are then back at 8 in the
// committed state unless `next` is changed further by the caller).
std::optional<Outcome> SpendAttempt(std::span<const uint8_t> pin,
                                    Context& ctx) {
  const OathState& oath = ctx.store.state();
  if (!oath.pin) return Reply(Sw::kSecurityStatusNotSatisfied);
  if (auto gate = GatePresence(true, ctx.grant)) return *gate;
  // As the NK3 (docs/protocol/oath.md §2.9.1): after the touch, a blocked PIN
  // fails at once, without spending an attempt, with the 6300 of a wrong
  // one; SELECT's retry counter (0) is what tells the two apart.
  if (oath.pin->retries_left == 0) return Reply(Sw::kVerificationFailed);

  OathState spent = ctx.store.state().Clone();
  spent.pin->retries_left -= 1;
  if (!ctx.store.Commit(std::move(spent)).ok()) {
    return Reply(ctx.traits.persistent_error);
  }
  const OathPin& stored = *ctx.store.state().pin;
  auto hash = HashPin(pin, stored.salt.view());
  if (!hash.ok()) return Reply(Sw::kNonPersistentError);
  if (!stored.hash.Equals(hash->view())) {
    return Reply(Sw::kVerificationFailed);
  }
  return std::nullopt;
}

// The PIN key of the stored PIN, unwrapped with the (matching) `pin`; a
// state from before §2.9.1 gets a new one and `next`'s plain PIN-encrypted
// credentials are sealed under it.
Result<SecretBytes, Sw> PinKeyFor(std::span<const uint8_t> pin, OathState& next,
                                  Context& ctx) {
  if (!next.pin->wrapped_key.empty()) {
    return UnwrapPinKey(pin, *next.pin, ctx.traits.persistent_error);
  }
  SecretBytes key = NewPinKey(ctx.platform);
  if (auto s = WrapPinKey(ctx.platform, pin, key, *next.pin); !s.ok()) {
    return MakeErr(s.error());
  }
  if (auto s = SealPlainPinCredentials(ctx.platform, key, next); !s.ok()) {
    return MakeErr(s.error());
  }
  return key;
}

// The PIN matched but its key could not be had (damaged state, §2.9.1):
// the spent attempt is given back, nothing is authorized, `sw` is answered.
Outcome GiveAttemptBack(Sw sw, Context& ctx) {
  OathState restored = ctx.store.state().Clone();
  restored.pin->retries_left = kPinRetries;
  (void)ctx.store.Commit(std::move(restored));  // best effort; `sw` anyway
  return Reply(sw);
}

// Commits `pin` as the PIN (new salt and hash, 8 retries) with `key` wrapped
// under it.
Outcome CommitNewPin(std::span<const uint8_t> pin, const SecretBytes& key,
                     OathState next, Context& ctx) {
  OathPin p;
  p.salt = SecretBytes(kPinSaltSize);
  ctx.platform.Random(p.salt.mutable_view());
  auto hash = HashPin(pin, p.salt.view());
  if (!hash.ok()) return Reply(Sw::kNonPersistentError);
  p.hash = std::move(hash.value());
  p.retries_left = kPinRetries;
  if (auto s = WrapPinKey(ctx.platform, pin, key, p); !s.ok()) {
    return Reply(s.error());
  }
  next.pin = std::move(p);
  return CommitAndSucceed(std::move(next), ctx);
}

}  // namespace

Outcome RunVerifyPin(const Apdu& apdu, Context& ctx) {
  auto req = ParsePinTlvs(apdu, /*want_new=*/false, 1);
  if (!req.ok()) return Reply(req.error());
  if (auto fail = SpendAttempt(req->pin, ctx)) return *fail;
  OathState next = ctx.store.state().Clone();
  next.pin->retries_left = kPinRetries;
  auto key = PinKeyFor(req->pin, next, ctx);
  if (!key.ok()) return GiveAttemptBack(key.error(), ctx);
  if (!ctx.store.Commit(std::move(next)).ok()) {
    return Reply(ctx.traits.persistent_error);
  }
  ctx.authorize_next = true;  // for exactly the next command
  ctx.new_pin_key = std::move(key.value());
  return Reply(Sw::kSuccess);
}

Outcome RunChangePin(const Apdu& apdu, Context& ctx) {
  auto req = ParsePinTlvs(apdu, /*want_new=*/true, 1);
  if (!req.ok()) return Reply(req.error());
  if (auto fail = SpendAttempt(req->pin, ctx)) return *fail;
  OathState next = ctx.store.state().Clone();
  auto key = PinKeyFor(req->pin, next, ctx);
  if (!key.ok()) return GiveAttemptBack(key.error(), ctx);
  return CommitNewPin(req->new_pin, *key, std::move(next), ctx);
}

Outcome RunSetPin(const Apdu& apdu, Context& ctx) {
  auto req = ParsePinTlvs(apdu, /*want_new=*/false, kPinMinLength);
  if (!req.ok()) return Reply(req.error());
  if (ctx.store.state().pin) {
    return Reply(Sw::kSecurityStatusNotSatisfied);  // only when none (§2.9)
  }
  if (auto gate = GatePresence(true, ctx.grant)) return *gate;
  return CommitNewPin(req->pin, NewPinKey(ctx.platform),
                      ctx.store.state().Clone(), ctx);
}

}  // namespace hsm::oath
