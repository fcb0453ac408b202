// libfido2 objects owned for the length of one provider call, and
// libfido2's (pointer, length) pairs as byte spans.
//
// Contract: an Owned<…> makes its object with fido_*_new (std::bad_alloc
// when that fails) and frees it with fido_*_free when it goes out of scope.
// Bytes(p, n) is empty when libfido2 hands out a null pointer.
#ifndef KEYBRIDGE_SK_FIDO_OBJECTS_H_
#define KEYBRIDGE_SK_FIDO_OBJECTS_H_

#include <fido.h>
#include <fido/credman.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <span>

namespace sk_provider {

// Owns one libfido2 object; Free is its fido_*_free (which takes T**).
template <typename T, T* (*New)(), void (*Free)(T**)>
class Owned {
 public:
  Owned() : p_(New()) {
    if (p_ == nullptr) throw std::bad_alloc();
  }
  ~Owned() { Free(&p_); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  T* get() const { return p_; }

 private:
  T* p_;
};
using Cred = Owned<fido_cred_t, fido_cred_new, fido_cred_free>;
using Assert = Owned<fido_assert_t, fido_assert_new, fido_assert_free>;
using CredmanMetadata =
    Owned<fido_credman_metadata_t, fido_credman_metadata_new,
          fido_credman_metadata_free>;
using CredmanRps =
    Owned<fido_credman_rp_t, fido_credman_rp_new, fido_credman_rp_free>;
using CredmanRks =
    Owned<fido_credman_rk_t, fido_credman_rk_new, fido_credman_rk_free>;

inline std::span<const uint8_t> Bytes(const unsigned char* p, size_t n) {
  if (p == nullptr) return {};
  return {p, n};
}

}  // namespace sk_provider

#endif  // KEYBRIDGE_SK_FIDO_OBJECTS_H_
