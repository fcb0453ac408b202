#include "bridge/fido2/key_probe.h"

#include <cstdio>

#include "bridge/ctaphid/channel.h"
#include "bridge/ctaphid/protocol.h"
#include "bridge/oath/ctaphid_envelope.h"
#include "bridge/oath/session.h"

namespace bridge::fido2 {
namespace {

// docs/protocol/oath.md §1: a FIDO key without the Secrets App answers 0x70
// with CTAPHID ERROR INVALID_CMD; §2.2: SELECT answers 9000 + version (tag 79).
OathSection ProbeOath(ctaphid::Channel& channel, const ProbeOptions& options) {
  OathSection out;
  oath::EnvelopeHooks hooks;
  hooks.cancel = options.cancel;
  oath::CtaphidSwFirstEnvelope envelope(channel, hooks);
  oath::OathSession session(envelope);
  Result<oath::SelectInfo> sel = session.Select();
  if (sel) {
    out.present = true;
    out.version = sel->version;
    // NK3 answers tag 82 (PIN retries) only when a PIN is set (§2.2).
    out.pin_set = sel->pin_retries.has_value();
    out.pin_retries = sel->pin_retries;
    return out;
  }
  const Error& e = sel.error();
  if (e.kind == ErrorKind::kCtaphid &&
      e.code == static_cast<uint16_t>(ctaphid::ErrorCode::kInvalidCmd)) {
    out.error =
        "the key answered CTAPHID ERROR INVALID_CMD to vendor command 0x70";
    return out;
  }
  if (e.kind == ErrorKind::kStatusWord) {
    // Something answers APDUs on 0x70, but SELECT failed.
    char sw[8];
    std::snprintf(sw, sizeof(sw), "%04X", e.code);
    out.present = true;
    out.error = std::string("SELECT answered SW ") + sw;
    return out;
  }
  out.error = "probe failed: " + e.message;
  return out;
}

Fido2Section ProbeFido2(link::PacketLink& link, uint8_t capabilities,
                        const ProbeOptions& options) {
  Fido2Section out;
  if ((capabilities & ctaphid::kCapabilityCbor) == 0) {
    out.error = kNoCtap2Reason;
    return out;
  }
  OpenOptions open;
  open.cancel = options.cancel;
  Result<std::unique_ptr<Fido2Device>> dev = Fido2Device::Open(link, open);
  if (!dev) {
    out.error = dev.error().message;
    return out;
  }
  Result<AuthenticatorInfo> info = (*dev)->GetInfo();
  if (!info) {
    out.error = info.error().message;
    return out;
  }
  out.supported = true;
  std::optional<bool> client_pin = info->Option("clientPin");
  out.info = std::move(info).value();
  if (client_pin) {
    out.pin_set = *client_pin;
    Result<int> retries = (*dev)->GetPinRetries();
    if (retries) {
      out.pin_retries = *retries;
    } else {
      out.pin_error = retries.error().message;
    }
  }
  return out;
}

}  // namespace

Result<KeyReport> ProbeKey(const link::DeviceUri& uri, link::PacketLink& link,
                           const ProbeOptions& options) {
  KeyReport report;
  report.transport = uri.kind == link::DeviceUri::Kind::kUdp ? "udp" : "hid";
  report.path = uri.ToString();
  ctaphid::Channel channel(link);
  if (Status s = channel.Init(options.init_timeout_ms); !s) {
    Error e = std::move(s).error();
    e.message = report.path + ": " + e.message;
    return e;
  }
  const ctaphid::InitInfo& init = channel.info();
  report.ctaphid = {init.protocol_version, init.major, init.minor, init.build,
                    init.capabilities};
  if (options.probe_oath) report.oath = ProbeOath(channel, options);
  report.fido2 = ProbeFido2(link, init.capabilities, options);
  return report;
}

}  // namespace bridge::fido2
