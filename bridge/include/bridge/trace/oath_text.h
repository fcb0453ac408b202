// OATH APDUs as text for `keybridge trace` (ISO/IEC 7816-4 §5.1 command and
// response APDUs; docs/protocol/oath.md §2.3 Nitrokey 3 instructions, §2.4
// tags, §2.8 status words, §3 YKOATH).
//
// Contract: DescribeOathCommand names the instruction (bridge/oath
// InsName: SELECT, PUT, LIST, CALCULATE, CALCULATE ALL, SEND REMAINING,
// VALIDATE, SET CODE, RESET, DELETE, RENAME, NK3 VERIFY PIN, …) and shows its
// TLVs by tag name. Secret values — the key of PUT and SET CODE (tag 73,
// after its type and digits bytes), PINs (tags 80, 81), PWS passwords (tag
// 84) — print as `<secret N bytes>` unless `show_secrets`; data that cannot
// be parsed as TLVs in a command that may carry secrets is masked whole.
// DescribeOathResponse shows the status word with its ISO 7816-4 name
// (wire/iso7816_status.h) and, when the command is known and the SW is not
// 9000, what it means for that command (bridge/oath/status_word.h), then
// the response TLVs. Neither crashes on any input.
#ifndef BRIDGE_TRACE_OATH_TEXT_H_
#define BRIDGE_TRACE_OATH_TEXT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace bridge::trace {

// The INS and P1 of a command, for the response that answers it.
struct OathCommandId {
  uint8_t ins = 0;
  uint8_t p1 = 0;
};

// `id` is set when the bytes are an APDU (at least CLA INS P1 P2).
std::string DescribeOathCommand(std::span<const uint8_t> apdu,
                                bool show_secrets,
                                std::optional<OathCommandId>* id = nullptr);
std::string DescribeOathResponse(std::optional<OathCommandId> command,
                                 uint16_t sw, std::span<const uint8_t> data);

}  // namespace bridge::trace

#endif  // BRIDGE_TRACE_OATH_TEXT_H_
