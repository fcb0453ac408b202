#include "hsm/crypto/error.h"

namespace hsm::crypto {

const char* ToString(CryptoError error) {
  switch (error) {
    case CryptoError::kInternal:
      return "crypto internal error";
    case CryptoError::kBadArgument:
      return "crypto bad argument";
    case CryptoError::kAuthFailed:
      return "authentication failed";
  }
  return "unknown crypto error";
}

}  // namespace hsm::crypto
