// libFuzzer: the state decoders (hsm/store/state.h DecodeState, which also
// decodes the FIDO state inside it). State comes from storage, so it is
// outside bytes: decoding must reject anything malformed without crashing,
// and whatever it accepts must encode back to the same bytes (canonical).
#include <cstdint>
#include <cstdlib>
#include <span>

#include "hsm/store/state.h"

extern "C" __attribute__((no_sanitize("vptr"))) int LLVMFuzzerTestOneInput(
    const uint8_t* data, size_t size) {
  auto state = hsm::store::DecodeState(std::span<const uint8_t>(data, size));
  if (!state.ok()) return 0;
  std::vector<uint8_t> again = hsm::store::EncodeState(*state);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) {
    std::abort();
  }
  return 0;
}
