// How the multi-command hsm fuzz targets read their input: the first byte
// picks the presence answer (low 2 bits) and whether to power-cycle between
// commands (bit 7); the rest is several commands separated by 0xFF 0xFE.
#ifndef TESTS_FUZZ_FUZZ_COMMANDS_H_
#define TESTS_FUZZ_FUZZ_COMMANDS_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "hsm/presence.h"

namespace hsm::fuzzing {

inline PresenceGrant GrantFromByte(uint8_t first) {
  constexpr PresenceGrant kGrants[] = {
      PresenceGrant::kApproved, PresenceGrant::kDenied,
      PresenceGrant::kTimedOut, PresenceGrant::kCancelled};
  return kGrants[first & 3];
}

inline bool PowerCycleBetween(uint8_t first) { return (first & 0x80) != 0; }

// Calls `handle(command)` for each command of `rest`, and `between()` after
// every command but the last.
template <typename Handle, typename Between>
void ForEachCommand(std::span<const uint8_t> rest, Handle handle,
                    Between between) {
  while (!rest.empty()) {
    size_t end = 0;
    while (end + 1 < rest.size() &&
           !(rest[end] == 0xFF && rest[end + 1] == 0xFE)) {
      ++end;
    }
    if (end + 1 >= rest.size()) end = rest.size();
    handle(rest.first(end));
    if (end + 2 > rest.size()) break;
    rest = rest.subspan(end + 2);
    between();
  }
}

}  // namespace hsm::fuzzing

#endif  // TESTS_FUZZ_FUZZ_COMMANDS_H_
