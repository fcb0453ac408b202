// keysim: the keybridge security-key simulator — the hsm device core behind
// its transports (CTAPHID over UDP and/or uhid, a smart card in pcscd's vpcd
// reader), with state in a directory.
//
//   keysim --udp HOST:PORT --state DIR [--presence auto|deny|timeout|manual]
//          [--control HOST:PORT|unix:PATH] [--trace FILE] [--solo-compat]
//   keysim --uhid [--uhid-name NAME] [--udp HOST:PORT] --state DIR ...
//
// Prints exactly one line `listening udp:IP:PORT` to stdout once ready.
// --uhid (Linux) also creates a /dev/hidraw key through /dev/uhid and prints
// `listening uhid:/dev/hidrawN` (or `uhid:NAME`) after it; with --uhid, UDP
// is served only when --udp is given.
// --vpcd HOST:PORT also inserts the key as a smart card into pcscd's vpcd
// reader (YKOATH, yubikey5 profile; vpcd_transport.h) and prints
// `listening vpcd:IP:PORT` after the other lines.
// --control HOST:PORT or unix:PATH opens the test-control socket
// (docs/control.md: JSON requests, one per datagram) and prints
// `control udp:IP:PORT` (or `control unix:PATH`) last.
// --trace FILE appends every report and APDU in and out to FILE (0600;
// trace_writer.h, docs/trace.md). It holds secrets.
// --solo-compat serves UDP the SoloKeys simulator's way (solo_compat.h,
// docs/solo-compat.md): listen on 127.0.0.1:8111, send to 127.0.0.1:7112,
// power-cycle on the magic reboot report; it conflicts with --udp.
// --serial N (1..4294967295) is the serial of a fresh state (first start on
// an empty --state DIR, and the control socket's reset-state); a state that
// exists keeps its serial, and keysim refuses to start (exit 2) when it
// differs from N (docs/protocol/management.md §5).
// Exits 0 on SIGINT/SIGTERM; on bad arguments, an unusable state directory,
// corrupt state or a failed bind it prints one line on stderr and exits
// non-zero (2 for usage errors, 1 otherwise).
#include <openssl/crypto.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "control_handler.h"
#include "control_socket.h"
#include "counted_card_transport.h"
#include "event_loop.h"
#include "fault_injector.h"
#include "faulty_hid_transport.h"
#include "host_platform.h"
#include "host_port.h"
#include "hsm/device.h"
#include "keybridge_version.h"
#include "solo_compat.h"
#include "trace_writer.h"
#include "udp_transport.h"
#include "uhid_transport.h"
#include "vpcd_transport.h"
#include "wire_stats.h"

namespace {

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

struct Options {
  std::string udp = "127.0.0.1:0";
  bool serve_udp = true;
  std::string state_dir;
  keysim::PresencePolicy presence = keysim::PresencePolicy::kAuto;
  std::optional<std::string> uhid_name;
  std::optional<std::string> vpcd;
  std::optional<std::string> control;
  std::optional<std::string> trace;
  bool solo_compat = false;
  hsm::DeviceConfig device;
};

int Serve(const Options& o) {
  keysim::HostPlatform platform(o.state_dir, o.presence);
  hsm::Device device(platform, o.device);
  if (auto s = device.Boot(); !s.ok()) {
    throw std::runtime_error(std::string(Describe(s.error())) + " in " +
                             o.state_dir);
  }
  if (o.device.serial && device.Summary().serial != *o.device.serial) {
    // --serial names the serial of FRESH state only; refusing (rather than
    // ignoring) keeps a test from running against a key it did not ask for.
    throw std::invalid_argument("--serial " + std::to_string(*o.device.serial) +
                                ": the state in " + o.state_dir +
                                " already has serial " +
                                std::to_string(device.Summary().serial) +
                                " (--serial applies to fresh state only)");
  }
  std::unique_ptr<keysim::TraceWriter> trace;
  if (o.trace) trace = std::make_unique<keysim::TraceWriter>(*o.trace);
  // Every transport is optional; the order of the `listening` lines is
  // udp, uhid, vpcd, then the control socket's `control` line. HID
  // transports are seen through the fault injector and statistics, the
  // card through statistics (docs/control.md).
  keysim::FaultInjector faults;
  keysim::WireStats stats;
  auto faulty = [&](std::unique_ptr<keysim::HidTransport> inner) {
    return std::make_unique<keysim::FaultyHidTransport>(
        std::move(inner), faults, stats, keysim::MonotonicMs);
  };
  std::unique_ptr<keysim::HidTransport> transport;
  if (o.serve_udp) {
    keysim::HostPort hp = keysim::ParseHostPort(o.udp, "--udp");
    auto udp = std::make_unique<keysim::UdpTransport>(hp.host, hp.port);
    if (o.solo_compat) {
      std::string error;
      std::optional<sockaddr_in> reply_to = keysim::ResolveIpv4(
          {keysim::solo::kReplyHost, keysim::solo::kReplyPort}, &error);
      if (!reply_to) throw std::runtime_error("solo reply address: " + error);
      udp->SetSoloCompat(*reply_to, [&device] { device.PowerCycle(); });
    }
    udp->set_trace(trace.get());
    transport = faulty(std::move(udp));
  }
  std::unique_ptr<keysim::HidTransport> uhid;
  if (o.uhid_name) {
    auto hidraw = std::make_unique<keysim::UhidTransport>(*o.uhid_name);
    hidraw->set_trace(trace.get());
    uhid = faulty(std::move(hidraw));
  }
  std::unique_ptr<keysim::CardTransport> card;
  if (o.vpcd) {
    auto vpcd = std::make_unique<keysim::VpcdTransport>(*o.vpcd);
    vpcd->set_trace(trace.get());
    card =
        std::make_unique<keysim::CountedCardTransport>(std::move(vpcd), stats);
  }
  keysim::ControlHandler handler(platform, device, faults, stats);
  std::unique_ptr<keysim::ControlSocket> control;
  if (o.control) {
    control = std::make_unique<keysim::ControlSocket>(
        *o.control, [&handler](std::string_view request) {
          return handler.Handle(request);
        });
  }
  keysim::EventLoop loop(device, platform);
  if (card) loop.Add(card.get());
  if (transport) loop.Add(transport.get());
  if (uhid) loop.Add(uhid.get());
  if (control) loop.Watch(control->fd(), [&control] { control->OnReadable(); });
  if (transport) {
    std::cout << "listening " << transport->description() << std::endl;
  }
  if (uhid) std::cout << "listening " << uhid->description() << std::endl;
  if (card) std::cout << "listening " << card->description() << std::endl;
  if (control) std::cout << "control " << control->description() << std::endl;
  loop.Run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // keysim's crypto must not depend on the host's OpenSSL configuration
  // (openssl.cnf, $OPENSSL_CONF): the built-in default provider serves every
  // algorithm the key uses. Not parsing the file also saves about 2 M
  // instructions, an eighth of keysim's start. It must come before any
  // other OpenSSL call (OPENSSL_init_crypto(3)).
  OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
  CLI::App app{
      "keysim: software security key (CTAPHID + OATH) over UDP, uhid or vpcd"};
  app.set_version_flag("--version", "keysim " KEYBRIDGE_VERSION);
  std::string udp = "127.0.0.1:0";
  std::string state_dir;
  std::string presence = "auto";
  bool uhid = false;
  std::string uhid_name = keysim::UhidTransport::kDefaultName;
  const std::map<std::string, keysim::PresencePolicy> policies{
      {"auto", keysim::PresencePolicy::kAuto},
      {"deny", keysim::PresencePolicy::kDeny},
      {"timeout", keysim::PresencePolicy::kTimeout},
      {"manual", keysim::PresencePolicy::kManual}};
  app.add_option("--udp", udp,
                 "HOST:PORT to serve CTAPHID reports on (port 0 picks a free "
                 "port)")
      ->capture_default_str();
  app.add_option("--state", state_dir,
                 "state directory (created 0700 if missing)")
      ->required();
  app.add_option("--presence", presence,
                 "answer to user-presence requests: auto, deny, timeout, "
                 "manual (wait for the control socket's `touch`)")
      ->check(CLI::IsMember({"auto", "deny", "timeout", "manual"}))
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
  std::string control;
  Options o;
  app.add_option("--touch-timeout-ms", o.device.fido.presence_timeout_ms,
                 "how long a CTAP2 request waits for a touch")
      ->capture_default_str();
  app.add_option("--reset-window-ms", o.device.fido.reset_window_ms,
                 "CTAP2 reset is allowed this long after power-up")
      ->capture_default_str();
  app.add_option("--control", control,
                 "test-control socket: HOST:PORT (UDP) or unix:PATH (Unix "
                 "datagram socket, mode 0600); one JSON request per "
                 "datagram, see docs/control.md");
  std::string trace;
  app.add_option("--trace", trace,
                 "append every CTAPHID report and APDU in and out, "
                 "timestamped, to FILE (created 0600; docs/trace.md). The "
                 "trace holds what crosses the wire, secrets included: PIN "
                 "hashes and OATH secrets. Decode it with `keybridge trace`");
  uint32_t serial = 0;
  app.add_option("--serial", serial,
                 "serial number of a fresh state (1..4294967295; reported by "
                 "the smart card's management applet); an existing state "
                 "keeps its serial and keysim refuses a different N")
      ->check(CLI::Range(uint32_t{1}, uint32_t{0xFFFFFFFF}));
  bool solo_compat = false;
  app.add_flag("--solo-compat", solo_compat,
               "serve UDP as the SoloKeys simulator does: listen on "
               "127.0.0.1:8111, send every report to 127.0.0.1:7112, "
               "power-cycle on fido2-tests' magic reboot report "
               "(docs/solo-compat.md); not with --udp");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 2;
  }
  if (solo_compat && app.count("--udp") > 0) {
    std::cerr << "keysim: --solo-compat listens on 127.0.0.1:8111; it cannot "
                 "be combined with --udp"
              << std::endl;
    return 2;
  }
  try {
    o.udp = udp;
    o.serve_udp = !uhid || app.count("--udp") > 0 || solo_compat;
    if (solo_compat) {
      o.udp = std::string(keysim::solo::kListenHost) + ":" +
              std::to_string(keysim::solo::kListenPort);
      o.solo_compat = true;
      o.device.adopt_unknown_channels = true;  // docs/solo-compat.md §2.2
    }
    if (app.count("--trace") > 0) o.trace = trace;
    o.state_dir = state_dir;
    o.presence = policies.at(presence);
    if (uhid) o.uhid_name = uhid_name;
    if (app.count("--vpcd") > 0) o.vpcd = vpcd;
    if (app.count("--control") > 0) o.control = control;
    if (app.count("--serial") > 0) o.device.serial = serial;
    return Serve(o);
  } catch (const std::invalid_argument& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "keysim: " << e.what() << std::endl;
    return 1;
  }
}
