// libFuzzer target: arbitrary bytes as a CTAPHID_CBOR payload (CTAP2 command
// byte + CBOR parameters) into hsm::ctap2::Authenticator, on the
// deterministic FuzzPlatform. The input is read as fuzz_commands.h says;
// the commands reuse the same authenticator so state-dependent paths
// (getNextAssertion, enumeration, PIN counters) are reached.
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
  hsm::ctap2::Authenticator auth(platform, store);
  const hsm::PresenceGrant grant = hsm::fuzzing::GrantFromByte(data[0]);
  hsm::fuzzing::ForEachCommand(
      std::span<const uint8_t>(data + 1, size - 1),
      [&](std::span<const uint8_t> payload) {
        if (payload.empty()) return;
        auto outcome =
            auth.Handle(0x10, payload, hsm::PresenceGrant::kNotRequested);
        if (outcome.kind == hsm::ctaphid::AppOutcome::Kind::kNeedsPresence) {
          outcome = auth.Handle(0x10, payload, grant);
          if (outcome.kind == hsm::ctaphid::AppOutcome::Kind::kNeedsPresence)
            abort();
        }
        if (outcome.kind == hsm::ctaphid::AppOutcome::Kind::kResponse &&
            outcome.payload.empty()) {
          abort();  // every CBOR answer carries a status byte
        }
      },
      [&] {
        if (hsm::fuzzing::PowerCycleBetween(data[0])) auth.Reset();
      });
  return 0;
}
