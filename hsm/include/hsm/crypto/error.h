// CryptoError: how every hsm::crypto function fails.
//
// Contract: functions return Result<T, CryptoError> (Status<CryptoError>
// where there is no value). kBadArgument means the caller's input can never
// work (wrong key / nonce / IV size, a length that is not whole blocks, a
// scalar or point outside the group); kInternal means OpenSSL failed on
// valid input; kAuthFailed only comes from AEAD opening. On any error there
// is no partial output.
#ifndef HSM_CRYPTO_ERROR_H_
#define HSM_CRYPTO_ERROR_H_

#include <cstdint>

namespace hsm::crypto {

enum class CryptoError : uint8_t {
  kInternal = 1,     // OpenSSL failed
  kBadArgument = 2,  // wrong key / nonce size, invalid scalar or point
  kAuthFailed = 3,   // AEAD tag mismatch
};
const char* ToString(CryptoError error);

}  // namespace hsm::crypto

#endif  // HSM_CRYPTO_ERROR_H_
