#include "libcbor.h"

#include <cstdio>
#include <cstdlib>

#include "bridge/shared_library.h"

namespace bridge::trace {

const Libcbor& Cbor() {
  const Libcbor* cbor =
      LoadApi<Libcbor>("libcbor.so.0.8", [](SharedLibrary& lib, Libcbor& api) {
#define KEYBRIDGE_LIBCBOR_BIND(name) lib.Bind(api.name, #name);
        KEYBRIDGE_LIBCBOR_FUNCTIONS(KEYBRIDGE_LIBCBOR_BIND)
#undef KEYBRIDGE_LIBCBOR_BIND
      });
  if (cbor == nullptr) {
    std::fputs(
        "keybridge: decoding CTAP2 needs libcbor0.8 "
        "(apt-get install libcbor0.8)\n",
        stderr);
    std::exit(1);
  }
  return *cbor;
}

}  // namespace bridge::trace
