// SEND REMAINING (docs/protocol/oath.md §2.7; docs/protocol/oath.md §3): the
// next chunk of a pending LIST / CALCULATE ALL reply; without one → 6985.
#include "command.h"

namespace hsm::oath {

Outcome RunSendRemaining(const Apdu& apdu, Context& ctx) {
  if (!apdu.data.empty()) {
    ctx.session.pending.reset();
    return Reply(Sw::kWrongLength);
  }
  if (!ctx.session.pending) return Reply(Sw::kConditionsNotSatisfied);
  bool done = false;
  Outcome out = EmitChunk(*ctx.session.pending, ctx.traits, done);
  if (done) ctx.session.pending.reset();
  return out;
}

}  // namespace hsm::oath
