// The fleet reader: what `tramtin-publish fleet` knows about the kiosks, read from the folder the
// report server receives into (REPORTS_DIR/<kiosk-id>/status.json and <yyyy-mm-dd>-<seq>.json, the
// formats of content/report/REPORTS.md). Every file is checked (its format, JSON, types, the kiosk
// id against its folder, numbers within reason, at most kMaxReportFileBytes); a file that fails is
// skipped with a warning naming it and the rest is still read. Never throws.
// Layer: tramtin_content, content/report/ (std and nlohmann-json only).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "content/authoring/reader.h"
#include "content/base/status.h"

namespace tramtin {

inline constexpr std::uint64_t kMaxReportFileBytes = 4u * 1024u * 1024u;  // a usage part is a few KB
inline constexpr std::size_t kMaxReportFilesPerKiosk = 20000;            // ~2 years of hourly parts
inline constexpr std::size_t kMaxKiosks = 10000;
// A kiosk time before 2020 means its clock was never set (a board without a battery clock before
// its first sync): such times are not shown as ages.
inline constexpr std::int64_t kSaneReportTime = 1'577'836'800;

struct FleetOptions {
  std::int64_t now = 0;                              // Unix seconds; staleness and the day window
  int stale_hours = 26;                              // not heard from for longer: stale
  int days = 30;                                     // usage of the last N Vietnam days (today included)
};

enum class Freshness { fresh, stale, never };
const char* freshness_name(Freshness f);             // "fresh", "stale", "never"

// One kiosk: its heartbeat (status.json) and its usage in the window.
struct KioskReport {
  std::string id;                                    // the folder name
  Freshness freshness = Freshness::never;
  std::int64_t last_seen = 0;                        // 0: no valid report at all
  std::string last_seen_from;                        // "sent_at" (status.json), "mtime" (a file's time), ""
  bool has_status = false;                           // a valid status.json was read
  // From status.json (left empty / 0 when absent).
  std::string app_version;
  std::int64_t sent_at = 0;
  std::int64_t uptime_seconds = 0;
  std::string restart_reason;                        // boot, restart, maintenance, unknown
  std::int64_t content_version = 0;                  // 0: the sample pack only
  std::int64_t content_created_at = 0;
  std::int64_t content_applied_at = 0;
  std::string channel;
  bool content_behind = false;                       // an older version than another kiosk of its channel
  std::string sync_kind;                             // up_to_date, applied, rejected, failed, none
  std::string sync_cause, sync_reason;
  std::int64_t sync_last_attempt = 0, sync_last_success = 0;
  std::int64_t consecutive_failures = 0, sync_bytes_today = 0;
  std::int64_t disk_free_bytes = -1;                 // -1: not reported
  std::int64_t log_errors = 0, log_warnings = 0, sync_failures_today = 0;
  std::int64_t reports_dropped = 0, reports_queued = 0;
  int screen_width = 0, screen_height = 0;
  std::vector<std::string> languages;
  bool status_missing = false;                       // the folder has no status.json
  bool status_unreadable = false;                    // it has one, but it was skipped (see the warnings)
  std::int64_t status_mtime = 0;                     // when the server wrote status.json
  std::int64_t clock_skew_seconds = 0;               // sent_at - status_mtime: the kiosk clock's error
  bool clock_unset() const { return has_status && sent_at > 0 && sent_at < kSaneReportTime; }
  // From the usage parts inside the window.
  int usage_parts = 0;                               // distinct seqs counted
  int usage_days = 0;
  std::string last_usage_day;                        // "2026-11-30"
  std::int64_t views = 0, searches = 0, dropped = 0;
};

struct ItemUsage {
  std::int64_t views = 0, listens = 0, checklist = 0;
  std::map<std::string, std::int64_t> views_by_lang;
};

struct ItemFeedback {
  std::array<std::int64_t, 5> scores{};              // scores[i]: answers with score i+1
  std::map<std::string, std::int64_t> reasons;
  std::int64_t answers() const;
  double mean() const;                               // 0 when there is no answer
};

struct QueryCount {
  std::int64_t count = 0;
  int kiosks = 0;                                    // how many kiosks saw it
};

struct LanguageUse {
  std::int64_t views = 0;                            // item screens opened in it
  std::int64_t switches = 0;                         // switches to it
};

struct FleetReport {
  FleetOptions options;
  std::string today;                                 // the Vietnam day of options.now
  std::string from_day;                              // the first day of the window
  std::vector<KioskReport> kiosks;                   // never, stale (oldest first), fresh (by id)
  std::map<std::string, std::int64_t> views_per_day; // day -> views, every kiosk
  std::array<std::int64_t, 24> hours{};
  std::map<std::string, ItemUsage> items;            // item id -> usage
  std::map<std::string, ItemFeedback> feedback;      // item id ("" = the kiosk in general)
  std::map<std::string, QueryCount> zero_queries;    // folded query -> count over kiosks
  std::map<std::string, LanguageUse> languages;
  std::int64_t searches = 0, zero_results = 0, abandoned = 0, dropped = 0;
  std::map<std::string, std::string> titles;         // item id -> vi title (with --source)
  std::vector<Diagnostic> warnings;                  // files skipped or partly read, by path

  int count(Freshness f) const;
  std::int64_t total_views() const;
  std::string title(const std::string& item) const;  // the title, or "" when unknown
};

// Reads REPORTS_DIR. An error only when the folder itself cannot be read; bad files are warnings.
Result<FleetReport> read_fleet(const std::string& reports_dir, const FleetOptions& options);

// Adds item titles (vi, else the first language) from a source tree; warns when it has errors.
void add_titles(FleetReport& report, const SourceTree& tree, const std::string& source_path);

// "2026-11-30" <-> days since 1970-01-01; -1 / "" when not a real date.
std::int64_t day_number(const std::string& day);
std::string day_string(std::int64_t day_number);

}  // namespace tramtin
