// libFuzzer target: arbitrary bytes as a CTAPHID_CBOR payload (CTAP2 command
// byte + CBOR parameters) into hsm::ctap2::Authenticator, on the
// deterministic FuzzPlatform. The first input byte picks how presence
// requests are answered; a few follow-up commands reuse the same
// authenticator so state-dependent paths (getNextAssertion, enumeration,
// PIN counters) are reached.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

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
  const hsm::PresenceGrant grants[] = {
      hsm::PresenceGrant::kApproved, hsm::PresenceGrant::kDenied,
      hsm::PresenceGrant::kTimedOut, hsm::PresenceGrant::kCancelled};
  hsm::PresenceGrant grant = grants[data[0] & 3];
  // Inputs may hold several commands separated by 0xFF 0xFE.
  std::span<const uint8_t> rest(data + 1, size - 1);
  while (!rest.empty()) {
    size_t end = 0;
    while (end + 1 < rest.size() &&
           !(rest[end] == 0xFF && rest[end + 1] == 0xFE))
      ++end;
    if (end + 1 >= rest.size()) end = rest.size();
    std::span<const uint8_t> payload = rest.first(end);
    if (!payload.empty()) {
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
    }
    if (end + 2 > rest.size()) break;
    rest = rest.subspan(end + 2);
    if ((data[0] & 0x80) != 0) auth.Reset();  // power cycle between commands
  }
  return 0;
}
