#include "host_port.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <stdexcept>

namespace keysim {

HostPort ParseHostPort(const std::string& text, const std::string& option) {
  std::string host = "127.0.0.1";
  std::string port = text;
  if (auto colon = text.rfind(':'); colon != std::string::npos) {
    if (colon > 0) host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) > 65535) {
    throw std::invalid_argument(option + ": expected HOST:PORT, got '" + text +
                                "'");
  }
  return {host, static_cast<uint16_t>(std::stoul(port))};
}

std::optional<sockaddr_in> ResolveIpv4(const HostPort& where,
                                       std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(where.host.c_str(), nullptr, &hints, &res);
  if (rc != 0 || res == nullptr) {
    *error = ::gai_strerror(rc);
    return std::nullopt;
  }
  sockaddr_in addr = *reinterpret_cast<const sockaddr_in*>(res->ai_addr);
  ::freeaddrinfo(res);
  addr.sin_port = htons(where.port);
  return addr;
}

}  // namespace keysim
