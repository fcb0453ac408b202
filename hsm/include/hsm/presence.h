// PresenceGrant: how a command that needed user presence was resumed.
//
// Commands that need a touch are resumable (docs/architecture.md "Waiting for a
// touch must not stall the wire"): the first call, with kNotRequested,
// validates the request and asks for presence without changing state; the
// CTAPHID layer then waits (keepalives, CHANNEL_BUSY for other channels,
// CANCEL), and calls the command again with the outcome.
#ifndef HSM_PRESENCE_H_
#define HSM_PRESENCE_H_

namespace hsm {

enum class PresenceGrant {
  kNotRequested,  // first call: presence not asked for yet
  kApproved,
  kDenied,
  kTimedOut,
  kCancelled,  // CTAPHID CANCEL on the waiting channel
};

}  // namespace hsm

#endif  // HSM_PRESENCE_H_
