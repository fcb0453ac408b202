// `keybridge info [--json]`: everything the bridge can tell about one key —
// transport and path, CTAPHID INIT fields, every getInfo field and the PIN
// retries (FIDO2), whether the OATH applet answers on CTAPHID 0x70, and what
// the key is good for with AWS.
//
// Contract: the report comes from fido2::ProbeKey; text and JSON formats
// are fido2/key_report.h (JSON keys documented there). A key without FIDO2
// or without OATH still gives exit status 0; only failing to reach the key
// (CTAPHID INIT) is an error.
#ifndef BRIDGE_CLI_INFO_COMMAND_H_
#define BRIDGE_CLI_INFO_COMMAND_H_

#include <CLI/CLI.hpp>

#include "bridge/cli/context.h"

namespace bridge::cli {

void AddInfoCommand(CLI::App& app, CommandContext& ctx);

// What a report covers: the whole key (`info`), or its FIDO2 part only
// (`fido info`: no OATH probe, the FIDO2 sections of key_report.h).
enum class InfoScope { kKey, kFido };

// Probes the chosen key (ResolveKey, cli/device_resolve.h) and prints the
// report of `scope` on stdout, as JSON when `json`.
Status RunInfo(const CommandContext& ctx, InfoScope scope, bool json);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_INFO_COMMAND_H_
