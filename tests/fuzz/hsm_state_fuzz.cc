// libFuzzer: the state decoders (hsm/store/state.h DecodeState, which also
// decodes the FIDO state inside it). State comes from storage, so it is
// outside bytes: decoding must reject anything malformed without crashing,
// and whatever it accepts must encode to bytes that decode and re-encode to
// themselves (a FIDO state that is still fresh may be dropped on the way).
#include <cstdint>
#include <cstdlib>
#include <span>

#include "hsm/store/state.h"

extern "C" __attribute__((no_sanitize("vptr"))) int LLVMFuzzerTestOneInput(
    const uint8_t* data, size_t size) {
  auto state = hsm::store::DecodeState(std::span<const uint8_t>(data, size));
  if (!state.ok()) return 0;
  std::vector<uint8_t> encoded = hsm::store::EncodeState(*state);
  auto again = hsm::store::DecodeState(encoded);
  if (!again.ok() || hsm::store::EncodeState(*again) != encoded) std::abort();
  return 0;
}
