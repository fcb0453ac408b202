// `keybridge aws session|exec|credential-process|enroll` (docs/aws.md).
//
// Contract: AddAwsCommands adds the `aws` group to `app`; each callback
// stores its outcome in ctx.status (main() picks the exit code), prints its
// result on stdout and talks to the user only on the terminal (stderr if
// it is one, else /dev/tty). `exec` replaces keybridge with the command
// (execvp), so the command's exit status is keybridge's.
// KEYBRIDGE_TIME_OFFSET (seconds) is a TEST-ONLY shift of keybridge's clock
// (aws/clock.h).
#ifndef BRIDGE_CLI_AWS_COMMANDS_H_
#define BRIDGE_CLI_AWS_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "bridge/cli/context.h"

namespace bridge::cli {

void AddAwsCommands(CLI::App& app, CommandContext& ctx);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_AWS_COMMANDS_H_
