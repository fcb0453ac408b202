// Running a child process with an explicit argv and environment, no shell
// (used for the AWS CLI).
//
// Contract: RunProcess forks and execve()s argv[0] (a name without '/' is
// looked up in the PATH of `env`, like execvpe), in its own process group,
// with stdin from /dev/null and stdout/stderr captured (each capped at
// kMaxCapture bytes; the rest is read and dropped). After `timeout_ms` the
// group gets SIGTERM, then SIGKILL 2 s later, and the result says
// timed_out. A program that cannot be run is kTransport with "cannot run
// PROGRAM: reason" (the child reports the execve errno through a CLOEXEC
// pipe). A Ctrl-C flag, when given, ends the wait like a timeout and yields
// kCancelled. Nothing is logged; argv and env stay in memory only.
#ifndef BRIDGE_AWS_PROCESS_H_
#define BRIDGE_AWS_PROCESS_H_

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "bridge/error.h"

namespace bridge::aws {

inline constexpr size_t kMaxCapture = 4 << 20;

struct ProcessSpec {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // NAME=value
  int timeout_ms = 120000;
  const std::atomic<bool>* cancel = nullptr;
};

struct ProcessResult {
  int exit_status = -1;  // 128+N when killed by signal N
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs processes; an interface so flows can be tested with a fake.
class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  virtual Result<ProcessResult> Run(const ProcessSpec& spec) = 0;
};

class SystemProcessRunner : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const ProcessSpec& spec) override;
};

// Finds `name` in `path` (a PATH value) like execvp; returns `name` itself
// if it has a '/'. nullopt if not found or not executable.
std::optional<std::string> FindProgram(const std::string& name,
                                       const std::string& path);

// Starts argv (looked up in $PATH) in the current environment with stdin,
// stdout and stderr on /dev/null, and does not wait for it: for programs
// that may outlive the request (a browser opener, notify-send). A program
// that cannot be started is kInvalidInput naming it.
Status SpawnDetached(const std::vector<std::string>& argv);

// The current process environment as NAME=value strings.
std::vector<std::string> CurrentEnvironment();

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_PROCESS_H_
