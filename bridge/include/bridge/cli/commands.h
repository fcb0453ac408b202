// Registration of the keybridge command groups (one .cc file each).
//
// Contract: each Add* function adds its sub-commands to `parent`; their
// callbacks store the outcome in ctx.status and print results to stdout.
// Helpers for them: AddGroup adds a sub-command that only holds others (one
// of which must be given); AddCommand<Args> adds a sub-command with a fresh
// Args, kept alive by the command, for its options to fill, and a callback
// that stores run(ctx, args) in ctx.status.
#ifndef BRIDGE_CLI_COMMANDS_H_
#define BRIDGE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <utility>

#include "bridge/cli/context.h"

namespace bridge::cli {

void AddListCommand(CLI::App& app, CommandContext& ctx);            // list
void AddOathAccountsCommands(CLI::App& oath, CommandContext& ctx);  // accounts
void AddOathPinCommands(CLI::App& oath, CommandContext& ctx);       // pin
void AddOathAccessCommands(CLI::App& oath, CommandContext& ctx);    // access
void AddOathResetCommand(CLI::App& oath, CommandContext& ctx);      // reset

inline CLI::App* AddGroup(CLI::App& parent, const std::string& name,
                          const std::string& description) {
  CLI::App* group = parent.add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

template <typename Args, typename Run>
std::pair<CLI::App*, Args*> AddCommand(CLI::App& parent, CommandContext& ctx,
                                       const std::string& name,
                                       const std::string& description,
                                       Run run) {
  auto args = std::make_shared<Args>();
  CLI::App* command = parent.add_subcommand(name, description);
  command->callback([&ctx, args, run] { ctx.status = run(ctx, *args); });
  return {command, args.get()};
}

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_COMMANDS_H_
