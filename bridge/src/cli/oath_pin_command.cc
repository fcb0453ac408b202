// `keybridge oath pin set|change|verify` (Nitrokey PIN commands B4/B3/B2,
// oath.md §2.9). PINs come from stdin or a no-echo prompt, never argv.
#include <iostream>

#include "bridge/cli/commands.h"
#include "bridge/cli/terminal.h"

namespace bridge::cli {
namespace {

// On a terminal asks twice and compares; from a pipe reads one line.
Result<SecretBytes> ReadNewPin() {
  Result<SecretBytes> pin = ReadSecretLine("Enter new PIN: ");
  if (!pin) return pin;
  if (StdinIsTerminal()) {
    Result<SecretBytes> again = ReadSecretLine("Repeat new PIN: ");
    if (!again) return again;
    if (!pin->Equals(again->view())) {
      return MakeError(ErrorKind::kInvalidInput, "the PINs do not match");
    }
  }
  return pin;
}

Status RunSet(const CommandContext& ctx) {
  Result<SecretBytes> pin = ReadNewPin();
  if (!pin) return std::move(pin).error();
  Result<std::unique_ptr<KeyConnection>> key = KeyConnection::Open(ctx.global);
  if (!key) return std::move(key).error();
  if (Status s = (*key)->oath().SetPin(*pin); !s) return s;
  std::cout << "PIN set.\n";
  return OkStatus();
}

Status RunChange(const CommandContext& ctx) {
  Result<SecretBytes> old_pin = ReadSecretLine("Enter current PIN: ");
  if (!old_pin) return std::move(old_pin).error();
  Result<SecretBytes> new_pin = ReadNewPin();
  if (!new_pin) return std::move(new_pin).error();
  Result<std::unique_ptr<KeyConnection>> key = KeyConnection::Open(ctx.global);
  if (!key) return std::move(key).error();
  if (Status s = (*key)->oath().ChangePin(*old_pin, *new_pin); !s) return s;
  std::cout << "PIN changed.\n";
  return OkStatus();
}

Status RunVerify(const CommandContext& ctx) {
  Result<SecretBytes> pin = ReadSecretLine("Enter PIN: ");
  if (!pin) return std::move(pin).error();
  Result<std::unique_ptr<KeyConnection>> key = KeyConnection::Open(ctx.global);
  if (!key) return std::move(key).error();
  if (Status s = (*key)->oath().VerifyPin(*pin); !s) return s;
  std::cout << "PIN verified.\n";
  return OkStatus();
}

}  // namespace

void AddOathPinCommands(CLI::App& oath, CommandContext& ctx) {
  CLI::App* pin = oath.add_subcommand(
      "pin", "Manage the OATH PIN (Nitrokey 3); PINs are read from stdin");
  pin->require_subcommand(1);
  pin->add_subcommand("set", "Set a PIN (only when none is set)")
      ->callback([&ctx] { ctx.status = RunSet(ctx); });
  pin->add_subcommand("change", "Change the PIN (stdin: current, then new PIN)")
      ->callback([&ctx] { ctx.status = RunChange(ctx); });
  pin->add_subcommand("verify", "Check the PIN")->callback([&ctx] {
    ctx.status = RunVerify(ctx);
  });
}

}  // namespace bridge::cli
