// `keybridge oath pin set|change|verify` (Nitrokey PIN commands B4/B3/B2,
// docs/protocol/oath.md §2.9). PINs come from stdin or a no-echo prompt, never
// argv; a new PIN is asked twice on a terminal.
#include <functional>

#include "bridge/cli/commands.h"
#include "bridge/cli/terminal.h"

namespace bridge::cli {
namespace {

enum class PinKind { kCurrent, kNew };

// Reads one PIN (`prompt` on a terminal; a new one twice), then runs
// `command` with it on the OATH application and prints `done`.
template <typename Command>
Status WithPin(const CommandContext& ctx, PinKind kind, std::string_view prompt,
               Command command, std::string_view done) {
  Result<SecretBytes> pin =
      kind == PinKind::kNew ? ReadNewPin(prompt) : ReadSecretLine(prompt);
  if (!pin) return std::move(pin).error();
  return RunOnOath(
      ctx.global,
      [&](oath::OathSession& s) { return std::invoke(command, s, *pin); },
      done);
}

Status RunSet(const CommandContext& ctx) {
  return WithPin(ctx, PinKind::kNew,
                 "Enter new PIN: ", &oath::OathSession::SetPin, "PIN set.");
}

Status RunChange(const CommandContext& ctx) {
  Result<SecretBytes> old_pin = ReadSecretLine("Enter current PIN: ");
  if (!old_pin) return std::move(old_pin).error();
  return WithPin(
      ctx, PinKind::kNew, "Enter new PIN: ",
      [&](oath::OathSession& s, const SecretBytes& new_pin) {
        return s.ChangePin(*old_pin, new_pin);
      },
      "PIN changed.");
}

Status RunVerify(const CommandContext& ctx) {
  return WithPin(ctx, PinKind::kCurrent,
                 "Enter PIN: ", &oath::OathSession::VerifyPin, "PIN verified.");
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
