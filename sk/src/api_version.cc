// sk_api_version (sk_api.h; OpenSSH sk-api.h, PROTOCOL.u2f "SecurityKey
// API"): the sk-api version this provider implements, which OpenSSH checks
// before calling anything else.
#include "sk_api.h"

extern "C" {

uint32_t sk_api_version(void) { return SSH_SK_VERSION_MAJOR; }

}  // extern "C"
