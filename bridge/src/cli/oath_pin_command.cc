// `keybridge oath pin set|change|verify` (Nitrokey PIN commands B4/B3/B2,
// docs/protocol/oath.md §2.9). PINs come from stdin or a no-echo prompt, never
// argv; a new PIN is asked twice on a terminal.
#include "bridge/cli/commands.h"
#include "bridge/cli/pin_unlock.h"
#include "bridge/cli/terminal.h"

namespace bridge::cli {
namespace {

Status RunSet(const CommandContext& ctx) {
  Result<SecretBytes> pin = ReadNewPin("Enter new PIN: ");
  if (!pin) return std::move(pin).error();
  return RunOnOath(
      ctx.global, [&](oath::OathSession& s) { return s.SetPin(*pin); },
      "PIN set.");
}

// VERIFY and CHANGE go through PinUnlock, which reads the retry counter
// first: the key answers a blocked PIN with the 6300 of a wrong one.
Status RunChange(const CommandContext& ctx) {
  return RunOnOath(
      ctx.global,
      [](oath::OathSession& s) -> Status {
        Result<PinUnlock> unlock = PinUnlock::Start(s, "Enter current PIN: ");
        if (!unlock) return std::move(unlock).error();
        Result<SecretBytes> new_pin = ReadNewPin("Enter new PIN: ");
        if (!new_pin) return std::move(new_pin).error();
        return unlock->Change(*new_pin);
      },
      "PIN changed.");
}

Status RunVerify(const CommandContext& ctx) {
  return RunOnOath(
      ctx.global,
      [](oath::OathSession& s) -> Status {
        Result<PinUnlock> unlock = PinUnlock::Start(s);
        if (!unlock) return std::move(unlock).error();
        return unlock->Verify();
      },
      "PIN verified.");
}

}  // namespace

void AddOathPinCommands(CLI::App& oath, CommandContext& ctx) {
  AddGroup(
      oath, "pin", "Manage the OATH PIN (Nitrokey 3); PINs are read from stdin",
      [&ctx](CLI::App& pin) {
        AddAction(pin, ctx, "set", "Set a PIN (only when none is set)", RunSet);
        AddAction(pin, ctx, "change",
                  "Change the PIN (stdin: current, then new PIN)", RunChange);
        AddAction(pin, ctx, "verify", "Check the PIN", RunVerify);
      });
}

}  // namespace bridge::cli
