// libFuzzer target: arbitrary bytes as CTAPHID_MSG payloads (U2F request
// APDUs, FIDO U2F Raw Message Formats §3) into hsm::ctap2::Authenticator on
// the deterministic FuzzPlatform, the input read as fuzz_commands.h says. One
// U2F registration is made first, and every input is also sent as an
// AUTHENTICATE for that key handle (its bytes as control byte, challenge and
// application), so the signing paths are reached. Checked: every answer is
// `data ‖ SW`, an answer other than 9000 carries no data, and a refused request
// leaves the stored state as it was.
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

constexpr uint8_t kMsg = 0x03;

std::vector<uint8_t> Send(hsm::ctap2::Authenticator& auth,
                          std::span<const uint8_t> apdu,
                          hsm::PresenceGrant grant) {
  auto outcome = auth.Handle(kMsg, apdu, hsm::PresenceGrant::kNotRequested);
  if (outcome.kind == hsm::ctaphid::AppOutcome::Kind::kNeedsPresence) {
    outcome = auth.Handle(kMsg, apdu, grant);
  }
  if (outcome.kind != hsm::ctaphid::AppOutcome::Kind::kResponse ||
      outcome.payload.size() < 2) {
    abort();  // U2F answers are always an APDU response
  }
  const auto& p = outcome.payload;
  const bool success = p[p.size() - 2] == 0x90 && p[p.size() - 1] == 0x00;
  if (!success && p.size() != 2) abort();  // errors carry no data
  return p;
}

}  // namespace

// hsm is built without RTTI, so UBSan's vptr check (which needs typeinfo)
// is off for this function.
extern "C" __attribute__((no_sanitize("vptr"))) int LLVMFuzzerTestOneInput(
    const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  FuzzPlatform platform(FuzzPlatform::RandomMode::kLcg, 0x2345);
  platform.tick_ms = 7;
  hsm::ctap2::MemoryFidoStore store;
  hsm::ctap2::Authenticator auth(platform, store);
  const hsm::PresenceGrant grant = hsm::fuzzing::GrantFromByte(data[0]);

  // One registration for application 0x00…, challenge 0x00….
  std::vector<uint8_t> reg = {0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x40};
  reg.resize(reg.size() + 64, 0x00);
  std::vector<uint8_t> registered =
      Send(auth, reg, hsm::PresenceGrant::kApproved);
  if (registered.size() < 67) abort();
  std::vector<uint8_t> key_handle(registered.begin() + 67,
                                  registered.begin() + 67 + registered[66]);

  hsm::fuzzing::ForEachCommand(
      std::span<const uint8_t>(data + 1, size - 1),
      [&](std::span<const uint8_t> payload) {
        const uint32_t counter_before = auth.sign_counter();
        std::vector<uint8_t> answer = Send(auth, payload, grant);
        const bool success = answer[answer.size() - 2] == 0x90;
        // A refused request signs nothing: the counter stays.
        if (!success && auth.sign_counter() != counter_before) abort();

        // The same bytes as an AUTHENTICATE for the registered key handle.
        std::vector<uint8_t> auth_apdu = {
            0x00, 0x02, payload.empty() ? uint8_t{0x07} : payload[0], 0x00,
            0x00, 0x00, static_cast<uint8_t>(65 + key_handle.size())};
        for (size_t i = 0; i < 64; ++i) {
          auth_apdu.push_back(i + 1 < payload.size() ? payload[i + 1] : 0x00);
        }
        auth_apdu.push_back(static_cast<uint8_t>(key_handle.size()));
        auth_apdu.insert(auth_apdu.end(), key_handle.begin(), key_handle.end());
        Send(auth, auth_apdu, grant);
      },
      [&] {
        if (hsm::fuzzing::PowerCycleBetween(data[0])) auth.Reset();
      });
  return 0;
}
