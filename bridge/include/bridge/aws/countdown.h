// Waiting for a TOTP step edge, with a countdown the user can see.
//
// Contract: WaitUntil sleeps on `clock` until `unix_time`, in steps of at
// most one second, calling countdown.Show(seconds_left) before each and
// countdown.Clear() at the end; a set `cancel` flag ends it with kCancelled.
// TerminalCountdown writes a single updating line ("\r…") to stderr when it
// is a terminal, else to /dev/tty when that opens, else nowhere — so
// credential_process output on stdout and captured stderr stay clean
// (docs/aws.md §0.9).
#ifndef BRIDGE_AWS_COUNTDOWN_H_
#define BRIDGE_AWS_COUNTDOWN_H_

#include <atomic>
#include <string>
#include <string_view>

#include "bridge/aws/clock.h"
#include "bridge/error.h"

namespace bridge::aws {

class Countdown {
 public:
  virtual ~Countdown() = default;
  virtual void Show(int seconds_left) = 0;
  virtual void Clear() = 0;
  // One line of progress for the user (same channel as the countdown).
  virtual void Say(std::string_view line) = 0;
};

class SilentCountdown : public Countdown {
 public:
  void Show(int) override {}
  void Clear() override {}
  void Say(std::string_view) override {}
};

class TerminalCountdown : public Countdown {
 public:
  explicit TerminalCountdown(std::string what);
  ~TerminalCountdown() override;
  void Show(int seconds_left) override;
  void Clear() override;
  void Say(std::string_view line) override;

 private:
  void Write(std::string_view s);
  std::string what_;
  int fd_ = -1;
  bool own_fd_ = false;
  bool shown_ = false;
};

Status WaitUntil(Clock& clock, double unix_time, Countdown& countdown,
                 const std::atomic<bool>* cancel);

}  // namespace bridge::aws

#endif  // BRIDGE_AWS_COUNTDOWN_H_
