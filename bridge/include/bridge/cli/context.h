// Shared state of one keybridge invocation and the opened key.
//
// Contract: command callbacks store their outcome in CommandContext::status
// (main() turns it into an exit code). KeyConnection::Open picks the device
// (link/device_select.h), opens the link, runs CTAPHID INIT and wires the
// OATH session to the SW-first 0x70 envelope with the Ctrl-C flag and the
// "Touch your key" prompt. A `pcsc:READER` device is opened as a smart card
// instead (link/pcsc_link.h): the OATH session runs over the SW-last CCID
// envelope, the applet is SELECTed at once, and when the key has an access
// code the password is read like other secrets (no-echo prompt on a tty,
// else one line of stdin; never argv or the environment, as ykman) and
// checked with VALIDATE (docs/protocol/oath.md §3). channel() is then
// unavailable. RunOnOath opens the key that way, runs one operation on its OATH
// session and, if it succeeds, prints `done` as a line on stdout.
#ifndef BRIDGE_CLI_CONTEXT_H_
#define BRIDGE_CLI_CONTEXT_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bridge/ctaphid/channel.h"
#include "bridge/error.h"
#include "bridge/link/card_channel.h"
#include "bridge/link/device_uri.h"
#include "bridge/link/packet_link.h"
#include "bridge/oath/ccid_envelope.h"
#include "bridge/oath/ctaphid_envelope.h"
#include "bridge/oath/session.h"

namespace bridge::cli {

struct GlobalOptions {
  std::optional<std::string> device;
};

struct CommandContext {
  GlobalOptions global;
  Status status = OkStatus();
};

inline constexpr const char* kTouchPrompt = "Touch your key…";

class KeyConnection {
 public:
  static Result<std::unique_ptr<KeyConnection>> Open(
      const GlobalOptions& options);
  static Result<std::unique_ptr<KeyConnection>> OpenUri(
      const link::DeviceUri& uri, int init_timeout_ms = 2000);

  ctaphid::Channel& channel() { return *channel_; }
  oath::OathSession& oath() { return *session_; }
  const link::DeviceUri& uri() const { return uri_; }

 private:
  KeyConnection() = default;
  link::DeviceUri uri_;
  std::unique_ptr<link::PacketLink> link_;
  std::unique_ptr<ctaphid::Channel> channel_;
  std::unique_ptr<oath::CtaphidSwFirstEnvelope> envelope_;
  std::unique_ptr<oath::OathSession> session_;
  // pcsc: devices.
  static Result<std::unique_ptr<KeyConnection>> OpenPcsc(
      const link::DeviceUri& uri);
  std::unique_ptr<link::CardChannel> card_;
  std::unique_ptr<oath::CcidSwLastEnvelope> ccid_envelope_;
};

Status RunOnOath(const GlobalOptions& options,
                 const std::function<Status(oath::OathSession&)>& op,
                 std::string_view done);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_CONTEXT_H_
