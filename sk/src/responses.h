// The sk-api responses OpenSSH receives (sk_api.h sk_enroll_response,
// sk_sign_response, sk_resident_key): making, filling and freeing them.
//
// Contract:
//  - OpenSSH frees every buffer a provider returns with free(3) (freezero),
//    so all of them come from malloc/calloc: CopyOut and Calloc, which throw
//    std::bad_alloc when memory runs out. CopyOut of no bytes leaves
//    nullptr and 0.
//  - EnrollResponsePtr, SignResponsePtr and ResidentKeyPtr own a response
//    until it is released to OpenSSH; if the call fails first, its buffers
//    are zeroed and freed with it.
//  - PackKey fills the public key (encoding.h SshPublicKey: the sk-api
//    form) and the key handle (the credential ID) of a libfido2 credential
//    into an sk_enroll_response; a public key of unexpected size is logged
//    and answered with false.
#ifndef KEYBRIDGE_SK_RESPONSES_H_
#define KEYBRIDGE_SK_RESPONSES_H_

#include <fido.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <span>

#include "sk_api.h"

namespace sk_provider {

// malloc'd copies for OpenSSH, which frees them with free(3).
void CopyOut(std::span<const uint8_t> bytes, uint8_t** ptr, size_t* len);

template <typename T>
T* Calloc() {
  T* p = static_cast<T*>(std::calloc(1, sizeof(T)));
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

struct EnrollDeleter {
  void operator()(sk_enroll_response* r) const;
};
struct SignDeleter {
  void operator()(sk_sign_response* r) const;
};
struct ResidentDeleter {
  void operator()(sk_resident_key* r) const;
};
using EnrollResponsePtr = std::unique_ptr<sk_enroll_response, EnrollDeleter>;
using SignResponsePtr = std::unique_ptr<sk_sign_response, SignDeleter>;
using ResidentKeyPtr = std::unique_ptr<sk_resident_key, ResidentDeleter>;

// The public key and key handle of `cred` in sk-api form, or false (logged).
bool PackKey(uint32_t alg, const fido_cred_t* cred, sk_enroll_response* out);

}  // namespace sk_provider

#endif  // KEYBRIDGE_SK_RESPONSES_H_
