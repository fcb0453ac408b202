#include "bridge/cli/context.h"

#include <cstdio>
#include <iostream>

#include "bridge/cli/device_resolve.h"
#include "bridge/cli/signals.h"
#include "bridge/cli/terminal.h"
#include "bridge/link/device_select.h"
#include "bridge/link/pcsc_link.h"

namespace bridge::cli {

Result<std::unique_ptr<KeyConnection>> KeyConnection::Open(
    const GlobalOptions& options) {
  Result<link::DeviceUri> uri = ResolveOathKey(options.device);
  if (!uri) return std::move(uri).error();
  return OpenUri(*uri);
}

Result<std::unique_ptr<KeyConnection>> KeyConnection::OpenUri(
    const link::DeviceUri& uri, int init_timeout_ms) {
  if (uri.kind == link::DeviceUri::Kind::kPcsc) return OpenPcsc(uri);
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

Result<std::unique_ptr<KeyConnection>> KeyConnection::OpenPcsc(
    const link::DeviceUri& uri) {
  Result<std::unique_ptr<link::PcscCard>> card =
      link::PcscCard::Connect(uri.reader);
  if (!card) return std::move(card).error();
  std::unique_ptr<KeyConnection> c(new KeyConnection());
  c->uri_ = uri;
  c->card_ = std::move(card).value();
  oath::CcidHooks hooks;
  hooks.on_touch_wait = [] { Notify(kTouchPrompt); };
  c->ccid_envelope_ =
      std::make_unique<oath::CcidSwLastEnvelope>(*c->card_, hooks);
  c->session_ = std::make_unique<oath::OathSession>(*c->ccid_envelope_);
  // docs/protocol/oath.md decision 2: SELECT the OATH AID first.
  Result<oath::SelectInfo> info = c->session_->Select();
  if (!info) {
    Error e = std::move(info).error();
    e.message = uri.ToString() + ": no OATH applet: " + e.message;
    return e;
  }
  if (!info->challenge.empty()) {
    // docs/protocol/oath.md §3 "Access code": the key is locked until VALIDATE.
    Result<SecretBytes> password = ReadSecretLine("Enter the password: ");
    if (!password) return std::move(password).error();
    if (Status s = c->session_->Validate(*password, *info); !s) {
      Error e = std::move(s).error();
      if (e.kind == ErrorKind::kStatusWord) {
        char sw[8];
        std::snprintf(sw, sizeof sw, "%04X", e.code);
        e.message = uri.ToString() + ": wrong password (the key answered SW " +
                    sw + " to VALIDATE)";
      }
      return e;
    }
  }
  return c;
}

Status RunOnOath(const GlobalOptions& options,
                 const std::function<Status(oath::OathSession&)>& op,
                 std::string_view done) {
  Result<std::unique_ptr<KeyConnection>> key = KeyConnection::Open(options);
  if (!key) return std::move(key).error();
  if (Status s = op((*key)->oath()); !s) return s;
  std::cout << done << "\n";
  return OkStatus();
}

}  // namespace bridge::cli
