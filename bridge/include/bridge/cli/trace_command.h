// `keybridge trace FILE [--show-secrets]`: decodes a keysim wire trace
// (`keysim --trace FILE`, docs/trace.md) into one line per CTAPHID message
// or APDU with protocol names (trace/decoder.h).
//
// Contract: FILE `-` is stdin. Output goes to stdout as it is decoded. A
// file that cannot be read, or a line that is not a trace line, is a
// kInvalidInput error (exit 2) whose message names the file and line. The
// device is never opened. Secrets in the trace (OATH keys, PINs, PIN/UV
// auth parameters and tokens) print as `<secret N bytes>` unless
// --show-secrets.
#ifndef BRIDGE_CLI_TRACE_COMMAND_H_
#define BRIDGE_CLI_TRACE_COMMAND_H_

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

#include "bridge/cli/context.h"

namespace bridge::cli {

void AddTraceCommand(CLI::App& app, CommandContext& ctx);

// Decodes `in` to `out`; `name` is the file name for error messages.
Status RunTrace(std::istream& in, const std::string& name, bool show_secrets,
                std::ostream& out);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_TRACE_COMMAND_H_
