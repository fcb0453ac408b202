// Registration of the keybridge command groups (one .cc file each).
//
// Contract: each Add* function adds its sub-commands to `parent`; their
// callbacks store the outcome in ctx.status and print results to stdout.
// Helpers for them, all lazy (cli/lazy_command.h: a sub-command's options
// and children are built only when the command line names it): AddGroup
// adds a sub-command that only holds others (one of which must be given),
// added by `build`; AddAction adds one without options whose callback
// stores run(ctx) in ctx.status; AddCommand<Args> adds a sub-command with a
// fresh Args, kept alive by the command, whose options `options(command,
// args)` adds, and a callback that stores run(ctx, args) in ctx.status.
#ifndef BRIDGE_CLI_COMMANDS_H_
#define BRIDGE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <utility>

#include "bridge/cli/context.h"
#include "bridge/cli/lazy_command.h"

namespace bridge::cli {

void AddListCommand(CLI::App& app, CommandContext& ctx);            // list
void AddOathAccountsCommands(CLI::App& oath, CommandContext& ctx);  // accounts
void AddOathPinCommands(CLI::App& oath, CommandContext& ctx);       // pin
void AddOathAccessCommands(CLI::App& oath, CommandContext& ctx);    // access
void AddOathResetCommand(CLI::App& oath, CommandContext& ctx);      // reset

inline void AddGroup(CLI::App& parent, const std::string& name,
                     const std::string& description,
                     LazyCommand::Builder build) {
  CLI::App* group =
      LazyCommand::Add(parent, name, description, std::move(build));
  if (group != nullptr) group->require_subcommand(1);
}

// A sub-command without options.
inline void AddAction(CLI::App& parent, CommandContext& ctx,
                      const std::string& name, const std::string& description,
                      Status (*run)(const CommandContext&)) {
  LazyCommand::Add(parent, name, description, [&ctx, run](CLI::App& command) {
    command.callback([&ctx, run] { ctx.status = run(ctx); });
  });
}

template <typename Args, typename Run, typename Options>
void AddCommand(CLI::App& parent, CommandContext& ctx, const std::string& name,
                const std::string& description, Run run, Options options) {
  LazyCommand::Add(
      parent, name, description, [&ctx, run, options](CLI::App& command) {
        auto args = std::make_shared<Args>();
        command.callback([&ctx, args, run] { ctx.status = run(ctx, *args); });
        options(command, *args);
      });
}

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_COMMANDS_H_
