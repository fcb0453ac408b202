// `keybridge oath reset [--force]` (docs/protocol/oath.md §2.3 RESET `DE AD`;
// the key asks for a touch).
#include "bridge/cli/commands.h"
#include "bridge/cli/terminal.h"

namespace bridge::cli {
namespace {

Status RunReset(const CommandContext& ctx, bool force) {
  Status confirmed =
      ConfirmReset(force, "every OATH account and the PIN",
                   "Delete ALL OATH accounts and the PIN from the key?");
  if (!confirmed) return confirmed;
  return RunOnOath(
      ctx.global, [](oath::OathSession& s) { return s.Reset(); },
      "OATH application reset.");
}

}  // namespace

void AddOathResetCommand(CLI::App& oath, CommandContext& ctx) {
  AddCommand<bool>(oath, ctx, "reset",
                   "Delete all OATH accounts and the PIN (needs a touch)",
                   RunReset, [](CLI::App& reset, bool& force) {
                     reset.add_flag("-f,--force", force,
                                    "Do not ask for confirmation");
                   });
}

}  // namespace bridge::cli
