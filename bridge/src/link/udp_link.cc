#include "bridge/link/udp_link.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace bridge::link {
namespace {

Error IoError(const std::string& what) {
  return MakeError(ErrorKind::kTransport, what + ": " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<UdpLink>> UdpLink::Connect(const std::string& host,
                                                  uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
  if (rc != 0) {
    return MakeError(ErrorKind::kNoDevice,
                     "cannot resolve '" + host + "': " + gai_strerror(rc));
  }
  std::string last_error = "no address";
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    int fd =
        socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
      freeaddrinfo(res);
      return std::unique_ptr<UdpLink>(new UdpLink(fd));
    }
    last_error = std::strerror(errno);
    close(fd);
  }
  freeaddrinfo(res);
  return MakeError(ErrorKind::kNoDevice, "cannot connect to udp:" + host + ":" +
                                             service + ": " + last_error);
}

UdpLink::~UdpLink() { close(fd_); }

Status UdpLink::Write(std::span<const uint8_t, kReportSize> report) {
  for (;;) {
    ssize_t n = send(fd_, report.data(), report.size(), 0);
    if (n == static_cast<ssize_t>(report.size())) return OkStatus();
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("udp send");
    return MakeError(ErrorKind::kTransport, "udp send: short write");
  }
}

Result<std::optional<Report>> UdpLink::Read(int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - Clock::now())
                    .count();
    if (left < 0) left = 0;
    pollfd pfd{fd_, POLLIN, 0};
    int rc = poll(&pfd, 1, static_cast<int>(left));
    if (rc < 0) {
      // A signal (Ctrl-C) interrupts the wait: report a timeout slice so the
      // caller can look at its cancel flag.
      if (errno == EINTR) return std::optional<Report>();
      return IoError("udp poll");
    }
    if (rc == 0) return std::optional<Report>();
    uint8_t buf[kReportSize + 1];
    ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    if (n < 0) {
      if (errno == EINTR) return std::optional<Report>();
      if (errno == ECONNREFUSED) {
        return MakeError(ErrorKind::kTransport,
                         "udp: nothing is listening at the device address "
                         "(is keysim running?)");
      }
      return IoError("udp recv");
    }
    if (n != static_cast<ssize_t>(kReportSize)) continue;  // not a report
    Report report;
    std::memcpy(report.data(), buf, kReportSize);
    return std::optional<Report>(report);
  }
}

}  // namespace bridge::link
