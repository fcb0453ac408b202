// SELECT (docs/protocol/oath.md §2.2; docs/protocol/oath.md §3).
#include <algorithm>

#include "command.h"
#include "tlv.h"

namespace hsm::oath {
namespace {

Sw ParseSelect(const Apdu& apdu) {
  if (apdu.p1 != 0x04 || apdu.p2 != 0x00) return Sw::kIncorrectP1P2;
  if (!std::equal(apdu.data.begin(), apdu.data.end(), kOathAid.begin(),
                  kOathAid.end())) {
    return Sw::kNotFound;  // ISO 7816-4: file or application not found
  }
  return Sw::kSuccess;
}

// `79 03 ver`, then `71 08 salt` (no PIN) or `82 01 retries` (PIN set, NK3),
// then `8F 04 serial` (NK3); YKOATH with an access code set adds
// `74 08 challenge` and `7B 01 alg` (§3 "SELECT response").
std::vector<uint8_t> EncodeSelect(const OathState& state,
                                  uint32_t serial_number,
                                  const ProfileTraits& t,
                                  std::span<const uint8_t> challenge) {
  std::vector<uint8_t> out;
  AppendTlv(out, kTagVersion, t.version);
  if (t.select_serial_and_pin && state.pin) {
    const uint8_t retries = state.pin->retries_left;
    AppendTlv(out, kTagPinCounter, std::span<const uint8_t>(&retries, 1));
  } else {
    AppendTlv(out, kTagName, state.salt);
  }
  if (t.select_serial_and_pin) {
    const uint8_t serial[4] = {static_cast<uint8_t>(serial_number >> 24),
                               static_cast<uint8_t>(serial_number >> 16),
                               static_cast<uint8_t>(serial_number >> 8),
                               static_cast<uint8_t>(serial_number)};
    AppendTlv(out, kTagSerial, serial);
  }
  if (t.access_code && state.access_key) {
    AppendTlv(out, kTagChallenge, challenge);
    const uint8_t alg = state.access_key->kind_alg & kAlgMask;
    AppendTlv(out, kTagAlgorithm, std::span<const uint8_t>(&alg, 1));
  }
  return out;
}

}  // namespace

Outcome RunSelect(const Apdu& apdu, Context& ctx) {
  Sw sw = ParseSelect(apdu);
  if (sw != Sw::kSuccess) return Reply(sw);
  // SELECT also ends any PIN authorization (§2.9): Context drops it. In
  // YKOATH it starts a new access-code session: a fresh challenge, not
  // validated (§3 "Access code").
  std::vector<uint8_t> challenge;
  if (ctx.traits.access_code && ctx.store.state().access_key) {
    challenge.resize(kAccessChallengeSize);
    ctx.platform.Random(challenge);
  }
  std::vector<uint8_t> data = EncodeSelect(
      ctx.store.state(), ctx.store.serial(), ctx.traits, challenge);
  ctx.new_select_challenge = std::move(challenge);
  ctx.new_validated = false;
  return Reply(Sw::kSuccess, std::move(data));
}

}  // namespace hsm::oath
