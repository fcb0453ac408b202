// The bridge's name for the one SecretBytes (secret/secret_bytes.h): key
// material, PINs and anything read from the user that may contain them
// (docs/architecture.md convention 5).
#ifndef BRIDGE_SECRET_H_
#define BRIDGE_SECRET_H_

#include "secret/secret_bytes.h"

namespace bridge {

using secret::SecretBytes;
using secret::WipeBytes;
using secret::WipeMemory;
using secret::WipeString;

}  // namespace bridge

#endif  // BRIDGE_SECRET_H_
