// Ctrl-C handling for the CLI.
//
// Contract: InstallSigintHandler() makes SIGINT set CancelFlag() (system
// calls are interrupted, not restarted, so waits notice it); the CTAPHID
// channel then sends CANCEL (ctaphid/channel.h). A second SIGINT exits at
// once with status 130.
#ifndef BRIDGE_CLI_SIGNALS_H_
#define BRIDGE_CLI_SIGNALS_H_

#include <atomic>

namespace bridge::cli {

std::atomic<bool>& CancelFlag();
void InstallSigintHandler();

}  // namespace bridge::cli

#endif  // BRIDGE_CLI_SIGNALS_H_
