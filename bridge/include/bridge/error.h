// bridge::Error and Result<T>: every fallible bridge call returns one.
//
// Contract (docs/architecture.md convention 3): host errors (transport,
// timeout, protocol, cancelled, bad input, device selection) stay apart from
// device codes. A device code is carried in `code`: the CTAPHID error byte
// (CTAP 2.1 §11.2.9.1.6) for kCtaphid, the ISO 7816-4 status word for
// kStatusWord. `message` is one human-readable line and never contains
// secret material. Exit codes are chosen from `kind` only in main().
#ifndef BRIDGE_ERROR_H_
#define BRIDGE_ERROR_H_

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace bridge {

enum class ErrorKind {
  kInvalidInput,  // rejected client-side: bad base32, URI, name, PIN, option
  kNoDevice,      // no key selected / found / openable
  kTransport,     // host I/O failed (socket, hidraw)
  kTimeout,       // the key did not answer in time
  kProtocol,      // the key answered bytes we cannot accept
  kCancelled,     // the user interrupted (Ctrl-C)
  kCtaphid,       // the key answered CTAPHID ERROR; code = error byte
  kStatusWord,    // the key answered an ISO 7816 SW != 9000; code = SW
  kNoMatch,       // client-side: no (or no unique) account matches a query
  kAws,           // the AWS CLI or AWS refused (bridge::aws; code = CLI exit)
  kCtap2,         // the key answered CTAP2 status != 0 (CTAP 2.1 §8.2); code =
                  // status byte (bridge::fido2)
};

std::string_view ToString(ErrorKind kind);

struct Error {
  ErrorKind kind;
  uint16_t code = 0;
  std::string message;
};

inline Error MakeError(ErrorKind kind, std::string message, uint16_t code = 0) {
  return Error{kind, code, std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Error err) : v_(std::move(err)) {}  // NOLINT: implicit on purpose

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation without a value.
using Status = Result<std::monostate>;
inline Status OkStatus() { return std::monostate{}; }

}  // namespace bridge

#endif  // BRIDGE_ERROR_H_
