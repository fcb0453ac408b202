#include "responses.h"

#include <cstring>
#include <string>

#include "encoding.h"
#include "fido_objects.h"
#include "log.h"

namespace sk_provider {
namespace {

void Wipe(uint8_t*& p, size_t& n) {
  if (p != nullptr) {
    std::memset(p, 0, n);
    std::free(p);
  }
  p = nullptr;
  n = 0;
}

void FreeEnrollFields(sk_enroll_response* r) {
  Wipe(r->public_key, r->public_key_len);
  Wipe(r->key_handle, r->key_handle_len);
  Wipe(r->signature, r->signature_len);
  Wipe(r->attestation_cert, r->attestation_cert_len);
  Wipe(r->authdata, r->authdata_len);
}

}  // namespace

void CopyOut(std::span<const uint8_t> bytes, uint8_t** ptr, size_t* len) {
  *ptr = nullptr;
  *len = 0;
  if (bytes.empty()) return;
  *ptr = static_cast<uint8_t*>(std::malloc(bytes.size()));
  if (*ptr == nullptr) throw std::bad_alloc();
  std::memcpy(*ptr, bytes.data(), bytes.size());
  *len = bytes.size();
}

void EnrollDeleter::operator()(sk_enroll_response* r) const {
  FreeEnrollFields(r);
  std::free(r);
}

void SignDeleter::operator()(sk_sign_response* r) const {
  Wipe(r->sig_r, r->sig_r_len);
  Wipe(r->sig_s, r->sig_s_len);
  std::free(r);
}

void ResidentDeleter::operator()(sk_resident_key* r) const {
  std::free(r->application);
  FreeEnrollFields(&r->key);
  Wipe(r->user_id, r->user_id_len);
  std::free(r);
}

bool PackKey(uint32_t alg, const fido_cred_t* cred, sk_enroll_response* out) {
  auto key = SshPublicKey(
      alg, Bytes(fido_cred_pubkey_ptr(cred), fido_cred_pubkey_len(cred)));
  if (!key) {
    LogError("the key returned a public key of unexpected size " +
             std::to_string(fido_cred_pubkey_len(cred)));
    return false;
  }
  CopyOut(*key, &out->public_key, &out->public_key_len);
  CopyOut(Bytes(fido_cred_id_ptr(cred), fido_cred_id_len(cred)),
          &out->key_handle, &out->key_handle_len);
  return true;
}

}  // namespace sk_provider
