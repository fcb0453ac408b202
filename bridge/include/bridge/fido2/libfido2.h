// Libfido2: the libfido2 1.12 functions keybridge calls, loaded with dlopen
// on first use (bridge/shared_library.h) instead of linked. libfido2 pulls
// in libcrypto, libcbor, libudev and libz, whose relocations were most of
// every keybridge command's start-up (tools/bench/bench.py
// code_end_to_end), while only the FIDO2 commands and `info` need it.

#ifndef BRIDGE_FIDO2_LIBFIDO2_H_
#define BRIDGE_FIDO2_LIBFIDO2_H_

#include <fido.h>
#include <fido/config.h>
#include <fido/credman.h>

#include "bridge/shared_library.h"

namespace bridge::fido2 {

#define KEYBRIDGE_LIBFIDO2_FUNCTIONS(X) \
  X(fido_cbor_info_aaguid_len)          \
  X(fido_cbor_info_aaguid_ptr)          \
  X(fido_cbor_info_algorithm_cose)      \
  X(fido_cbor_info_algorithm_count)     \
  X(fido_cbor_info_algorithm_type)      \
  X(fido_cbor_info_certs_len)           \
  X(fido_cbor_info_certs_name_ptr)      \
  X(fido_cbor_info_certs_value_ptr)     \
  X(fido_cbor_info_extensions_len)      \
  X(fido_cbor_info_extensions_ptr)      \
  X(fido_cbor_info_free)                \
  X(fido_cbor_info_fwversion)           \
  X(fido_cbor_info_maxcredbloblen)      \
  X(fido_cbor_info_maxcredcntlst)       \
  X(fido_cbor_info_maxcredidlen)        \
  X(fido_cbor_info_maxlargeblob)        \
  X(fido_cbor_info_maxmsgsiz)           \
  X(fido_cbor_info_maxrpid_minpinlen)   \
  X(fido_cbor_info_minpinlen)           \
  X(fido_cbor_info_new)                 \
  X(fido_cbor_info_new_pin_required)    \
  X(fido_cbor_info_options_len)         \
  X(fido_cbor_info_options_name_ptr)    \
  X(fido_cbor_info_options_value_ptr)   \
  X(fido_cbor_info_protocols_len)       \
  X(fido_cbor_info_protocols_ptr)       \
  X(fido_cbor_info_rk_remaining)        \
  X(fido_cbor_info_transports_len)      \
  X(fido_cbor_info_transports_ptr)      \
  X(fido_cbor_info_uv_attempts)         \
  X(fido_cbor_info_uv_modality)         \
  X(fido_cbor_info_versions_len)        \
  X(fido_cbor_info_versions_ptr)        \
  X(fido_cred_display_name)             \
  X(fido_cred_id_len)                   \
  X(fido_cred_id_ptr)                   \
  X(fido_cred_prot)                     \
  X(fido_cred_type)                     \
  X(fido_cred_user_id_len)              \
  X(fido_cred_user_id_ptr)              \
  X(fido_cred_user_name)                \
  X(fido_credman_del_dev_rk)            \
  X(fido_credman_get_dev_metadata)      \
  X(fido_credman_get_dev_rk)            \
  X(fido_credman_get_dev_rp)            \
  X(fido_credman_metadata_free)         \
  X(fido_credman_metadata_new)          \
  X(fido_credman_rk)                    \
  X(fido_credman_rk_count)              \
  X(fido_credman_rk_existing)           \
  X(fido_credman_rk_free)               \
  X(fido_credman_rk_new)                \
  X(fido_credman_rk_remaining)          \
  X(fido_credman_rp_count)              \
  X(fido_credman_rp_free)               \
  X(fido_credman_rp_id)                 \
  X(fido_credman_rp_id_hash_len)        \
  X(fido_credman_rp_id_hash_ptr)        \
  X(fido_credman_rp_name)               \
  X(fido_credman_rp_new)                \
  X(fido_dev_build)                     \
  X(fido_dev_cancel)                    \
  X(fido_dev_close)                     \
  X(fido_dev_flags)                     \
  X(fido_dev_force_pin_change)          \
  X(fido_dev_free)                      \
  X(fido_dev_get_cbor_info)             \
  X(fido_dev_get_retry_count)           \
  X(fido_dev_io_handle)                 \
  X(fido_dev_is_fido2)                  \
  X(fido_dev_major)                     \
  X(fido_dev_minor)                     \
  X(fido_dev_new)                       \
  X(fido_dev_open)                      \
  X(fido_dev_protocol)                  \
  X(fido_dev_reset)                     \
  X(fido_dev_set_io_functions)          \
  X(fido_dev_set_pin)                   \
  X(fido_dev_set_pin_minlen)            \
  X(fido_dev_set_pin_minlen_rpid)       \
  X(fido_dev_set_timeout)               \
  X(fido_dev_toggle_always_uv)          \
  X(fido_init)                          \
  X(fido_strerr)

struct Libfido2 {
  KEYBRIDGE_LIBFIDO2_FUNCTIONS(KEYBRIDGE_API_MEMBER)
};

// The bound library. If libfido2.so.1 cannot be loaded (the keybridge
// package depends on libfido2-1, so only a broken install gets here), says
// which package is missing on stderr and exits with status 1.
const Libfido2& Fido();

}  // namespace bridge::fido2

#endif  // BRIDGE_FIDO2_LIBFIDO2_H_
