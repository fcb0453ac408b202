// keysim: the keybridge security-key simulator — the hsm device core behind
// a UDP CTAPHID transport, with state in a directory.
//
//   keysim --udp HOST:PORT --state DIR [--presence auto|deny|timeout]
//
// Prints exactly one line `listening udp:IP:PORT` to stdout once ready.
// Exits 0 on SIGINT/SIGTERM; on bad arguments, an unusable state directory,
// corrupt state or a failed bind it prints one line on stderr and exits
// non-zero (2 for usage errors, 1 otherwise).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

#include "event_loop.h"
#include "host_platform.h"
#include "hsm/device.h"
#include "udp_transport.h"

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
          keysim::PresencePolicy presence) {
  HostPort hp = ParseHostPort(udp);
  keysim::HostPlatform platform(state_dir, presence);
  hsm::Device device(platform, hsm::DeviceConfig{});
  if (auto s = device.Boot(); !s.ok()) {
    throw std::runtime_error(std::string(Describe(s.error())) + " in " +
                             state_dir);
  }
  keysim::UdpTransport transport(hp.host, hp.port);
  keysim::EventLoop loop(device, platform);
  loop.Add(&transport);
  std::cout << "listening " << transport.description() << std::endl;
  loop.Run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"keysim: software security key (CTAPHID + OATH) over UDP"};
  std::string udp = "127.0.0.1:0";
  std::string state_dir;
  std::string presence = "auto";
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
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 2;
  }
  try {
    return Serve(udp, state_dir, policies.at(presence));
  } catch (const std::invalid_argument& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 1;
  }
}
