// `keybridge list`: the keys found, their transport and path, and whether
// the OATH applet answers a SELECT on CTAPHID 0x70 (docs/protocol/oath.md
// §2.2). PC/SC readers whose card answers a SELECT of the OATH AID (YKOATH,
// docs/protocol/oath.md §3) are listed as `pcsc:READER`; without pcscd there
// are simply none. A key's serial is shown when it reports one: a smart card
// through its management applet (docs/protocol/management.md §3), a
// CTAPHID key in its OATH SELECT answer (docs/protocol/oath.md §2.2, tag 8F).
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "bridge/cli/commands.h"
#include "bridge/ctaphid/protocol.h"
#include "bridge/link/device_select.h"
#include "bridge/link/pcsc_link.h"
#include "bridge/oath/ccid_envelope.h"
#include "bridge/oath/management.h"

namespace bridge::cli {
namespace {

struct Candidate {
  link::DeviceUri uri;
  std::string description;
};

std::string ProbeOath(const link::DeviceUri& uri) {
  Result<std::unique_ptr<KeyConnection>> c = KeyConnection::OpenUri(uri, 1000);
  if (!c) return "unreachable: " + c.error().message;
  Result<oath::SelectInfo> info = (*c)->oath().Select();
  if (!info) {
    const Error& e = info.error();
    if (e.kind == ErrorKind::kCtaphid) return "oath: no (" + e.message + ")";
    return "oath: error (" + e.message + ")";
  }
  std::string out = "oath: yes";
  if (info->version) {
    char v[32];
    std::snprintf(v, sizeof(v), " (version %u.%u.%u)", (*info->version)[0],
                  (*info->version)[1], (*info->version)[2]);
    out += v;
  }
  if (info->pin_retries) {
    out += ", PIN set (" + std::to_string(*info->pin_retries) + " retries)";
  }
  if (info->serial) out += ", serial " + std::to_string(*info->serial);
  return out;
}

std::string VersionText(const oath::SelectInfo& info) {
  if (!info.version) return "";
  char v[32];
  std::snprintf(v, sizeof(v), " (version %u.%u.%u)", (*info.version)[0],
                (*info.version)[1], (*info.version)[2]);
  return v;
}

// One line per PC/SC reader whose card has the OATH applet. SELECT needs no
// password, so this never prompts.
std::vector<std::string> PcscLines() {
  std::vector<std::string> lines;
  Result<std::vector<std::string>> readers = link::ListPcscReaders();
  if (!readers) return lines;
  for (const std::string& reader : *readers) {
    Result<std::unique_ptr<link::PcscCard>> card =
        link::PcscCard::Connect(reader);
    if (!card) continue;  // empty reader
    oath::CcidSwLastEnvelope envelope(**card);
    oath::OathSession session(envelope);
    Result<oath::SelectInfo> info = session.Select();
    if (!info) continue;  // a card without the OATH applet
    std::string probe = "oath: yes" + VersionText(*info);
    if (!info->challenge.empty()) probe += ", password set";
    // Management deselects OATH; nothing follows on this card.
    Result<oath::DeviceInfo> device = oath::ReadDeviceInfo(envelope);
    if (device && device->serial) {
      probe += ", serial " + std::to_string(*device->serial);
    }
    lines.push_back("pcsc\tpcsc:" + reader + "\tsmart card\t" + probe);
  }
  return lines;
}

Status RunList(const CommandContext& ctx) {
  std::vector<Candidate> candidates;
  std::optional<std::string> named = ctx.global.device;
  if (!named) {
    if (const char* v = std::getenv(link::kDeviceEnvVar); v && *v) named = v;
  }
  std::optional<link::DeviceUri> named_uri;
  if (named) {
    Result<link::DeviceUri> uri = link::ParseDeviceUri(*named);
    if (!uri) return std::move(uri).error();
    // A serial names a smart card: PcscLines shows every one, with serials.
    if (uri->kind != link::DeviceUri::Kind::kSerial) named_uri = *uri;
  }
  if (named_uri) {
    candidates.push_back(
        {*named_uri, named_uri->kind == link::DeviceUri::Kind::kUdp
                         ? "simulator"
                         : "HID device"});
  }
  Result<std::vector<link::HidDeviceInfo>> keys = link::EnumerateFidoDevices();
  if (keys) {
    for (const link::HidDeviceInfo& k : *keys) {
      if (named_uri && candidates.front().uri.path == k.path) {
        candidates.front().description = k.Describe();
        continue;
      }
      link::DeviceUri uri;
      uri.kind = link::DeviceUri::Kind::kHid;
      uri.path = k.path;
      candidates.push_back({uri, k.Describe()});
    }
  }
  std::vector<std::string> pcsc = PcscLines();
  if (named_uri && !candidates.empty() &&
      candidates.front().uri.kind == link::DeviceUri::Kind::kPcsc) {
    candidates.erase(candidates.begin());  // shown by PcscLines
  }
  if (candidates.empty() && pcsc.empty()) {
    return MakeError(ErrorKind::kNoDevice, link::NoDeviceHint());
  }
  for (const Candidate& c : candidates) {
    const char* transport =
        c.uri.kind == link::DeviceUri::Kind::kUdp ? "udp" : "hid";
    std::cout << transport << "\t" << c.uri.ToString() << "\t" << c.description
              << "\t" << ProbeOath(c.uri) << "\n";
  }
  for (const std::string& line : pcsc) std::cout << line << "\n";
  return OkStatus();
}

}  // namespace

void AddListCommand(CLI::App& app, CommandContext& ctx) {
  AddAction(app, ctx, "list",
            "List keys: transport, path, and whether the OATH applet answers",
            RunList);
}

}  // namespace bridge::cli
