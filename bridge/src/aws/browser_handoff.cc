#include "bridge/aws/browser_handoff.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "bridge/aws/process.h"
#include "bridge/secret.h"

namespace bridge::aws {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string Opener(const EnvLookup& env) {
  auto b = env("KEYBRIDGE_BROWSER");
  return b && !b->empty() ? *b : "xdg-open";
}

bool OnPath(const std::string& program, const EnvLookup& env) {
  return FindProgram(program, env("PATH").value_or("/usr/bin:/bin"))
      .has_value();
}

Result<std::string> RandomPath() {
  uint8_t bytes[16];
  if (::getrandom(bytes, sizeof bytes, 0) != sizeof bytes) {
    return MakeError(ErrorKind::kTransport, "getrandom failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "/";
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

void SendAll(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

// Reads the request line (up to 4 KiB or 5 s).
std::string RequestLine(int fd) {
  std::string got;
  char buf[512];
  while (got.find("\r\n") == std::string::npos && got.size() < 4096) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  return got.substr(0, got.find("\r\n"));
}

}  // namespace

bool BrowserAvailable(const EnvLookup& env) {
  auto set = [&](const char* name) {
    auto v = env(name);
    return v && !v->empty();
  };
  if (set("KEYBRIDGE_BROWSER")) return OnPath(Opener(env), env);
  return (set("DISPLAY") || set("WAYLAND_DISPLAY")) && OnPath("xdg-open", env);
}

Status OpenInBrowser(const std::string& url, const EnvLookup& env,
                     int timeout_ms, const std::atomic<bool>* cancel) {
  Fd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.get() < 0) {
    return MakeError(ErrorKind::kTransport,
                     std::string("socket: ") + std::strerror(errno));
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listener.get(), 4) != 0 ||
      ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len) !=
          0) {
    return MakeError(
        ErrorKind::kTransport,
        std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno));
  }
  auto path = RandomPath();
  if (!path.ok()) return std::move(path).error();
  std::string local =
      "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + *path;
  if (Status s = SpawnDetached({Opener(env), local}); !s.ok()) return s;
  const std::string request_prefix = "GET " + *path + " ";
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    if (cancel != nullptr && cancel->load()) {
      return MakeError(ErrorKind::kCancelled, "cancelled");
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      return MakeError(ErrorKind::kTimeout,
                       "the browser did not open the sign-in page within " +
                           std::to_string(timeout_ms / 1000) +
                           " s; try --stdout");
    }
    pollfd p{listener.get(), POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 250)));
    if (ready <= 0) continue;
    Fd conn(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (conn.get() < 0) continue;
    std::string line = RequestLine(conn.get());
    if (line.rfind(request_prefix, 0) != 0) {
      SendAll(conn.get(),
              "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
              "Connection: close\r\n\r\n");
      continue;
    }
    std::string answer = "HTTP/1.1 302 Found\r\nLocation: " + url +
                         "\r\nCache-Control: no-store\r\nContent-Length: 0\r\n"
                         "Connection: close\r\n\r\n";
    SendAll(conn.get(), answer);
    WipeString(answer);
    return OkStatus();
  }
}

}  // namespace bridge::aws
