// keybridge: command-line entry point. Errors become exit codes here only
// (exit_codes.h); everything else lives in the command-group files.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "bridge/cli/aws_commands.h"
#include "bridge/cli/commands.h"
#include "bridge/cli/exit_codes.h"
#include "bridge/cli/fido_commands.h"
#include "bridge/cli/info_command.h"
#include "bridge/cli/lazy_command.h"
#include "bridge/cli/signals.h"
#include "bridge/cli/trace_command.h"
#include "bridge/cli/usage_error.h"
#include "keybridge_version.h"

int main(int argc, char** argv) {
  using bridge::cli::ExitCode;
  CLI::App app{
      "keybridge: talk to FIDO2 security keys and their OATH (TOTP/HOTP) "
      "applet over USB HID, or to the keysim simulator over UDP"};
  app.footer(bridge::cli::ExitCodeHelp());
  app.set_version_flag("--version", "keybridge " KEYBRIDGE_VERSION);
  bridge::cli::CommandContext ctx;
  app.add_option("--device", ctx.global.device,
                 "udp:HOST:PORT (keysim), /dev/hidrawN or \"pcsc:READER\"; "
                 "default: "
                 "$KEYBRIDGE_DEVICE, else the only FIDO key present");
  app.require_subcommand(1);
  auto add_commands = [&ctx](CLI::App& root) {
    bridge::cli::AddListCommand(root, ctx);
    bridge::cli::AddInfoCommand(root, ctx);
    bridge::cli::AddFidoCommands(root, ctx);
    bridge::cli::AddGroup(root, "oath", "OATH (TOTP/HOTP) accounts",
                          [&ctx](CLI::App& oath) {
                            bridge::cli::AddOathAccountsCommands(oath, ctx);
                            bridge::cli::AddOathAccessCommands(oath, ctx);
                            bridge::cli::AddOathPinCommands(oath, ctx);
                            bridge::cli::AddOathResetCommand(oath, ctx);
                          });
    bridge::cli::AddAwsCommands(root, ctx);
    bridge::cli::AddTraceCommand(root, ctx);
  };

  bridge::cli::InstallSigintHandler();
  try {
    bridge::cli::BuildCommandPath(
        app, add_commands, std::span<const char* const>(argv + 1, argc - 1));
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print through CLI11; usage errors stay one line
    // and never repeat a word that may be a secret (usage_error.h).
    if (e.get_exit_code() == 0) return app.exit(e);
    const bool extras = dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr;
    std::cerr << "keybridge: "
              << bridge::cli::UsageErrorMessage(
                     e.what(), extras,
                     std::span<const char* const>(argv + 1, argc - 1))
              << "\n";
    return static_cast<int>(ExitCode::kUsage);
  } catch (const std::exception& e) {
    std::cerr << "keybridge: " << e.what() << "\n";
    return static_cast<int>(ExitCode::kFailure);
  }
  if (!ctx.status) {
    const bridge::Error& err = ctx.status.error();
    std::cerr << "keybridge: " << err.message << "\n";
    return static_cast<int>(bridge::cli::ExitCodeFor(err));
  }
  return 0;
}
