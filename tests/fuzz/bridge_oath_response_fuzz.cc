// libFuzzer: OATH response parsing (LIST, CALCULATE, SELECT, TLVs in both
// length encodings, SW-first/SW-last envelopes; docs/protocol/oath.md
// §2.1–§2.7).
#include <cstdint>
#include <cstdlib>
#include <span>

#include "bridge/oath/code.h"
#include "bridge/oath/commands.h"
#include "bridge/oath/envelope.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using bridge::oath::TlvLength;
  const uint8_t mode = data[0];
  std::span<const uint8_t> body(data + 1, size - 1);
  const TlvLength enc = (mode & 1) ? TlvLength::kBer : TlvLength::kSimple;
  auto first = bridge::oath::SplitSwFirst(body);
  auto last = bridge::oath::SplitSwLast(body);
  if (first.ok() != last.ok()) std::abort();
  auto list = bridge::oath::ParseListResponse(body, enc, (mode & 2) != 0);
  if (list.ok()) {
    for (const auto& e : *list) {
      if (e.name.empty()) std::abort();
    }
  }
  auto calc = bridge::oath::ParseCalculateResponse(body, enc);
  if (calc.ok()) {
    std::string code = bridge::oath::FormatCode(calc->value, calc->digits);
    if (code.size() != calc->digits) std::abort();
  }
  (void)bridge::oath::ParseSelectResponse(body, enc);
  return 0;
}
