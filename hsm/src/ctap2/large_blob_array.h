// The serialized large-blob array (CTAP 2.1 §6.10.1): the CBOR array bytes
// followed by LEFT(SHA-256(those bytes), 16). A fresh or reset
// authenticator holds the initial value, the empty array 0x80 and its
// checksum (17 bytes).
#ifndef HSM_SRC_CTAP2_LARGE_BLOB_ARRAY_H_
#define HSM_SRC_CTAP2_LARGE_BLOB_ARRAY_H_

#include <cstdint>
#include <span>
#include <vector>

#include "context.h"
#include "hsm/crypto/error.h"

namespace hsm::ctap2 {

inline constexpr size_t kLargeBlobChecksumSize = 16;
// §6.10.2 set step 2.3: 0x80 plus the checksum is the smallest array.
inline constexpr size_t kMinSerializedLargeBlobArray =
    1 + kLargeBlobChecksumSize;

// §6.10.1 initial value: 80 76be8b528d0075f7aae98d6fa57a6d3c.
std::vector<uint8_t> InitialLargeBlobArray();
bool IsInitialLargeBlobArray(std::span<const uint8_t> array);

// The array as getInfo-visible state: the stored one, or the initial value.
std::vector<uint8_t> SerializedLargeBlobArray(const FidoState& state);

// Whether the last 16 bytes are LEFT(SHA-256(the rest), 16) (§6.10.2 set
// step 10.1). `array` holds at least the checksum.
Result<bool, crypto::CryptoError> LargeBlobChecksumValid(
    std::span<const uint8_t> array);

// §6.10.2 step 4: maxFragmentLength = maxMsgSize - 64.
size_t MaxLargeBlobFragment(const AuthenticatorConfig& config);

}  // namespace hsm::ctap2

#endif  // HSM_SRC_CTAP2_LARGE_BLOB_ARRAY_H_
