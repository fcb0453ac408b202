// LIST (docs/protocol/oath.md §2.7): v0 `72 (len+1) kind|alg name`, v1 adds a
// props byte (§2.5 LIST layout). PIN-encrypted credentials are hidden unless
// authorized (§2.9). Long replies continue with SEND REMAINING.
#include "command.h"

namespace hsm::oath {
namespace {

Result<uint8_t, Sw> ParseList(const Apdu& apdu, const ProfileTraits& t) {
  if (apdu.data.empty()) return uint8_t{0};
  if (apdu.data.size() != 1) return MakeErr(Sw::kIncorrectData);
  const uint8_t version = apdu.data[0];
  if (version == 0 || (version == 1 && t.list_v1)) return version;
  return MakeErr(Sw::kIncorrectData);
}

std::vector<uint8_t> EncodeEntry(const OathCredential& c, uint8_t version) {
  std::vector<uint8_t> e;
  // Names are <= 127 bytes, so len+2 <= 129 fits one SIMPLE-TLV length
  // byte, as NK3 always writes it (§2.4).
  e.push_back(0x72);
  e.push_back(static_cast<uint8_t>(c.name.size() + (version == 1 ? 2 : 1)));
  e.push_back(c.kind_alg);
  e.insert(e.end(), c.name.begin(), c.name.end());
  if (version == 1) {
    uint8_t props = 0;
    if (c.properties & kPropTouch) props |= kListPropTouch;
    if (c.properties & kPropPinEncrypt) props |= kListPropPin;
    e.push_back(props);
  }
  return e;
}

}  // namespace

Outcome RunList(const Apdu& apdu, Context& ctx) {
  auto version = ParseList(apdu, ctx.traits);
  if (!version.ok()) return Reply(version.error());
  return ReplyPerVisibleCredential(ctx, [&](const OathCredential& c) {
    return Result<std::vector<uint8_t>, Sw>(EncodeEntry(c, *version));
  });
}

}  // namespace hsm::oath
