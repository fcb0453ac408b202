// Registration of the keybridge command groups (one .cc file each).
//
// Contract: each Add* function adds its sub-commands to `parent`; their
// callbacks store the outcome in ctx.status and print results to stdout.
#ifndef BRIDGE_CLI_COMMANDS_H_
#define BRIDGE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "bridge/cli/context.h"

namespace bridge::cli {

void AddListCommand(CLI::App& app, CommandContext& ctx);            // list
void AddOathAccountsCommands(CLI::App& oath, CommandContext& ctx);  // accounts
void AddOathPinCommands(CLI::App& oath, CommandContext& ctx);       // pin
void AddOathResetCommand(CLI::App& oath, CommandContext& ctx);      // reset

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_COMMANDS_H_
