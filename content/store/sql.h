// Thin RAII helpers over the SQLite C API for the cache and search. Layer: tramtin_content
// (internal: included by content/store/*.cpp only, not by the UI or the staff tool).
// Errors are ErrorKind::storage with SQLite's own message and extended result code (see status.h).
#pragma once

#include <sqlite3.h>

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <string>
#include <string_view>
#include <utility>

#include "content/base/status.h"

namespace tramtin::sql {

// The one visibility rule of the cache, for a table alias `t` with publish_at / expire_at columns
// (items, search_rows): scheduled items (publish_at > now) and expired ones (expire_at <= now;
// 0 = never) are invisible to every read and to search. Binds :now (the caller's clock).
inline std::string visible(std::string_view t) {
  const std::string a(t);
  return a + ".publish_at <= :now AND (" + a + ".expire_at = 0 OR " + a + ".expire_at > :now)";
}

// SQLite's words for a failed write ("disk I/O error") do not say what the system said; the
// errno of the failed call does, when SQLite kept it. A full disk or quota, or a file grown past
// its size limit, are all "full" to whoever must free space: SQLITE_FULL, which
// Status::disk_full() reads. Another errno is added in words.
inline Status storage_error(sqlite3* db, std::string msg, int code) {
  const int sys = db ? sqlite3_system_errno(db) : 0;
  const int primary = code & 0xFF;
  const bool io = primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN;
  if (primary == SQLITE_FULL) {
    if (sys != 0) msg += " (" + std::system_category().message(sys) + ")";
  } else if (io && (sys == ENOSPC || sys == EDQUOT || sys == EFBIG)) {
    msg += " (the disk is full: " + std::system_category().message(sys) + ")";
    code = SQLITE_FULL;
  } else if (io && sys != 0) {
    msg += " (" + std::system_category().message(sys) + ")";
  }
  return Status::error(ErrorKind::storage, std::move(msg), code == SQLITE_OK ? SQLITE_ERROR : code);
}

inline Status error(sqlite3* db, std::string_view what) {
  int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
  std::string msg(what);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : "no database";
  return storage_error(db, std::move(msg), code);
}

inline Status exec(sqlite3* db, const char* sql, std::string_view what) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return {};
  std::string msg(what);
  msg += ": ";
  msg += err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return storage_error(db, std::move(msg), sqlite3_extended_errcode(db));
}

// A prepared statement. Bind indexes are 1-based, column indexes 0-based, as in SQLite.
class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, std::string_view sql, bool persistent = false) : db_(db) {
    rc_ = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                             persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(Stmt&& o) noexcept : db_(o.db_), st_(std::exchange(o.st_, nullptr)), rc_(o.rc_) {}
  Stmt& operator=(Stmt&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(st_);
      db_ = o.db_;
      st_ = std::exchange(o.st_, nullptr);
      rc_ = o.rc_;
    }
    return *this;
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK && st_ != nullptr; }
  Status status(std::string_view what) const { return ok() ? Status{} : error(db_, what); }
  sqlite3_stmt* get() const { return st_; }

  Stmt& reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    return *this;
  }
  Stmt& bind(int i, std::string_view s) {
    sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, const char* s) { return bind(i, std::string_view(s)); }
  Stmt& bind(int i, const std::string& s) { return bind(i, std::string_view(s)); }
  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Stmt& bind(int i, double v) {
    sqlite3_bind_double(st_, i, v);
    return *this;
  }
  Stmt& bind_blob(int i, std::string_view bytes) {
    sqlite3_bind_blob64(st_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind_null(int i) {
    sqlite3_bind_null(st_, i);
    return *this;
  }

  // SQLITE_ROW, SQLITE_DONE, or an error code (then see error()).
  int step() { return sqlite3_step(st_); }
  // Runs a statement that returns no rows.
  Status run(std::string_view what) {
    int rc = step();
    Status s = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? Status{} : error(db_, what);
    sqlite3_reset(st_);
    return s;
  }

  std::int64_t i64(int c) const { return sqlite3_column_int64(st_, c); }
  int i32(int c) const { return sqlite3_column_int(st_, c); }
  double f64(int c) const { return sqlite3_column_double(st_, c); }
  bool is_null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  std::string str(int c) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, c))) : std::string();
  }
  std::string blob(int c) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(st_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, c))) : std::string();
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* st_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

}  // namespace tramtin::sql
