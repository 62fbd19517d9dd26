// Errors as values for the content layer: Status (ok or a message a person can act on) and
// Result<T> (a value or a Status). Layer: tramtin_content (std only).
//
// SQLite failures keep SQLite's own message and its extended result code in `code`, so a log line
// or the staff screen can say "database is locked (5)" rather than "write failed". Nothing here
// throws; a Result is checked with `if (!r)` and read with `*r` / `r->`.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace tramtin {

struct Status {
  int code = 0;                                      // 0 = ok; SQLite: the extended result code; else -1
  std::string message;                               // empty when ok

  static Status ok_status() { return {}; }
  static Status error(std::string msg, int code = -1) { return {code == 0 ? -1 : code, std::move(msg)}; }
  bool ok() const { return code == 0; }
  explicit operator bool() const { return ok(); }
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit on purpose (return value;)
  Result(Status error) : v_(std::move(error)) {      // NOLINT: implicit on purpose (return status;)
    if (std::get<Status>(v_).ok()) v_ = Status::error("internal error: Result built from an ok Status");
  }
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(v_); }             // only when ok()
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Status& status() const {                     // the error; an ok Status when ok()
    static const Status ok_s;
    return ok() ? ok_s : std::get<Status>(v_);
  }
  const std::string& error() const { return status().message; }

 private:
  std::variant<T, Status> v_;
};

}  // namespace tramtin
