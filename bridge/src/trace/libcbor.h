// Libcbor: the libcbor 0.8 functions the trace decoder calls, loaded with
// dlopen on first use (bridge/shared_library.h) instead of linked. Only
// `keybridge trace` reads CBOR, and a linked libcbor also pulled in libm
// (the linker takes its `ldexp` from there): the two libraries cost about a
// tenth of every command's start-up (docs/architecture.md "Performance").

#ifndef BRIDGE_SRC_TRACE_LIBCBOR_H_
#define BRIDGE_SRC_TRACE_LIBCBOR_H_

#include <cbor.h>

#include "bridge/shared_library.h"

namespace bridge::trace {

#define KEYBRIDGE_LIBCBOR_FUNCTIONS(X) \
  X(cbor_array_handle)                 \
  X(cbor_array_size)                   \
  X(cbor_bytestring_chunk_count)       \
  X(cbor_bytestring_chunks_handle)     \
  X(cbor_bytestring_handle)            \
  X(cbor_bytestring_is_indefinite)     \
  X(cbor_bytestring_length)            \
  X(cbor_ctrl_value)                   \
  X(cbor_decref)                       \
  X(cbor_float_ctrl_is_ctrl)           \
  X(cbor_float_get_float)              \
  X(cbor_get_int)                      \
  X(cbor_isa_bytestring)               \
  X(cbor_isa_negint)                   \
  X(cbor_isa_string)                   \
  X(cbor_isa_uint)                     \
  X(cbor_load)                         \
  X(cbor_map_handle)                   \
  X(cbor_map_size)                     \
  X(cbor_stream_decode)                \
  X(cbor_string_chunk_count)           \
  X(cbor_string_chunks_handle)         \
  X(cbor_string_handle)                \
  X(cbor_string_is_indefinite)         \
  X(cbor_string_length)                \
  X(cbor_tag_item)                     \
  X(cbor_tag_value)                    \
  X(cbor_typeof)                       \
  X(cbor_empty_callbacks)  // an object: const cbor_callbacks*

struct Libcbor {
  KEYBRIDGE_LIBCBOR_FUNCTIONS(KEYBRIDGE_API_MEMBER)
};

// The bound library. If libcbor.so.0.8 cannot be loaded (the keybridge
// package depends on libcbor0.8, so only a broken install gets here), says
// which package is missing on stderr and exits with status 1.
const Libcbor& Cbor();

}  // namespace bridge::trace

#endif  // BRIDGE_SRC_TRACE_LIBCBOR_H_
