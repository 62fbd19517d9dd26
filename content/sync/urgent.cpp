// The urgent fast path on the kiosk: check, poll, store, and the poller's thread (see urgent.h).
// Layer: tramtin_content, content/sync/.
#include "content/sync/urgent.h"

#include <algorithm>
#include <cstdlib>
#include <random>
#include <vector>

#include "content/base/log.h"
#include "content/base/time.h"

namespace tramtin::sync {

namespace {

const std::string kEtagPrefix = "urgent.etag ";
const std::string kLastModifiedPrefix = "urgent.last_modified ";

std::string meta_text(const Cache& cache, std::string_view key) {
  auto r = cache.meta_value(key);
  return r && *r ? **r : std::string();
}

std::string trim_feed(std::string f) {
  while (!f.empty() && f.back() == '/') f.pop_back();
  return f;
}

// The kiosk's clock as the bundle sync corrected it (see kiosk/core content_state corrected_clock).
UnixTime corrected_now(const Cache& cache, UnixTime local) {
  const std::int64_t offset = std::atoll(meta_text(cache, "sync.clock_offset").c_str());
  const UnixTime checked = std::atoll(meta_text(cache, "sync.clock_checked_at").c_str());
  if (offset <= 0 || checked <= 0 || local >= checked + offset) return local;
  return local + offset;
}

}  // namespace

std::string UrgentOutcome::line() const {
  switch (kind) {
    case Kind::unchanged: return "unchanged (version " + std::to_string(version) + ")";
    case Kind::accepted:
      return "accepted version " + std::to_string(version) + " (" + std::to_string(notices) + " notice" +
             (notices == 1 ? "" : "s") + ")";
    case Kind::none: return "none on the feed";
    case Kind::rejected: return "rejected: " + reason;
    case Kind::failed: return "failed: " + reason;
  }
  return "failed: " + reason;
}

Result<bundle::UrgentFeed> check_urgent(std::string_view json, std::string_view sig, const Config& cfg,
                                        std::int64_t last_version, UnixTime now, UnixTime server_date) {
  auto key = bundle::verify_manifest_signature(json, sig, cfg.trusted_keys);
  if (!key) return Status::error(key.kind(), "urgent.sig: " + key.error());
  auto f = bundle::urgent_from_json(json);
  if (!f) return f.status();
  if (f->channel != cfg.channel)
    return Status::error(ErrorKind::protocol, "urgent.json is for channel \"" + f->channel +
                                                  "\" but this kiosk takes \"" + cfg.channel + "\" (sync.channel)");
  if (f->version < last_version)
    return Status::error(ErrorKind::protocol, "rollback refused: urgent.json has version " + std::to_string(f->version) +
                                                  ", older than version " + std::to_string(last_version) +
                                                  " already accepted (an old or stale mirror?)");
  UnixTime trusted = now;
  if (now < f->created_at) trusted = server_date >= f->created_at ? server_date : f->created_at;
  if (trusted >= f->expires_at)
    return Status::error(ErrorKind::protocol, "urgent.json expired at " + format_date_time(f->expires_at) +
                                                  " (kiosk clock: " + format_date_time(trusted) +
                                                  "); publish it again, or set the kiosk's clock if it is wrong");
  return f;
}

std::optional<bundle::UrgentFeed> accepted_urgent(const Cache& cache) {
  const std::string text = meta_text(cache, kMetaUrgentJson);
  if (text.empty()) return std::nullopt;
  auto f = bundle::urgent_from_json(text);
  if (!f) return std::nullopt;
  return std::move(*f);
}

UrgentOutcome poll_urgent(const Config& cfg, Cache& cache, http::Client& client, const Clock& clock) {
  using K = UrgentOutcome::Kind;
  UrgentOutcome o;
  const std::string accepted = meta_text(cache, kMetaUrgentJson);
  const std::int64_t last_version = std::atoll(meta_text(cache, kMetaUrgentVersion).c_str());
  o.version = last_version;
  bool answered = false;
  for (const auto& raw : cfg.feeds) {
    const std::string feed = trim_feed(raw);
    o.source = feed;
    http::Conditional cond;
    cond.etag = meta_text(cache, kEtagPrefix + feed);
    cond.last_modified = meta_text(cache, kLastModifiedPrefix + feed);
    http::Result r = client.get(feed + "/urgent.json", cond);
    o.bytes_in += r.bytes_in;
    o.bytes_out += r.bytes_out;
    if (r.transport == http::Transport::cancelled) {
      o.kind = K::failed;
      o.cause = ErrorKind::cancelled;
      o.reason = "cancelled";
      return o;
    }
    if (!r.transport_ok()) {  // the next mirror may answer
      o.kind = K::failed;
      o.cause = ErrorKind::transport;
      o.reason = r.describe(feed + "/urgent.json");
      continue;
    }
    answered = true;
    if (r.status == 304) {
      o.kind = K::unchanged;
      break;
    }
    if (r.status == 404) {
      o.kind = K::none;
      break;
    }
    if (!r.ok()) {
      o.kind = K::failed;
      o.cause = ErrorKind::protocol;
      o.reason = r.describe(feed + "/urgent.json");
      break;
    }
    auto remember = [&] {
      return cache.set_meta_values({{kEtagPrefix + feed, r.etag}, {kLastModifiedPrefix + feed, r.last_modified}});
    };
    if (r.body == accepted) {  // a server without ETags: the same bytes are the same file
      o.kind = K::unchanged;
      if (r.etag != cond.etag || r.last_modified != cond.last_modified) (void)remember();
      break;
    }
    http::Result s = client.get(feed + "/urgent.sig");
    o.bytes_in += s.bytes_in;
    o.bytes_out += s.bytes_out;
    if (!s.ok()) {
      o.kind = K::failed;
      o.cause = s.transport_ok() ? ErrorKind::protocol : ErrorKind::transport;
      o.reason = s.describe(feed + "/urgent.sig");
      break;
    }
    const UnixTime now = corrected_now(cache, clock());
    auto f = check_urgent(r.body, s.body, cfg, last_version, now, r.server_date);
    if (!f) {
      o.kind = K::rejected;
      o.cause = f.kind();
      o.reason = f.error();
      // A signed file that is refused (old, expired, another channel) is not fetched again until it
      // changes; a bad signature is (a publisher may be half-way through an upload).
      if (f.kind() != ErrorKind::signature && f.kind() != ErrorKind::input) (void)remember();
      break;
    }
    if (f->version == last_version) {  // the same version from another mirror: nothing new
      o.kind = K::unchanged;
      (void)remember();
      break;
    }
    Status st = cache.set_meta_values({{kMetaUrgentJson, r.body},
                                       {kMetaUrgentVersion, std::to_string(f->version)},
                                       {"urgent.accepted_at", std::to_string(clock())},
                                       {kEtagPrefix + feed, r.etag},
                                       {kLastModifiedPrefix + feed, r.last_modified}});
    if (!st) {
      o.kind = K::failed;
      o.cause = ErrorKind::storage;
      o.reason = "cannot store urgent.json in the cache: " + st.message;
      break;
    }
    o.kind = K::accepted;
    o.version = f->version;
    o.notices = f->notices.size();
    break;
  }
  if (!answered && cfg.feeds.empty()) {
    o.kind = K::failed;
    o.cause = ErrorKind::input;
    o.reason = "no feeds configured (sync.feeds)";
  }
  // The outcome for the staff screen, written only when it changes (an unchanged poll writes nothing).
  if (o.kind != K::unchanged) {
    const std::string line = o.line();
    if (meta_text(cache, kMetaUrgentLastResult) != line)
      (void)cache.set_meta_values({{kMetaUrgentLastResult, line}, {kMetaUrgentLastError, o.ok() ? "" : line}});
  }
  return o;
}

// ---- The poller's thread.

std::chrono::milliseconds UrgentPoller::configured_interval(const Config& cfg) {
  if (cfg.urgent_poll_seconds > 0) return std::chrono::seconds(cfg.urgent_poll_seconds);
  return std::chrono::minutes(std::max(0, cfg.urgent_poll_minutes));
}

UrgentPoller::UrgentPoller(Config cfg, Options opt) : cfg_(std::move(cfg)), opt_(std::move(opt)) {
  if (!opt_.clock) opt_.clock = system_now;
  if (opt_.interval.count() <= 0) opt_.interval = configured_interval(cfg_);
  opt_.http.cancel = &stop_;
  // A small file: a short deadline, so a dead mirror does not hold the next poll back long.
  opt_.http.max_body_bytes = bundle::kMaxUrgentBytes;
  status_.interval = opt_.interval;
}

UrgentPoller::~UrgentPoller() { stop(); }

void UrgentPoller::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || opt_.interval.count() <= 0) return;
  stop_ = false;
  status_.running = true;
  thread_ = std::thread([this] { run(); });
}

void UrgentPoller::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    wake_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  status_.running = false;
}

void UrgentPoller::poll_now() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

UrgentStatus UrgentPoller::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

int UrgentPoller::polls() const {
  std::lock_guard lock(mu_);
  return polls_;
}

void UrgentPoller::run() {
  std::mt19937_64 rng(opt_.seed ? opt_.seed : std::random_device{}());
  const double jitter = std::clamp(cfg_.sync_jitter_percent, 0, 100) / 100.0;
  auto spread = [&](std::chrono::milliseconds d, double down_only) {
    std::uniform_real_distribution<double> u(down_only ? 1.0 - jitter : 1.0 - jitter / 2, down_only ? 1.0 : 1.0 + jitter / 2);
    return std::chrono::milliseconds(std::max<std::int64_t>(200, static_cast<std::int64_t>(double(d.count()) * u(rng))));
  };
  std::unique_ptr<Cache> cache;
  std::unique_ptr<http::Client> client;
  auto delay = spread(std::min(opt_.first_delay, opt_.interval), true);
  while (!stop_) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, delay, [&] { return stop_.load() || wake_; });
      wake_ = false;
      if (stop_) break;
    }
    delay = spread(opt_.interval, false);
    UrgentOutcome o;
    try {
      if (!cache) {
        auto opened = Cache::open(opt_.database, Cache::Mode::writer);
        if (!opened) {
          o.reason = "cannot open the content database: " + opened.error();
          o.cause = ErrorKind::storage;
        } else {
          cache = std::move(*opened);
        }
      }
      if (cache) {
        if (!client) client = std::make_unique<http::Client>(opt_.http);
        o = poll_urgent(cfg_, *cache, *client, opt_.clock);
      }
    } catch (const std::exception& e) {
      o = UrgentOutcome{};
      o.reason = std::string("internal error in the urgent poll: ") + e.what();
    }
    if (!o.ok() && o.cause != ErrorKind::cancelled) log::warn("sync", "urgent notices: " + o.line());
    if (o.kind == UrgentOutcome::Kind::accepted) log::info("sync", "urgent notices: " + o.line() + " from " + o.source);
    bool changed = false;
    {
      std::lock_guard lock(mu_);
      ++polls_;
      status_.last_poll = opt_.clock();
      changed = status_.last_result != o.line();
      status_.last_result = o.line();
      status_.last_ok = o.ok();
      if (o.kind == UrgentOutcome::Kind::accepted || o.kind == UrgentOutcome::Kind::unchanged) status_.version = o.version;
    }
    if (o.kind == UrgentOutcome::Kind::accepted && on_accepted) on_accepted(o.version);
    if (changed && on_polled) on_polled();  // an unchanged poll does not wake the screens
  }
  std::lock_guard lock(mu_);
  status_.running = false;
}

}  // namespace tramtin::sync
