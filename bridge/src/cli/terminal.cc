#include "bridge/cli/terminal.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "bridge/aws/process.h"
#include "bridge/cli/signals.h"

namespace bridge::cli {
namespace {

void WriteAll(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    s.remove_prefix(static_cast<size_t>(n));
  }
}

// Reads up to the newline, byte by byte, so that several secrets can be
// piped on successive lines and nothing is buffered beyond the line.
Result<SecretBytes> ReadLine() {
  SecretBytes line;
  line.Reserve(kMaxLineBytes);
  bool got_any = false;
  for (;;) {
    if (CancelFlag().load()) {
      return MakeError(ErrorKind::kCancelled, "cancelled");
    }
    uint8_t c;
    ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n < 0) {
      if (errno == EINTR) continue;  // the loop re-checks the cancel flag
      return MakeError(ErrorKind::kTransport, "cannot read stdin");
    }
    if (n == 0) break;
    got_any = true;
    if (c == '\n') break;
    if (line.size() >= kMaxLineBytes) {
      return MakeError(ErrorKind::kInvalidInput, "input line too long");
    }
    line.Append(c);
  }
  if (!got_any) {
    return MakeError(ErrorKind::kInvalidInput,
                     "no input on stdin (secrets and PINs are read from "
                     "stdin, never from the command line)");
  }
  if (!line.empty() && line.view().back() == '\r') {
    SecretBytes trimmed(line.view().first(line.size() - 1));
    return trimmed;
  }
  return line;
}

// A desktop notification through notify-send (libnotify-bin), when a
// graphical session is there. Not waited for: the key waits for the touch.
void NotifyDesktop(std::string_view line) {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((x11 == nullptr || *x11 == 0) && (wayland == nullptr || *wayland == 0)) {
    return;
  }
  (void)aws::SpawnDetached(
      {"notify-send", "--app-name=keybridge", "keybridge", std::string(line)});
}

}  // namespace

bool StdinIsTerminal() { return isatty(STDIN_FILENO) == 1; }

Result<SecretBytes> ReadSecretLine(std::string_view prompt) {
  if (!StdinIsTerminal()) return ReadLine();
  termios old_attrs{};
  bool restore = tcgetattr(STDIN_FILENO, &old_attrs) == 0;
  if (restore) {
    termios quiet = old_attrs;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  WriteAll(STDERR_FILENO, prompt);
  Result<SecretBytes> line = ReadLine();
  if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old_attrs);
  if (!line && line.error().kind == ErrorKind::kCancelled) {
    WriteAll(STDERR_FILENO, "\n");
  }
  return line;
}

Result<SecretBytes> ReadNewSecret(
    std::string_view prompt, std::string_view repeat_prompt,
    std::string_view plural,
    const std::function<Status(const SecretBytes&)>& check) {
  Result<SecretBytes> secret = ReadSecretLine(prompt);
  if (!secret) return secret;
  if (check) {
    if (Status s = check(*secret); !s) return std::move(s).error();
  }
  if (StdinIsTerminal()) {
    Result<SecretBytes> again = ReadSecretLine(repeat_prompt);
    if (!again) return again;
    if (!secret->Equals(again->view())) {
      return MakeError(ErrorKind::kInvalidInput,
                       "the " + std::string(plural) + " do not match");
    }
  }
  return secret;
}

Result<SecretBytes> ReadNewPin(
    std::string_view prompt,
    const std::function<Status(const SecretBytes&)>& check) {
  return ReadNewSecret(prompt, "Repeat new PIN: ", "PINs", check);
}

void Notify(std::string_view line) {
  std::string text(line);
  text.push_back('\n');
  if (isatty(STDERR_FILENO) == 1) {
    WriteAll(STDERR_FILENO, text);
    return;
  }
  int fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd >= 0) {
    WriteAll(fd, text);
    close(fd);
  }
  NotifyDesktop(line);
}

bool Confirm(std::string_view question) {
  if (!StdinIsTerminal()) return false;
  WriteAll(STDERR_FILENO, std::string(question) + " [y/N]: ");
  std::string answer;
  for (;;) {
    char c;
    ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR && !CancelFlag().load()) continue;
    if (n <= 0 || c == '\n') break;
    answer.push_back(c);
  }
  return answer == "y" || answer == "Y" || answer == "yes";
}

Status ConfirmReset(bool force, std::string_view what,
                    std::string_view question) {
  if (force) return OkStatus();
  if (!StdinIsTerminal()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "reset deletes " + std::string(what) +
                         "; pass --force when stdin is not a terminal");
  }
  if (!Confirm(question)) {
    return MakeError(ErrorKind::kCancelled, "reset not confirmed");
  }
  return OkStatus();
}

}  // namespace bridge::cli
