// PinUnlock: lets `keybridge oath accounts code|list` reach Nitrokey 3
// PIN-encrypted accounts (docs/protocol/oath.md §2.9, §2.9.1). A successful
// VERIFY PIN opens exactly the next command, so Verify() is sent before the
// LIST and before each CALCULATE of a PIN-protected account.
//
// Contract:
//  - Start() SELECTs the OATH application to read the PIN retry counter (tag
//    82): no counter (no PIN set, or not a Nitrokey 3) or 0 retries is an
//    error and nothing else is sent. Otherwise it reads the PIN with
//    ReadSecretLine("Enter PIN: ") — stdin, or a no-echo prompt on a
//    terminal; never argv — and keeps it only in memory (wiped at the end).
//  - Verify() sends VERIFY PIN. A wrong PIN is a kStatusWord error (exit code
//    11) saying how many retries are left; the caller must then stop sending.
#ifndef BRIDGE_CLI_PIN_UNLOCK_H_
#define BRIDGE_CLI_PIN_UNLOCK_H_

#include <cstdint>

#include "bridge/error.h"
#include "bridge/oath/session.h"
#include "bridge/secret.h"

namespace bridge::cli {

class PinUnlock {
 public:
  static Result<PinUnlock> Start(oath::OathSession& session);

  Status Verify();

 private:
  PinUnlock(oath::OathSession& session, SecretBytes pin, uint8_t retries)
      : session_(&session), pin_(std::move(pin)), retries_(retries) {}

  oath::OathSession* session_;
  SecretBytes pin_;
  uint8_t retries_;  // as SELECT reported them before our first VERIFY
};

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_PIN_UNLOCK_H_
