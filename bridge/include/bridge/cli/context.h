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
// checked with VALIDATE (docs/protocol/oath.md §3); a key remembered with
// `keybridge oath access remember` (cli/oath_key_store.h) is tried first, and
// if the card refuses it keybridge says so and asks for the password after a
// fresh SELECT (the remembered key stays; `access forget` removes it).
// A refused password is a kStatusWord error with code 6300 (verification
// failed: exit code 11, as a wrong PIN) whose message names the key's SW.
// OpenOptions can skip the unlocking or the remembered key. channel() is then
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
#include "bridge/secret.h"

namespace bridge::cli {

struct GlobalOptions {
  std::optional<std::string> device;
};

struct CommandContext {
  GlobalOptions global;
  Status status = OkStatus();
};

inline constexpr const char* kTouchPrompt = "Touch your key…";

// How a pcsc: key is opened (see the header comment).
struct OpenOptions {
  bool unlock = true;              // false: SELECT only, no VALIDATE
  bool use_remembered_key = true;  // false: always ask for the password
  std::string_view password_prompt = "Enter the password: ";
};

class KeyConnection {
 public:
  static Result<std::unique_ptr<KeyConnection>> Open(
      const GlobalOptions& options, const OpenOptions& open = {});
  static Result<std::unique_ptr<KeyConnection>> OpenUri(
      const link::DeviceUri& uri, int init_timeout_ms = 2000,
      const OpenOptions& open = {});

  ctaphid::Channel& channel() { return *channel_; }
  oath::OathSession& oath() { return *session_; }
  const link::DeviceUri& uri() const { return uri_; }
  // pcsc: only. The latest SELECT answer; null on other links.
  const oath::SelectInfo* select_info() const {
    return select_info_ ? &*select_info_ : nullptr;
  }
  // The access key that unlocked the card (pcsc:, password set, unlocked);
  // null otherwise. remembered_key_used(): it came from the key store.
  const SecretBytes* access_key() const {
    return access_key_ ? &*access_key_ : nullptr;
  }
  bool remembered_key_used() const { return remembered_key_used_; }

 private:
  KeyConnection() = default;
  link::DeviceUri uri_;
  std::unique_ptr<link::PacketLink> link_;
  std::unique_ptr<ctaphid::Channel> channel_;
  std::unique_ptr<oath::CtaphidSwFirstEnvelope> envelope_;
  std::unique_ptr<oath::OathSession> session_;
  // pcsc: devices.
  static Result<std::unique_ptr<KeyConnection>> OpenPcsc(
      const link::DeviceUri& uri, const OpenOptions& open);
  Status Unlock(const OpenOptions& open);
  std::unique_ptr<link::CardChannel> card_;
  std::unique_ptr<oath::CcidSwLastEnvelope> ccid_envelope_;
  std::optional<oath::SelectInfo> select_info_;
  std::optional<SecretBytes> access_key_;
  bool remembered_key_used_ = false;
};

Status RunOnOath(const GlobalOptions& options,
                 const std::function<Status(oath::OathSession&)>& op,
                 std::string_view done);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_CONTEXT_H_
