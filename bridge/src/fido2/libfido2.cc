#include "bridge/fido2/libfido2.h"

#include <cstdio>
#include <cstdlib>

#include "bridge/shared_library.h"

namespace bridge::fido2 {
namespace {

// The bound library, or nullptr if libfido2.so.1 is missing or incomplete.
const Libfido2* LoadLibfido2() {
  return LoadApi<Libfido2>(
      "libfido2.so.1", [](SharedLibrary& lib, Libfido2& api) {
#define KEYBRIDGE_LIBFIDO2_BIND(name) lib.Bind(api.name, #name);
        KEYBRIDGE_LIBFIDO2_FUNCTIONS(KEYBRIDGE_LIBFIDO2_BIND)
#undef KEYBRIDGE_LIBFIDO2_BIND
      });
}

}  // namespace

const Libfido2& Fido() {
  const Libfido2* fido = LoadLibfido2();
  if (fido == nullptr) {
    std::fputs(
        "keybridge: FIDO2 needs libfido2-1 (apt-get install libfido2-1)\n",
        stderr);
    std::exit(1);
  }
  return *fido;
}

}  // namespace bridge::fido2
