// Test harness for hsm::ctap2: an Authenticator on a FakePlatform and a
// MemoryFidoStore; requests are built as CBOR and sent as CTAPHID_CBOR
// payloads; responses are checked for CTAP2 canonical form by a checker
// written independently of the authenticator's encoder. The platform side
// of the PIN/UV auth protocols and all signature checks use OpenSSL
// directly (EVP_KDF, EVP_MAC, EVP_DigestVerify, X509_verify), not the
// authenticator's wrappers.
#ifndef TESTS_UNIT_HSM_CTAP2_CTAP2_TEST_UTIL_H_
#define TESTS_UNIT_HSM_CTAP2_CTAP2_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cbor_util.h"
#include "fake_platform.h"
#include "hsm/ctap2/authenticator.h"
#include "hsm/ctap2/fido_store.h"
#include "hsm/ctap2/status.h"

namespace hsm::ctap2::testing {

using Bytes = std::vector<uint8_t>;

// CTAP2 canonical CBOR (CTAP 2.1 §8.1): shortest heads, definite lengths,
// map keys in length-then-bytewise order, no trailing bytes.
bool IsCanonicalCtap2(const Bytes& bytes);

struct Response {
  uint8_t status = 0xFF;
  Bytes body;       // CBOR after the status byte
  cbor::Item item;  // decoded body (null when empty)
  bool asked_presence = false;
  const cbor_item_t* Get(uint64_t key) const {
    return cbor::MapGet(item.get(), key);
  }
};

class Harness {
 public:
  explicit Harness(AuthenticatorConfig config = {}, uint32_t seed = 7);

  // Sends command + encoded params; presence requests are answered with
  // `grant` (and the answer checked to be canonical).
  Response Send(Command command, const cbor::Item& params,
                PresenceGrant grant = PresenceGrant::kApproved);
  Response SendRaw(uint8_t command, const Bytes& body,
                   PresenceGrant grant = PresenceGrant::kApproved);
  void PowerCycle() { auth->Reset(); }

  hsm::testing::FakePlatform platform;
  MemoryFidoStore store;
  std::unique_ptr<Authenticator> auth;
};

// The platform side of CTAP 2.1 §6.5.6/§6.5.7.
class PinClient {
 public:
  PinClient(Harness& h, uint8_t protocol) : h_(h), protocol_(protocol) {}
  // getKeyAgreement + ECDH + KDF; returns false on failure.
  bool Agree();
  Bytes Encrypt(const Bytes& plaintext);
  Bytes Decrypt(const Bytes& ciphertext);
  Bytes Authenticate(const Bytes& key, const Bytes& message) const;
  cbor::Item PlatformKey() const;
  uint8_t protocol() const { return protocol_; }
  const Bytes& shared() const { return shared_; }

  uint8_t SetPin(const std::string& pin);
  uint8_t ChangePin(const std::string& old_pin, const std::string& new_pin);
  // getPinToken (permissions == 0) or 0x09; returns status and the token.
  uint8_t GetToken(const std::string& pin, uint8_t permissions,
                   std::optional<std::string> rp_id, Bytes* token);
  int Retries();
  // SetPin(pin) then GetToken(pin, permissions, rp_id), both required to
  // succeed; returns the token.
  Bytes SetPinAndGetToken(const std::string& pin, uint8_t permissions,
                          std::optional<std::string> rp_id);
  // `params` with pinUvAuthParam = Authenticate(token, cdh) at `key` and
  // pinUvAuthProtocol at `key` + 1 (makeCredential: 8, getAssertion: 6).
  cbor::Item WithPinAuth(const cbor::Item& params, int64_t key,
                         const Bytes& token, const Bytes& cdh) const;

 private:
  Bytes PinHashEnc(const std::string& pin);
  Bytes PaddedPin(const std::string& pin);
  // setPin (3) or changePin (4, with pinHashEnc) with newPinEnc.
  uint8_t SendNewPin(uint8_t subcommand, const Bytes& new_pin_enc,
                     const Bytes& pin_hash_enc);
  Harness& h_;
  uint8_t protocol_;
  Bytes shared_;
  Bytes platform_x_, platform_y_;
  void* platform_key_ = nullptr;  // EVP_PKEY*
 public:
  ~PinClient();
};

Bytes Sha256(const Bytes& data);
Bytes ToBytes(const std::string& s);
Bytes Cdh(uint8_t fill = 0x11);  // a 32-byte clientDataHash

// Request builders.
cbor::Item MakeCredentialParams(const std::string& rp_id, const Bytes& user_id,
                                const Bytes& cdh, bool rk = false,
                                int alg = -7);
cbor::Item Descriptor(const Bytes& id);
// A copy of map `base` with `key` set to `value` (replacing it if present).
cbor::Item With(const cbor::Item& base, int64_t key, cbor::Item value);

// Parsed authenticator data (WebAuthn §6.1).
struct AuthData {
  Bytes rp_id_hash;
  uint8_t flags = 0;
  uint32_t counter = 0;
  Bytes aaguid;
  Bytes credential_id;
  cbor::Item public_key;
  cbor::Item extensions;
};
std::optional<AuthData> ParseAuthData(const Bytes& auth_data);
Bytes GetBytes(const cbor_item_t* item);
int64_t GetInt(const cbor_item_t* item);

// Verifies an ES256 (DER) or EdDSA signature with a COSE public key.
bool VerifyCoseSignature(const cbor_item_t* cose_key, const Bytes& message,
                         const Bytes& signature);
// Verifies a packed attestation: self-signed certificate with the WebAuthn
// §8.2.1 subject and AAGUID extension, and the signature over
// authData || clientDataHash with the certificate key.
bool VerifyPackedAttestation(const Response& mc, const Bytes& cdh,
                             const Bytes& aaguid, std::string* why);

}  // namespace hsm::ctap2::testing

#endif  // TESTS_UNIT_HSM_CTAP2_CTAP2_TEST_UTIL_H_
