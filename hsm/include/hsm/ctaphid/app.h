// App: a CTAPHID application that handles one complete request payload of the
// commands it is registered for (CBOR, MSG, vendor commands such as 0x70).
// The CTAPHID layer (channels, framing, PING/INIT/WINK/LOCK/CANCEL, timeouts,
// keepalives) lives in hsm/ctaphid/ctaphid_device.h; apps see whole messages.
#ifndef HSM_CTAPHID_APP_H_
#define HSM_CTAPHID_APP_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hsm/ctaphid/protocol.h"
#include "hsm/presence.h"

namespace hsm::ctaphid {

struct AppOutcome {
  enum class Kind {
    kResponse,       // send `payload` as the response to the request's command
    kError,          // send CTAPHID_ERROR `error`
    kNeedsPresence,  // wait for a touch, then call Handle again with the grant
  };
  Kind kind = Kind::kResponse;
  std::vector<uint8_t> payload;
  Error error = Error::kOther;
  // kNeedsPresence: how long to wait before resuming with kTimedOut, and
  // whether to send KEEPALIVE(UPNEEDED) every 100 ms meanwhile (CBOR does;
  // Nitrokey 3 vendor commands stay silent, docs/protocol/oath.md §1).
  uint32_t presence_timeout_ms = 0;
  bool keepalive_while_waiting = false;

  static AppOutcome Response(std::vector<uint8_t> payload) {
    AppOutcome o;
    o.kind = Kind::kResponse;
    o.payload = std::move(payload);
    return o;
  }
  static AppOutcome Fail(Error error) {
    AppOutcome o;
    o.kind = Kind::kError;
    o.error = error;
    return o;
  }
  static AppOutcome NeedsPresence(uint32_t timeout_ms, bool keepalive) {
    AppOutcome o;
    o.kind = Kind::kNeedsPresence;
    o.presence_timeout_ms = timeout_ms;
    o.keepalive_while_waiting = keepalive;
    return o;
  }
};

class App {
 public:
  virtual ~App() = default;
  // `command` is the CTAPHID command code without the init bit. `grant` is
  // kNotRequested on the first call; after kNeedsPresence it carries what the
  // user did. A second kNeedsPresence for the same request is not allowed.
  virtual AppOutcome Handle(uint8_t command, std::span<const uint8_t> payload,
                            PresenceGrant grant) = 0;
  // Power cycle / channel reset: drop per-session state (pending SEND
  // REMAINING, PIN authorization, tokens).
  virtual void Reset() {}
};

}  // namespace hsm::ctaphid

#endif  // HSM_CTAPHID_APP_H_
