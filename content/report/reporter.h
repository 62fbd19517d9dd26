// What a kiosk sends back after each sync attempt (REPORTS.md): seals the day counters into parts,
// PUTs the outbox oldest first (a part leaves the outbox only after a 2xx; the first failure stops
// the round, and the next attempt, on the sync backoff, tries again with the same names), then
// replaces <report_url>/<kiosk-id>/status.json. Layer: tramtin_content, content/report/ (uses
// content/sync's HTTP client and state; content/sync knows nothing of it: the kiosk wires
// Reporter::after_attempt to SyncWorker::on_attempt_finished).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "content/settings/config.h"
#include "content/store/cache.h"
#include "content/sync/http.h"
#include "content/sync/state.h"

namespace tramtin::report {

// What only the kiosk knows, handed over at start and when it changes (set_facts is thread-safe).
struct KioskFacts {
  int screen_w = 0, screen_h = 0;
  std::vector<std::string> languages;                // offered, in picker order
  std::string last_restart_reason = "unknown";       // boot | restart | maintenance | unknown
};

struct ReporterOptions {
  sync::Clock clock;                                 // default: sync::system_now
  http::Options http;                                // timeouts; login from the URL or ~/.netrc
  ReportLimits limits;
  std::int64_t seal_today_after_seconds = 6 * 3600;  // the current day is sealed (not final) this often
};

struct ReportStatus {                                // for the staff screen (also kept in meta report.*)
  int queued = 0;                                    // parts waiting
  UnixTime last_sent = 0;                            // the last 2xx (a part or the heartbeat)
  std::string last_error;                            // "" after a round that sent everything
};

// "https://user:pw@host/x" -> "https://host/x": URLs in messages never carry a password.
std::string redact_url(const std::string& url);

class Reporter {
 public:
  explicit Reporter(Config cfg, ReporterOptions opt = {});
  void set_facts(KioskFacts facts);
  // The whole round, on the sync worker's thread with its writer connection. Never throws.
  void after_attempt(Cache& cache, const sync::SyncOutcome& outcome);
  // The heartbeat as it would be sent now (tests; after_attempt uses it).
  std::string status_json(const Cache& cache, const sync::SyncOutcome* outcome);
  // Seals what is due at `now` (finished days final; today when the last seal is old enough).
  Status seal_due(Cache& cache);
  ReportStatus status() const;

 private:
  Config cfg_;
  ReporterOptions opt_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  mutable std::mutex mu_;
  KioskFacts facts_;
  ReportStatus status_;
};

// The staff screen's view, read from the cache's meta table (any connection).
ReportStatus read_report_status(const Cache& cache);

}  // namespace tramtin::report
