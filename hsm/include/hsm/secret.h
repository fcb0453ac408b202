// hsm's name for the one SecretBytes (secret/secret_bytes.h): key material
// that is never copied implicitly, wiped when released and compared in
// constant time (docs/architecture.md convention 5).
#ifndef HSM_SECRET_H_
#define HSM_SECRET_H_

#include "secret/secret_bytes.h"

namespace hsm {

using secret::SecretBytes;

}  // namespace hsm

#endif  // HSM_SECRET_H_
