// libFuzzer: the sealed state's decoders — the record (hsm/store/
// state_record.h) and the sections inside it (hsm/oath/oath_state.h,
// hsm/ctap2/fido_state.h). State comes from storage, so it is outside bytes:
// decoding must reject anything malformed without crashing, and whatever it
// accepts must encode to bytes that decode and re-encode to themselves.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "hsm/ctap2/fido_state.h"
#include "hsm/oath/oath_state.h"
#include "hsm/store/state_record.h"

namespace {

// decode(x) ok ⇒ encode(decode(x)) is a fixed point of encode ∘ decode.
template <typename Decode, typename Encode>
void CheckFixedPoint(std::span<const uint8_t> bytes, Decode decode,
                     Encode encode) {
  auto state = decode(bytes);
  if (!state.ok()) return;
  std::vector<uint8_t> encoded = encode(*state);
  auto again = decode(encoded);
  if (!again.ok() || encode(*again) != encoded) std::abort();
}

}  // namespace

extern "C" __attribute__((no_sanitize("vptr"))) int LLVMFuzzerTestOneInput(
    const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  CheckFixedPoint(bytes, hsm::store::DecodeStateRecord,
                  hsm::store::EncodeStateRecord);
  CheckFixedPoint(bytes, hsm::oath::DecodeOathState,
                  hsm::oath::EncodeOathState);
  CheckFixedPoint(bytes, hsm::ctap2::DecodeFidoState,
                  hsm::ctap2::EncodeFidoState);
  // A record's sections are decoded as the applets do at boot.
  auto record = hsm::store::DecodeStateRecord(bytes);
  if (record.ok()) {
    CheckFixedPoint(record->oath.view(), hsm::oath::DecodeOathState,
                    hsm::oath::EncodeOathState);
    CheckFixedPoint(record->fido.view(), hsm::ctap2::DecodeFidoState,
                    hsm::ctap2::EncodeFidoState);
  }
  return 0;
}
