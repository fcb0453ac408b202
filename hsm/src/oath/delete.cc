// DELETE (docs/protocol/oath.md §2.3: touch always on NK3; not found
// 6A82/6984).
#include "command.h"
#include "tlv.h"

namespace hsm::oath {
namespace {

Result<std::span<const uint8_t>, Sw> ParseDelete(const Apdu& apdu,
                                                 const ProfileTraits& t) {
  static constexpr uint8_t kAllowed[] = {kTagName};
  auto tlvs = ParseTlvs(apdu.data, kAllowed);
  if (!tlvs.ok()) return MakeErr(tlvs.error());
  const Tlv* name = FindTlv(*tlvs, kTagName);
  if (name == nullptr || name->value.empty() ||
      name->value.size() > t.max_label) {
    return MakeErr(Sw::kIncorrectData);
  }
  return name->value;
}

Outcome HandleDelete(std::span<const uint8_t> name, Context& ctx) {
  auto index = FindVisible(ctx.store.state(), name, ctx.authorized);
  if (!index) return Reply(ctx.traits.not_found);
  if (auto gate = GatePresence(ctx.traits.touch_for_delete_reset, ctx.grant)) {
    return *gate;
  }
  ForgetHmacKey(ctx, ctx.store.state().credentials[*index]);
  OathState next = ctx.store.state().Clone();
  next.credentials.erase(next.credentials.begin() +
                         static_cast<ptrdiff_t>(*index));
  return CommitAndSucceed(std::move(next), ctx);
}

}  // namespace

Outcome RunDelete(const Apdu& apdu, Context& ctx) {
  return ParseThenHandle(ParseDelete(apdu, ctx.traits), ctx, HandleDelete);
}

}  // namespace hsm::oath
