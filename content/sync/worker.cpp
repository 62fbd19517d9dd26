// The background sync thread: backoff with jitter, the poll loop, the USB watch, and the status
// snapshot. Layer: tramtin_content, content/sync/ (uses apply.h and state.h).
#include "content/sync/worker.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include "content/base/log.h"
#include "content/bundle/bundle.h"
#include "content/sync/source.h"

namespace fs = std::filesystem;

namespace tramtin::sync {

std::chrono::milliseconds next_delay(int failures, std::chrono::milliseconds interval, int jitter_percent,
                                     std::chrono::milliseconds retry_base, std::chrono::milliseconds retry_cap,
                                     std::mt19937_64& rng) {
  using ms = std::chrono::milliseconds;
  jitter_percent = std::clamp(jitter_percent, 0, 100);
  if (failures <= 0) {
    // Jitter downwards only: the configured interval is the longest a kiosk waits, so a new version
    // reaches the whole fleet within one interval, and the polls still spread over time.
    const double spread = static_cast<double>(interval.count()) * jitter_percent / 100.0;
    std::uniform_real_distribution<double> d(-spread, 0.0);
    return ms(std::max<std::int64_t>(1000, static_cast<std::int64_t>(static_cast<double>(interval.count()) + d(rng))));
  }
  if (retry_cap.count() <= 0) retry_cap = std::max(interval, retry_base);
  double backoff = static_cast<double>(retry_base.count());
  for (int i = 1; i < failures && backoff < static_cast<double>(retry_cap.count()); ++i) backoff *= 2;
  backoff = std::min(backoff, static_cast<double>(retry_cap.count()));
  // Jitter downwards only, never below half: the delay keeps growing with each failure.
  std::uniform_real_distribution<double> d(1.0 - jitter_percent / 200.0, 1.0);
  return ms(std::max<std::int64_t>(1, static_cast<std::int64_t>(backoff * d(rng))));
}

std::string user_agent(const std::string& kiosk_id, std::int64_t content_version) {
  std::string id = kiosk_id;
  for (char& c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) c = '_';
  return "tramtin/" TRAMTIN_VERSION " (" + id + "; content " + std::to_string(content_version) + ")";
}

SyncWorker::SyncWorker(Config cfg, WorkerOptions opt) : cfg_(std::move(cfg)), opt_(std::move(opt)) {
  resolve_config_paths(cfg_);
  if (opt_.database.empty()) opt_.database = cfg_.database;
  if (opt_.staging_dir.empty()) opt_.staging_dir = cfg_.data_dir + "/staging";
  if (!opt_.clock) opt_.clock = system_now;
  if (opt_.interval.count() <= 0) opt_.interval = std::chrono::minutes(cfg_.sync_interval_minutes);
  opt_.sync.http.cancel = &stop_;
}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  status_.running = true;
  thread_ = std::thread([this] { run(); });
  start_urgent();
}

// The urgent fast path beside the bundle sync: a failure there never touches the sync's backoff.
void SyncWorker::start_urgent() {
  UrgentPoller::Options uo;
  uo.database = opt_.database;
  uo.clock = opt_.clock;
  uo.interval = opt_.urgent_interval.count() > 0 ? opt_.urgent_interval : UrgentPoller::configured_interval(cfg_);
  uo.http = opt_.sync.http;
  uo.seed = opt_.seed;
  if (cfg_.feeds.empty() || uo.interval.count() <= 0) return;
  urgent_ = std::make_unique<UrgentPoller>(cfg_, uo);
  urgent_->on_accepted = on_urgent_accepted;
  urgent_->on_polled = on_status_changed;
  urgent_->start();
}

void SyncWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    wake_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (watch_thread_.joinable()) watch_thread_.join();
  if (urgent_) urgent_->stop();
  std::lock_guard lock(mu_);
  status_.running = false;
  status_.busy = false;
}

void SyncWorker::request_sync_now() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
    if (urgent_) urgent_->poll_now();  // the staff's "sync now" asks for the urgent notices too
  }
  cv_.notify_all();
}

SyncStatus SyncWorker::status() const {
  std::lock_guard lock(mu_);
  SyncStatus s = status_;
  if (urgent_) s.urgent = urgent_->status();
  return s;
}

int SyncWorker::attempts() const {
  std::lock_guard lock(mu_);
  return attempts_;
}

void SyncWorker::set_stage(const char* stage) {
  {
    std::lock_guard lock(mu_);
    status_.stage = stage;
  }
  if (on_status_changed) on_status_changed();
}

void SyncWorker::run() {
  using clock = std::chrono::steady_clock;
  std::mt19937_64 rng(opt_.seed ? opt_.seed : std::random_device{}());
  std::error_code ec;
  fs::create_directories(fs::path(opt_.database).parent_path(), ec);
  fs::create_directories(opt_.staging_dir, ec);

  std::unique_ptr<Cache> cache;
  // The worker never lets an exception out of its thread: a bug becomes a status line, not a crash.
  auto guarded = [&](auto&& fn) -> bool {
    std::string msg;
    try {
      fn();
      return true;
    } catch (const std::exception& e) {
      msg = std::string("internal error in the sync worker: ") + e.what();
    } catch (...) {
      msg = "internal error in the sync worker";
    }
    log::error("sync", msg);
    std::lock_guard lock(mu_);
    status_.worker_error = msg;
    return false;
  };

  SyncOptions sopt = opt_.sync;
  sopt.on_stage = [this](const char* s) { set_stage(s); };
  sopt.apply_lock = &apply_mu_;  // the USB watcher may apply while this attempt downloads

  // The first poll too is spread, so kiosks powered on together by one breaker do not poll together.
  auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(
      static_cast<double>(opt_.first_delay.count()) *
      std::uniform_real_distribution<double>(1.0 - std::clamp(cfg_.sync_jitter_percent, 0, 100) / 100.0, 1.0)(rng)));
  while (!stop_) {
    if (!cache) {
      auto opened = Cache::open(opt_.database, Cache::Mode::writer);
      if (opened) {
        cache = std::move(*opened);
        // The USB watcher starts once the cache exists (two connections creating its schema at
        // once would make one of them fail); it has a connection of its own.
        if (!cfg_.import_watch.empty() && !watch_thread_.joinable())
          watch_thread_ = std::thread([this] { watch_run(); });
        std::lock_guard lock(mu_);
        status_.worker_error.clear();
        status_.state = read_sync_state(*cache);
      } else {
        {
          std::lock_guard lock(mu_);
          status_.worker_error = "cannot open the content database: " + opened.error();
        }
        log::error("sync", "cannot open the content database: " + opened.error());
        delay = opt_.retry_base;
      }
    }
    const auto deadline = clock::now() + delay;
    {
      std::lock_guard lock(mu_);
      status_.next_delay = delay;
      status_.next_attempt = opt_.clock() + std::chrono::duration_cast<std::chrono::seconds>(delay).count();
    }
    if (on_status_changed) on_status_changed();
    // Sleep until the poll is due, a "sync now", or stop (USB sticks have their own thread).
    for (;;) {
      std::unique_lock lock(mu_);
      cv_.wait_until(lock, deadline, [&] { return stop_.load() || wake_; });
      if (stop_) break;
      if (wake_) {
        wake_ = false;
        break;
      }
      lock.unlock();
      if (clock::now() >= deadline) break;
    }
    if (stop_) break;
    if (!cache) continue;

    {
      std::lock_guard lock(mu_);
      status_.busy = true;
    }
    SyncOutcome o;
    network_busy_ = true;
    if (auto cm = cache->content_meta()) sopt.http.user_agent = user_agent(cfg_.kiosk_id, cm->version);
    bool ran = guarded([&] { o = sync_once(cfg_, *cache, opt_.staging_dir, opt_.clock, sopt); });
    network_busy_ = false;
    if (ran && on_attempt_finished) guarded([&] { on_attempt_finished(*cache, o); });
    {
      // One snapshot: the attempt's result and the delay it leads to are seen together.
      std::lock_guard lock(mu_);
      status_.busy = false;
      status_.stage.clear();
      status_.state = read_sync_state(*cache);
      ++attempts_;
      int failures = ran ? status_.state.consecutive_failures : status_.state.consecutive_failures + 1;
      delay = next_delay(failures, opt_.interval, cfg_.sync_jitter_percent, opt_.retry_base, opt_.retry_cap, rng);
      status_.next_delay = delay;
      status_.next_attempt = opt_.clock() + std::chrono::duration_cast<std::chrono::seconds>(delay).count();
    }
    if (ran && o.kind == SyncOutcome::Kind::applied && on_content_applied) on_content_applied(o.version);
    if (on_status_changed) on_status_changed();
  }
  std::lock_guard lock(mu_);
  status_.busy = false;
  status_.running = false;
}

// USB sticks, on a thread of their own: a network sync stuck on a slow feed must not starve an
// import. Its own writer connection (SQLite connections are not shared across threads); one apply
// at a time through apply_mu_, held for the whole import (a local copy: seconds), so the network
// attempt's cleanup cannot delete what the import staged; its copies go to staging/partial-usb.
void SyncWorker::watch_run() {
  std::unique_ptr<Cache> cache;
  std::set<std::pair<std::string, std::int64_t>> imports_tried;  // (folder, version): once per stick
  auto scan = [&] {
    if (!cache) {
      auto opened = Cache::open(opt_.database, Cache::Mode::writer);
      if (!opened) {
        log::warn("sync", "USB watch: cannot open the content database: " + opened.error());
        return;
      }
      cache = std::move(*opened);
    }
    std::set<std::pair<std::string, std::int64_t>> seen;
    for (const auto& folder : find_bundle_folders(cfg_.import_watch)) {
      if (stop_) return;
      std::int64_t v = bundle::existing_bundle_version(folder);
      seen.insert({folder, v});
      if (imports_tried.count({folder, v})) continue;
      auto cm = cache->content_meta();
      if (cm && cm->channel == cfg_.channel && v <= cm->version) continue;  // nothing newer there
      imports_tried.insert({folder, v});
      {
        std::lock_guard lock(mu_);
        status_.importing = true;
      }
      if (on_status_changed) on_status_changed();
      log::info("sync", "importing the bundle found at " + folder);
      SyncOptions iopt = opt_.sync;
      iopt.partial_subdir = "partial-usb";
      SyncOutcome o;
      {
        std::lock_guard apply(apply_mu_);
        iopt.cleanup = !network_busy_;  // a network attempt may be planning with the staged objects
        o = import_bundle(cfg_, *cache, opt_.staging_dir, folder, opt_.clock, iopt);
      }
      log::info("sync", "import from " + folder + ": " + o.line());
      {
        std::lock_guard lock(mu_);
        status_.importing = false;
        status_.state = read_sync_state(*cache);
      }
      if (o.kind == SyncOutcome::Kind::applied && on_content_applied) on_content_applied(o.version);
      if (on_status_changed) on_status_changed();
    }
    // A stick taken out and put back in is tried again.
    for (auto it = imports_tried.begin(); it != imports_tried.end();)
      it = seen.count(*it) ? std::next(it) : imports_tried.erase(it);
  };
  while (!stop_) {
    try {
      scan();
    } catch (const std::exception& e) {
      log::error("sync", std::string("internal error in the USB watch: ") + e.what());
    } catch (...) {
      log::error("sync", "internal error in the USB watch");
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, opt_.watch_period, [&] { return stop_.load(); });
  }
}

}  // namespace tramtin::sync
