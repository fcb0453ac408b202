// Terminal input/output for secrets, confirmations and touch prompts.
//
// Contract:
//  - ReadSecretLine reads one line (without the newline) from stdin into a
//    SecretBytes. When stdin is a terminal it first writes `prompt` to the
//    terminal and turns echo off while reading (restored afterwards, also
//    on Ctrl-C). Secrets are never taken from argv. EOF before any byte is
//    kInvalidInput; Ctrl-C is kCancelled. Lines are capped at 4096 bytes.
//  - Notify tells the user something they must act on (a touch): on stderr
//    if it is a tty. Otherwise (credential_process: the AWS CLI swallows
//    stderr) on /dev/tty if it opens, and also as a desktop notification
//    (`notify-send`, not waited for) when $DISPLAY or $WAYLAND_DISPLAY is
//    set and notify-send is on $PATH; else nowhere (scripts stay quiet).
//  - ReadNewPin reads a new PIN with ReadSecretLine(prompt), runs `check`
//    (if any) on it, and on a terminal asks again ("Repeat new PIN: ");
//    differing entries are kInvalidInput.
//  - ReadNewSecret is ReadNewPin with its own repeat prompt and noun
//    ("the <plural> do not match").
//  - Confirm asks a yes/no question on a terminal stdin; without one it
//    returns false.
//  - ConfirmReset passes when `force`; otherwise a stdin that is not a
//    terminal is kInvalidInput ("reset deletes <what>; pass --force …") and
//    a "no" to `question` is kCancelled.
#ifndef BRIDGE_CLI_TERMINAL_H_
#define BRIDGE_CLI_TERMINAL_H_

#include <functional>
#include <string_view>

#include "bridge/error.h"
#include "bridge/secret.h"

namespace bridge::cli {

inline constexpr size_t kMaxLineBytes = 4096;

bool StdinIsTerminal();
Result<SecretBytes> ReadSecretLine(std::string_view prompt);
Result<SecretBytes> ReadNewPin(
    std::string_view prompt,
    const std::function<Status(const SecretBytes&)>& check = nullptr);
Result<SecretBytes> ReadNewSecret(
    std::string_view prompt, std::string_view repeat_prompt,
    std::string_view plural,
    const std::function<Status(const SecretBytes&)>& check = nullptr);
void Notify(std::string_view line);
bool Confirm(std::string_view question);
Status ConfirmReset(bool force, std::string_view what,
                    std::string_view question);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_TERMINAL_H_
