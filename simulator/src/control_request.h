// Control requests: the JSON requests of keysim's control socket, parsed and
// checked (docs/control.md). This file only parses; control_handler.h acts.
//
// Contract: ParseControlRequest() takes one datagram's text — one JSON
// object, optionally followed by a newline — and returns the typed request,
// or a one-line error for the answer's "error" member. It never throws and
// accepts exactly what docs/control.md describes: "cmd" names the command,
// every other member must be one that command knows, of the right type and
// range; an unknown member is an error (so a typo never silently does
// nothing). Binary values come as unpadded base64url.
#ifndef SIMULATOR_SRC_CONTROL_REQUEST_H_
#define SIMULATOR_SRC_CONTROL_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fault_injector.h"
#include "host_platform.h"

namespace keysim {

struct PresenceRequest {
  std::optional<PresencePolicy> policy;
  std::optional<std::vector<PresenceAnswer>> next;
};
struct TouchRequest {};
struct PowerCycleRequest {};
struct StatusRequest {};
struct StatsRequest {
  bool reset = false;  // zero the counters after answering
};
struct FaultsRequest {
  bool off = false;
  FaultConfig config;  // when !off
};
struct ClockRequest {
  int64_t offset_s = 0;
};
struct ResetStateRequest {};
struct InjectCredentialRequest {
  std::string rp_id;
  std::string rp_name;
  std::vector<uint8_t> user_id;
  std::string user_name;
  std::string user_display_name;
  std::vector<uint8_t> private_key;  // PKCS#8 DER or a raw 32-byte scalar
  bool resident = true;
};
struct ExportCredentialRequest {
  std::optional<std::vector<uint8_t>> credential_id;
  std::optional<std::string> rp_id;
};

using ControlRequest =
    std::variant<PresenceRequest, TouchRequest, PowerCycleRequest,
                 StatusRequest, StatsRequest, FaultsRequest, ClockRequest,
                 ResetStateRequest, InjectCredentialRequest,
                 ExportCredentialRequest>;

struct ParsedRequest {
  std::optional<ControlRequest> request;  // set on success
  std::string error;                      // set on failure
};

ParsedRequest ParseControlRequest(std::string_view text);

// Names used on the wire (docs/control.md).
std::string_view PolicyName(PresencePolicy policy);
std::string_view AnswerName(PresenceAnswer answer);

}  // namespace keysim

#endif  // SIMULATOR_SRC_CONTROL_REQUEST_H_
