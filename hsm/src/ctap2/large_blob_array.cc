// The serialized large-blob array (CTAP 2.1 §6.10.1).
#include "large_blob_array.h"

#include <algorithm>

#include "hsm/crypto/hash.h"

namespace hsm::ctap2 {
namespace {

// CTAP 2.1 §6.10.1: 0x80 || LEFT(SHA-256(0x80), 16).
constexpr uint8_t kInitial[kMinSerializedLargeBlobArray] = {
    0x80, 0x76, 0xbe, 0x8b, 0x52, 0x8d, 0x00, 0x75, 0xf7,
    0xaa, 0xe9, 0x8d, 0x6f, 0xa5, 0x7a, 0x6d, 0x3c};

}  // namespace

std::vector<uint8_t> InitialLargeBlobArray() {
  return std::vector<uint8_t>(std::begin(kInitial), std::end(kInitial));
}

bool IsInitialLargeBlobArray(std::span<const uint8_t> array) {
  return std::equal(array.begin(), array.end(), std::begin(kInitial),
                    std::end(kInitial));
}

std::vector<uint8_t> SerializedLargeBlobArray(const FidoState& state) {
  if (state.large_blob_array.empty()) return InitialLargeBlobArray();
  return state.large_blob_array;
}

Result<bool, crypto::CryptoError> LargeBlobChecksumValid(
    std::span<const uint8_t> array) {
  if (array.size() < kLargeBlobChecksumSize) return false;
  size_t body = array.size() - kLargeBlobChecksumSize;
  auto digest = crypto::Sha256(array.first(body));
  if (!digest.ok()) return MakeErr(digest.error());
  // The checksum guards against corruption, not forgery: no secret here.
  return std::equal(digest->begin(), digest->begin() + kLargeBlobChecksumSize,
                    array.begin() + body);
}

size_t MaxLargeBlobFragment(const AuthenticatorConfig& config) {
  return config.max_msg_size > 64 ? config.max_msg_size - 64 : 0;
}

}  // namespace hsm::ctap2
