#include "entry_point.h"

#include <utility>

#include "encoding.h"

namespace sk_provider {

const char* PinOrNull(const char* pin) {
  return pin != nullptr && *pin != '\0' ? pin : nullptr;
}

std::optional<ProviderOptions> ParseOptionsOrLog(
    const sk_option* const* options, bool allow_user) {
  auto opts = ParseOptions(options, allow_user);
  if (!opts) {
    LogError(opts.error().message);
    return std::nullopt;
  }
  return std::move(*opts);
}

std::optional<int> CoseAlgorithmOrLog(uint32_t alg) {
  std::optional<int> cose = CoseAlgorithm(alg);
  if (!cose) LogError("unsupported key algorithm " + std::to_string(alg));
  return cose;
}

std::string ApplicationOrDefault(const char* application) {
  return application != nullptr && *application != '\0' ? application
                                                        : kDefaultApplication;
}

bridge::Result<std::unique_ptr<SkDevice>> OpenDeviceFor(
    const ProviderOptions& opts, const std::string& doing) {
  auto device = SkDevice::Open(opts.device);
  if (device) LogDebug(doing + " on " + (*device)->name());
  return device;
}

}  // namespace sk_provider
