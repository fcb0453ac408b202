// The one-line message for a command line keybridge cannot parse.
//
// Contract: UsageErrorMessage() never repeats a word of the command line
// that may be a secret (docs/architecture.md "Boundaries": secrets never
// appear in argv, logs or error messages — not even when a user types one
// where it does not belong). Every argument that is not an option name
// (`-x`, `--name`) and is at least 4 characters long is replaced in the
// parser's message by "<argument>". Unexpected extra arguments — where a
// secret typed on the command line ends up — get a message that says where
// secrets go instead of listing them.
#ifndef BRIDGE_CLI_USAGE_ERROR_H_
#define BRIDGE_CLI_USAGE_ERROR_H_

#include <span>
#include <string>
#include <string_view>

namespace bridge::cli {

// `parser_message` is the parser's own text; `extras` whether the error is
// "arguments were not expected"; `args` the command line without argv[0].
std::string UsageErrorMessage(std::string_view parser_message, bool extras,
                              std::span<const char* const> args);

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_USAGE_ERROR_H_
