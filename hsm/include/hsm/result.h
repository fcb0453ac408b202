// Result<T, E>: a value or an error code, for code built without exceptions.
//
// Contract: E is an enum class whose values are the spec's codes (CTAPHID
// error, ISO 7816 status word, CTAP status, storage status). Accessing value()
// on an error, or error() on a value, is a programming error (asserted).
#ifndef HSM_RESULT_H_
#define HSM_RESULT_H_

#include <cassert>
#include <optional>
#include <utility>

namespace hsm {

template <typename E>
struct Err {
  E code;
};

template <typename E>
Err<E> MakeErr(E code) {
  return Err<E>{code};
}

template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Err<E> err) : error_(err.code) {}       // NOLINT: implicit on purpose

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  E error() const {
    assert(!ok());
    return error_;
  }

 private:
  std::optional<T> value_;
  E error_{};
};

// Result of an operation with no value.
template <typename E>
class [[nodiscard]] Status {
 public:
  Status() = default;                          // success
  Status(Err<E> err) : error_(err.code) {}     // NOLINT: implicit on purpose
  static Status Ok() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  E error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::optional<E> error_;
};

}  // namespace hsm

#endif  // HSM_RESULT_H_
