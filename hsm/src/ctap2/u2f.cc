// CTAPHID_MSG dispatch and U2F VERSION (FIDO U2F Raw Message Formats §6).
#include "u2f.h"

#include <string_view>

namespace hsm::ctap2 {

U2fResult U2fResult::Status(Sw sw) {
  U2fResult r;
  r.response = {static_cast<uint8_t>(static_cast<uint16_t>(sw) >> 8),
                static_cast<uint8_t>(static_cast<uint16_t>(sw))};
  return r;
}

U2fResult U2fResult::Success(std::vector<uint8_t> data) {
  U2fResult r;
  r.response = std::move(data);
  r.response.push_back(0x90);
  r.response.push_back(0x00);
  return r;
}

U2fResult HandleU2f(Context& ctx, std::span<const uint8_t> apdu,
                    PresenceGrant grant) {
  auto req = ParseU2fRequest(apdu);
  if (!req.ok()) return U2fResult::Status(req.error());
  switch (req->ins) {
    case U2fIns::kVersion: {
      // §6.2: the ASCII string "U2F_V2", no terminator.
      constexpr std::string_view kVersion = "U2F_V2";
      return U2fResult::Success(
          std::vector<uint8_t>(kVersion.begin(), kVersion.end()));
    }
    case U2fIns::kRegister:
      return HandleU2fRegister(ctx, *req, grant);
    case U2fIns::kAuthenticate:
      return HandleU2fAuthenticate(ctx, *req, grant);
  }
  return U2fResult::Status(Sw::kInsNotSupported);
}

}  // namespace hsm::ctap2
