// `keybridge oath reset [--force]` (oath.md §2.3 RESET `DE AD`; the key
// asks for a touch).
#include <iostream>

#include "bridge/cli/commands.h"
#include "bridge/cli/terminal.h"

namespace bridge::cli {
namespace {

Status RunReset(const CommandContext& ctx, bool force) {
  if (!force) {
    if (!StdinIsTerminal()) {
      return MakeError(ErrorKind::kInvalidInput,
                       "reset deletes every OATH account and the PIN; pass "
                       "--force when stdin is not a terminal");
    }
    if (!Confirm("Delete ALL OATH accounts and the PIN from the key?")) {
      return MakeError(ErrorKind::kCancelled, "reset not confirmed");
    }
  }
  Result<std::unique_ptr<KeyConnection>> key = KeyConnection::Open(ctx.global);
  if (!key) return std::move(key).error();
  if (Status s = (*key)->oath().Reset(); !s) return s;
  std::cout << "OATH application reset.\n";
  return OkStatus();
}

}  // namespace

void AddOathResetCommand(CLI::App& oath, CommandContext& ctx) {
  CLI::App* reset = oath.add_subcommand(
      "reset", "Delete all OATH accounts and the PIN (needs a touch)");
  auto force = std::make_shared<bool>(false);
  reset->add_flag("-f,--force", *force, "Do not ask for confirmation");
  reset->callback([&ctx, force] { ctx.status = RunReset(ctx, *force); });
}

}  // namespace bridge::cli
