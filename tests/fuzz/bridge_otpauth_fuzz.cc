// libFuzzer: otpauth:// URI parsing (docs/protocol/oath.md §7) must never
// crash, and an accepted URI always yields a name that FormatLabel accepts.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bridge/oath/label.h"
#include "bridge/oath/otpauth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view uri(reinterpret_cast<const char*>(data), size);
  bridge::Result<bridge::oath::CredentialData> cred =
      bridge::oath::ParseOtpauthUri(uri);
  if (cred.ok()) {
    if (cred->secret.empty() ||
        cred->secret.size() > bridge::oath::kMaxSecretBytes) {
      std::abort();
    }
    if (!bridge::oath::FormatLabel(cred->issuer, cred->account, cred->type,
                                   cred->period)
             .ok()) {
      std::abort();
    }
  }
  return 0;
}
