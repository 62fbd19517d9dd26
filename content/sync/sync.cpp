// The sync engine: verify-download-apply of one bundle, the attempt over the mirror list, the
// persisted sync state, and the background SyncWorker. Layer: tramtin_content.
//
// [SECTION] State in the meta table
// [SECTION] Verify, download, apply (shared with the USB import)
// [SECTION] HTTP source and sync_once
// [SECTION] Backoff and the worker
#include "content/sync/sync.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include <sqlite3.h>
#include <unistd.h>

#include "content/base/log.h"
#include "content/sync/sideload.h"

namespace fs = std::filesystem;

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

// ================================================================ [SECTION] State in the meta table

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

// Several meta keys in one transaction: one fsync instead of one per key.
Status put_meta(Cache& cache, const std::vector<std::pair<std::string, std::string>>& kv) {
  sqlite3* db = cache.handle();
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return Status::error(std::string("recording the sync state: ") + sqlite3_errmsg(db), sqlite3_extended_errcode(db));
  for (const auto& [k, v] : kv) {
    if (Status s = cache.set_meta_value(k, v); !s) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
  }
  if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status s = Status::error(std::string("recording the sync state: ") + sqlite3_errmsg(db), sqlite3_extended_errcode(db));
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  return {};
}

std::string format_date(UnixTime t) {
  // Vietnam time for people; the kiosk's TZ may not be set on a fresh image.
  std::time_t vt = static_cast<std::time_t>(t + 7 * 3600);
  std::tm tm{};
  gmtime_r(&vt, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%H:%M %d/%m/%Y", &tm);
  return buf;
}

std::string mb(std::uint64_t bytes) {
  char buf[32];
  if (bytes < 1000000)
    std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(bytes) / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

}  // namespace

std::int64_t budget_day(UnixTime now) {
  UnixTime t = now + 7 * 3600;
  return t >= 0 ? t / 86400 : (t - 86399) / 86400;
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
  };
  if (o.ok()) kv.emplace_back("sync.last_success", std::to_string(now));
  if (counts_for_backoff) kv.emplace_back("sync.failures", o.ok() ? "0" : std::to_string(s.consecutive_failures + 1));
  return put_meta(cache, kv);
}

// ================================================================ [SECTION] Verify, download, apply

namespace {

struct Fail {
  SyncOutcome::Kind kind;
  std::string reason;
};

bool cancelled(const SyncOptions& opt) { return opt.http.cancel && opt.http.cancel->load(); }

// Sleeps up to `d`, waking early when cancelled.
void pause(std::chrono::milliseconds d, const SyncOptions& opt) {
  auto until = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < until && !cancelled(opt))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

std::string describe_entry(const bundle::Entry& e) {
  if (e.kind == bundle::EntryKind::item) return "item \"" + e.id + "\" (object " + e.sha256.substr(0, 12) + "…)";
  return "media file " + e.sha256.substr(0, 12) + "… (" + e.mime + ")";
}

// Deletes objects the new content set no longer needs. Media live in the cache after an apply,
// so their staged copies go too; partial files are left over from an older bundle.
void cleanup_staging(const std::string& staging, const bundle::Manifest& m) {
  std::set<std::string> keep;
  for (const auto& e : m.entries)
    if (e.kind == bundle::EntryKind::item) keep.insert(e.sha256);
  std::error_code ec;
  for (const char* sub : {"/objects", "/partial"}) {
    const bool is_objects = sub[1] == 'o';
    for (fs::directory_iterator it(staging + sub, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (is_objects && keep.count(name)) continue;
      fs::remove(it->path(), ec);
      ec.clear();
    }
  }
}

}  // namespace

SyncOutcome sync_from_source(BundleSource& src, const Config& cfg, Cache& cache, const std::string& staging,
                             const Clock& clock, const SyncOptions& opt) {
  SyncOutcome out;
  out.source = src.name();
  auto stage = [&](const char* s) {
    if (opt.on_stage) opt.on_stage(s);
  };
  auto done = [&](SyncOutcome::Kind kind, std::string reason, std::int64_t version = 0) {
    out.kind = kind;
    out.reason = std::move(reason);
    out.version = version;
    out.bytes_in = src.bytes_in();
    out.bytes_out = src.bytes_out();
    return out;
  };
  using K = SyncOutcome::Kind;
  const UnixTime now = clock ? clock() : system_now();

  auto cm = cache.content_meta();
  if (!cm) return done(K::failed, "cannot read the content database: " + cm.error());
  const bool same_channel = cm->version > 0 && cm->channel == cfg.channel;

  // ---- Daily byte budget (metered links): a poll is cheap, but do not even start one past it.
  std::uint64_t budget_left = UINT64_MAX;
  if (src.remote() && cfg.daily_byte_budget > 0) {
    SyncState st = read_sync_state(cache);
    std::uint64_t used = st.bytes_day == budget_day(now) ? st.bytes_today : 0;
    auto budget = static_cast<std::uint64_t>(cfg.daily_byte_budget);
    if (used >= budget)
      return done(K::failed, "the daily data budget is used up (" + mb(used) + " of " + mb(budget) +
                                 " today); syncing continues tomorrow (sync.daily_byte_budget)");
    budget_left = budget - used;
  }

  // ---- 1. Manifest, conditionally.
  stage("manifest");
  http::Conditional cond;
  if (same_channel) {
    cond.etag = meta(cache, kEtagPrefix + src.name()).value_or("");
    cond.last_modified = meta(cache, kLastModifiedPrefix + src.name()).value_or("");
  }
  auto man = src.fetch_manifest(cond);
  if (cancelled(opt)) return done(K::failed, "stopped");
  if (!man.ok) return done(K::failed, man.error);
  if (man.not_modified) return done(K::up_to_date, "", cm->version);

  // Remembers what this feed last served, so the next poll can be a 304.
  auto remember_manifest = [&](const std::string& bytes, const BundleSource::Fetched& f) {
    std::vector<std::pair<std::string, std::string>> kv = {{kManifestShaKey, bundle::sha256_hex(bytes)}};
    kv.emplace_back(kEtagPrefix + src.name(), f.etag);
    kv.emplace_back(kLastModifiedPrefix + src.name(), f.last_modified);
    if (Status s = put_meta(cache, kv); !s) log::warn("sync", "cannot record the manifest's ETag: " + s.message);
  };

  const std::string man_sha = bundle::sha256_hex(man.bytes);
  if (same_channel && meta(cache, kManifestShaKey).value_or("") == man_sha) {
    // The very manifest that is applied (a server without ETags, or one that changed its ETag).
    remember_manifest(man.bytes, man);
    return done(K::up_to_date, "", cm->version);
  }

  // ---- 2. Signature.
  auto sig = src.fetch_signature();
  if (cancelled(opt)) return done(K::failed, "stopped");
  if (!sig.ok) return done(K::failed, "cannot read manifest.sig: " + sig.error);
  auto vr = bundle::verify_manifest_signature(man.bytes, sig.bytes, cfg.trusted_keys);
  if (!vr.ok && vr.config_error) return done(K::failed, vr.error);
  if (!vr.ok && src.remote()) {
    // The publisher uploads manifest.sig just before manifest.json: a poll in between sees a pair
    // that does not match. Fetch both again once before calling the bundle bad.
    log::info("sync", "signature does not match; fetching the manifest again in case an upload was in progress");
    pause(opt.signature_retry_delay, opt);
    auto man2 = src.fetch_manifest({});
    auto sig2 = man2.ok ? src.fetch_signature() : BundleSource::Fetched{};
    if (man2.ok && sig2.ok) {
      auto vr2 = bundle::verify_manifest_signature(man2.bytes, sig2.bytes, cfg.trusted_keys);
      if (vr2.ok) {
        man = std::move(man2);
        vr = vr2;
      }
    }
  }
  if (cancelled(opt)) return done(K::failed, "stopped");
  if (!vr.ok) return done(K::rejected, vr.error);

  // ---- 3. What the signed manifest says.
  std::string err;
  auto parsed = bundle::manifest_from_json(man.bytes, &err);
  if (!parsed) return done(K::rejected, err);
  const bundle::Manifest& m = *parsed;
  if (m.channel != cfg.channel)
    return done(K::rejected, "the bundle is for channel \"" + m.channel + "\" but this kiosk takes \"" + cfg.channel +
                                 "\" (sync.channel); check the feed address or the kiosk's channel");
  if (same_channel && m.version == cm->version) {
    remember_manifest(man.bytes, man);
    return done(K::up_to_date, "", cm->version);
  }
  if (same_channel && m.version < cm->version)
    return done(K::rejected, "rollback refused: the bundle has version " + std::to_string(m.version) +
                                 ", older than version " + std::to_string(cm->version) +
                                 " already applied (an old or stale mirror?)");
  if (now >= m.expires_at)
    return done(K::rejected, "the bundle expired at " + format_date(m.expires_at) + " (kiosk clock: " +
                                 format_date(now) + "); publish a new bundle, or set the kiosk's clock if it is wrong");

  // ---- 4. Objects not held yet.
  const std::string objects_dir = staging + "/objects", partial_dir = staging + "/partial";
  std::error_code ec;
  fs::create_directories(objects_dir, ec);
  fs::create_directories(partial_dir, ec);
  if (ec) return done(K::failed, "cannot create the staging folder " + staging + ": " + ec.message());

  std::map<std::string, std::string> media_from_cache;  // sha256 -> bytes already in the cache
  std::vector<http::FileJob> jobs;
  std::vector<const bundle::Entry*> job_entry;
  std::uint64_t need_bytes = 0;
  for (const auto& e : m.entries) {
    const std::string obj = objects_dir + "/" + e.sha256;
    auto size = fs::file_size(obj, ec);
    if (!ec && size == e.size) {
      ++out.objects_reused;
      continue;
    }
    if (!ec) fs::remove(obj, ec);  // wrong size: damaged
    ec.clear();
    if (e.kind == bundle::EntryKind::media) {
      auto held = cache.get_media(e.sha256);
      if (held && *held && (*held)->bytes.size() == e.size) {
        media_from_cache[e.sha256] = std::move((*held)->bytes);
        ++out.objects_reused;
        continue;
      }
    }
    http::FileJob j;
    j.url = "objects/" + e.sha256;
    j.path = partial_dir + "/" + e.sha256;
    j.expected_size = e.size;
    auto have = fs::file_size(j.path, ec);
    std::uint64_t left = (!ec && have <= e.size) ? e.size - have : e.size;
    ec.clear();
    need_bytes += left;
    jobs.push_back(std::move(j));
    job_entry.push_back(&e);
  }

  // Budget: fetch what fits today; the rest stays for tomorrow (objects already fetched are kept).
  bool budget_short = false;
  if (src.remote() && budget_left != UINT64_MAX) {
    std::uint64_t spent = src.bytes_in() + src.bytes_out();
    std::uint64_t room = budget_left > spent ? budget_left - spent : 0;
    std::vector<http::FileJob> fit;
    std::vector<const bundle::Entry*> fit_entry;
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      std::uint64_t cost = jobs[i].expected_size + 400;  // + headers
      if (sum + cost > room) {
        budget_short = true;
        continue;
      }
      sum += cost;
      fit.push_back(std::move(jobs[i]));
      fit_entry.push_back(job_entry[i]);
    }
    jobs = std::move(fit);
    job_entry = std::move(fit_entry);
  }

  stage("download");
  std::optional<Fail> first_fail;
  int failures = 0;
  auto note_fail = [&](K kind, std::string why) {
    ++failures;
    // A rejection (the server holds something that is not what was signed) outranks a network failure.
    if (!first_fail || (kind == K::rejected && first_fail->kind != K::rejected)) first_fail = Fail{kind, std::move(why)};
  };
  for (int pass = 0; pass < 2 && !jobs.empty(); ++pass) {
    src.fetch_objects(jobs);
    if (cancelled(opt)) return done(K::failed, "stopped");
    std::vector<http::FileJob> again;
    std::vector<const bundle::Entry*> again_entry;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      auto& j = jobs[i];
      const bundle::Entry& e = *job_entry[i];
      out.bytes_resumed += j.resumed_from;
      if (j.result.transport == http::Transport::too_large) {
        note_fail(K::rejected, describe_entry(e) + ": the server sent more than the " + std::to_string(e.size) +
                                   " bytes the signed manifest lists; the file there is not the one that was signed");
        continue;
      }
      if (!j.result.ok()) {
        note_fail(K::failed, describe_entry(e) + ": " + j.result.describe(src.name() + "/" + j.url));
        continue;
      }
      auto h = bundle::sha256_file(j.path, &err);
      if (!h) {
        note_fail(K::failed, err);
        continue;
      }
      if (*h != e.sha256) {
        fs::remove(j.path, ec);
        if (j.resumed_from > 0 && pass == 0) {
          // The prefix kept from an earlier attempt may be what is wrong: fetch it whole once.
          again.push_back(std::move(j));
          again_entry.push_back(&e);
          continue;
        }
        note_fail(K::rejected, describe_entry(e) + " does not match the signed manifest (sha256 " +
                                   h->substr(0, 12) + "…): it was altered on the server or on the way");
        continue;
      }
      fs::rename(j.path, objects_dir + "/" + e.sha256, ec);
      if (ec) {
        note_fail(K::failed, "cannot move a download into " + objects_dir + ": " + ec.message());
        continue;
      }
      ++out.objects_fetched;
    }
    jobs = std::move(again);
    job_entry = std::move(again_entry);
  }
  if (first_fail) {
    std::string why = first_fail->reason;
    if (failures > 1) why += " (and " + std::to_string(failures - 1) + " more object(s))";
    return done(first_fail->kind, why);
  }
  if (budget_short)
    return done(K::failed, "the daily data budget (" + mb(static_cast<std::uint64_t>(cfg.daily_byte_budget)) +
                               ") does not cover this update; part of it was downloaded, the rest follows tomorrow");
  (void)need_bytes;

  // ---- 5. Parse and apply, all or nothing.
  stage("apply");
  std::vector<Item> items;
  std::vector<MediaBlob> blobs;
  items.reserve(m.item_count());
  std::set<std::string> media_in_bundle;
  for (const auto& e : m.entries) {
    if (cancelled(opt)) return done(K::failed, "stopped");
    const std::string obj = objects_dir + "/" + e.sha256;
    std::string bytes;
    if (auto it = media_from_cache.find(e.sha256); it != media_from_cache.end()) {
      bytes = std::move(it->second);
    } else {
      auto b = bundle::read_file(obj, e.size, &err);
      if (!b || bundle::sha256_hex(*b) != e.sha256) {
        // A stored copy went bad since it was checked (power cut before the data reached the card).
        fs::remove(obj, ec);
        return done(K::failed, "the stored copy of " + describe_entry(e) +
                                   " was damaged (power cut?); it will be downloaded again");
      }
      bytes = std::move(*b);
    }
    if (e.kind == bundle::EntryKind::item) {
      auto item = item_from_json(bytes, &err);
      if (!item) return done(K::rejected, describe_entry(e) + " is not a valid item document: " + err);
      if (item->id != e.id)
        return done(K::rejected, describe_entry(e) + " holds item \"" + item->id + "\" instead");
      items.push_back(std::move(*item));
    } else {
      media_in_bundle.insert(e.sha256);
      blobs.push_back(MediaBlob{e.sha256, e.mime, std::move(bytes)});
    }
  }
  for (const Item& it : items)
    for (const MediaRef& mr : it.media)
      if (!media_in_bundle.count(mr.sha256))
        return done(K::rejected, "item \"" + it.id + "\" uses media " + mr.sha256.substr(0, 12) +
                                     "… that the bundle does not contain");

  ReplaceHooks hooks;
  hooks.after_item = [&](std::size_t, std::size_t) -> Status {
    return cancelled(opt) ? Status::error("stopped") : Status{};
  };
  ContentMeta meta_in{m.version, m.channel, now, src.name()};
  auto t0 = std::chrono::steady_clock::now();
  Status s = cache.replace_all(items, blobs, meta_in, hooks);
  out.apply_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!s) {
    if (cancelled(opt)) return done(K::failed, "stopped");
    // code -1: the cache's own validation (the content itself is wrong); else SQLite (storage).
    if (s.code == -1) return done(K::rejected, "the content is not valid: " + s.message);
    return done(K::failed, "cannot write the content database: " + s.message);
  }
  remember_manifest(man.bytes, man);

  stage("cleanup");
  cleanup_staging(staging, m);
  log::info("sync", "applied version " + std::to_string(m.version) + " from " + src.name() + ": " +
                        std::to_string(out.objects_fetched) + " objects fetched, " +
                        std::to_string(out.objects_reused) + " reused");
  return done(K::applied, "", m.version);
}

// ================================================================ [SECTION] HTTP source and sync_once

namespace {

class HttpSource final : public BundleSource {
 public:
  HttpSource(std::string feed, const SyncOptions& opt) : feed_(std::move(feed)), opt_(opt) {
    while (!feed_.empty() && feed_.back() == '/') feed_.pop_back();
    http::Options o = opt.http;
    o.max_body_bytes = bundle::kMaxManifestBytes;
    client_ = std::make_unique<http::Client>(o);
  }
  std::string name() const override { return feed_; }

  Fetched fetch_manifest(const http::Conditional& cond) override { return get("manifest.json", cond); }
  Fetched fetch_signature() override {
    Fetched f = get("manifest.sig", {});
    if (f.ok && f.bytes.size() > bundle::kMaxSignatureBytes) {
      f.ok = false;
      f.error = "manifest.sig is " + std::to_string(f.bytes.size()) + " bytes, not a signature";
    }
    return f;
  }
  void fetch_objects(std::vector<http::FileJob>& jobs) override {
    std::vector<std::string> rel;
    for (auto& j : jobs) {
      rel.push_back(j.url);
      j.url = feed_ + "/" + j.url;
    }
    http::get_files(jobs, opt_.concurrency, opt_.http);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      in_ += jobs[i].result.bytes_in;
      out_ += jobs[i].result.bytes_out;
      jobs[i].url = rel[i];
    }
  }
  std::uint64_t bytes_in() const override { return in_; }
  std::uint64_t bytes_out() const override { return out_; }

 private:
  Fetched get(const std::string& file, const http::Conditional& cond) {
    Fetched f;
    const std::string url = feed_ + "/" + file;
    http::Result r = client_->get(url, cond);
    in_ += r.bytes_in;
    out_ += r.bytes_out;
    f.etag = r.etag;
    f.last_modified = r.last_modified;
    if (r.transport_ok() && r.status == 304) {
      f.ok = true;
      f.not_modified = true;
    } else if (r.ok()) {
      f.ok = true;
      f.bytes = std::move(r.body);
    } else if (r.transport == http::Transport::too_large) {
      f.error = file + " from " + feed_ + " is larger than " + std::to_string(bundle::kMaxManifestBytes >> 20) +
                " MB: this is not a TramTin feed, or the server is broken";
    } else {
      f.error = r.describe(url);
    }
    return f;
  }

  std::string feed_;
  SyncOptions opt_;
  std::unique_ptr<http::Client> client_;
  std::uint64_t in_ = 0, out_ = 0;
};

}  // namespace

SyncOutcome sync_once(const Config& cfg, Cache& cache, const std::string& staging_dir, const Clock& clock,
                      const SyncOptions& opt) {
  const UnixTime started = clock ? clock() : system_now();
  SyncOutcome result;
  if (cfg.feeds.empty()) {
    result.kind = SyncOutcome::Kind::failed;
    result.reason = "no feed is configured (sync.feeds is empty); add the address of the bundle server";
  } else {
    // Mirrors in order: the first that gives an acceptable answer wins. When all fail, say what
    // each one said; "rejected" wins over "failed" (a bundle was there and was refused).
    std::vector<SyncOutcome> tries;
    for (const auto& feed : cfg.feeds) {
      HttpSource src(feed, opt);
      SyncOutcome o = sync_from_source(src, cfg, cache, staging_dir, clock, opt);
      result.bytes_in += o.bytes_in;
      result.bytes_out += o.bytes_out;
      if (o.ok()) {
        o.bytes_in = result.bytes_in;
        o.bytes_out = result.bytes_out;
        result = std::move(o);
        tries.clear();
        break;
      }
      log::warn("sync", feed + ": " + o.line());
      tries.push_back(std::move(o));
      if (cancelled(opt)) break;
    }
    if (!tries.empty()) {
      auto in = result.bytes_in, out = result.bytes_out;
      bool any_rejected = std::any_of(tries.begin(), tries.end(),
                                      [](const SyncOutcome& o) { return o.kind == SyncOutcome::Kind::rejected; });
      if (tries.size() == 1) {
        result = tries.front();
      } else {
        result = tries.front();
        result.reason.clear();
        for (const auto& t : tries) {
          if (!result.reason.empty()) result.reason += "; ";
          result.reason += t.source + ": " + t.reason;
        }
      }
      result.kind = any_rejected ? SyncOutcome::Kind::rejected : SyncOutcome::Kind::failed;
      result.bytes_in = in;
      result.bytes_out = out;
    }
  }
  if (Status s = record_attempt(cache, result, started); !s)
    log::warn("sync", "cannot record the sync status: " + s.message);
  return result;
}

// ================================================================ [SECTION] Backoff and the worker

std::chrono::milliseconds next_delay(int failures, std::chrono::milliseconds interval, int jitter_percent,
                                     std::chrono::milliseconds retry_base, std::chrono::milliseconds retry_cap,
                                     std::mt19937_64& rng) {
  using ms = std::chrono::milliseconds;
  jitter_percent = std::clamp(jitter_percent, 0, 100);
  if (failures <= 0) {
    const double spread = static_cast<double>(interval.count()) * jitter_percent / 100.0;
    std::uniform_real_distribution<double> d(-spread, spread);
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
}

void SyncWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    wake_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  status_.running = false;
  status_.busy = false;
}

void SyncWorker::request_sync_now() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

SyncStatus SyncWorker::status() const {
  std::lock_guard lock(mu_);
  return status_;
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

  std::set<std::pair<std::string, std::int64_t>> imports_tried;  // (folder, version): once per stick
  auto scan_imports = [&] {
    if (cfg_.import_watch.empty() || !cache) return;
    std::set<std::pair<std::string, std::int64_t>> seen;
    for (const auto& folder : find_bundle_folders(cfg_.import_watch)) {
      std::int64_t v = bundle::existing_bundle_version(folder);
      seen.insert({folder, v});
      if (imports_tried.count({folder, v})) continue;
      auto cm = cache->content_meta();
      if (cm && cm->channel == cfg_.channel && v <= cm->version) continue;  // nothing newer there
      imports_tried.insert({folder, v});
      {
        std::lock_guard lock(mu_);
        status_.busy = true;
        status_.stage = "import";
      }
      log::info("sync", "importing the bundle found at " + folder);
      SyncOutcome o = import_bundle(cfg_, *cache, opt_.staging_dir, folder, opt_.clock, sopt);
      log::info("sync", "import from " + folder + ": " + o.line());
      {
        std::lock_guard lock(mu_);
        status_.busy = false;
        status_.stage.clear();
        status_.state = read_sync_state(*cache);
      }
      if (o.kind == SyncOutcome::Kind::applied && on_content_applied) on_content_applied(o.version);
      if (on_status_changed) on_status_changed();
    }
    // A stick taken out and put back in is tried again.
    for (auto it = imports_tried.begin(); it != imports_tried.end();)
      it = seen.count(*it) ? std::next(it) : imports_tried.erase(it);
  };

  // The first poll too is spread, so kiosks powered on together by one breaker do not poll together.
  auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(
      static_cast<double>(opt_.first_delay.count()) *
      std::uniform_real_distribution<double>(1.0 - std::clamp(cfg_.sync_jitter_percent, 0, 100) / 100.0, 1.0)(rng)));
  auto next_watch = clock::now();
  while (!stop_) {
    if (!cache) {
      auto opened = Cache::open(opt_.database, Cache::Mode::writer);
      if (opened) {
        cache = std::move(*opened);
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
    // Sleep until the poll is due, a "sync now", or stop; scan for USB sticks meanwhile.
    for (;;) {
      auto wake_at = deadline;
      if (!cfg_.import_watch.empty()) wake_at = std::min(wake_at, next_watch);
      std::unique_lock lock(mu_);
      cv_.wait_until(lock, wake_at, [&] { return stop_.load() || wake_; });
      if (stop_) break;
      if (wake_) {
        wake_ = false;
        break;
      }
      lock.unlock();
      if (!cfg_.import_watch.empty() && clock::now() >= next_watch) {
        guarded(scan_imports);
        next_watch = clock::now() + opt_.watch_period;
        continue;
      }
      if (clock::now() >= deadline) break;
    }
    if (stop_) break;
    if (!cache) continue;

    {
      std::lock_guard lock(mu_);
      status_.busy = true;
    }
    SyncOutcome o;
    bool ran = guarded([&] { o = sync_once(cfg_, *cache, opt_.staging_dir, opt_.clock, sopt); });
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

}  // namespace tramtin::sync
