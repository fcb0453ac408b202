#include "bridge/oath/ccid_access.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <utility>

#include "bridge/shared_library.h"

namespace bridge::oath {
namespace {

// libcrypto is loaded with dlopen on first use, not linked: only cards with
// an access code need HMAC, PBKDF2 and SHA-256 here, and loading libcrypto
// was most of every keybridge command's start-up (bridge/shared_library.h).
#define KEYBRIDGE_LIBCRYPTO_FUNCTIONS(X) \
  X(EVP_sha1)                            \
  X(EVP_sha256)                          \
  X(EVP_sha512)                          \
  X(HMAC)                                \
  X(PKCS5_PBKDF2_HMAC)                   \
  X(RAND_bytes)                          \
  X(SHA256)                              \
  X(EVP_EncodeBlock)

struct Crypto {
  KEYBRIDGE_LIBCRYPTO_FUNCTIONS(KEYBRIDGE_API_MEMBER)
};

// The bound library (RequireApi: the keybridge package depends on libssl3).
const Crypto& Libcrypto() {
  return RequireApi<Crypto>("libcrypto.so.3", "OATH access codes need",
                            "libssl3", [](SharedLibrary& lib, Crypto& api) {
                              KEYBRIDGE_LIBCRYPTO_FUNCTIONS(KEYBRIDGE_API_BIND)
                            });
}

// SELECT tag 7B / SET CODE key type, low nibble (docs/protocol/oath.md §3).
const EVP_MD* DigestOf(uint8_t algorithm) {
  switch (algorithm & 0x0F) {
    case 0x01:
      return Libcrypto().EVP_sha1();
    case 0x02:
      return Libcrypto().EVP_sha256();
    case 0x03:
      return Libcrypto().EVP_sha512();
    default:
      return nullptr;
  }
}

Result<SecretBytes> Hmac(const SecretBytes& key, uint8_t algorithm,
                         std::span<const uint8_t> message) {
  const EVP_MD* md = DigestOf(algorithm);
  if (md == nullptr) {
    return MakeError(ErrorKind::kProtocol,
                     "the key names an unknown access-code algorithm");
  }
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (Libcrypto().HMAC(md, key.view().data(), static_cast<int>(key.size()),
                       message.data(), message.size(), out, &len) == nullptr) {
    return MakeError(ErrorKind::kTransport, "HMAC failed");
  }
  SecretBytes mac(std::span<const uint8_t>(out, len));
  WipeMemory(out, sizeof out);
  return mac;
}

}  // namespace

Result<SecretBytes> DeriveAccessKey(const SecretBytes& password,
                                    std::span<const uint8_t> salt) {
  uint8_t out[kAccessKeySize];
  if (Libcrypto().PKCS5_PBKDF2_HMAC(
          reinterpret_cast<const char*>(password.view().data()),
          static_cast<int>(password.size()), salt.data(),
          static_cast<int>(salt.size()), kAccessKdfIterations,
          Libcrypto().EVP_sha1(), sizeof out, out) != 1) {
    return MakeError(ErrorKind::kTransport, "PBKDF2 failed");
  }
  SecretBytes key(std::span<const uint8_t>(out, sizeof out));
  WipeMemory(out, sizeof out);
  return key;
}

Result<Apdu> EncodeValidate(const SecretBytes& key, uint8_t algorithm,
                            std::span<const uint8_t> select_challenge,
                            std::span<const uint8_t> host_challenge) {
  if (select_challenge.empty() || host_challenge.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "VALIDATE needs challenges");
  }
  Result<SecretBytes> response = Hmac(key, algorithm, select_challenge);
  if (!response) return std::move(response).error();
  Apdu apdu;
  apdu.ins = kInsValidate;
  if (Status s = AppendTlv(apdu.data, kTagResponse, response->view()); !s) {
    return std::move(s).error();
  }
  if (Status s = AppendTlv(apdu.data, kTagChallenge, host_challenge); !s) {
    return std::move(s).error();
  }
  return apdu;
}

Status CheckValidateResponse(std::span<const uint8_t> data, TlvLength encoding,
                             const SecretBytes& key, uint8_t algorithm,
                             std::span<const uint8_t> host_challenge) {
  auto refused = [] {
    return MakeError(ErrorKind::kProtocol,
                     "VALIDATE: the key did not prove it knows the password");
  };
  Result<std::vector<Tlv>> tlvs = ParseTlvs(data, encoding);
  if (!tlvs) return std::move(tlvs).error();
  if (tlvs->size() != 1 || (*tlvs)[0].tag != kTagResponse) return refused();
  Result<SecretBytes> expected = Hmac(key, algorithm, host_challenge);
  if (!expected) return std::move(expected).error();
  const std::span<const uint8_t> got = (*tlvs)[0].value;
  if (got.size() != expected->size() || !expected->Equals(got)) {
    return refused();
  }
  return OkStatus();
}

Result<std::array<uint8_t, 8>> RandomChallenge() {
  std::array<uint8_t, 8> out{};
  if (Libcrypto().RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    return MakeError(ErrorKind::kTransport, "no randomness (RAND_bytes)");
  }
  return out;
}

Result<Apdu> EncodeSetCode(const SecretBytes& key,
                           std::span<const uint8_t> challenge) {
  if (key.size() != kAccessKeySize || challenge.empty()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "SET CODE needs a 16-byte key and a challenge");
  }
  constexpr uint8_t kTotpSha1 = 0x21;  // docs/protocol/oath.md §3
  Result<SecretBytes> response = Hmac(key, kTotpSha1, challenge);
  if (!response) return std::move(response).error();
  SecretBytes typed(1 + key.size());
  typed.mutable_view()[0] = kTotpSha1;
  std::copy(key.view().begin(), key.view().end(),
            typed.mutable_view().begin() + 1);
  Apdu apdu;
  apdu.ins = kInsSetCode;
  for (const auto& [tag, value] :
       {std::pair{kTagKey, typed.view()}, std::pair{kTagChallenge, challenge},
        std::pair{kTagResponse, response->view()}}) {
    if (Status s = AppendTlv(apdu.data, tag, value); !s) {
      WipeBytes(apdu.data);
      return std::move(s).error();
    }
  }
  return apdu;
}

Apdu EncodeClearCode() {
  Apdu apdu;
  apdu.ins = kInsSetCode;
  apdu.data = {kTagKey, 0x00};
  return apdu;
}

std::string DeviceId(std::span<const uint8_t> salt) {
  uint8_t digest[SHA256_DIGEST_LENGTH];
  Libcrypto().SHA256(salt.data(), salt.size(), digest);
  unsigned char b64[32];  // 4 * ceil(16 / 3) + NUL = 25
  const int n = Libcrypto().EVP_EncodeBlock(b64, digest, 16);
  std::string id(reinterpret_cast<const char*>(b64), n > 0 ? n : 0);
  while (!id.empty() && id.back() == '=') id.pop_back();
  return id;
}

}  // namespace bridge::oath
