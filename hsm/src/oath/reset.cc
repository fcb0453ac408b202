// RESET (docs/protocol/oath.md §2.3: P1P2 = DE AD, touch always on NK3, also
// wipes the PIN). The serial survives; the SELECT salt is renewed.
#include "command.h"

namespace hsm::oath {
namespace {

Sw ParseReset(const Apdu& apdu, const ProfileTraits& t) {
  if (apdu.p1 != 0xDE || apdu.p2 != 0xAD) return t.reset_bad_p1p2;
  if (!apdu.data.empty()) return Sw::kWrongLength;
  return Sw::kSuccess;
}

Outcome HandleReset(Context& ctx) {
  if (auto gate = GatePresence(ctx.traits.touch_for_delete_reset, ctx.grant)) {
    return *gate;
  }
  ctx.hmac_keys.Clear();  // every credential goes
  return CommitAndSucceed(FreshOathState(ctx.platform), ctx);
}

}  // namespace

Outcome RunReset(const Apdu& apdu, Context& ctx) {
  Sw sw = ParseReset(apdu, ctx.traits);
  if (sw != Sw::kSuccess) return Reply(sw);
  return HandleReset(ctx);
}

}  // namespace hsm::oath
