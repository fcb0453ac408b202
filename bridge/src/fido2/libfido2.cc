#include "bridge/fido2/libfido2.h"

#include "bridge/shared_library.h"

namespace bridge::fido2 {

const Libfido2& Fido() {
  return RequireApi<Libfido2>("libfido2.so.1", "FIDO2 needs", "libfido2-1",
                              [](SharedLibrary& lib, Libfido2& api) {
                                KEYBRIDGE_LIBFIDO2_FUNCTIONS(KEYBRIDGE_API_BIND)
                              });
}

}  // namespace bridge::fido2
