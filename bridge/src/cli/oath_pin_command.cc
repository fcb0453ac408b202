// `keybridge oath pin set|change|verify` (Nitrokey PIN commands B4/B3/B2,
// docs/protocol/oath.md §2.9). PINs come from stdin or a no-echo prompt, never
// argv; a new PIN is asked twice on a terminal.
#include "bridge/cli/commands.h"
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

Status RunChange(const CommandContext& ctx) {
  Result<SecretBytes> old_pin = ReadSecretLine("Enter current PIN: ");
  if (!old_pin) return std::move(old_pin).error();
  Result<SecretBytes> new_pin = ReadNewPin("Enter new PIN: ");
  if (!new_pin) return std::move(new_pin).error();
  return RunOnOath(
      ctx.global,
      [&](oath::OathSession& s) { return s.ChangePin(*old_pin, *new_pin); },
      "PIN changed.");
}

Status RunVerify(const CommandContext& ctx) {
  Result<SecretBytes> pin = ReadSecretLine("Enter PIN: ");
  if (!pin) return std::move(pin).error();
  return RunOnOath(
      ctx.global, [&](oath::OathSession& s) { return s.VerifyPin(*pin); },
      "PIN verified.");
}

}  // namespace

void AddOathPinCommands(CLI::App& oath, CommandContext& ctx) {
  CLI::App* pin =
      AddGroup(oath, "pin",
               "Manage the OATH PIN (Nitrokey 3); PINs are read from stdin");
  pin->add_subcommand("set", "Set a PIN (only when none is set)")
      ->callback([&ctx] { ctx.status = RunSet(ctx); });
  pin->add_subcommand("change", "Change the PIN (stdin: current, then new PIN)")
      ->callback([&ctx] { ctx.status = RunChange(ctx); });
  pin->add_subcommand("verify", "Check the PIN")->callback([&ctx] {
    ctx.status = RunVerify(ctx);
  });
}

}  // namespace bridge::cli
