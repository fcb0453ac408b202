// CALCULATE (docs/protocol/oath.md §2.6; docs/protocol/oath.md §3).
// TOTP: HMAC over the challenge bytes as sent (the host owns time). HOTP:
// HMAC over the stored counter (RFC 4226 §5.2), challenge ignored; the
// advanced counter is committed BEFORE the code is returned, so a power cut
// can never hand out the same code twice.
#include "command.h"
#include "tlv.h"

namespace hsm::oath {
namespace {

struct CalculateRequest {
  std::span<const uint8_t> name;
  std::span<const uint8_t> challenge;
  bool truncated = true;  // P2 = 01
};

Result<CalculateRequest, Sw> ParseCalculate(const Apdu& apdu,
                                            const ProfileTraits& t) {
  CalculateRequest r;
  if (t.calculate_full) {
    if (apdu.p2 != 0x00 && apdu.p2 != 0x01) return MakeErr(Sw::kIncorrectP1P2);
    r.truncated = apdu.p2 == 0x01;
  } else if (apdu.p1 != 0x00 || apdu.p2 != 0x01) {
    return MakeErr(Sw::kInsNotSupported);  // §2.3: P2 must be 01
  }
  static constexpr uint8_t kAllowed[] = {kTagName, kTagChallenge};
  auto tlvs = ParseTlvs(apdu.data, kAllowed);
  if (!tlvs.ok()) return MakeErr(tlvs.error());
  const Tlv* name = FindTlv(*tlvs, kTagName);
  const Tlv* challenge = FindTlv(*tlvs, kTagChallenge);
  // §2.3: the challenge TLV is mandatory, even for HOTP.
  if (name == nullptr || challenge == nullptr || name->value.empty() ||
      name->value.size() > t.max_label ||
      challenge->value.size() > t.max_challenge) {
    return MakeErr(Sw::kIncorrectData);
  }
  r.name = name->value;
  r.challenge = challenge->value;
  return r;
}

// `76 05 digits u32` (truncated) or `75 (L+1) digits HMAC` (full, YKOATH).
std::vector<uint8_t> EncodeCalculate(uint8_t digits,
                                     std::span<const uint8_t> mac,
                                     bool truncated) {
  std::vector<uint8_t> out;
  std::vector<uint8_t> value;
  value.push_back(digits);
  if (truncated) {
    const uint32_t v = DynamicTruncate(mac);
    value.push_back(static_cast<uint8_t>(v >> 24));
    value.push_back(static_cast<uint8_t>(v >> 16));
    value.push_back(static_cast<uint8_t>(v >> 8));
    value.push_back(static_cast<uint8_t>(v));
    AppendTlv(out, kTagTruncated, value);
  } else {
    value.insert(value.end(), mac.begin(), mac.end());
    AppendTlv(out, kTagResponse, value);
  }
  return out;
}

Outcome HandleCalculate(const CalculateRequest& r, Context& ctx) {
  const ProfileTraits& t = ctx.traits;
  const OathState& oath = ctx.store.state();
  auto index = FindVisible(oath, r.name, ctx.authorized);
  if (!index) return Reply(t.not_found);
  const OathCredential& c = oath.credentials[*index];
  const uint8_t kind = c.kind_alg & kKindMask;
  if (kind != kKindTotp && kind != kKindHotp) {
    return Reply(Sw::kConditionsNotSatisfied);
  }
  auto alg = AlgOf(c.kind_alg);
  if (!alg) return Reply(Sw::kConditionsNotSatisfied);
  if (*alg == crypto::HashAlg::kSha512 && !t.sha512_calculate) {
    return Reply(Sw::kFunctionNotSupported);  // §2.5: NK3 → 6A81
  }
  if (kind == kKindHotp && c.counter == UINT32_MAX) {
    return Reply(t.persistent_error);  // §2.8: counter overflow
  }
  if (auto gate = GatePresence(CredentialNeedsTouch(c, t), ctx.grant)) {
    return *gate;
  }

  std::vector<uint8_t> message;
  if (kind == kKindHotp) {
    // RFC 4226 §5.2: C as an 8-byte big-endian counter.
    message.assign(8, 0);
    for (int i = 0; i < 4; ++i) {
      message[7 - i] = static_cast<uint8_t>(c.counter >> (8 * i));
    }
  } else {
    message.assign(r.challenge.begin(), r.challenge.end());
  }
  // §2.9.1: a sealed secret opens only with this command's PIN key.
  auto mac = CredentialHmac(ctx, c, *alg, message);
  if (!mac.ok()) return Reply(mac.error());
  const uint8_t digits = c.digits;

  if (kind == kKindHotp) {
    OathState next = ctx.store.state().Clone();
    next.credentials[*index].counter += 1;
    if (!ctx.store.Commit(std::move(next)).ok()) {
      return Reply(t.persistent_error);  // no code without the new counter
    }
  }
  return Reply(Sw::kSuccess, EncodeCalculate(digits, *mac, r.truncated));
}

}  // namespace

Outcome RunCalculate(const Apdu& apdu, Context& ctx) {
  return ParseThenHandle(ParseCalculate(apdu, ctx.traits), ctx,
                         HandleCalculate);
}

}  // namespace hsm::oath
