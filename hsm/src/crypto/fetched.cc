#include "fetched.h"

#include "ossl.h"

namespace hsm::crypto::fetched {
namespace {

using CipherPtr = ossl::Ptr<EVP_CIPHER, EVP_CIPHER_free>;
using MdPtr = ossl::Ptr<EVP_MD, EVP_MD_free>;

}  // namespace

// Function-local statics: initialized once, thread-safe (C++ [stmt.dcl]/3),
// freed at exit.
const EVP_MD* Sha1() {
  static const MdPtr md(EVP_MD_fetch(nullptr, "SHA1", nullptr));
  return md.get();
}

const EVP_MD* Sha256() {
  static const MdPtr md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  return md.get();
}

const EVP_MD* Sha512() {
  static const MdPtr md(EVP_MD_fetch(nullptr, "SHA512", nullptr));
  return md.get();
}

const EVP_CIPHER* Aes256Gcm() {
  static const CipherPtr cipher(
      EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
  return cipher.get();
}

const EVP_CIPHER* Aes256Cbc() {
  static const CipherPtr cipher(
      EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr));
  return cipher.get();
}

}  // namespace hsm::crypto::fetched
