#include "sk_error.h"

#include <fido.h>

#include "log.h"
#include "sk_api.h"

namespace sk_provider {
namespace {

// sk-api code for a libfido2 result r != FIDO_OK.
int SkError(int r) {
  switch (r) {
    case FIDO_ERR_UNSUPPORTED_OPTION:
    case FIDO_ERR_UNSUPPORTED_ALGORITHM:
    case FIDO_ERR_UNSUPPORTED_EXTENSION:
      return SSH_SK_ERR_UNSUPPORTED;
    case FIDO_ERR_PIN_REQUIRED:  // also PUAT_REQUIRED (CTAP 2.1 §8.2 0x36)
    case FIDO_ERR_PIN_INVALID:
      return SSH_SK_ERR_PIN_REQUIRED;
    default:
      return SSH_SK_ERR_GENERAL;
  }
}

}  // namespace

// Maps and, unless ssh will simply ask for the PIN, explains a failure.
int Fail(const SkDevice& device, int r, const std::string& what,
         const char* pin) {
  int code = SkError(r);
  std::string message = device.Describe(r, what);
  if (code == SSH_SK_ERR_PIN_REQUIRED && (pin == nullptr || *pin == '\0')) {
    LogDebug(message + " (asking for the PIN)");
  } else {
    LogError(message);
  }
  return code;
}

int FailOpening(const bridge::Error& e) {
  LogError(e.message);
  return e.kind == bridge::ErrorKind::kInvalidInput
             ? SSH_SK_ERR_GENERAL
             : SSH_SK_ERR_DEVICE_NOT_FOUND;
}

}  // namespace sk_provider
