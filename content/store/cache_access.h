// Store-internal: the SQLite connection behind a Cache, for Search (same thread, same connection)
// and the store's own tests. Layer: tramtin_content, content/store/ only — nothing outside the
// store includes this (the layering test keeps sqlite3.h inside content/store/).
#pragma once

#include "content/store/cache.h"

struct sqlite3;

namespace tramtin {

struct CacheAccess {
  static sqlite3* handle(const Cache& cache) { return cache.db_; }  // do not close
};

}  // namespace tramtin
