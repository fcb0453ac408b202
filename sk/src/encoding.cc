#include "encoding.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include "sk_api.h"

namespace sk_provider {
namespace {

std::vector<uint8_t> Unsigned(const BIGNUM* n) {
  std::vector<uint8_t> out(static_cast<size_t>(BN_num_bytes(n)));
  if (!out.empty()) BN_bn2bin(n, out.data());
  return out;
}

}  // namespace

std::optional<int> CoseAlgorithm(uint32_t sk_alg) {
  switch (sk_alg) {
    case SSH_SK_ECDSA:
      return kCoseEs256;
    case SSH_SK_ED25519:
      return kCoseEdDsa;
    default:
      return std::nullopt;
  }
}

std::optional<uint32_t> SkAlgorithm(int cose_alg) {
  switch (cose_alg) {
    case kCoseEs256:
      return SSH_SK_ECDSA;
    case kCoseEdDsa:
      return SSH_SK_ED25519;
    default:
      return std::nullopt;
  }
}

std::optional<std::vector<uint8_t>> SshPublicKey(uint32_t sk_alg,
                                                 std::span<const uint8_t> raw) {
  switch (sk_alg) {
    case SSH_SK_ECDSA: {
      if (raw.size() != 2 * kEcCoordinateSize) return std::nullopt;
      std::vector<uint8_t> point;
      point.reserve(1 + raw.size());
      point.push_back(kSec1Uncompressed);
      point.insert(point.end(), raw.begin(), raw.end());
      return point;
    }
    case SSH_SK_ED25519:
      if (raw.size() != kEd25519KeySize) return std::nullopt;
      return std::vector<uint8_t>(raw.begin(), raw.end());
    default:
      return std::nullopt;
  }
}

std::optional<EcdsaParts> EcdsaSignatureParts(std::span<const uint8_t> der) {
  if (der.empty()) return std::nullopt;
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (sig == nullptr) return std::nullopt;
  std::optional<EcdsaParts> out;
  // Trailing bytes after the SEQUENCE are not a signature either.
  if (p == der.data() + der.size()) {
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    out = EcdsaParts{Unsigned(r), Unsigned(s)};
  }
  ECDSA_SIG_free(sig);
  return out;
}

std::optional<std::vector<uint8_t>> Ed25519Signature(
    std::span<const uint8_t> sig) {
  if (sig.size() != kEd25519SignatureSize) return std::nullopt;
  return std::vector<uint8_t>(sig.begin(), sig.end());
}

}  // namespace sk_provider
