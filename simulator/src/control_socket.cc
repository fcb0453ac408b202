#include "control_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>
#include <stdexcept>

namespace keysim {
namespace {

const std::map<std::string, PresencePolicy>& Policies() {
  static const std::map<std::string, PresencePolicy> kPolicies{
      {"auto", PresencePolicy::kAuto},
      {"deny", PresencePolicy::kDeny},
      {"timeout", PresencePolicy::kTimeout},
      {"manual", PresencePolicy::kManual}};
  return kPolicies;
}

}  // namespace

ControlSocket::ControlSocket(const std::string& host, uint16_t port,
                             HostPlatform& platform, hsm::Device& device)
    : host_(host), platform_(platform), device_(device) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    throw std::runtime_error("--control: not an IPv4 address: " + host);
  }
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  socklen_t len = sizeof addr;
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len)) {
    std::string reason = std::strerror(errno);
    if (fd_ >= 0) close(fd_);
    throw std::runtime_error("cannot bind control socket " + host + ":" +
                             std::to_string(port) + ": " + reason);
  }
  port_ = ntohs(addr.sin_port);
}

ControlSocket::~ControlSocket() {
  if (fd_ >= 0) close(fd_);
}

std::string ControlSocket::description() const {
  return "udp:" + host_ + ":" + std::to_string(port_);
}

void ControlSocket::OnReadable() {
  for (;;) {
    char buf[256];
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(fd_, buf, sizeof buf, 0,
                         reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) return;  // EAGAIN: drained
    std::string command(buf, static_cast<size_t>(n));
    while (!command.empty() &&
           (command.back() == '\n' || command.back() == '\r')) {
      command.pop_back();
    }
    std::string reply = Execute(command);
    sendto(fd_, reply.data(), reply.size(), 0,
           reinterpret_cast<sockaddr*>(&from), from_len);
  }
}

std::string ControlSocket::Execute(const std::string& command) {
  std::istringstream words(command);
  std::string verb, arg, extra;
  words >> verb >> arg >> extra;
  if (!extra.empty()) return "error too many arguments";
  if (verb == "presence") {
    auto it = Policies().find(arg);
    if (it == Policies().end()) {
      return "error presence takes auto, deny, timeout or manual";
    }
    platform_.set_presence_policy(it->second);
    return "ok";
  }
  if (!arg.empty()) return "error " + verb + " takes no argument";
  if (verb == "touch") {
    platform_.Touch();
    return "ok";
  }
  if (verb == "power-cycle") {
    device_.PowerCycle();
    return "ok";
  }
  if (verb == "status") {
    for (const auto& [name, policy] : Policies()) {
      if (policy == platform_.presence_policy()) return "ok presence=" + name;
    }
  }
  return "error unknown command (presence, touch, power-cycle, status)";
}

}  // namespace keysim
