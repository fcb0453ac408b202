// What the ISO 7816-4 status words answered by OATH applets
// (docs/protocol/oath.md §2.8, §3) mean to a bridge user.
//
// Contract: StatusWordError turns any SW other than 9000 into a kStatusWord
// Error whose code is the SW and whose message says in plain words what
// went wrong (e.g. 6A82 "no such account"; 6983 "already exists" after PUT,
// "PIN blocked" after VERIFY PIN).
#ifndef BRIDGE_OATH_STATUS_WORD_H_
#define BRIDGE_OATH_STATUS_WORD_H_

#include <cstdint>
#include <string_view>

#include "bridge/error.h"
#include "wire/iso7816_status.h"

namespace bridge::oath {

// The status words and their ISO 7816-4 names: wire/iso7816_status.h.
using wire::iso7816::kSwSuccess;
using wire::iso7816::Sw;

// True for 6A82 and 6984, the two "not found" spellings.
bool IsNotFound(uint16_t sw);

// `ins` is the command's INS: a status word can mean different things for
// different commands (6983: PIN blocked for VERIFY/CHANGE/SET PIN, name taken
// for PUT and RENAME).
std::string_view Describe(uint16_t sw, uint8_t ins);

// `what` names the operation, e.g. "delete 'Example:alice'".
Error StatusWordError(uint16_t sw, uint8_t ins, std::string_view what);

}  // namespace bridge::oath

#endif  // BRIDGE_OATH_STATUS_WORD_H_
