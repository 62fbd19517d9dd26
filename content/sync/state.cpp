// The sync state in the cache's meta table: the outcome words, the attempt record (bytes per
// Vietnam day, failure count) and what each feed last served. Layer: tramtin_content, content/sync/.
#include "content/sync/state.h"

#include <chrono>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include "content/base/time.h"

namespace tramtin::sync {

UnixTime system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string SyncOutcome::line() const {
  switch (kind) {
    case Kind::up_to_date: return "up to date";
    case Kind::applied: return "applied version " + std::to_string(version);
    case Kind::rejected: return "rejected: " + reason;
    case Kind::failed: return "failed: " + reason;
  }
  return "failed: " + reason;
}

int SyncOutcome::exit_code() const {
  switch (kind) {
    case Kind::up_to_date:
    case Kind::applied: return 0;
    case Kind::rejected: return 1;
    case Kind::failed: return 3;
  }
  return 3;
}

namespace {

constexpr const char* kManifestShaKey = "sync.manifest_sha256";
const std::string kEtagPrefix = "sync.etag ";
const std::string kLastModifiedPrefix = "sync.last_modified ";

std::int64_t to_i64(const std::optional<std::string>& s) {
  return s ? std::strtoll(s->c_str(), nullptr, 10) : 0;
}

std::optional<std::string> meta(const Cache& cache, std::string_view key) {
  auto r = cache.meta_value(key);
  if (!r) return std::nullopt;
  return *r;
}
constexpr SyncOutcome::Kind kKinds[] = {SyncOutcome::Kind::up_to_date, SyncOutcome::Kind::applied,
                                        SyncOutcome::Kind::rejected, SyncOutcome::Kind::failed};
constexpr ErrorKind kErrorKinds[] = {ErrorKind::none,      ErrorKind::transport, ErrorKind::protocol,
                                     ErrorKind::signature, ErrorKind::storage,   ErrorKind::input,
                                     ErrorKind::cancelled};

const char* kind_key(SyncOutcome::Kind k) {
  switch (k) {
    case SyncOutcome::Kind::up_to_date: return "up_to_date";
    case SyncOutcome::Kind::applied: return "applied";
    case SyncOutcome::Kind::rejected: return "rejected";
    case SyncOutcome::Kind::failed: return "failed";
  }
  return "failed";
}

std::optional<SyncOutcome::Kind> kind_from_key(const std::string& key) {
  for (auto k : kKinds)
    if (key == kind_key(k)) return k;
  return std::nullopt;
}

ErrorKind cause_from_key(const std::string& key) {
  for (auto k : kErrorKinds)
    if (key == error_kind_name(k)) return k;
  return ErrorKind::none;
}

}  // namespace

const char* clock_source_key(SyncOutcome::ClockSource s) {
  switch (s) {
    case SyncOutcome::ClockSource::local: return "local";
    case SyncOutcome::ClockSource::server_date: return "server_date";
    case SyncOutcome::ClockSource::bundle_created: return "bundle_created";
  }
  return "local";
}

std::int64_t budget_day(UnixTime now) {
  return vietnam_day(now);
}

SyncState read_sync_state(const Cache& cache) {
  SyncState s;
  if (auto cm = cache.content_meta()) {
    s.applied_version = cm->version;
    s.applied_channel = cm->channel;
    s.applied_at = cm->applied_at;
    s.applied_source = cm->source;
  }
  s.last_attempt = to_i64(meta(cache, "sync.last_attempt"));
  s.last_success = to_i64(meta(cache, "sync.last_success"));
  s.last_result = meta(cache, "sync.last_result").value_or("");
  s.last_error = meta(cache, "sync.last_error").value_or("");
  s.bytes_day = to_i64(meta(cache, "sync.bytes_day"));
  s.bytes_today = static_cast<std::uint64_t>(to_i64(meta(cache, "sync.bytes_today")));
  s.consecutive_failures = static_cast<int>(to_i64(meta(cache, "sync.failures")));
  s.last_kind = kind_from_key(meta(cache, "sync.last_kind").value_or(""));
  s.last_cause = cause_from_key(meta(cache, "sync.last_cause").value_or(""));
  s.last_reason = meta(cache, "sync.last_reason").value_or("");
  s.last_version = to_i64(meta(cache, "sync.last_version"));
  s.clock_offset = to_i64(meta(cache, "sync.clock_offset"));
  s.clock_source = meta(cache, "sync.clock_source").value_or("");
  s.clock_checked_at = to_i64(meta(cache, "sync.clock_checked_at"));
  s.space_needed = static_cast<std::uint64_t>(to_i64(meta(cache, "sync.space_needed")));
  s.space_free = static_cast<std::uint64_t>(to_i64(meta(cache, "sync.space_free")));
  return s;
}

Status record_attempt(Cache& cache, const SyncOutcome& o, UnixTime now, bool counts_for_backoff) {
  SyncState s = read_sync_state(cache);
  const std::int64_t day = budget_day(now);
  if (s.bytes_day != day) s.bytes_today = 0;
  s.bytes_today += o.bytes_in + o.bytes_out;
  std::vector<std::pair<std::string, std::string>> kv = {
      {"sync.last_attempt", std::to_string(now)},
      {"sync.last_result", o.line()},
      {"sync.last_error", o.ok() ? std::string() : o.line()},
      {"sync.bytes_day", std::to_string(day)},
      {"sync.bytes_today", std::to_string(s.bytes_today)},
      {"sync.last_kind", kind_key(o.kind)},
      {"sync.last_cause", error_kind_name(o.cause)},
      {"sync.last_reason", o.reason},
      {"sync.last_version", std::to_string(o.version)},
      {"sync.space_needed", std::to_string(o.space_needed)},
      {"sync.space_free", std::to_string(o.space_free)},
  };
  if (o.ok()) kv.emplace_back("sync.last_success", std::to_string(now));
  if (o.clock_checked) {
    kv.emplace_back("sync.clock_offset", std::to_string(o.clock_offset));
    kv.emplace_back("sync.clock_source", clock_source_key(o.clock_source));
    kv.emplace_back("sync.clock_checked_at", std::to_string(now));
  }
  if (counts_for_backoff) kv.emplace_back("sync.failures", o.ok() ? "0" : std::to_string(s.consecutive_failures + 1));
  return cache.set_meta_values(kv);
}

http::Conditional remembered_conditional(const Cache& cache, const std::string& source) {
  http::Conditional c;
  c.etag = meta(cache, kEtagPrefix + source).value_or("");
  c.last_modified = meta(cache, kLastModifiedPrefix + source).value_or("");
  return c;
}

std::string applied_manifest_sha256(const Cache& cache) { return meta(cache, kManifestShaKey).value_or(""); }

Status remember_manifest(Cache& cache, const std::string& source, const std::string& manifest_sha256,
                         const std::string& etag, const std::string& last_modified) {
  return cache.set_meta_values(
      {{kManifestShaKey, manifest_sha256}, {kEtagPrefix + source, etag}, {kLastModifiedPrefix + source, last_modified}});
}

}  // namespace tramtin::sync
