// `keybridge info [--json]` (cli/info_command.h).
#include "bridge/cli/info_command.h"

#include <iostream>

#include "bridge/cli/commands.h"
#include "bridge/cli/device_resolve.h"
#include "bridge/cli/signals.h"
#include "bridge/fido2/key_probe.h"
#include "bridge/link/device_select.h"

namespace bridge::cli {

Status RunInfo(const CommandContext& ctx, InfoScope scope, bool json) {
  Result<link::DeviceUri> uri = ResolveKey(ctx.global.device);
  if (!uri) return std::move(uri).error();
  Result<std::unique_ptr<link::PacketLink>> l = link::OpenLink(*uri);
  if (!l) return std::move(l).error();
  const bool fido_only = scope == InfoScope::kFido;
  fido2::ProbeOptions options;
  options.probe_oath = !fido_only;
  options.cancel = &CancelFlag();
  Result<fido2::KeyReport> report = fido2::ProbeKey(*uri, **l, options);
  if (!report) return std::move(report).error();
  if (json) {
    std::cout << (fido_only ? fido2::FidoReportToJson(*report)
                            : fido2::KeyReportToJson(*report))
                     .dump(2)
              << "\n";
  } else {
    std::cout << (fido_only ? fido2::FormatFidoReport(*report)
                            : fido2::FormatKeyReport(*report));
  }
  return OkStatus();
}

void AddInfoCommand(CLI::App& app, CommandContext& ctx) {
  AddCommand<bool>(
      app, ctx, "info",
      "Show what a key can do: CTAPHID, FIDO2 (getInfo, PIN), OATH applet, "
      "and its uses with AWS",
      [](const CommandContext& c, bool j) {
        return RunInfo(c, InfoScope::kKey, j);
      },
      [](CLI::App& info, bool& json) {
        info.add_flag("--json", json, "Print JSON (stable keys)");
      });
}

}  // namespace bridge::cli
