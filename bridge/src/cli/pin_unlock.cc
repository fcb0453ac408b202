#include "bridge/cli/pin_unlock.h"

#include <string>

#include "bridge/cli/terminal.h"
#include "bridge/oath/status_word.h"

namespace bridge::cli {

Result<PinUnlock> PinUnlock::Start(oath::OathSession& session,
                                   std::string_view prompt) {
  Result<oath::SelectInfo> info = session.Select();
  if (!info) return std::move(info).error();
  if (!info->pin_retries) {
    return MakeError(ErrorKind::kInvalidInput,
                     "the key reports no OATH PIN (none is set, or it is not a "
                     "Nitrokey 3)");
  }
  if (*info->pin_retries == 0) {
    // docs/protocol/oath.md §2.9: only RESET unblocks it.
    return MakeError(ErrorKind::kStatusWord,
                     "verify PIN: the PIN is blocked (no retries left); only a "
                     "reset of the OATH application unblocks it",
                     static_cast<uint16_t>(oath::Sw::kVerificationFailed));
  }
  Result<SecretBytes> pin = ReadSecretLine(prompt);
  if (!pin) return std::move(pin).error();
  return PinUnlock(session, std::move(pin).value(), *info->pin_retries);
}

Status PinUnlock::Verify() {
  return Counted(session_->VerifyPin(pin_), "verify PIN");
}

Status PinUnlock::Change(const SecretBytes& new_pin) {
  return Counted(session_->ChangePin(pin_, new_pin), "change PIN");
}

Status PinUnlock::Counted(Status s, std::string_view what) {
  if (s) {
    retries_ = 8;  // docs/protocol/oath.md §2.9: a match restores the counter
    return s;
  }
  Error e = std::move(s).error();
  // docs/protocol/oath.md §2.9.1: the NK3 answers a wrong PIN with a bare
  // 6300; the attempt was spent, so one less than SELECT reported is left.
  if (e.kind == ErrorKind::kStatusWord &&
      e.code == static_cast<uint16_t>(oath::Sw::kVerificationFailed)) {
    const int left = retries_ > 0 ? retries_ - 1 : 0;
    e.message = std::string(what) + ": wrong PIN, " + std::to_string(left) +
                (left == 1 ? " retry" : " retries") + " left (SW 6300)";
  }
  return e;
}

}  // namespace bridge::cli
