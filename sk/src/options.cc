#include "options.h"

#include <algorithm>
#include <cstring>

namespace sk_provider {

using bridge::ErrorKind;
using bridge::MakeError;

bridge::Result<ProviderOptions> ParseOptions(const sk_option* const* options,
                                             bool allow_user) {
  ProviderOptions out;
  if (options == nullptr) return out;
  for (size_t i = 0; options[i] != nullptr; ++i) {
    const sk_option& o = *options[i];
    std::string_view name = o.name != nullptr ? o.name : "";
    std::string value = o.value != nullptr ? o.value : "";
    if (name == "device") {
      out.device = std::move(value);
    } else if (name == "user" && allow_user) {
      out.user = std::move(value);
    } else if (o.required != 0) {
      // sk-api.h: an unsupported option marked required fails the call.
      return MakeError(
          ErrorKind::kInvalidInput,
          "unsupported required option '" + std::string(name) + "'");
    }
  }
  return out;
}

bridge::Result<UserId> MakeUserId(std::string_view user) {
  if (user.size() >= kUserIdSize) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the user name is longer than " +
                         std::to_string(kUserIdSize - 1) + " bytes");
  }
  if (user.find('\0') != std::string_view::npos) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the user name contains a NUL byte");
  }
  UserId id{};
  std::copy(user.begin(), user.end(), id.begin());
  return id;
}

}  // namespace sk_provider
