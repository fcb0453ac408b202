// What the provider tells the user, on stderr.
//
// Contract: OpenSSH runs providers inside ssh-sk-helper, whose stderr is the
// terminal of ssh/ssh-keygen; OpenSSH itself only reports the sk-api error
// code ("device not found", "PIN incorrect", …). LogError adds one line
// "keybridge-sk: <message>" saying what went wrong (which device, which
// CTAP2 status). LogDebug writes only when the environment variable
// KEYBRIDGE_SK_DEBUG is set and not empty. Neither is ever given a PIN,
// private key, key handle, challenge or signature (docs/architecture.md
// "Secrets never leave the key").
#ifndef KEYBRIDGE_SK_LOG_H_
#define KEYBRIDGE_SK_LOG_H_

#include <string_view>

namespace sk_provider {

inline constexpr const char* kDebugEnvVar = "KEYBRIDGE_SK_DEBUG";

void LogError(std::string_view message);
void LogDebug(std::string_view message);

}  // namespace sk_provider

#endif  // KEYBRIDGE_SK_LOG_H_
