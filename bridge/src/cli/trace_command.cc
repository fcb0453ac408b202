// `keybridge trace FILE [--show-secrets]` (cli/trace_command.h).
#include "bridge/cli/trace_command.h"

#include <fstream>
#include <iostream>

#include "bridge/cli/commands.h"
#include "bridge/trace/decoder.h"

namespace bridge::cli {
namespace {

// A trace line is at most `T+… vpcd out 65535 <131070 hex digits>`.
constexpr size_t kMaxLineLength = 140000;

struct TraceArgs {
  std::string file;
  bool show_secrets = false;
};

Status Run(const TraceArgs& args) {
  if (args.file == "-")
    return RunTrace(std::cin, "stdin", args.show_secrets, std::cout);
  std::ifstream in(args.file);
  if (!in) {
    return MakeError(ErrorKind::kInvalidInput,
                     "cannot read trace file " + args.file);
  }
  return RunTrace(in, args.file, args.show_secrets, std::cout);
}

}  // namespace

Status RunTrace(std::istream& in, const std::string& name, bool show_secrets,
                std::ostream& out) {
  trace::TraceDecoder decoder({.show_secrets = show_secrets});
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.size() > kMaxLineLength) {
      return MakeError(ErrorKind::kInvalidInput,
                       name + ": line " + std::to_string(line_no) +
                           ": longer than any trace line");
    }
    Result<std::vector<std::string>> text = decoder.Line(line);
    if (!text) {
      return MakeError(ErrorKind::kInvalidInput,
                       name + ": " + text.error().message);
    }
    for (const std::string& t : *text) out << t << "\n";
  }
  if (in.bad()) {
    return MakeError(ErrorKind::kInvalidInput, "cannot read " + name);
  }
  for (const std::string& t : decoder.Finish()) out << t << "\n";
  out.flush();
  return OkStatus();
}

void AddTraceCommand(CLI::App& app, CommandContext& ctx) {
  AddCommand<TraceArgs>(
      app, ctx, "trace",
      "Decode a keysim wire trace (keysim --trace FILE): CTAPHID messages, "
      "CTAP2 commands and OATH APDUs by name. OATH secrets, PINs and PIN/UV "
      "tokens are masked unless --show-secrets",
      [](const CommandContext&, const TraceArgs& a) { return Run(a); },
      [](CLI::App& command, TraceArgs& args) {
        command.add_option("FILE", args.file, "the trace file, - for stdin")
            ->required();
        command.add_flag("--show-secrets", args.show_secrets,
                         "print secret values from the trace instead of "
                         "<secret N bytes>");
      });
}

}  // namespace bridge::cli
