// PUT / register (docs/protocol/oath.md §2.3, §2.5; docs/protocol/oath.md §3).
#include <cstring>

#include "command.h"
#include "pin_key.h"
#include "tlv.h"

namespace hsm::oath {
namespace {

struct PutRequest {
  std::span<const uint8_t> name;
  uint8_t kind_alg = 0;
  uint8_t digits = 0;
  std::span<const uint8_t> secret;
  uint8_t properties = 0;
  uint32_t counter = 0;
};

Result<PutRequest, Sw> ParsePut(const Apdu& apdu, const ProfileTraits& t) {
  static constexpr uint8_t kAllowed[] = {kTagName, kTagKey, kTagProperty,
                                         kTagImf};
  auto tlvs = ParseTlvs(apdu.data, kAllowed, TlvMode::kBareProperty);
  if (!tlvs.ok()) return MakeErr(tlvs.error());
  const Tlv* name = FindTlv(*tlvs, kTagName);
  const Tlv* key = FindTlv(*tlvs, kTagKey);
  if (name == nullptr || key == nullptr) return MakeErr(Sw::kIncorrectData);

  PutRequest r;
  // §2.10: label 1..127 bytes (NK3), 1..64 (YKOATH).
  if (name->value.empty() || name->value.size() > t.max_label) {
    return MakeErr(Sw::kIncorrectData);
  }
  r.name = name->value;

  // §2.5: 73 = kind|alg, digits, secret.
  if (key->value.size() < 3) return MakeErr(Sw::kIncorrectData);
  r.kind_alg = key->value[0];
  r.digits = key->value[1];
  r.secret = key->value.subspan(2);
  const uint8_t kind = r.kind_alg & kKindMask;
  if ((kind != kKindHotp && kind != kKindTotp) || !AlgOf(r.kind_alg)) {
    return MakeErr(Sw::kIncorrectData);
  }
  // Decision: digits 6..8 only (RFC 4226 §5.3 needs >= 6; 10^9 would not
  // leave the 31-bit range meaningful and no client uses it).
  if (r.digits < 6 || r.digits > 8) return MakeErr(Sw::kIncorrectData);
  if (r.secret.size() > t.max_secret) return MakeErr(Sw::kIncorrectData);

  if (const Tlv* p = FindTlv(*tlvs, kTagProperty)) {
    if (p->value.size() != 1 || (p->value[0] & ~t.put_property_mask)) {
      return MakeErr(Sw::kIncorrectData);
    }
    r.properties = p->value[0];
  }
  if (const Tlv* imf = FindTlv(*tlvs, kTagImf)) {
    if (imf->value.size() != 4) return MakeErr(Sw::kIncorrectData);
    // Only HOTP has a moving factor; TOTP ignores it (YKOATH behaviour).
    if (kind == kKindHotp) {
      r.counter = (uint32_t{imf->value[0]} << 24) |
                  (uint32_t{imf->value[1]} << 16) |
                  (uint32_t{imf->value[2]} << 8) | imf->value[3];
    }
  }
  return r;
}

Outcome HandlePut(const PutRequest& r, Context& ctx) {
  const ProfileTraits& t = ctx.traits;
  const OathState& oath = ctx.store.state();

  // §2.9, §2.9.1: a PIN-encrypted credential needs a PIN and an
  // authorization, which brings the PIN key it is sealed under.
  if ((r.properties & kPropPinEncrypt) &&
      (!oath.pin || !ctx.authorized || ctx.pin_key == nullptr)) {
    return Reply(Sw::kSecurityStatusNotSatisfied);
  }
  auto existing = FindAny(oath, r.name);
  if (existing && !t.put_overwrites) return Reply(Sw::kOperationBlocked);
  if (!existing && oath.credentials.size() >= t.max_credentials) {
    return Reply(Sw::kNotEnoughMemory);
  }
  // Decision (docs/protocol/oath.md §9): as the NK3 code does, PUT asks for a
  // touch only if the new credential requires touch and is not
  // PIN-encrypted. YKOATH PUT never asks.
  const bool touch = t.profile == Profile::kNitrokey3 &&
                     (r.properties & kPropTouch) &&
                     !(r.properties & kPropPinEncrypt);
  if (auto gate = GatePresence(touch, ctx.grant)) return *gate;

  OathState next = ctx.store.state().Clone();
  OathCredential c;
  c.name.assign(r.name.begin(), r.name.end());
  c.kind_alg = r.kind_alg;
  c.digits = r.digits;
  c.properties = r.properties;
  c.counter = r.counter;
  c.secret = SecretBytes(r.secret);
  if (r.properties & kPropPinEncrypt) {
    if (auto sealed = SealCredential(ctx.platform, *ctx.pin_key, c);
        !sealed.ok()) {
      return Reply(sealed.error());
    }
  }
  if (existing) {
    ForgetHmacKey(ctx, oath.credentials[*existing]);
    next.credentials[*existing] = std::move(c);
  } else {
    next.credentials.push_back(std::move(c));
  }
  return CommitAndSucceed(std::move(next), ctx);
}

}  // namespace

Outcome RunPut(const Apdu& apdu, Context& ctx) {
  return ParseThenHandle(ParsePut(apdu, ctx.traits), ctx, HandlePut);
}

}  // namespace hsm::oath
