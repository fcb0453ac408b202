// CALCULATE ALL (docs/protocol/oath.md §3, INS A4 P1=00; yubikey5 profile
// only). For each credential: `71 name` then `76 05 d xxxx` (TOTP, truncated),
// `75 L d HMAC` (TOTP, P2=00), `77 01 d` (HOTP, not calculated) or
// `7C 01 d` (touch required, not calculated).
#include "command.h"
#include "tlv.h"

namespace hsm::oath {
namespace {

struct CalculateAllRequest {
  std::span<const uint8_t> challenge;
  bool truncated = true;
};

Result<CalculateAllRequest, Sw> ParseCalculateAll(const Apdu& apdu,
                                                  const ProfileTraits& t) {
  if (apdu.p1 != 0x00 || (apdu.p2 != 0x00 && apdu.p2 != 0x01)) {
    return MakeErr(Sw::kIncorrectP1P2);
  }
  static constexpr uint8_t kAllowed[] = {kTagChallenge};
  auto tlvs = ParseTlvs(apdu.data, kAllowed);
  if (!tlvs.ok()) return MakeErr(tlvs.error());
  const Tlv* challenge = FindTlv(*tlvs, kTagChallenge);
  if (challenge == nullptr || challenge->value.size() > t.max_challenge) {
    return MakeErr(Sw::kIncorrectData);
  }
  return CalculateAllRequest{challenge->value, apdu.p2 == 0x01};
}

// One credential's entry: its name, then the code or the reason there is
// none (header comment); 6400 if the HMAC fails.
Result<std::vector<uint8_t>, Sw> EncodeEntry(const OathCredential& c,
                                             const CalculateAllRequest& req,
                                             Context& ctx) {
  const ProfileTraits& traits = ctx.traits;
  std::vector<uint8_t> entry;
  AppendTlv(entry, kTagName, c.name);
  const uint8_t kind = c.kind_alg & kKindMask;
  auto alg = AlgOf(c.kind_alg);
  if (CredentialNeedsTouch(c, traits)) {
    AppendTlv(entry, kTagTouch, std::span<const uint8_t>(&c.digits, 1));
    return entry;
  }
  if (kind == kKindHotp || !alg) {
    AppendTlv(entry, kTagHotp, std::span<const uint8_t>(&c.digits, 1));
    return entry;
  }
  // YKOATH never authorizes a PIN, so no sealed secret (docs/protocol/oath.md
  // §2.9.1) is visible here; one would get an error, not a code.
  auto mac = CredentialHmac(ctx, c, *alg, req.challenge);
  if (!mac.ok()) return MakeErr(mac.error());
  std::vector<uint8_t> value = {c.digits};
  if (req.truncated) {
    const uint32_t v = DynamicTruncate(*mac);
    for (int shift = 24; shift >= 0; shift -= 8) {
      value.push_back(static_cast<uint8_t>(v >> shift));
    }
    AppendTlv(entry, kTagTruncated, value);
  } else {
    value.insert(value.end(), mac->begin(), mac->end());
    AppendTlv(entry, kTagResponse, value);
  }
  return entry;
}

}  // namespace

Outcome RunCalculateAll(const Apdu& apdu, Context& ctx) {
  auto req = ParseCalculateAll(apdu, ctx.traits);
  if (!req.ok()) return Reply(req.error());
  return ReplyPerVisibleCredential(
      ctx, [&](const OathCredential& c) { return EncodeEntry(c, *req, ctx); });
}

}  // namespace hsm::oath
