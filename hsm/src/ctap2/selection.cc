// authenticatorSelection (CTAP 2.1 §6.9): answers once the user touches.
#include "commands.h"

namespace hsm::ctap2 {

CommandResult HandleSelection(Context& ctx, PresenceGrant grant) {
  if (grant == PresenceGrant::kNotRequested) return CommandResult::Presence();
  if (auto failure = PresenceFailure(grant))
    return CommandResult::Error(*failure);
  return CommandResult::Ok();
}

}  // namespace hsm::ctap2
