// The OpenSSH SecurityKeyProvider interface (the "sk-api"), as OpenSSH 9.2
// loads it with dlopen(3) from the path in SecurityKeyProvider or
// `ssh-keygen -w`: OpenSSH's sk-api.h (v1.15, SSH_SK_VERSION_MAJOR
// 0x000a0000) and PROTOCOL.u2f "SecurityKey API".
//
// Contract: the declarations below are written from that description and
// must stay binary-compatible with it: the same constants, the same struct
// members in the same order with the same C types, and the four functions
// exported with C linkage under their plain names. OpenSSH checks
//   (sk_api_version() & SSH_SK_VERSION_MAJOR_MASK) == SSH_SK_VERSION_MAJOR
// before calling anything else, and frees every buffer a provider returns
// with free(3) (freezero), so all of them must come from malloc/calloc.
//
// Return values: 0 on success, else one of SSH_SK_ERR_* (negative).
//  - SSH_SK_ERR_PIN_REQUIRED makes ssh/ssh-keygen ask for the PIN and call
//    again with it (also the answer to a wrong PIN: they say "PIN incorrect").
//  - SSH_SK_ERR_DEVICE_NOT_FOUND is reported as "device not found".
//  - SSH_SK_ERR_CREDENTIAL_EXISTS (sk_enroll with SSH_SK_RESIDENT_KEY): a
//    resident key for this application and user exists; ssh-keygen asks
//    and retries with SSH_SK_FORCE_OPERATION.
#ifndef KEYBRIDGE_SK_SK_API_H_
#define KEYBRIDGE_SK_SK_API_H_

#include <stddef.h>
#include <stdint.h>

// Flags (sk-api.h "Flags"): the request flags of sk_enroll/sk_sign; in a
// sign response, `flags` is the authenticator data flags byte instead
// (PROTOCOL.u2f "SSH U2F signatures").
#define SSH_SK_USER_PRESENCE_REQD 0x01
#define SSH_SK_USER_VERIFICATION_REQD 0x04
#define SSH_SK_FORCE_OPERATION 0x10
#define SSH_SK_RESIDENT_KEY 0x20

// Algorithms (sk-api.h "Algs").
#define SSH_SK_ECDSA 0x00    // ecdsa-sk: NIST P-256, COSE ES256 (-7)
#define SSH_SK_ED25519 0x01  // ed25519-sk: COSE EdDSA (-8)

// Error codes (sk-api.h "Error codes").
#define SSH_SK_ERR_GENERAL -1
#define SSH_SK_ERR_UNSUPPORTED -2
#define SSH_SK_ERR_PIN_REQUIRED -3
#define SSH_SK_ERR_DEVICE_NOT_FOUND -4
#define SSH_SK_ERR_CREDENTIAL_EXISTS -5

#define SSH_SK_VERSION_MAJOR 0x000a0000
#define SSH_SK_VERSION_MAJOR_MASK 0xffff0000

#ifdef __cplusplus
extern "C" {
#endif
// The provider is built with -fvisibility=hidden; these are its exports.
#pragma GCC visibility push(default)

// A new credential. public_key: ECDSA as a SEC1 uncompressed point
// (0x04 || x || y, 65 bytes), Ed25519 as the 32-byte key (PROTOCOL.u2f
// "SSH U2F Key formats"). key_handle: the credential ID. signature,
// attestation_cert (DER X.509, may be absent) and authdata (the CBOR byte
// string of the authenticator data) form the attestation that
// `ssh-keygen -O write-attestation=` saves (PROTOCOL.u2f "attestation").
struct sk_enroll_response {
  uint8_t flags;
  uint8_t* public_key;
  size_t public_key_len;
  uint8_t* key_handle;
  size_t key_handle_len;
  uint8_t* signature;
  size_t signature_len;
  uint8_t* attestation_cert;
  size_t attestation_cert_len;
  uint8_t* authdata;
  size_t authdata_len;
};

// An assertion. flags and counter come from the authenticator data.
// ECDSA: r and s as unsigned big-endian integers; Ed25519: the 64-byte
// signature in sig_r, sig_s empty (PROTOCOL.u2f "SSH U2F signatures").
struct sk_sign_response {
  uint8_t flags;
  uint32_t counter;
  uint8_t* sig_r;
  size_t sig_r_len;
  uint8_t* sig_s;
  size_t sig_s_len;
};

// One discoverable credential found on the key (`ssh-keygen -K`).
struct sk_resident_key {
  uint32_t alg;
  size_t slot;
  char* application;
  struct sk_enroll_response key;
  uint8_t flags;
  uint8_t* user_id;
  size_t user_id_len;
};

// A NULL-terminated array of these is passed to every call. Names OpenSSH
// 9.2 sends: "device" (ssh-keygen -O device=PATH) and "user" (-O user=).
// An unknown option with `required` set must make the call fail.
struct sk_option {
  char* name;
  char* value;
  uint8_t required;
};

uint32_t sk_api_version(void);

int sk_enroll(uint32_t alg, const uint8_t* challenge, size_t challenge_len,
              const char* application, uint8_t flags, const char* pin,
              struct sk_option** options,
              struct sk_enroll_response** enroll_response);

int sk_sign(uint32_t alg, const uint8_t* data, size_t data_len,
            const char* application, const uint8_t* key_handle,
            size_t key_handle_len, uint8_t flags, const char* pin,
            struct sk_option** options,
            struct sk_sign_response** sign_response);

int sk_load_resident_keys(const char* pin, struct sk_option** options,
                          struct sk_resident_key*** rks, size_t* nrks);

#pragma GCC visibility pop
#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // KEYBRIDGE_SK_SK_API_H_
