// `keybridge info [--json]` (cli/info_command.h).
#include "bridge/cli/info_command.h"

#include <iostream>

#include "bridge/cli/fido_commands.h"
#include "bridge/cli/signals.h"
#include "bridge/fido2/key_probe.h"
#include "bridge/link/device_select.h"

namespace bridge::cli {
namespace {

Status RunInfo(const CommandContext& ctx, bool json) {
  Result<link::DeviceUri> uri = ResolveDevice(ctx.global);
  if (!uri) return std::move(uri).error();
  Result<std::unique_ptr<link::PacketLink>> l = link::OpenLink(*uri);
  if (!l) return std::move(l).error();
  fido2::ProbeOptions options;
  options.cancel = &CancelFlag();
  Result<fido2::KeyReport> report = fido2::ProbeKey(*uri, **l, options);
  if (!report) return std::move(report).error();
  if (json) {
    std::cout << fido2::KeyReportToJson(*report).dump(2) << "\n";
  } else {
    std::cout << fido2::FormatKeyReport(*report);
  }
  return OkStatus();
}

}  // namespace

void AddInfoCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* info = app.add_subcommand(
      "info",
      "Show what a key can do: CTAPHID, FIDO2 (getInfo, PIN), OATH applet, "
      "and its uses with AWS");
  auto json = std::make_shared<bool>(false);
  info->add_flag("--json", *json, "Print JSON (stable keys)");
  info->callback([&ctx, json] { ctx.status = RunInfo(ctx, *json); });
}

}  // namespace bridge::cli
