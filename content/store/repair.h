// Self-repair of the content cache at start: PRAGMA quick_check, and a damaged file (truncated,
// random pages, not a database at all) set aside so an empty cache can take its place. The kiosk
// then rebuilds it from the bundled sample pack and the next sync brings the published content
// back. Layer: tramtin_content, content/store/ (SQLite).
#pragma once

#include <string>

#include "content/base/status.h"

namespace tramtin {

struct CacheCheck {
  bool repaired = false;             // the file was damaged and has been set aside
  std::string problem;               // what SQLite said ("database disk image is malformed")
  std::string kept_copy;             // where the damaged file now is (<db>.corrupt; one copy kept)
};

// Checks the cache file at `db_path` (a missing file is fine: first boot). A storage error means
// the file could not even be moved out of the way.
Result<CacheCheck> check_cache_file(const std::string& db_path);

// Meta keys the repair is recorded under (for the staff screen).
inline constexpr const char* kMetaRepairAt = "repair.at";
inline constexpr const char* kMetaRepairProblem = "repair.problem";
// What the cache was rebuilt from: "last-good-bundle" (the kiosk's staging folder) or "sample".
inline constexpr const char* kMetaRepairFrom = "repair.from";

}  // namespace tramtin
