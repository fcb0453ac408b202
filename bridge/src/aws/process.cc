#include "bridge/aws/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

extern char** environ;

namespace bridge::aws {
namespace {

int64_t MonotonicMs() {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

std::string EnvValue(const std::vector<std::string>& env,
                     std::string_view name) {
  for (const std::string& kv : env) {
    if (kv.size() > name.size() && kv.compare(0, name.size(), name) == 0 &&
        kv[name.size()] == '=') {
      return kv.substr(name.size() + 1);
    }
  }
  return "";
}

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::vector<std::string> CurrentEnvironment() {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    out.emplace_back(*e);
  }
  return out;
}

std::optional<std::string> FindProgram(const std::string& name,
                                       const std::string& path) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    return ::access(name.c_str(), X_OK) == 0 ? std::optional(name)
                                             : std::nullopt;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t colon = path.find(':', start);
    if (colon == std::string::npos) colon = path.size();
    std::string dir = path.substr(start, colon - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    struct stat st;
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = colon + 1;
  }
  return std::nullopt;
}

Result<ProcessResult> SystemProcessRunner::Run(const ProcessSpec& spec) {
  if (spec.argv.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "empty command line");
  }
  const std::string& program = spec.argv[0];
  std::optional<std::string> resolved =
      FindProgram(program, EnvValue(spec.env, "PATH"));
  if (!resolved) {
    return MakeError(
        ErrorKind::kTransport,
        "cannot run " + program + ": " +
            (program.find('/') != std::string::npos
                 ? std::string(std::strerror(
                       ::access(program.c_str(), F_OK) == 0 ? EACCES : ENOENT))
                 : std::string("not found on PATH")));
  }
  std::vector<char*> argv, envp;
  for (const std::string& a : spec.argv)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : spec.env)
    envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, exec_pipe[2] = {-1, -1};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0 ||
      ::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    int err = errno;
    for (int* p : {out_pipe, err_pipe, exec_pipe}) {
      CloseFd(p[0]);
      CloseFd(p[1]);
    }
    return MakeError(ErrorKind::kTransport,
                     std::string("pipe: ") + std::strerror(err));
  }
  int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    for (int* p : {out_pipe, err_pipe, exec_pipe}) {
      CloseFd(p[0]);
      CloseFd(p[1]);
    }
    CloseFd(devnull);
    return MakeError(ErrorKind::kTransport,
                     std::string("fork: ") + std::strerror(err));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here on.
    ::setpgid(0, 0);
    struct sigaction dfl;
    std::memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGINT, &dfl, nullptr);
    ::sigaction(SIGPIPE, &dfl, nullptr);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::execve(resolved->c_str(), argv.data(), envp.data());
    int err = errno;
    ssize_t ignored = ::write(exec_pipe[1], &err, sizeof err);
    (void)ignored;
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, to avoid the race
  CloseFd(devnull);
  CloseFd(out_pipe[1]);
  CloseFd(err_pipe[1]);
  CloseFd(exec_pipe[1]);

  int exec_errno = 0;
  ssize_t n;
  do {
    n = ::read(exec_pipe[0], &exec_errno, sizeof exec_errno);
  } while (n < 0 && errno == EINTR);
  CloseFd(exec_pipe[0]);
  if (n == static_cast<ssize_t>(sizeof exec_errno)) {
    CloseFd(out_pipe[0]);
    CloseFd(err_pipe[0]);
    int status;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return MakeError(ErrorKind::kTransport, "cannot run " + *resolved + ": " +
                                                std::strerror(exec_errno));
  }

  ProcessResult result;
  const int64_t deadline = MonotonicMs() + spec.timeout_ms;
  int64_t kill_at = -1;
  bool cancelled = false;
  int fds[2] = {out_pipe[0], err_pipe[0]};
  std::string* sinks[2] = {&result.out, &result.err};
  while (fds[0] >= 0 || fds[1] >= 0) {
    int64_t now = MonotonicMs();
    if (kill_at < 0 &&
        (now >= deadline || (spec.cancel != nullptr && spec.cancel->load()))) {
      cancelled = now < deadline;
      result.timed_out = !cancelled;
      ::kill(-pid, SIGTERM);
      kill_at = now + 2000;
    } else if (kill_at >= 0 && now >= kill_at) {
      ::kill(-pid, SIGKILL);
      kill_at = INT64_MAX;
    }
    struct pollfd pfd[2];
    int count = 0;
    int index[2];
    for (int i = 0; i < 2; ++i) {
      if (fds[i] >= 0) {
        pfd[count] = {fds[i], POLLIN, 0};
        index[count++] = i;
      }
    }
    int r = ::poll(pfd, count, 100);
    if (r < 0 && errno != EINTR) break;
    for (int k = 0; k < count && r > 0; ++k) {
      if ((pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buf[16384];
      ssize_t got = ::read(fds[index[k]], buf, sizeof buf);
      if (got > 0) {
        std::string& sink = *sinks[index[k]];
        size_t room = kMaxCapture - std::min(kMaxCapture, sink.size());
        sink.append(buf, std::min(room, static_cast<size_t>(got)));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        CloseFd(fds[index[k]]);
      }
    }
  }
  int status = 0;
  for (;;) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    int64_t now = MonotonicMs();
    if (kill_at < 0 && now >= deadline) {
      result.timed_out = true;
      ::kill(-pid, SIGTERM);
      kill_at = now + 2000;
    } else if (kill_at >= 0 && kill_at != INT64_MAX && now >= kill_at) {
      ::kill(-pid, SIGKILL);
      kill_at = INT64_MAX;
    }
    struct timespec ts = {0, 20 * 1000 * 1000};
    ::nanosleep(&ts, nullptr);
  }
  if (WIFEXITED(status)) {
    result.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_status = 128 + WTERMSIG(status);
  }
  if (cancelled) {
    return MakeError(ErrorKind::kCancelled, "interrupted");
  }
  return result;
}

Status SpawnDetached(const std::vector<std::string>& argv) {
  std::vector<std::string> copy = argv;
  std::vector<char*> args;
  for (std::string& a : copy) args.push_back(a.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null",
                                   O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null",
                                   O_WRONLY, 0);
  pid_t pid = 0;
  int rc =
      ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return MakeError(ErrorKind::kInvalidInput,
                     "cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  return OkStatus();
}

}  // namespace bridge::aws
