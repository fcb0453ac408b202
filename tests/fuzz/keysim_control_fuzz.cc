// libFuzzer: keysim's control-request parser (simulator/src/control_request.h,
// docs/control.md) never throws or crashes, and answers exactly one of a
// request or an error; base64url decoding, which it uses for binary
// members, round-trips whatever it accepts.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base64url.h"
#include "control_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  keysim::ParsedRequest parsed = keysim::ParseControlRequest(text);
  if (parsed.request.has_value() == !parsed.error.empty()) std::abort();
  if (auto bytes = keysim::DecodeBase64Url(text)) {
    auto again = keysim::DecodeBase64Url(keysim::EncodeBase64Url(*bytes));
    if (!again || *again != *bytes) std::abort();
  }
  return 0;
}
