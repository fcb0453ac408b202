// Process exit codes of `keybridge` (chosen only in main();
// docs/architecture.md "cli/"). Every Error kind maps to one code; OATH status
// words that users act on get their own code.
//
// Contract: ExitCodeFor is a pure function of the Error; ExitCodeHelp() is
// the table printed at the end of --help.
#ifndef BRIDGE_CLI_EXIT_CODES_H_
#define BRIDGE_CLI_EXIT_CODES_H_

#include <string>

#include "bridge/error.h"

namespace bridge::cli {

enum class ExitCode : int {
  kOk = 0,
  kFailure = 1,       // unexpected internal failure
  kUsage = 2,         // bad command line or invalid input
  kNoDevice = 3,      // no key found / selected / openable
  kTransport = 4,     // I/O error talking to the key
  kTimeout = 5,       // the key did not answer in time
  kProtocol = 6,      // the key's answer was malformed
  kNoOathApplet = 7,  // CTAPHID error (e.g. 0x70 unsupported)
  kNotFound = 8,      // no such / no matching account (6A82, 6984)
  kExists = 9,        // account already exists (6983)
  kNotAllowed = 10,   // touch timed out / not allowed (6982)
  kWrongPin = 11,     // wrong PIN (6300, 63Cx)
  kStorageFull = 12,  // no room on the key (6A84)
  kDeviceError = 13,  // any other status word from the key
  kAws = 14,          // the AWS CLI or AWS refused (bridge::aws)
  kCancelled = 130,   // Ctrl-C
};

ExitCode ExitCodeFor(const Error& error);
std::string ExitCodeHelp();

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_EXIT_CODES_H_
