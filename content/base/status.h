// Errors as values, one vocabulary for every layer: Status (ok, or a kind and a message a person
// can act on) and Result<T> (a value or a Status). Layer: tramtin_content, content/base/ (std only).
//
// The kind says whose problem it is, so callers choose an outcome or an exit status by kind, never
// by reading the message:
//   transport  the link: DNS, connect, TLS, timeout, a cut connection (curl)
//   protocol   the other side answered, but not acceptably: HTTP status, bad JSON, a bad manifest,
//              a wrong channel or version, an object that is not what the manifest lists
//   signature  a signature that does not verify, or a key that is not trusted
//   storage    this machine: SQLite (its extended result code kept in sqlite_code), disk, memory
//   input      what a person gave: configuration, the source tree, arguments, a picture file
//   cancelled  stopped on request (shutdown, a test hook)
// Nothing here throws; a Result is checked with `if (!r)` and read with `*r` / `r->`.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace tramtin {

enum class ErrorKind { none, transport, protocol, signature, storage, input, cancelled };

const char* error_kind_name(ErrorKind k);            // "transport", …; "ok" for none

struct Status {
  ErrorKind kind = ErrorKind::none;                  // none = ok
  std::string message;                               // empty when ok
  int sqlite_code = 0;                               // storage errors from SQLite: extended result code

  static Status error(ErrorKind kind, std::string msg, int sqlite_code = 0) {
    return {kind == ErrorKind::none ? ErrorKind::input : kind, std::move(msg), sqlite_code};
  }
  bool ok() const { return kind == ErrorKind::none; }
  // SQLite could not grow a file: the disk (or the file's limit) is full (SQLITE_FULL, 13).
  bool disk_full() const { return kind == ErrorKind::storage && (sqlite_code & 0xFF) == 13; }
  explicit operator bool() const { return ok(); }
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit on purpose (return value;)
  Result(Status error) : v_(std::move(error)) {      // NOLINT: implicit on purpose (return status;)
    if (std::get<Status>(v_).ok())
      v_ = Status::error(ErrorKind::input, "internal error: Result built from an ok Status");
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
  ErrorKind kind() const { return status().kind; }

 private:
  std::variant<T, Status> v_;
};

inline const char* error_kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::none: return "ok";
    case ErrorKind::transport: return "transport";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::signature: return "signature";
    case ErrorKind::storage: return "storage";
    case ErrorKind::input: return "input";
    case ErrorKind::cancelled: return "cancelled";
  }
  return "?";
}

}  // namespace tramtin
