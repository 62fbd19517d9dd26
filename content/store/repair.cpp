// The start-up cache check (see repair.h). Layer: tramtin_content, content/store/.
#include "content/store/repair.h"

#include <sqlite3.h>

#include <filesystem>
#include <system_error>

namespace tramtin {

namespace {

// "" when the file passes quick_check; otherwise what is wrong with it.
std::string quick_check(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  std::string problem;
  if (rc != SQLITE_OK) {
    problem = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  } else {
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, nullptr);
    if (rc != SQLITE_OK) {
      problem = sqlite3_errmsg(db);
    } else {
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char* line = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        const std::string l = line ? line : "";
        if (l != "ok" && problem.size() < 400) problem += (problem.empty() ? "" : "; ") + l;
      }
      if (rc != SQLITE_DONE && problem.empty()) problem = sqlite3_errmsg(db);
      sqlite3_finalize(st);
    }
  }
  sqlite3_close(db);
  return problem;
}

}  // namespace

Result<CacheCheck> check_cache_file(const std::string& db_path) {
  namespace fs = std::filesystem;
  CacheCheck out;
  std::error_code ec;
  if (!fs::exists(db_path, ec)) return out;
  out.problem = quick_check(db_path);
  if (out.problem.empty()) return out;
  // Keep one damaged copy for diagnosis (the newest), drop its journal files: they belong to it.
  out.kept_copy = db_path + ".corrupt";
  fs::rename(db_path, out.kept_copy, ec);
  if (ec)
    return Status::error(ErrorKind::storage, "the content cache " + db_path + " is damaged (" + out.problem +
                                                 ") and cannot be moved aside: " + ec.message());
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    fs::remove(db_path + suffix, ec);
    fs::remove(out.kept_copy + suffix, ec);
  }
  out.repaired = true;
  return out;
}

}  // namespace tramtin
