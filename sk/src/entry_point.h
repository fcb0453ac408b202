// What the sk-api entry points (enroll.cc, sign.cc, resident_keys.cc) share
// before and around their work.
//
// Contract:
//  - No C++ exception leaves an entry point: each runs its work in Guard
//    (out of memory → SSH_SK_ERR_GENERAL, logged); nothing is written to
//    *response unless the call succeeds.
//  - PinOrNull: the PIN, or nullptr when OpenSSH passes none or "".
//  - ParseOptionsOrLog: options.h ParseOptions, its failure logged; the
//    caller then answers SSH_SK_ERR_GENERAL.
//  - CoseAlgorithmOrLog: encoding.h CoseAlgorithm, an unsupported key
//    algorithm logged; the caller then answers SSH_SK_ERR_UNSUPPORTED.
//  - ApplicationOrDefault: the application (the FIDO rp.id), or "ssh:"
//    (PROTOCOL.u2f) when OpenSSH passes none (NULL or "").
//  - OpenDeviceFor: device.h SkDevice::Open with the options' "device",
//    then LogDebug("<doing> on <device name>"); on failure the caller
//    answers sk_error.h FailOpening.
#ifndef KEYBRIDGE_SK_ENTRY_POINT_H_
#define KEYBRIDGE_SK_ENTRY_POINT_H_

#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "bridge/error.h"
#include "device.h"
#include "log.h"
#include "options.h"
#include "sk_api.h"

namespace sk_provider {

inline constexpr const char* kDefaultApplication = "ssh:";  // PROTOCOL.u2f

// Runs one entry point; no exception crosses into OpenSSH's C code.
template <typename F>
int Guard(F&& f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    LogError("out of memory");
  } catch (...) {
    LogError("internal error");
  }
  return SSH_SK_ERR_GENERAL;
}

const char* PinOrNull(const char* pin);

std::optional<ProviderOptions> ParseOptionsOrLog(
    const sk_option* const* options, bool allow_user);

std::optional<int> CoseAlgorithmOrLog(uint32_t alg);

std::string ApplicationOrDefault(const char* application);

bridge::Result<std::unique_ptr<SkDevice>> OpenDeviceFor(
    const ProviderOptions& opts, const std::string& doing);

}  // namespace sk_provider

#endif  // KEYBRIDGE_SK_ENTRY_POINT_H_
