// `keybridge fido …`, modelled on `ykman fido`, through libfido2
// (bridge/fido2/device.h):
//   fido info [--json]                 the FIDO part of `keybridge info`
//   fido pin set                       new PIN from stdin / no-echo prompt
//   fido pin change                    current, then new PIN, same way
//   fido credentials list [--json]     discoverable credentials (PIN)
//   fido credentials delete ID [-f]    by credential ID (hex, or a unique
//                                      hex prefix) (PIN)
//   fido reset [-f]                    factory-reset FIDO2 (touch)
//
// Contract: PINs are read with ReadSecretLine — one per line on stdin, or a
// no-echo prompt on a terminal, where new PINs are asked twice — never from
// argv or the environment. The touch prompt goes to Notify (stderr if a
// tty, else /dev/tty, else nowhere). Ctrl-C sends CTAPHID CANCEL
// (fido_dev_cancel). `reset` asks for confirmation unless --force, and
// refuses without --force when stdin is not a terminal. Errors end up in
// ctx.status; CTAP2 statuses are kCtap2 errors with hints for PIN states.
#ifndef BRIDGE_CLI_FIDO_COMMANDS_H_
#define BRIDGE_CLI_FIDO_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "bridge/cli/context.h"

namespace bridge::cli {

void AddFidoCommands(CLI::App& app, CommandContext& ctx);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_FIDO_COMMANDS_H_
