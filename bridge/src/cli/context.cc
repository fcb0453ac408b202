#include "bridge/cli/context.h"

#include <cstdio>
#include <iostream>

#include "bridge/aws/config.h"
#include "bridge/cli/device_resolve.h"
#include "bridge/cli/oath_key_store.h"
#include "bridge/cli/signals.h"
#include "bridge/cli/terminal.h"
#include "bridge/link/device_select.h"
#include "bridge/link/pcsc_link.h"
#include "bridge/oath/ccid_access.h"
#include "bridge/oath/status_word.h"

namespace bridge::cli {

Result<std::unique_ptr<KeyConnection>> KeyConnection::Open(
    const GlobalOptions& options, const OpenOptions& open) {
  Result<link::DeviceUri> uri = ResolveOathKey(options.device);
  if (!uri) return std::move(uri).error();
  return OpenUri(*uri, 2000, open);
}

Result<std::unique_ptr<KeyConnection>> KeyConnection::OpenUri(
    const link::DeviceUri& uri, int init_timeout_ms, const OpenOptions& open) {
  if (uri.kind == link::DeviceUri::Kind::kPcsc) return OpenPcsc(uri, open);
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
    const link::DeviceUri& uri, const OpenOptions& open) {
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
  c->select_info_ = std::move(info).value();
  if (Status s = c->Unlock(open); !s) return std::move(s).error();
  return c;
}

// docs/protocol/oath.md §3 "Access code": the key is locked until VALIDATE.
Status KeyConnection::Unlock(const OpenOptions& open) {
  if (select_info_->challenge.empty() || !open.unlock) return OkStatus();
  if (open.use_remembered_key) {
    OathKeyStore store(OathKeysPath(aws::ProcessEnv()));
    Result<std::optional<SecretBytes>> remembered =
        store.Load(oath::DeviceId(select_info_->salt));
    if (!remembered) {
      Notify("keybridge: " + remembered.error().message);
    } else if (*remembered) {
      Status s = session_->ValidateKey(**remembered, *select_info_);
      if (s) {
        access_key_ = std::move(**remembered);
        remembered_key_used_ = true;
        return OkStatus();
      }
      if (s.error().kind != ErrorKind::kStatusWord) return s;
      Notify(
          "keybridge: the card refused the remembered password "
          "(`keybridge oath access forget` removes it)");
      // A SELECT challenge serves one VALIDATE; fetch a fresh one.
      Result<oath::SelectInfo> again = session_->Select();
      if (!again) return std::move(again).error();
      select_info_ = std::move(again).value();
    }
  }
  Result<SecretBytes> password = ReadSecretLine(open.password_prompt);
  if (!password) return std::move(password).error();
  Result<SecretBytes> key =
      oath::DeriveAccessKey(*password, select_info_->salt);
  if (!key) return std::move(key).error();
  if (Status s = session_->ValidateKey(*key, *select_info_); !s) {
    Error e = std::move(s).error();
    if (e.kind == ErrorKind::kStatusWord) {
      char sw[8];
      std::snprintf(sw, sizeof sw, "%04X", e.code);
      e.message = uri_.ToString() + ": wrong password (the key answered SW " +
                  sw + " to VALIDATE)";
      // YKOATH answers 6984 (also "no such account"); exit like a wrong PIN.
      e.code = static_cast<uint16_t>(oath::Sw::kVerificationFailed);
    }
    return e;
  }
  access_key_ = std::move(key).value();
  return OkStatus();
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
