// ControlSocket: keysim's test-control socket (docs/protocol/ctap.md
// "Decisions": test control goes through a separate socket, not a vendor
// command on the HID interface). The protocol — JSON requests and answers,
// every command — is docs/control.md; control_handler.h executes it.
//
// Contract: a datagram socket, either UDP on an IPv4 address ("HOST:PORT",
// 127.0.0.1 unless told otherwise; port 0 picks a free one) or a Unix
// datagram socket ("unix:PATH", created mode 0600, refused if PATH exists,
// removed when keysim exits). One datagram is one request; its answer goes
// back to the sender as one datagram (a Unix client must bind an address of
// its own, e.g. Linux's autobind). Requests over 64 KiB are cut and answered
// with an error. It is not a transport of the device (transport.h): the
// event loop only watches fd() and calls OnReadable().
#ifndef SIMULATOR_SRC_CONTROL_SOCKET_H_
#define SIMULATOR_SRC_CONTROL_SOCKET_H_

#include <functional>
#include <string>
#include <string_view>

namespace keysim {

class ControlSocket {
 public:
  using Handler = std::function<std::string(std::string_view request)>;

  // `where` is "HOST:PORT" or "unix:PATH". Throws std::invalid_argument for
  // a malformed address and std::runtime_error (one-line reason) if it
  // cannot bind.
  ControlSocket(const std::string& where, Handler handler);
  ~ControlSocket();
  ControlSocket(const ControlSocket&) = delete;
  ControlSocket& operator=(const ControlSocket&) = delete;

  std::string description() const;  // "udp:127.0.0.1:PORT" or "unix:PATH"
  int fd() const { return fd_; }
  // Answers every pending request.
  void OnReadable();

 private:
  void BindUdp(const std::string& where);
  void BindUnix(const std::string& path);

  int fd_ = -1;
  std::string description_;
  std::string unix_path_;  // removed by the destructor
  Handler handler_;
};

}  // namespace keysim

#endif  // SIMULATOR_SRC_CONTROL_SOCKET_H_
