#include "hsm/crypto/hash.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "digest.h"
#include "fetched.h"
#include "ossl.h"

namespace hsm::crypto {
namespace {

// The unkeyed HMAC context of `alg`, its digest already chosen, made once:
// it holds no key, so it is no secret. nullptr if it could not be made.
const EVP_MAC_CTX* UnkeyedHmac(HashAlg alg) {
  struct Templates {
    ossl::MacCtxPtr ctx[3];
    Templates() {
      ossl::MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
      if (!mac) return;
      for (HashAlg a : {HashAlg::kSha1, HashAlg::kSha256, HashAlg::kSha512}) {
        ossl::MacCtxPtr c(EVP_MAC_CTX_new(mac.get()));
        char* name = const_cast<char*>(Digest(a).name);
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string("digest", name, 0),
            OSSL_PARAM_construct_end()};
        if (c && EVP_MAC_CTX_set_params(c.get(), params) == 1) {
          ctx[static_cast<int>(a)] = std::move(c);
        }
      }
    }
  };
  static const Templates templates;  // thread-safe one-time init
  const int i = static_cast<int>(alg);
  return i >= 0 && i < 3 ? templates.ctx[i].get() : nullptr;
}

// HMAC-alg(key, data) into `out`, which is DigestSize(alg) bytes: RFC 2104
// via the OpenSSL 3 EVP_MAC "HMAC" implementation, on a context keyed for
// this call only.
bool HmacInto(HashAlg alg, std::span<const uint8_t> key,
              std::span<const uint8_t> data, std::span<uint8_t> out) {
  ossl::MacCtxPtr ctx = KeyedHmac(alg, key);
  return ctx && FinishHmac(ctx.get(), data, out);
}

}  // namespace

ossl::MacCtxPtr KeyedHmac(HashAlg alg, std::span<const uint8_t> key) {
  const EVP_MAC_CTX* templ = UnkeyedHmac(alg);
  ossl::MacCtxPtr ctx(templ != nullptr ? EVP_MAC_CTX_dup(templ) : nullptr);
  // A non-null pointer even for an empty key: NULL would mean "no key yet".
  if (!ctx ||
      EVP_MAC_init(ctx.get(), ossl::NonNull(key), key.size(), nullptr) != 1) {
    return nullptr;
  }
  return ctx;
}

bool FinishHmac(EVP_MAC_CTX* keyed, std::span<const uint8_t> data,
                std::span<uint8_t> out) {
  size_t len = 0;
  return EVP_MAC_update(keyed, ossl::NonNull(data), data.size()) == 1 &&
         EVP_MAC_final(keyed, out.data(), &len, out.size()) == 1 &&
         len == out.size();
}

const DigestInfo& Digest(HashAlg alg) {
  static const DigestInfo kSha1 = {"SHA1", 20, fetched::Sha1};
  static const DigestInfo kSha256 = {"SHA256", 32, fetched::Sha256};
  static const DigestInfo kSha512 = {"SHA512", 64, fetched::Sha512};
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
  const EVP_MD* md = fetched::Sha256();
  if (md == nullptr ||
      EVP_Digest(ossl::NonNull(data), data.size(), out.data(), &len, md,
                 nullptr) != 1 ||
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
