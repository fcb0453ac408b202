// CBOR items as text for `keybridge trace`, in RFC 8949 §8 diagnostic
// notation (`h'00ff'`, `"text"`, `[…]`, `{key: value}`), with the integer
// keys of the top-level map named after the CTAP message they belong to.
//
// Contract: the bytes are decoded with libcbor (docs/architecture.md
// convention 11; this only prints what libcbor decoded). CborToText never
// crashes on any input. Nesting deeper than kMaxTextDepth, or a count past
// the end of the bytes, is refused before libcbor allocates for it:
// `<CBOR too deep or with counts past its end>`; undecodable bytes give
// `<bad CBOR at byte N>`; both are followed by the hex with `show_secrets`,
// else by `<secret N bytes>` (they may hold secret parameters). Bytes after
// the first item give `<N trailing bytes>`. A top-level member marked secret
// prints as `<secret N bytes>` (N its byte or text string length) unless
// `show_secrets`.
#ifndef BRIDGE_TRACE_CBOR_TEXT_H_
#define BRIDGE_TRACE_CBOR_TEXT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace bridge::trace {

inline constexpr int kMaxTextDepth = 16;

// One integer key of a CTAP2 parameter or response map (CTAP 2.1 §6).
struct Member {
  int64_t key;
  std::string_view name;
  bool secret = false;
  // Names an unsigned value (e.g. a clientPIN subCommand); "" if unknown.
  std::string_view (*value_name)(uint64_t) = nullptr;
};

std::string CborToText(std::span<const uint8_t> data,
                       std::span<const Member> members, bool show_secrets);

// Lower-case hex of the bytes.
std::string Hex(std::span<const uint8_t> bytes);
// `<secret N bytes>`.
std::string SecretText(size_t n);

}  // namespace bridge::trace

#endif  // BRIDGE_TRACE_CBOR_TEXT_H_
