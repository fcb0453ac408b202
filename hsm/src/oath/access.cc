// YKOATH access code (docs/protocol/oath.md §3 "Access code"; yubikey5
// profile):
//
// SET CODE 03: `73 (L) <kind|alg> <key>`, `74 <chal>`, `75 HMAC(key, chal)`
//   stores the key the host derived with PBKDF2-HMAC-SHA1(password, SELECT
//   salt, 1000, 16) — the device never sees the password. The response proves
//   the host and the device agree on the key; a mismatch is 6984 (ykneo-oath
//   `handleChangeCode`, pico-fido `cmd_set_code`). `73 00` removes the code.
//   Decision: after setting a new code the session is NOT validated (both
//   witnesses behave so): the host VALIDATEs with the new code after a new
//   SELECT.
// VALIDATE A3: `75 HMAC(key, select-challenge)`, `74 <host chal>` (8..64
//   bytes). On a match the session is validated and the device answers
//   `75 HMAC(key, host chal)` (mutual authentication). No code set, a wrong
//   response, or a second VALIDATE on the same SELECT challenge → 6984. The
//   comparison is constant time.
#include <algorithm>

#include "command.h"
#include "tlv.h"

namespace hsm::oath {
namespace {

struct SetCodeRequest {
  bool remove = false;
  uint8_t kind_alg = 0;
  std::span<const uint8_t> key;
  std::span<const uint8_t> challenge;
  std::span<const uint8_t> response;
};

Result<SetCodeRequest, Sw> ParseSetCode(const Apdu& apdu) {
  if (apdu.p1 != 0x00 || apdu.p2 != 0x00) return MakeErr(Sw::kIncorrectP1P2);
  static constexpr uint8_t kAllowed[] = {kTagKey, kTagChallenge, kTagResponse};
  auto tlvs = ParseTlvs(apdu.data, kAllowed);
  if (!tlvs.ok()) return MakeErr(tlvs.error());
  const Tlv* key = FindTlv(*tlvs, kTagKey);
  if (key == nullptr) return MakeErr(Sw::kIncorrectData);
  SetCodeRequest r;
  if (key->value.empty()) {  // `73 00`: remove the code
    if (tlvs->size() != 1) return MakeErr(Sw::kIncorrectData);
    r.remove = true;
    return r;
  }
  const Tlv* challenge = FindTlv(*tlvs, kTagChallenge);
  const Tlv* response = FindTlv(*tlvs, kTagResponse);
  if (challenge == nullptr || response == nullptr || challenge->value.empty() ||
      challenge->value.size() > kHostChallengeMax) {
    return MakeErr(Sw::kIncorrectData);
  }
  r.kind_alg = key->value[0];
  r.key = key->value.subspan(1);
  if (!AlgOf(r.kind_alg) || r.key.empty() || r.key.size() > kAccessKeyMax) {
    return MakeErr(Sw::kIncorrectData);
  }
  r.challenge = challenge->value;
  r.response = response->value;
  return r;
}

// HMAC(key, message) == expected, in constant time (sizes are public).
bool HmacMatches(crypto::HashAlg alg, std::span<const uint8_t> key,
                 std::span<const uint8_t> message,
                 std::span<const uint8_t> expected, bool& crypto_failed) {
  auto mac = crypto::Hmac(alg, key, message);
  crypto_failed = !mac.ok();
  if (crypto_failed) return false;
  SecretBytes computed(*mac);
  return computed.size() == expected.size() && computed.Equals(expected);
}

}  // namespace

Outcome RunSetCode(const Apdu& apdu, Context& ctx) {
  auto req = ParseSetCode(apdu);
  if (!req.ok()) return Reply(req.error());
  OathState next = ctx.store.state().Clone();
  if (req->remove) {
    next.access_key.reset();
  } else {
    bool failed = false;
    if (!HmacMatches(*AlgOf(req->kind_alg), req->key, req->challenge,
                     req->response, failed)) {
      return Reply(failed ? Sw::kNonPersistentError : Sw::kNoSuchObject);
    }
    OathAccessKey access;
    access.kind_alg = req->kind_alg;
    access.key = SecretBytes(req->key);
    next.access_key = std::move(access);
  }
  if (!ctx.store.Commit(std::move(next)).ok()) {
    return Reply(ctx.traits.persistent_error);
  }
  ctx.new_validated = false;  // decision in the header comment
  return Reply(Sw::kSuccess);
}

Outcome RunValidate(const Apdu& apdu, Context& ctx) {
  if (apdu.p1 != 0x00 || apdu.p2 != 0x00) return Reply(Sw::kIncorrectP1P2);
  static constexpr uint8_t kAllowed[] = {kTagResponse, kTagChallenge};
  auto tlvs = ParseTlvs(apdu.data, kAllowed);
  if (!tlvs.ok()) return Reply(tlvs.error());
  const Tlv* response = FindTlv(*tlvs, kTagResponse);
  const Tlv* challenge = FindTlv(*tlvs, kTagChallenge);
  if (response == nullptr || challenge == nullptr ||
      challenge->value.size() < kHostChallengeMin ||
      challenge->value.size() > kHostChallengeMax) {
    return Reply(Sw::kIncorrectData);
  }
  const auto& access = ctx.store.state().access_key;
  // The SELECT challenge is used at most once.
  ctx.new_select_challenge = std::vector<uint8_t>();
  if (!access || ctx.session.select_challenge.empty()) {
    ctx.new_validated = false;
    return Reply(Sw::kNoSuchObject);
  }
  auto alg = AlgOf(access->kind_alg);
  if (!alg) return Reply(Sw::kNonPersistentError);
  bool failed = false;
  if (!HmacMatches(*alg, access->key.view(), ctx.session.select_challenge,
                   response->value, failed)) {
    ctx.new_validated = false;
    return Reply(failed ? Sw::kNonPersistentError : Sw::kNoSuchObject);
  }
  auto mac = crypto::Hmac(*alg, access->key.view(), challenge->value);
  if (!mac.ok()) return Reply(Sw::kNonPersistentError);
  ctx.new_validated = true;
  std::vector<uint8_t> out;
  AppendTlv(out, kTagResponse, *mac);
  return Reply(Sw::kSuccess, std::move(out));
}

}  // namespace hsm::oath
