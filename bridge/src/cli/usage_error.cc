#include "bridge/cli/usage_error.h"

namespace bridge::cli {
namespace {

constexpr size_t kShortestRedacted = 4;
constexpr std::string_view kRedacted = "<argument>";

bool MayBeSecret(std::string_view arg) {
  return arg.size() >= kShortestRedacted && arg.front() != '-';
}

}  // namespace

std::string UsageErrorMessage(std::string_view parser_message, bool extras,
                              std::span<const char* const> args) {
  if (extras) {
    return "unexpected arguments on the command line; secrets and PINs are "
           "read from stdin or the terminal, never from the command line "
           "(see --help)";
  }
  std::string message(parser_message);
  for (const char* raw : args) {
    std::string_view arg = raw;
    if (!MayBeSecret(arg)) continue;
    for (size_t at = message.find(arg); at != std::string::npos;
         at = message.find(arg, at + kRedacted.size())) {
      message.replace(at, arg.size(), kRedacted);
    }
  }
  return message + " (see --help)";
}

}  // namespace bridge::cli
