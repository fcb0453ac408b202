// keysim: the keybridge security-key simulator — the hsm device core behind
// a UDP CTAPHID transport, with state in a directory.
//
//   keysim --udp HOST:PORT --state DIR [--presence auto|deny|timeout]
//   keysim --uhid [--uhid-name NAME] [--udp HOST:PORT] --state DIR ...
//
// Prints exactly one line `listening udp:IP:PORT` to stdout once ready.
// --uhid (Linux) also creates a /dev/hidraw key through /dev/uhid and prints
// `listening uhid:/dev/hidrawN` (or `uhid:NAME`) after it; with --uhid, UDP
// is served only when --udp is given.
// --vpcd HOST:PORT also inserts the key as a smart card into pcscd's vpcd
// reader (YKOATH, yubikey5 profile; vpcd_transport.h) and prints
// `listening vpcd:IP:PORT` after the other lines.
// Exits 0 on SIGINT/SIGTERM; on bad arguments, an unusable state directory,
// corrupt state or a failed bind it prints one line on stderr and exits
// non-zero (2 for usage errors, 1 otherwise).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "event_loop.h"
#include "host_platform.h"
#include "hsm/device.h"
#include "udp_transport.h"
#include "uhid_transport.h"
#include "vpcd_transport.h"

namespace {

struct HostPort {
  std::string host;
  uint16_t port;
};

// "HOST:PORT", ":PORT" or "PORT"; the host defaults to 127.0.0.1.
HostPort ParseHostPort(const std::string& text) {
  std::string host = "127.0.0.1";
  std::string port = text;
  if (auto colon = text.rfind(':'); colon != std::string::npos) {
    if (colon > 0) host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) > 65535) {
    throw std::invalid_argument("--udp: expected HOST:PORT, got '" + text +
                                "'");
  }
  return {host, static_cast<uint16_t>(std::stoul(port))};
}

const char* Describe(hsm::store::StoreError e) {
  switch (e) {
    case hsm::store::StoreError::kIo:
      return "cannot read or write the state";
    case hsm::store::StoreError::kCorrupt:
      return "state is corrupt (no authentic state found)";
    case hsm::store::StoreError::kVersion:
      return "state was written by a newer version";
  }
  return "state error";
}

int Serve(const std::string& udp, const std::string& state_dir,
          keysim::PresencePolicy presence, bool serve_udp,
          const std::optional<std::string>& uhid_name,
          const std::optional<std::string>& vpcd = std::nullopt) {
  HostPort hp = ParseHostPort(udp);
  keysim::HostPlatform platform(state_dir, presence);
  hsm::Device device(platform, hsm::DeviceConfig{});
  if (auto s = device.Boot(); !s.ok()) {
    throw std::runtime_error(std::string(Describe(s.error())) + " in " +
                             state_dir);
  }
  std::unique_ptr<keysim::UdpTransport> transport;
  if (serve_udp) {
    transport = std::make_unique<keysim::UdpTransport>(hp.host, hp.port);
  }
  std::unique_ptr<keysim::UhidTransport> uhid;
  if (uhid_name) uhid = std::make_unique<keysim::UhidTransport>(*uhid_name);
  std::unique_ptr<keysim::VpcdTransport> card;
  if (vpcd) {
    card = std::make_unique<keysim::VpcdTransport>(*vpcd, platform,
                                                   device.ccid_oath_applet());
  }
  keysim::EventLoop loop(device, platform);
  if (card) loop.Add(card.get());
  if (transport) loop.Add(transport.get());
  if (uhid) loop.Add(uhid.get());
  if (transport) {
    std::cout << "listening " << transport->description() << std::endl;
  }
  if (uhid) std::cout << "listening " << uhid->description() << std::endl;
  if (card) std::cout << "listening " << card->description() << std::endl;
  loop.Run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"keysim: software security key (CTAPHID + OATH) over UDP"};
  std::string udp = "127.0.0.1:0";
  std::string state_dir;
  std::string presence = "auto";
  bool uhid = false;
  std::string uhid_name = keysim::UhidTransport::kDefaultName;
  const std::map<std::string, keysim::PresencePolicy> policies{
      {"auto", keysim::PresencePolicy::kAuto},
      {"deny", keysim::PresencePolicy::kDeny},
      {"timeout", keysim::PresencePolicy::kTimeout}};
  app.add_option("--udp", udp,
                 "HOST:PORT to serve CTAPHID reports on (port 0 picks a free "
                 "port)")
      ->capture_default_str();
  app.add_option("--state", state_dir,
                 "state directory (created 0700 if missing)")
      ->required();
  app.add_option("--presence", presence,
                 "answer to user-presence requests: auto, deny, timeout")
      ->check(CLI::IsMember({"auto", "deny", "timeout"}))
      ->capture_default_str();
  app.add_flag("--uhid", uhid,
               "also appear as a /dev/hidraw FIDO key through /dev/uhid "
               "(Linux); UDP then only with --udp");
  app.add_option("--uhid-name", uhid_name, "HID device name for --uhid")
      ->capture_default_str();
  std::string vpcd;
  app.add_option("--vpcd", vpcd,
                 "also be a smart card in pcscd's vpcd reader at HOST:PORT "
                 "(e.g. 127.0.0.1:35963 = \"Virtual PCD 00 00\")");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 2;
  }
  try {
    return Serve(udp, state_dir, policies.at(presence),
                 !uhid || app.count("--udp") > 0,
                 uhid ? std::optional<std::string>(uhid_name) : std::nullopt,
                 app.count("--vpcd") > 0 ? std::optional<std::string>(vpcd)
                                         : std::nullopt);
  } catch (const std::invalid_argument& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 1;
  }
}
