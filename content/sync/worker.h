// The kiosk's background sync thread (SyncWorker): polls the feeds on a jittered interval with
// exponential backoff after failures, watches for USB sticks on a thread of its own (a slow feed
// never delays an import), runs the urgent fast path's poller (urgent.h) on a third thread with
// its own timer, and reports a status snapshot for the
// staff screen. Layer: tramtin_content, content/sync/ (uses apply.h; never SDL: the kiosk passes a
// callback that pushes its own event).
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

#include "content/settings/config.h"
#include "content/sync/apply.h"
#include "content/sync/state.h"
#include "content/sync/urgent.h"

namespace tramtin::sync {

// Delay before the next attempt. failures == 0: the interval, spread by ±jitter_percent.
// failures >= 1: exponential backoff retry_base·2^(failures-1), capped at retry_cap, spread by
// jitter too (never below half the backoff), so a fleet that failed together does not retry together.
std::chrono::milliseconds next_delay(int consecutive_failures, std::chrono::milliseconds interval, int jitter_percent,
                                     std::chrono::milliseconds retry_base, std::chrono::milliseconds retry_cap,
                                     std::mt19937_64& rng);

// The User-Agent of every request to a feed, so a plain access log is a fleet list:
// "tramtin/<version> (<kiosk-id>; content <version>)". Characters outside [A-Za-z0-9._-] in the id
// become '_' (a header must stay one clean line).
std::string user_agent(const std::string& kiosk_id, std::int64_t content_version);

struct SyncStatus {                // a snapshot for the staff screen
  bool running = false;            // the worker thread is alive
  bool busy = false;               // an attempt is in progress
  std::string stage;               // "", "manifest", "download", "apply", "cleanup" (network attempt)
  bool importing = false;          // the USB watcher is importing a stick (beside any network attempt)
  SyncState state;
  UnixTime next_attempt = 0;       // wall clock of the next scheduled poll (0: none planned)
  std::chrono::milliseconds next_delay{0};
  std::string worker_error;        // e.g. the cache could not be opened
  UrgentStatus urgent;             // the urgent fast path (urgent.h), on its own thread
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
  std::chrono::milliseconds urgent_interval{0};    // 0: sync.urgent_poll_seconds / _minutes (0 there: off)
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
  // Called on the urgent poller's thread when a new urgent.json was accepted (set before start()).
  std::function<void(std::int64_t version)> on_urgent_accepted;
  // Called on the worker thread after each network attempt, once it is recorded in the cache, with
  // the worker's writer connection (the kiosk sends its reports from here: content/report/). Set
  // before start(); counted in the attempt (attempts() moves after it returns).
  std::function<void(Cache& cache, const SyncOutcome& outcome)> on_attempt_finished;

  void start();
  void stop();                      // cancels a transfer or apply in progress; returns after join
  void request_sync_now();          // poll as soon as possible (staff "sync now" button)
  SyncStatus status() const;        // thread-safe snapshot
  int attempts() const;             // attempts finished since start (tests)

 private:
  void run();
  void watch_run();                 // the USB watcher thread (cfg.import_watch set)
  void set_stage(const char* stage);
  void start_urgent();

  Config cfg_;
  WorkerOptions opt_;
  std::thread thread_;
  std::thread watch_thread_;
  std::unique_ptr<UrgentPoller> urgent_;  // the fast path: its own thread, timer and connection
  std::atomic<bool> stop_{false};
  std::atomic<bool> network_busy_{false};
  std::mutex apply_mu_;             // one apply at a time: network attempt or USB import
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  SyncStatus status_;
  int attempts_ = 0;
};

}  // namespace tramtin::sync
