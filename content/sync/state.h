// What one sync attempt gave (SyncOutcome) and what is kept between attempts (SyncState, and what
// each feed last served, for conditional GETs), all in the cache's meta table ("sync.*" keys).
// Layer: tramtin_content, content/sync/ (uses the cache's meta API and http::Conditional; does
// not fetch or apply anything).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "content/store/cache.h"
#include "content/sync/http.h"

namespace tramtin::sync {

// The wall clock the engine uses for expiry, "applied at" and the daily budget. Tests inject one.
using Clock = std::function<UnixTime()>;
UnixTime system_now();

// Outcomes (also the last line of `tramtin --sync-once`): "up to date", "applied version N",
// "rejected: …" (the bundle itself is not acceptable: signature, channel, rollback, expiry, bad
// hash or document), "failed: …" (could not finish: network, server, disk, daily budget).
struct SyncOutcome {
  enum class Kind { up_to_date, applied, rejected, failed };
  Kind kind = Kind::failed;
  // rejected / failed: whose problem it is (signature, protocol, transport, storage, input,
  // cancelled); none for up to date / applied. Callers decide by kind and cause, never by reason.
  ErrorKind cause = ErrorKind::none;
  std::int64_t version = 0;        // applied: the new version; up_to_date: the version in place
  std::string reason;              // rejected / failed: for a technician
  std::string source;              // the feed URL or folder that gave this answer
  std::uint64_t bytes_in = 0;      // on the wire, headers included (0 for a folder import)
  std::uint64_t bytes_out = 0;
  int objects_fetched = 0;         // downloaded (or copied from the folder) in this attempt
  int objects_reused = 0;          // already held, not fetched again
  int pages_fetched = 0;           // format 2: index pages downloaded (their hash changed)
  int pages_reused = 0;            // format 2: index pages already held from an earlier sync
  int items_written = 0;           // applied: items new or changed (the others were not touched)
  int items_removed = 0;           // applied: items no longer in the bundle
  int items_skipped = 0;           // applied: items of a kind this kiosk does not know (logged)
  std::uint64_t bytes_resumed = 0; // partial downloads that were continued, not restarted
  double apply_seconds = 0;        // time spent in the SQLite transaction
  // A wrong clock (no RTC battery: 1970, or the last shutdown time). When the kiosk's clock is
  // earlier than the signed manifest's created_at, expiry and the applied-at time use a trusted
  // time instead: the feed's HTTP Date header (never a folder's), else created_at as a floor.
  // clock_checked: a signed manifest was compared with the clock in this attempt.
  enum class ClockSource { local, server_date, bundle_created };
  // failed for lack of disk space: what the missing objects need and what was free (else 0).
  std::uint64_t space_needed = 0;
  std::uint64_t space_free = 0;
  bool clock_checked = false;
  ClockSource clock_source = ClockSource::local;
  std::int64_t clock_offset = 0;   // trusted time - kiosk clock, seconds (0 when the clock was fine)

  bool ok() const { return kind == Kind::up_to_date || kind == Kind::applied; }
  // "up to date" | "applied version N" | "rejected: …" | "failed: …"
  std::string line() const;
  // 0 up to date / applied, 1 rejected, 3 failed (documented for `tramtin --sync-once`).
  int exit_code() const;
};

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
  // The last attempt as values, so a screen words it without reading last_result: nullopt when
  // none was recorded (or by a build before these keys existed).
  std::optional<SyncOutcome::Kind> last_kind;
  ErrorKind last_cause = ErrorKind::none;
  std::string last_reason;         // rejected / failed: why (SyncOutcome::reason)
  std::int64_t last_version = 0;   // applied / up to date: the version
  std::int64_t bytes_day = 0;      // the day (Vietnam time, days since epoch) bytes_today counts
  std::uint64_t bytes_today = 0;
  int consecutive_failures = 0;
  // The kiosk clock as the last signed manifest judged it (meta keys sync.clock_offset,
  // sync.clock_source, sync.clock_checked_at). clock_offset: seconds to add to the kiosk's clock
  // (0: it was not behind); clock_source: "local", "server_date" or "bundle_created".
  std::int64_t clock_offset = 0;
  std::string clock_source;
  UnixTime clock_checked_at = 0;   // the kiosk clock at that check (0: never); add clock_offset for the true time
  // The last attempt failed on a full disk: bytes the update needs and bytes that were free (meta
  // sync.space_needed / sync.space_free; both 0 otherwise).
  std::uint64_t space_needed = 0;
  std::uint64_t space_free = 0;
};
const char* clock_source_key(SyncOutcome::ClockSource s);  // "local", "server_date", "bundle_created"
SyncState read_sync_state(const Cache& cache);
// Adds the attempt to the state (bytes into the right day, failure count) and stores it.
// counts_for_backoff = false for USB imports: a bad stick must not slow down network polls.
Status record_attempt(Cache& cache, const SyncOutcome& outcome, UnixTime now, bool counts_for_backoff = true);
std::int64_t budget_day(UnixTime now);  // days since epoch in Vietnam time (UTC+7)

// ---- What each source last served, so the next poll can be a 304, and a manifest identical to
// the applied one (a server without ETags) is known without checking it again.
http::Conditional remembered_conditional(const Cache& cache, const std::string& source);
std::string applied_manifest_sha256(const Cache& cache);  // "" when none is recorded
Status remember_manifest(Cache& cache, const std::string& source, const std::string& manifest_sha256,
                         const std::string& etag, const std::string& last_modified);

}  // namespace tramtin::sync
