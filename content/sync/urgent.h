// The urgent fast path on the kiosk: polls <feed>/urgent.json (content/bundle/urgent.h) on a timer
// of its own with a conditional GET, fetches urgent.sig only when the file changed, checks it with
// the rules of bundles, and keeps the accepted file in the cache's meta table for the screens.
// Layer: tramtin_content, content/sync/ (uses http.h and state.h; never SDL: the kiosk passes a
// callback that wakes its loop).
//
// The checks, as for a manifest: a trusted key's signature (sync.trusted_keys), the kiosk's channel,
// a version newer than the last accepted one (equal: unchanged; older: rollback refused), not expired
// at the kiosk's clock (corrected as the bundle sync learnt, and by the reply's Date header when the
// clock is earlier than the file's creation). A feed without urgent.json (404) is not a failure.
//
// Meta keys: urgent.json (the accepted text), urgent.version, urgent.accepted_at, urgent.etag <feed>,
// urgent.last_modified <feed>, urgent.last_result / urgent.last_error (written only when they change:
// an unchanged poll writes nothing, so the screens' cache sees no change every five minutes).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "content/bundle/urgent.h"
#include "content/settings/config.h"
#include "content/store/cache.h"
#include "content/sync/http.h"
#include "content/sync/state.h"

namespace tramtin::sync {

inline constexpr const char* kMetaUrgentJson = "urgent.json";
inline constexpr const char* kMetaUrgentVersion = "urgent.version";
inline constexpr const char* kMetaUrgentLastResult = "urgent.last_result";
inline constexpr const char* kMetaUrgentLastError = "urgent.last_error";

struct UrgentOutcome {
  enum class Kind { unchanged, accepted, none, rejected, failed };
  Kind kind = Kind::failed;
  ErrorKind cause = ErrorKind::none;  // rejected / failed: whose problem (signature, protocol, transport, storage)
  std::int64_t version = 0;           // accepted / unchanged: the version in place
  std::size_t notices = 0;            // accepted: how many urgent notices it carries
  std::string reason;                 // rejected / failed: for a technician
  std::string source;                 // the feed that answered
  std::uint64_t bytes_in = 0;         // on the wire, headers included, every request of the poll
  std::uint64_t bytes_out = 0;
  bool ok() const { return kind == Kind::unchanged || kind == Kind::accepted || kind == Kind::none; }
  // "unchanged (version N)" | "accepted version N (K notices)" | "none on the feed" | "rejected: …" | "failed: …"
  std::string line() const;
};

// The checks of a bundle applied to an urgent.json and its signature. `now` is the kiosk's
// (corrected) clock; `server_date` the reply's Date header (0: none).
Result<bundle::UrgentFeed> check_urgent(std::string_view json, std::string_view sig, const Config& cfg,
                                        std::int64_t last_version, UnixTime now, UnixTime server_date = 0);

// One poll over sync.feeds in order (the first that answers decides; a transport failure tries the
// next). Accepted files are stored in `cache`; the outcome is recorded when it differs from the last.
UrgentOutcome poll_urgent(const Config& cfg, Cache& cache, http::Client& client, const Clock& clock);

// The fast path's file as last accepted (nullopt: none yet, or unreadable).
std::optional<bundle::UrgentFeed> accepted_urgent(const Cache& cache);

struct UrgentStatus {                 // for the staff screen
  bool running = false;
  UnixTime last_poll = 0;             // 0: not yet
  std::string last_result;            // UrgentOutcome::line() of the last poll
  bool last_ok = true;
  std::int64_t version = 0;           // accepted version (0: none)
  std::chrono::milliseconds interval{0};
};

// The timer and thread of the fast path, beside the bundle sync (never waits for it, never delays it).
class UrgentPoller {
 public:
  struct Options {
    std::string database;
    Clock clock;                                   // default: system_now
    std::chrono::milliseconds interval{0};         // 0: from the config (urgent_poll_seconds, else _minutes)
    std::chrono::milliseconds first_delay{3000};   // after start, spread by the jitter
    http::Options http;                            // its cancel flag is replaced by the poller's own
    std::uint64_t seed = 0;
  };
  UrgentPoller(Config cfg, Options opt);
  ~UrgentPoller();                    // stops and joins
  UrgentPoller(const UrgentPoller&) = delete;
  UrgentPoller& operator=(const UrgentPoller&) = delete;

  // Worker thread; must not block. on_accepted: a new urgent.json is in the cache (wake the screens).
  std::function<void(std::int64_t version)> on_accepted;
  std::function<void()> on_polled;    // after a poll whose result differs from the previous one

  void start();
  void stop();
  void poll_now();
  UrgentStatus status() const;
  int polls() const;

  // The interval a config asks for (0: the fast path is off).
  static std::chrono::milliseconds configured_interval(const Config& cfg);

 private:
  void run();
  Config cfg_;
  Options opt_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  UrgentStatus status_;
  int polls_ = 0;
};

}  // namespace tramtin::sync
