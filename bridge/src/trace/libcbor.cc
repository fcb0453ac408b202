#include "libcbor.h"

namespace bridge::trace {

const Libcbor& Cbor() {
  return RequireApi<Libcbor>("libcbor.so.0.8", "decoding CTAP2 needs",
                             "libcbor0.8",
                             [](SharedLibrary& lib, Libcbor& api) {
                               KEYBRIDGE_LIBCBOR_FUNCTIONS(KEYBRIDGE_API_BIND)
                             });
}

}  // namespace bridge::trace
