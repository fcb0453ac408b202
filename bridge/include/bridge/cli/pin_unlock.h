// PinUnlock: the Nitrokey 3 OATH PIN as `keybridge oath pin verify|change`
// and `oath accounts code|list --pin` use it (docs/protocol/oath.md §2.9,
// §2.9.1). A successful VERIFY PIN opens exactly the next command, so
// Verify() is sent before the LIST and before each CALCULATE of a
// PIN-protected account.
//
// Contract:
//  - Start() SELECTs the OATH application to read the PIN retry counter (tag
//    82): no counter (no PIN set, or not a Nitrokey 3) or 0 retries is an
//    error and nothing else is sent. Otherwise it reads the PIN with
//    ReadSecretLine(prompt) — stdin, or a no-echo prompt on a
//    terminal; never argv — and keeps it only in memory (wiped at the end).
//    The key answers a blocked PIN as a wrong one (6300), so the counter is
//    what tells them apart, and a blocked key is not asked for a touch.
//  - Verify() sends VERIFY PIN; Change(new_pin) sends CHANGE PIN from the PIN
//    read by Start(). A wrong PIN is a kStatusWord error (exit code 11)
//    saying how many retries are left; the caller must then stop sending.
#ifndef BRIDGE_CLI_PIN_UNLOCK_H_
#define BRIDGE_CLI_PIN_UNLOCK_H_

#include <cstdint>
#include <string_view>

#include "bridge/error.h"
#include "bridge/oath/session.h"
#include "bridge/secret.h"

namespace bridge::cli {

class PinUnlock {
 public:
  static Result<PinUnlock> Start(oath::OathSession& session,
                                 std::string_view prompt = "Enter PIN: ");

  Status Verify();
  Status Change(const SecretBytes& new_pin);

 private:
  PinUnlock(oath::OathSession& session, SecretBytes pin, uint8_t retries)
      : session_(&session), pin_(std::move(pin)), retries_(retries) {}

  // `s` from VERIFY or CHANGE PIN (`what`), with a wrong PIN's retries left
  // said.
  Status Counted(Status s, std::string_view what);

  oath::OathSession* session_;
  SecretBytes pin_;
  uint8_t retries_;  // as SELECT reported them before our first VERIFY
};

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_PIN_UNLOCK_H_
