// Terminal input/output for secrets, confirmations and touch prompts.
//
// Contract:
//  - ReadSecretLine reads one line (without the newline) from stdin into a
//    SecretBytes. When stdin is a terminal it first writes `prompt` to the
//    terminal and turns echo off while reading (restored afterwards, also
//    on Ctrl-C). Secrets are never taken from argv. EOF before any byte is
//    kInvalidInput; Ctrl-C is kCancelled. Lines are capped at 4096 bytes.
//  - Notify writes a line to the user's terminal: stderr if it is a tty,
//    else /dev/tty if it can be opened, else nowhere (scripts stay quiet).
//  - Confirm asks a yes/no question on a terminal stdin; without one it
//    returns false.
#ifndef BRIDGE_CLI_TERMINAL_H_
#define BRIDGE_CLI_TERMINAL_H_

#include <string_view>

#include "bridge/error.h"
#include "bridge/secret.h"

namespace bridge::cli {

inline constexpr size_t kMaxLineBytes = 4096;

bool StdinIsTerminal();
Result<SecretBytes> ReadSecretLine(std::string_view prompt);
void Notify(std::string_view line);
bool Confirm(std::string_view question);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_TERMINAL_H_
