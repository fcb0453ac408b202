#include "control_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "host_port.h"

namespace keysim {
namespace {

constexpr size_t kMaxRequestBytes = 64 * 1024;
constexpr std::string_view kUnixPrefix = "unix:";

std::runtime_error BindError(const std::string& where) {
  return std::runtime_error("cannot bind control socket " + where + ": " +
                            std::strerror(errno));
}

}  // namespace

ControlSocket::ControlSocket(const std::string& where, Handler handler)
    : handler_(std::move(handler)) {
  if (where.starts_with(kUnixPrefix)) {
    BindUnix(where.substr(kUnixPrefix.size()));
  } else {
    BindUdp(where);
  }
}

void ControlSocket::BindUdp(const std::string& where) {
  HostPort hp = ParseHostPort(where, "--control");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(hp.port);
  if (inet_pton(AF_INET, hp.host.c_str(), &addr.sin_addr) != 1) {
    throw std::invalid_argument(
        "--control: not an IPv4 address or unix:PATH: " + hp.host);
  }
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  socklen_t len = sizeof addr;
  if (fd_ < 0 ||
      ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    auto error = BindError(where);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    throw error;
  }
  char ip[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof ip);
  description_ =
      std::string("udp:") + ip + ":" + std::to_string(ntohs(addr.sin_port));
}

void ControlSocket::BindUnix(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path) {
    throw std::invalid_argument("--control: unix:PATH needs a path of 1.." +
                                std::to_string(sizeof addr.sun_path - 1) +
                                " bytes");
  }
  std::memcpy(addr.sun_path, path.data(), path.size());
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) throw BindError("unix:" + path);
  // 0600 from the start: no window in which others could connect.
  const mode_t old_mask = ::umask(0177);
  const int bound =
      ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  const int saved = errno;
  ::umask(old_mask);
  errno = saved;
  if (bound != 0 || ::chmod(path.c_str(), 0600) != 0) {
    auto error = BindError("unix:" + path);
    if (bound == 0) ::unlink(path.c_str());
    ::close(fd_);
    fd_ = -1;
    throw error;
  }
  unix_path_ = path;
  description_ = "unix:" + path;
}

ControlSocket::~ControlSocket() {
  if (fd_ >= 0) ::close(fd_);
  if (!unix_path_.empty()) ::unlink(unix_path_.c_str());
}

std::string ControlSocket::description() const { return description_; }

void ControlSocket::OnReadable() {
  std::vector<char> buf(kMaxRequestBytes + 1);
  for (;;) {
    sockaddr_storage from{};
    socklen_t from_len = sizeof from;
    ssize_t n = ::recvfrom(fd_, buf.data(), buf.size(), MSG_TRUNC,
                           reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // EAGAIN: drained
    }
    std::string reply =
        static_cast<size_t>(n) > kMaxRequestBytes
            ? std::string(
                  R"({"ok":false,"error":"request larger than 64 KiB"})")
            : handler_(std::string_view(buf.data(), static_cast<size_t>(n)));
    reply.push_back('\n');
    // A sender without an address (an unbound Unix socket) cannot be
    // answered; the request was still carried out.
    if (from_len > sizeof(sa_family_t)) {
      ::sendto(fd_, reply.data(), reply.size(), 0,
               reinterpret_cast<sockaddr*>(&from), from_len);
    }
  }
}

}  // namespace keysim
