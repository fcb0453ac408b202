// RENAME (docs/protocol/oath.md §3, INS 05; yubikey5 profile only): `71 old`,
// `71 new`.
#include "command.h"
#include "tlv.h"

namespace hsm::oath {
namespace {

struct RenameRequest {
  std::span<const uint8_t> from;
  std::span<const uint8_t> to;
};

Result<RenameRequest, Sw> ParseRename(const Apdu& apdu,
                                      const ProfileTraits& t) {
  auto tlvs = ParseTlvs(apdu.data);
  if (!tlvs.ok()) return MakeErr(tlvs.error());
  if (tlvs->size() != 2 || (*tlvs)[0].tag != kTagName ||
      (*tlvs)[1].tag != kTagName) {
    return MakeErr(Sw::kIncorrectData);
  }
  for (const auto& tlv : *tlvs) {
    if (tlv.value.empty() || tlv.value.size() > t.max_label) {
      return MakeErr(Sw::kIncorrectData);
    }
  }
  return RenameRequest{(*tlvs)[0].value, (*tlvs)[1].value};
}

Outcome HandleRename(const RenameRequest& r, Context& ctx) {
  const OathState& oath = ctx.store.state();
  auto index = FindVisible(oath, r.from, ctx.authorized);
  if (!index) return Reply(ctx.traits.not_found);
  // Decision: renaming onto an existing name is refused (6A80), and that
  // includes the credential's own current name: Yubico's device tests expect
  // an error for it (docs/protocol/oath.md §3 "RENAME").
  if (FindAny(oath, r.to)) return Reply(Sw::kIncorrectData);
  OathState next = ctx.store.state().Clone();
  next.credentials[*index].name.assign(r.to.begin(), r.to.end());
  return CommitAndSucceed(std::move(next), ctx);
}

}  // namespace

Outcome RunRename(const Apdu& apdu, Context& ctx) {
  return ParseThenHandle(ParseRename(apdu, ctx.traits), ctx, HandleRename);
}

}  // namespace hsm::oath
