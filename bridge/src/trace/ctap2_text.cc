#include "bridge/trace/ctap2_text.h"

#include <cstdio>

#include "wire/ctap2_command.h"
#include "wire/ctap2_status.h"

namespace bridge::trace {
namespace {

std::string CommandName(uint8_t command) {
  std::string_view name =
      wire::ctap2::ToString(static_cast<wire::ctap2::Command>(command), "");
  if (!name.empty()) return std::string(name);
  char b[32];
  std::snprintf(b, sizeof b, "command 0x%02x", command);
  return b;
}

}  // namespace

std::string DescribeCtap2Request(std::span<const uint8_t> payload,
                                 bool show_secrets) {
  if (payload.empty()) return "<empty CTAP2 request>";
  std::string out = CommandName(payload[0]);
  if (payload.size() > 1) {
    out += " ";
    out += CborToText(payload.subspan(1), Ctap2RequestMembers(payload[0]),
                      show_secrets);
  }
  return out;
}

std::string DescribeCtap2Response(uint8_t command,
                                  std::span<const uint8_t> payload,
                                  bool show_secrets) {
  if (payload.empty()) return "<empty CTAP2 response>";
  char code[8];
  std::snprintf(code, sizeof code, "0x%02x", payload[0]);
  std::string out(wire::ctap2::ToString(
      static_cast<wire::ctap2::CtapStatus>(payload[0]), code));
  if (command != 0) out += " (" + CommandName(command) + ")";
  if (payload.size() > 1) {
    out += " ";
    out += CborToText(payload.subspan(1), Ctap2ResponseMembers(command),
                      show_secrets);
  }
  return out;
}

}  // namespace bridge::trace
