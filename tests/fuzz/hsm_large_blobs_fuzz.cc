// libFuzzer target: authenticatorLargeBlobs (CTAP 2.1 §6.10). Every command
// of the input (fuzz_commands.h layout) is sent as command 0x0C with the
// bytes as its CBOR parameters, to one authenticator, so fragment
// sequences (offsets, lengths, checksums, the pending write) are reached
// without the fuzzer having to find the command byte first. The first
// byte's bit 6 sets a PIN beforehand, so the pinUvAuthParam path runs too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "fuzz_commands.h"
#include "fuzz_platform.h"
#include "hsm/ctap2/authenticator.h"
#include "hsm/ctap2/fido_store.h"

namespace {

using hsm::fuzzing::FuzzPlatform;

}  // namespace

// hsm is built without RTTI, so UBSan's vptr check (which needs typeinfo)
// is off for this function.
extern "C" __attribute__((no_sanitize("vptr"))) int LLVMFuzzerTestOneInput(
    const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  FuzzPlatform platform(FuzzPlatform::RandomMode::kLcg, 0x1234);
  platform.tick_ms = 7;
  hsm::ctap2::MemoryFidoStore store;
  if (data[0] & 0x40) {
    hsm::ctap2::FidoState pinned;
    pinned.pin_hash = hsm::SecretBytes(std::vector<uint8_t>(16, 0x5A));
    pinned.pin_code_points = 4;
    store.Commit(std::move(pinned));
  }
  hsm::ctap2::Authenticator auth(platform, store);
  hsm::fuzzing::ForEachCommand(
      std::span<const uint8_t>(data + 1, size - 1),
      [&](std::span<const uint8_t> params) {
        std::vector<uint8_t> payload{0x0C};
        payload.insert(payload.end(), params.begin(), params.end());
        auto outcome =
            auth.Handle(0x10, payload, hsm::PresenceGrant::kNotRequested);
        // largeBlobs never asks for a touch, and always answers a status.
        if (outcome.kind != hsm::ctaphid::AppOutcome::Kind::kResponse ||
            outcome.payload.empty()) {
          abort();
        }
      },
      [&] {
        if (hsm::fuzzing::PowerCycleBetween(data[0])) auth.Reset();
      });
  return 0;
}
