#include "bridge/cli/context.h"

#include <cstdlib>

#include "bridge/cli/signals.h"
#include "bridge/cli/terminal.h"
#include "bridge/link/device_select.h"

namespace bridge::cli {

Result<std::unique_ptr<KeyConnection>> KeyConnection::Open(
    const GlobalOptions& options) {
  std::optional<std::string> env;
  if (const char* v = std::getenv(link::kDeviceEnvVar)) env = v;
  Result<std::vector<link::HidDeviceInfo>> keys =
      std::vector<link::HidDeviceInfo>();
  if (!options.device && (!env || env->empty())) {
    keys = link::EnumerateFidoDevices();
  }
  Result<link::DeviceUri> uri = link::ChooseDevice(options.device, env, keys);
  if (!uri) return std::move(uri).error();
  return OpenUri(*uri);
}

Result<std::unique_ptr<KeyConnection>> KeyConnection::OpenUri(
    const link::DeviceUri& uri, int init_timeout_ms) {
  Result<std::unique_ptr<link::PacketLink>> l = link::OpenLink(uri);
  if (!l) return std::move(l).error();
  std::unique_ptr<KeyConnection> c(new KeyConnection());
  c->uri_ = uri;
  c->link_ = std::move(l).value();
  c->channel_ = std::make_unique<ctaphid::Channel>(*c->link_);
  if (Status s = c->channel_->Init(init_timeout_ms); !s) {
    Error e = std::move(s).error();
    e.message = uri.ToString() + ": " + e.message;
    if (e.kind == ErrorKind::kTimeout &&
        uri.kind == link::DeviceUri::Kind::kUdp) {
      e.message += " (is keysim running there?)";
    }
    return e;
  }
  oath::EnvelopeHooks hooks;
  hooks.cancel = &CancelFlag();
  hooks.on_touch_wait = [] { Notify(kTouchPrompt); };
  c->envelope_ =
      std::make_unique<oath::CtaphidSwFirstEnvelope>(*c->channel_, hooks);
  c->session_ = std::make_unique<oath::OathSession>(*c->envelope_);
  return c;
}

}  // namespace bridge::cli
