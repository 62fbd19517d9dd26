// The sync engine: one sync attempt (sync_once), the shared verify-download-apply path that the
// USB import also uses, and SyncWorker, the kiosk's background thread that polls the feeds.
// Layer: tramtin_content (libcurl through content/http.h, SQLite through content/cache.h, bundle
// checks through content/bundle.h). Never SDL: the kiosk passes a callback that pushes its event.
//
// One attempt, for each feed in sync.feeds in order until one answers with an acceptable bundle:
//   1. conditional GET <feed>/manifest.json (If-None-Match with the ETag of the manifest this kiosk
//      last accepted from that feed). 304: up to date, nothing else is fetched.
//   2. GET <feed>/manifest.sig; Ed25519 signature checked against sync.trusted_keys (several keys:
//      rotation). A mismatch is retried once, since a publisher may be half-way through an upload.
//   3. checks: channel = sync.channel; version newer than the applied one on that channel (equal:
//      up to date; older: rollback refused); not expired (the message says to check the clock).
//   4. objects not already held (in <staging>/objects, or media already in the cache) are
//      downloaded a few at a time into <staging>/partial, resumed with HTTP Range after a cut,
//      capped at their manifest size, sha256-checked, then moved into <staging>/objects.
//   5. every item document is parsed (item_from_json) and checked against its entry, then the
//      whole content set is applied with Cache::replace_all in ONE transaction, recording the
//      version and channel with it; then objects no longer referenced are deleted.
// Anything that fails leaves the previous content in place, and the reason is recorded in the
// cache's meta table ("sync.*" keys) for the staff screen.
//
// Outcomes (also the last line of `tramtin --sync-once`): "up to date", "applied version N",
// "rejected: …" (the bundle itself is not acceptable: signature, channel, rollback, expiry, bad
// hash or document), "failed: …" (could not finish: network, server, disk, daily budget).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "content/bundle/bundle.h"
#include "content/store/cache.h"
#include "content/settings/config.h"
#include "content/sync/http.h"

namespace tramtin::sync {

// The wall clock the engine uses for expiry, "applied at" and the daily budget. Tests inject one.
using Clock = std::function<UnixTime()>;
UnixTime system_now();

struct SyncOutcome {
  enum class Kind { up_to_date, applied, rejected, failed };
  Kind kind = Kind::failed;
  std::int64_t version = 0;        // applied: the new version; up_to_date: the version in place
  std::string reason;              // rejected / failed: for a technician
  std::string source;              // the feed URL or folder that gave this answer
  std::uint64_t bytes_in = 0;      // on the wire, headers included (0 for a folder import)
  std::uint64_t bytes_out = 0;
  int objects_fetched = 0;         // downloaded (or copied from the folder) in this attempt
  int objects_reused = 0;          // already held, not fetched again
  std::uint64_t bytes_resumed = 0; // partial downloads that were continued, not restarted
  double apply_seconds = 0;        // time spent in the SQLite transaction

  bool ok() const { return kind == Kind::up_to_date || kind == Kind::applied; }
  // "up to date" | "applied version N" | "rejected: …" | "failed: …"
  std::string line() const;
  // 0 up to date / applied, 1 rejected, 3 failed (documented for `tramtin --sync-once`).
  int exit_code() const;
};

struct SyncOptions {
  http::Options http;              // timeouts; http.cancel also stops an apply in progress
  int concurrency = 3;             // object downloads at a time (a 3G cell gains little from more)
  std::chrono::milliseconds signature_retry_delay{1500};
  // Test seam: called at each stage ("manifest", "download", "apply", "cleanup").
  std::function<void(const char* stage)> on_stage;
};

// One attempt over sync.feeds. `staging_dir` is kept between attempts (objects and partial files).
// Records the attempt in the cache's meta table (see read_sync_state).
SyncOutcome sync_once(const Config& cfg, Cache& cache, const std::string& staging_dir, const Clock& clock,
                      const SyncOptions& opt = {});

// Where a bundle comes from: a feed over HTTP, or a folder (USB stick). Used by sync_once and by
// the sideload import; both then run exactly the same checks.
class BundleSource {
 public:
  virtual ~BundleSource() = default;
  virtual std::string name() const = 0;                  // URL or "usb:/media/…", for messages
  struct Fetched {
    bool ok = false;
    bool not_modified = false;                           // conditional GET said 304
    std::string bytes;
    std::string etag, last_modified;
    std::string error;
  };
  // manifest.json (conditional where the source supports it) and manifest.sig.
  virtual Fetched fetch_manifest(const http::Conditional& cond) = 0;
  virtual Fetched fetch_signature() = 0;
  // Brings each job's object into job.path (resuming a prefix already there). job.result tells.
  virtual void fetch_objects(std::vector<http::FileJob>& jobs) = 0;
  virtual std::uint64_t bytes_in() const { return 0; }
  virtual std::uint64_t bytes_out() const { return 0; }
  virtual bool remote() const { return true; }           // counts against the daily byte budget
};

// The shared path: fetch + verify + download + apply from one source. Does not record the attempt.
SyncOutcome sync_from_source(BundleSource& src, const Config& cfg, Cache& cache, const std::string& staging_dir,
                             const Clock& clock, const SyncOptions& opt);

// Persisted sync state and status, in the cache's meta table.
struct SyncState {
  std::int64_t applied_version = 0;
  std::string applied_channel;
  UnixTime applied_at = 0;
  std::string applied_source;
  UnixTime last_attempt = 0;
  UnixTime last_success = 0;       // last attempt that ended up to date or applied
  std::string last_result;         // the outcome line of the last attempt
  std::string last_error;          // "" when the last attempt succeeded
  std::int64_t bytes_day = 0;      // the day (Vietnam time, days since epoch) bytes_today counts
  std::uint64_t bytes_today = 0;
  int consecutive_failures = 0;
};
SyncState read_sync_state(const Cache& cache);
// Adds the attempt to the state (bytes into the right day, failure count) and stores it.
// counts_for_backoff = false for USB imports: a bad stick must not slow down network polls.
Status record_attempt(Cache& cache, const SyncOutcome& outcome, UnixTime now, bool counts_for_backoff = true);
std::int64_t budget_day(UnixTime now);  // days since epoch in Vietnam time (UTC+7)

// ---- The background worker.

// Delay before the next attempt. failures == 0: the interval, spread by ±jitter_percent.
// failures >= 1: exponential backoff retry_base·2^(failures-1), capped at retry_cap, spread by
// jitter too (never below half the backoff), so a fleet that failed together does not retry together.
std::chrono::milliseconds next_delay(int consecutive_failures, std::chrono::milliseconds interval, int jitter_percent,
                                     std::chrono::milliseconds retry_base, std::chrono::milliseconds retry_cap,
                                     std::mt19937_64& rng);

struct SyncStatus {                // a snapshot for the staff screen
  bool running = false;            // the worker thread is alive
  bool busy = false;               // an attempt is in progress
  std::string stage;               // "", "manifest", "download", "apply", "cleanup", "import"
  SyncState state;
  UnixTime next_attempt = 0;       // wall clock of the next scheduled poll (0: none planned)
  std::chrono::milliseconds next_delay{0};
  std::string worker_error;        // e.g. the cache could not be opened
};

struct WorkerOptions {
  std::string database;            // default: cfg.database (after resolve_config_paths)
  std::string staging_dir;         // default: <data_dir>/staging
  Clock clock;                     // default: system_now
  SyncOptions sync;                // its http.cancel is replaced by the worker's own stop flag
  std::chrono::milliseconds interval{0};           // 0: cfg.sync_interval_minutes
  std::chrono::milliseconds first_delay{5000};     // after start (spread by jitter)
  std::chrono::milliseconds retry_base{60000};
  std::chrono::milliseconds retry_cap{0};          // 0: the interval (never slower than normal polls)
  std::chrono::milliseconds watch_period{10000};   // how often sync.import_watch is scanned
  std::uint64_t seed = 0;                          // 0: random
};

class SyncWorker {
 public:
  SyncWorker(Config cfg, WorkerOptions opt = {});
  ~SyncWorker();                    // stops and joins
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  // Called on the worker thread after new content was committed (set before start()). The kiosk
  // pushes an SDL user event from it; it must not block.
  std::function<void(std::int64_t version)> on_content_applied;
  // Called on the worker thread whenever the status changes (optional; must not block).
  std::function<void()> on_status_changed;

  void start();
  void stop();                      // cancels a transfer or apply in progress; returns after join
  void request_sync_now();          // poll as soon as possible (staff "sync now" button)
  SyncStatus status() const;        // thread-safe snapshot
  int attempts() const;             // attempts finished since start (tests)

 private:
  void run();
  void set_stage(const char* stage);

  Config cfg_;
  WorkerOptions opt_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  SyncStatus status_;
  int attempts_ = 0;
};

}  // namespace tramtin::sync
