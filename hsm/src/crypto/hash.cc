#include "hsm/crypto/hash.h"

#include <openssl/evp.h>

#include "digest.h"
#include "ossl.h"

namespace hsm::crypto {
namespace {

// HMAC-alg(key, data) into `out`, which is DigestSize(alg) bytes. RFC 2104
// via the OpenSSL 3 EVP_MAC "HMAC" implementation (EVP_Q_mac is its
// one-shot form).
bool HmacInto(HashAlg alg, std::span<const uint8_t> key,
              std::span<const uint8_t> data, std::span<uint8_t> out) {
  const DigestInfo& digest = Digest(alg);
  size_t len = 0;
  return digest.name != nullptr &&
         EVP_Q_mac(nullptr, "HMAC", nullptr, digest.name, nullptr,
                   ossl::NonNull(key), key.size(), ossl::NonNull(data),
                   data.size(), out.data(), out.size(), &len) != nullptr &&
         len == out.size();
}

}  // namespace

const DigestInfo& Digest(HashAlg alg) {
  static const DigestInfo kSha1 = {"SHA1", 20, EVP_sha1};
  static const DigestInfo kSha256 = {"SHA256", 32, EVP_sha256};
  static const DigestInfo kSha512 = {"SHA512", 64, EVP_sha512};
  switch (alg) {
    case HashAlg::kSha1:
      return kSha1;
    case HashAlg::kSha256:
      return kSha256;
    case HashAlg::kSha512:
      return kSha512;
  }
  static const DigestInfo kUnknown = {nullptr, 0, nullptr};
  return kUnknown;
}

size_t DigestSize(HashAlg alg) { return Digest(alg).size; }

Result<Sha256Digest, CryptoError> Sha256(std::span<const uint8_t> data) {
  Sha256Digest out;
  unsigned int len = 0;
  if (EVP_Digest(ossl::NonNull(data), data.size(), out.data(), &len,
                 EVP_sha256(), nullptr) != 1 ||
      len != out.size()) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

Result<std::vector<uint8_t>, CryptoError> Hmac(HashAlg alg,
                                               std::span<const uint8_t> key,
                                               std::span<const uint8_t> data) {
  std::vector<uint8_t> out(DigestSize(alg));
  if (!HmacInto(alg, key, data, out)) return MakeErr(CryptoError::kInternal);
  return out;
}

Result<Sha256Digest, CryptoError> HmacSha256(std::span<const uint8_t> key,
                                             std::span<const uint8_t> data) {
  Sha256Digest out;
  if (!HmacInto(HashAlg::kSha256, key, data, out)) {
    return MakeErr(CryptoError::kInternal);
  }
  return out;
}

}  // namespace hsm::crypto
