#include "bridge/oath/envelope.h"

namespace bridge::oath {

Result<ApduResponse> SplitSwFirst(std::span<const uint8_t> payload) {
  if (payload.size() < 2) {
    return MakeError(ErrorKind::kProtocol,
                     "OATH reply shorter than a status word");
  }
  ApduResponse r;
  r.sw = static_cast<uint16_t>((payload[0] << 8) | payload[1]);
  r.data.assign(payload.begin() + 2, payload.end());
  return r;
}

Result<ApduResponse> SplitSwLast(std::span<const uint8_t> payload) {
  if (payload.size() < 2) {
    return MakeError(ErrorKind::kProtocol,
                     "OATH reply shorter than a status word");
  }
  const size_t n = payload.size();
  ApduResponse r;
  r.sw = static_cast<uint16_t>((payload[n - 2] << 8) | payload[n - 1]);
  r.data.assign(payload.begin(), payload.end() - 2);
  return r;
}

}  // namespace bridge::oath
