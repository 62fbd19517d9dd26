// verify → plan → fetch → apply of one bundle from one source, the attempt over the mirror list,
// and the USB import. Layer: tramtin_content, content/sync/.
//
// [SECTION] Helpers
// [SECTION] sync_from_source
// [SECTION] sync_once and import_bundle
#include "content/sync/apply.h"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include <sys/statvfs.h>

#include <nlohmann/json.hpp>

#include "content/base/files.h"
#include "content/base/format.h"
#include "content/base/hash.h"
#include "content/base/log.h"
#include "content/base/time.h"
#include "content/bundle/bundle.h"

namespace fs = std::filesystem;

namespace tramtin::sync {

// ================================================================ [SECTION] Helpers

namespace {

struct Fail {
  SyncOutcome::Kind kind;
  ErrorKind cause;
  std::string reason;
};

std::uint64_t free_bytes(const std::string& path) {
  struct statvfs v{};
  if (::statvfs(path.c_str(), &v) != 0) return 0;
  return static_cast<std::uint64_t>(v.f_bavail) * v.f_frsize;
}

bool cancelled(const SyncOptions& opt) { return opt.http.cancel && opt.http.cancel->load(); }

// A 304's Date header moves the clock only when the kiosk is clearly behind (the header has a
// one-second grain, and the reply took some time to arrive).
constexpr std::int64_t kClockSlackSeconds = 300;

// Sleeps up to `d`, waking early when cancelled.
void pause(std::chrono::milliseconds d, const SyncOptions& opt) {
  auto until = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < until && !cancelled(opt))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

// The kind named by an item document when it is one this build does not know (nullopt otherwise,
// including when the document is not JSON at all).
std::optional<std::string> unknown_item_kind(const std::string& doc) {
  nlohmann::json j = nlohmann::json::parse(doc, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  auto k = j.find("kind");
  if (k == j.end() || !k->is_string()) return std::nullopt;
  const std::string& name = k->get_ref<const std::string&>();
  if (kind_from_name(name)) return std::nullopt;
  std::string shown;
  for (unsigned char c : name.substr(0, 40)) shown += (c < 0x20 || c == 0x7f || c == '"') ? '?' : static_cast<char>(c);
  return shown;
}

std::string describe_entry(const bundle::Entry& e) {
  if (e.kind == bundle::EntryKind::item) return "item \"" + e.id + "\" (object " + e.sha256.substr(0, 12) + "…)";
  return "media file " + e.sha256.substr(0, 12) + "… (" + e.mime + ")";
}

// Deletes objects the new content set no longer needs. Every object of the applied bundle stays
// (media too, although the cache holds them), so that with the kept manifest.json/manifest.sig the
// staging folder is the last good bundle a damaged cache is rebuilt from; partial files are left
// over from an older bundle.
void cleanup_staging(const std::string& staging, const bundle::Manifest& m, const std::string& partial_subdir) {
  std::set<std::string> keep;
  for (const auto& e : m.entries) keep.insert(e.sha256);
  for (const auto& p : m.pages) keep.insert(p.sha256 + ".json");
  std::error_code ec;
  for (const std::string& sub : {std::string("/objects"), std::string("/pages"), "/" + partial_subdir}) {
    const bool kept_here = sub == "/objects" || sub == "/pages";
    for (fs::directory_iterator it(staging + sub, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (kept_here && keep.count(name)) continue;
      fs::remove(it->path(), ec);
      ec.clear();
    }
  }
}

// After an apply: the staging folder becomes a complete bundle (the same layout as a feed or a
// stick) that ContentState can re-apply with import_bundle when the cache is found damaged. Media
// that came from the cache are written back into objects/; then manifest.sig and manifest.json,
// each atomically (a power cut between them leaves a pair that fails the signature check, and the
// repair falls back to the sample pack).
void keep_last_good_bundle(const std::string& staging, const std::vector<MediaBlob>& blobs,
                           const std::string& manifest_bytes, const std::string& sig_bytes) {
  const std::string objects = staging + "/objects";
  std::error_code ec;
  for (const auto& b : blobs) {
    const std::string path = objects + "/" + b.sha256;
    if (fs::file_size(path, ec) == b.bytes.size() && !ec) continue;
    ec.clear();
    if (Status s = write_file_atomic(path, b.bytes, /*durable=*/false); !s) {
      log::warn("sync", "cannot keep a copy of media " + b.sha256.substr(0, 12) + "… in staging: " + s.message);
      fs::remove(staging + "/manifest.json", ec);  // an incomplete copy is no last good bundle
      return;
    }
  }
  Status s = write_file_atomic(staging + "/manifest.sig", sig_bytes);
  if (s) s = write_file_atomic(staging + "/manifest.json", manifest_bytes);
  if (!s) {
    log::warn("sync", "cannot keep the applied manifest in " + staging + ": " + s.message);
    fs::remove(staging + "/manifest.json", ec);
  }
}

}  // namespace

// ================================================================ [SECTION] sync_from_source

SyncOutcome sync_from_source(BundleSource& src, const Config& cfg, Cache& cache, const std::string& staging,
                             const Clock& clock, const SyncOptions& opt) {
  SyncOutcome out;
  out.source = src.name();
  auto stage = [&](const char* s) {
    if (opt.on_stage) opt.on_stage(s);
  };
  auto done = [&](SyncOutcome::Kind kind, ErrorKind cause, std::string reason, std::int64_t version = 0) {
    out.kind = kind;
    out.cause = cause;
    out.reason = std::move(reason);
    out.version = version;
    out.bytes_in = src.bytes_in();
    out.bytes_out = src.bytes_out();
    return out;
  };
  using K = SyncOutcome::Kind;
  const UnixTime now = clock ? clock() : system_now();

  auto cm = cache.content_meta();
  if (!cm) return done(K::failed, ErrorKind::storage, "cannot read the content database: " + cm.error());
  const bool same_channel = cm->version > 0 && cm->channel == cfg.channel;

  // ---- Daily byte budget (metered links): a poll is cheap, but do not even start one past it.
  std::uint64_t budget_left = UINT64_MAX;
  if (src.remote() && cfg.daily_byte_budget > 0) {
    SyncState st = read_sync_state(cache);
    std::uint64_t used = st.bytes_day == budget_day(now) ? st.bytes_today : 0;
    auto budget = static_cast<std::uint64_t>(cfg.daily_byte_budget);
    if (used >= budget)
      return done(K::failed, ErrorKind::input,
                  "the daily data budget is used up (" + format_bytes(used) + " of " + format_bytes(budget) +
                      " today); syncing continues tomorrow (sync.daily_byte_budget)");
    budget_left = budget - used;
  }

  // ---- 1. Manifest, conditionally.
  stage("manifest");
  http::Conditional cond;
  if (same_channel) cond = remembered_conditional(cache, src.name());
  auto man = src.fetch_manifest(cond);
  if (cancelled(opt)) return done(K::failed, ErrorKind::cancelled, "stopped");
  if (!man.ok()) return done(K::failed, man.status.kind, man.status.message);
  if (man.not_modified) {
    // Nothing to check against a signed time, but the reply's Date still tells whether the kiosk
    // clock is behind: keep the offset fresh (a kiosk may poll for weeks without a new bundle).
    if (src.remote() && man.server_date > 0) {
      out.clock_checked = true;
      if (now + kClockSlackSeconds < man.server_date) {
        out.clock_source = SyncOutcome::ClockSource::server_date;
        out.clock_offset = man.server_date - now;
      }
    }
    return done(K::up_to_date, ErrorKind::none, "", cm->version);
  }

  // Remembers what this feed last served, so the next poll can be a 304.
  auto remember = [&](const std::string& bytes, const BundleSource::Fetched& f) {
    Status s = remember_manifest(cache, src.name(), sha256_hex(bytes), f.etag, f.last_modified);
    if (!s) log::warn("sync", "cannot record the manifest's ETag: " + s.message);
  };

  const std::string man_sha = sha256_hex(man.bytes);
  if (same_channel && applied_manifest_sha256(cache) == man_sha) {
    // The very manifest that is applied (a server without ETags, or one that changed its ETag).
    remember(man.bytes, man);
    return done(K::up_to_date, ErrorKind::none, "", cm->version);
  }

  // ---- 2. Signature.
  auto sig = src.fetch_signature();
  if (cancelled(opt)) return done(K::failed, ErrorKind::cancelled, "stopped");
  if (!sig.ok()) return done(K::failed, sig.status.kind, "cannot read manifest.sig: " + sig.status.message);
  auto vr = bundle::verify_manifest_signature(man.bytes, sig.bytes, cfg.trusted_keys);
  if (!vr && vr.kind() == ErrorKind::input) return done(K::failed, ErrorKind::input, vr.error());
  if (!vr && src.remote()) {
    // The publisher uploads manifest.sig just before manifest.json: a poll in between sees a pair
    // that does not match. Fetch both again once before calling the bundle bad.
    log::info("sync", "signature does not match; fetching the manifest again in case an upload was in progress");
    pause(opt.signature_retry_delay, opt);
    auto man2 = src.fetch_manifest({});
    auto sig2 = man2.ok() ? src.fetch_signature() : BundleSource::Fetched{};
    if (man2.ok() && sig2.ok()) {
      auto vr2 = bundle::verify_manifest_signature(man2.bytes, sig2.bytes, cfg.trusted_keys);
      if (vr2) {
        man = std::move(man2);
        sig = std::move(sig2);
        vr = vr2;
      }
    }
  }
  if (cancelled(opt)) return done(K::failed, ErrorKind::cancelled, "stopped");
  if (!vr) return done(K::rejected, ErrorKind::signature, vr.error());

  // ---- 3. What the signed manifest says.
  auto parsed = bundle::manifest_from_json(man.bytes);
  if (!parsed) return done(K::rejected, parsed.kind(), parsed.error());
  bundle::Manifest& m = *parsed;
  if (m.channel != cfg.channel)
    return done(K::rejected, ErrorKind::protocol,
                "the bundle is for channel \"" + m.channel + "\" but this kiosk takes \"" + cfg.channel +
                    "\" (sync.channel); check the feed address or the kiosk's channel");
  if (same_channel && m.version == cm->version) {
    remember(man.bytes, man);
    return done(K::up_to_date, ErrorKind::none, "", cm->version);
  }
  if (same_channel && m.version < cm->version)
    return done(K::rejected, ErrorKind::protocol,
                "rollback refused: the bundle has version " + std::to_string(m.version) + ", older than version " +
                    std::to_string(cm->version) + " already applied (an old or stale mirror?)");
  // A kiosk without an RTC battery boots in 1970 or at its last shutdown: a clock earlier than the
  // signed creation time is wrong. Decide with the feed's Date header (HTTP only), else created_at.
  UnixTime trusted_now = now;
  out.clock_checked = true;
  if (now < m.created_at) {
    if (src.remote() && man.server_date >= m.created_at) {
      trusted_now = man.server_date;
      out.clock_source = SyncOutcome::ClockSource::server_date;
    } else {
      trusted_now = m.created_at;
      out.clock_source = SyncOutcome::ClockSource::bundle_created;
    }
    out.clock_offset = trusted_now - now;
    log::warn("sync", "the kiosk clock (" + format_date_time(now) + ") is earlier than the bundle's creation (" +
                          format_date_time(m.created_at) + "); using " +
                          (out.clock_source == SyncOutcome::ClockSource::server_date ? "the server's time "
                                                                                     : "the bundle's time ") +
                          format_date_time(trusted_now));
  }
  if (trusted_now >= m.expires_at)
    return done(K::rejected, ErrorKind::protocol,
                "the bundle expired at " + format_date_time(m.expires_at) + " (kiosk clock: " + format_date_time(trusted_now) +
                    "); publish a new bundle, or set the kiosk's clock if it is wrong");

  // ---- 4. Objects not held yet (format 2: first the index pages whose hash changed).
  const std::string objects_dir = staging + "/objects", partial_dir = staging + "/" + opt.partial_subdir;
  const std::string pages_dir = staging + "/pages";
  std::error_code ec;
  fs::create_directories(objects_dir, ec);
  fs::create_directories(partial_dir, ec);
  if (!ec) fs::create_directories(pages_dir, ec);
  if (ec)
    return done(K::failed, ErrorKind::storage, "cannot create the staging folder " + staging + ": " + ec.message());
  if (m.format >= 2) {
    std::vector<bundle::Page> pages;
    pages.reserve(m.pages.size());
    std::size_t skipped = 0;
    for (const auto& ref : m.pages) {
      if (cancelled(opt)) return done(K::failed, ErrorKind::cancelled, "stopped");
      const std::string path = pages_dir + "/" + ref.sha256 + ".json", name = "index page " + ref.sha256.substr(0, 12) + "…";
      std::string bytes;
      if (auto held = read_file(path, ref.size); held && held->size() == ref.size && sha256_hex(*held) == ref.sha256) {
        bytes = std::move(*held);
        ++out.pages_reused;
      } else {
        auto f = src.fetch_page(ref.sha256, ref.size);
        if (cancelled(opt)) return done(K::failed, ErrorKind::cancelled, "stopped");
        if (!f.ok()) {
          const ErrorKind cause = src.remote() ? f.status.kind : ErrorKind::storage;
          return done(K::failed, cause, name + ": " + f.status.message);
        }
        if (f.bytes.size() != ref.size || sha256_hex(f.bytes) != ref.sha256)
          return done(K::rejected, ErrorKind::protocol,
                      name + " does not match the signed manifest (" + std::to_string(f.bytes.size()) + " bytes, sha256 " +
                          sha256_hex(f.bytes).substr(0, 12) + "…): it was altered, or is an older copy, on the server or on the way");
        bytes = std::move(f.bytes);
        ++out.pages_fetched;
        // Kept for the next sync (an unchanged page is not fetched again) and the last good bundle.
        if (Status ws = write_file_atomic(path, bytes, /*durable=*/false); !ws)
          log::warn("sync", "cannot keep " + name + " in " + pages_dir + ": " + ws.message);
      }
      auto page = bundle::page_from_json(bytes, ref.sha256);
      if (!page) return done(K::rejected, page.kind(), page.error());
      skipped += page->skipped_unknown;
      pages.push_back(std::move(*page));
    }
    if (skipped > 0)
      log::warn("sync", std::to_string(skipped) + " entr" + (skipped == 1 ? "y" : "ies") +
                            " of a kind this kiosk does not know were skipped (a newer publisher?); the rest is applied");
    if (Status ms = bundle::merge_pages(m, pages); !ms) return done(K::rejected, ms.kind, ms.message);
  }

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
  bool disk_full = false;
  auto note_fail = [&](K kind, ErrorKind cause, std::string why) {
    ++failures;
    // A rejection (the server holds something that is not what was signed) outranks a network failure.
    if (!first_fail || (kind == K::rejected && first_fail->kind != K::rejected))
      first_fail = Fail{kind, cause, std::move(why)};
  };
  for (int pass = 0; pass < 2 && !jobs.empty(); ++pass) {
    src.fetch_objects(jobs);
    if (cancelled(opt)) return done(K::failed, ErrorKind::cancelled, "stopped");
    std::vector<http::FileJob> again;
    std::vector<const bundle::Entry*> again_entry;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      auto& j = jobs[i];
      const bundle::Entry& e = *job_entry[i];
      out.bytes_resumed += j.resumed_from;
      if (j.result.transport == http::Transport::too_large) {
        note_fail(K::rejected, ErrorKind::protocol,
                  describe_entry(e) + ": the server sent more than the " + std::to_string(e.size) +
                      " bytes the signed manifest lists; the file there is not the one that was signed");
        continue;
      }
      if (j.result.write_errno == ENOSPC || j.result.write_errno == EDQUOT) disk_full = true;
      if (!j.result.ok()) {
        // A folder source reports its read errors through the same result: the stick, not a link.
        Status js = j.result.to_status(src.name() + "/" + j.url);
        note_fail(K::failed, src.remote() ? js.kind : ErrorKind::storage, describe_entry(e) + ": " + js.message);
        continue;
      }
      auto h = sha256_file(j.path);
      if (!h) {
        note_fail(K::failed, ErrorKind::storage, h.error());
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
        note_fail(K::rejected, ErrorKind::protocol,
                  describe_entry(e) + " does not match the signed manifest (sha256 " + h->substr(0, 12) +
                      "…): it was altered on the server or on the way");
        continue;
      }
      fs::rename(j.path, objects_dir + "/" + e.sha256, ec);
      if (ec) {
        note_fail(K::failed, ErrorKind::storage, "cannot move a download into " + objects_dir + ": " + ec.message());
        continue;
      }
      ++out.objects_fetched;
    }
    jobs = std::move(again);
    job_entry = std::move(again_entry);
  }
  if (disk_full) {
    // Partial downloads would keep the disk at 100 %: remove them all, and say what a sync needs.
    for (fs::directory_iterator it(partial_dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    }
    ec.clear();
    std::uint64_t needed = 0;
    for (const auto& e : m.entries) {
      auto size = fs::file_size(objects_dir + "/" + e.sha256, ec);
      if ((ec || size != e.size) && !media_from_cache.count(e.sha256)) needed += e.size;
      ec.clear();
    }
    out.space_needed = needed;
    out.space_free = free_bytes(staging);
    return done(K::failed, ErrorKind::storage,
                "the disk is full: this update needs " + format_bytes(needed) + " and " +
                    format_bytes(out.space_free) + " is free in " + staging +
                    "; partial downloads were removed. Free some space (or use a larger card), then sync again");
  }
  if (first_fail) {
    std::string why = first_fail->reason;
    if (failures > 1) why += " (and " + std::to_string(failures - 1) + " more object(s))";
    return done(first_fail->kind, first_fail->cause, why);
  }
  if (budget_short)
    return done(K::failed, ErrorKind::input,
                "the daily data budget (" + format_bytes(static_cast<std::uint64_t>(cfg.daily_byte_budget)) +
                    ") does not cover this update; part of it was downloaded, the rest follows tomorrow");
  (void)need_bytes;

  // ---- 5. Parse and apply, all or nothing; one apply at a time per cache and staging folder.
  std::unique_lock<std::mutex> apply_guard;
  if (opt.apply_lock) apply_guard = std::unique_lock<std::mutex>(*opt.apply_lock);
  if (opt.apply_lock) {
    // Another source (a USB stick) may have applied while this one downloaded.
    auto now_meta = cache.content_meta();
    if (!now_meta) return done(K::failed, ErrorKind::storage, "cannot read the content database: " + now_meta.error());
    if (now_meta->version > 0 && now_meta->channel == cfg.channel && m.version <= now_meta->version)
      return done(K::up_to_date, ErrorKind::none, "", now_meta->version);
  }
  stage("apply");
  // Only what differs from the cache is read, parsed and written: an item whose object hash is the
  // one it was applied from is the same document.
  auto held_items = cache.item_object_hashes();
  if (!held_items) return done(K::failed, ErrorKind::storage, "cannot read the content database: " + held_items.error());
  auto held_media_list = cache.media_hashes();
  if (!held_media_list)
    return done(K::failed, ErrorKind::storage, "cannot read the content database: " + held_media_list.error());
  std::map<std::string, std::string> held(held_items->begin(), held_items->end());
  std::set<std::string> held_media(held_media_list->begin(), held_media_list->end());

  ContentChanges changes;
  std::vector<MediaBlob> blobs;  // media that came from the cache, written back into staging
  std::set<std::string> media_in_bundle, ids_in_bundle;
  std::size_t unknown_kinds = 0;
  for (const auto& e : m.entries) {
    if (cancelled(opt)) return done(K::failed, ErrorKind::cancelled, "stopped");
    if (e.kind == bundle::EntryKind::item) ids_in_bundle.insert(e.id);
    else media_in_bundle.insert(e.sha256);
    if (e.kind == bundle::EntryKind::item) {
      if (auto h = held.find(e.id); h != held.end() && h->second == e.sha256) continue;  // unchanged
    } else if (held_media.count(e.sha256)) {
      if (auto it = media_from_cache.find(e.sha256); it != media_from_cache.end())
        blobs.push_back(MediaBlob{e.sha256, e.mime, std::move(it->second)});
      continue;
    }
    const std::string obj = objects_dir + "/" + e.sha256;
    std::string bytes;
    if (auto it = media_from_cache.find(e.sha256); it != media_from_cache.end()) {
      bytes = std::move(it->second);
    } else {
      auto b = read_file(obj, e.size);
      if (!b || sha256_hex(*b) != e.sha256) {
        // A stored copy went bad since it was checked (power cut before the data reached the card).
        fs::remove(obj, ec);
        return done(K::failed, ErrorKind::storage, "the stored copy of " + describe_entry(e) +
                                   " was damaged (power cut?); it will be downloaded again");
      }
      bytes = std::move(*b);
    }
    if (e.kind == bundle::EntryKind::item) {
      std::string err;
      auto item = item_from_json(bytes, &err);
      if (!item) {
        // An item of a kind this build does not know (added by a newer publisher) is skipped, so
        // an old kiosk still takes the rest of the bundle; anything else wrong refuses the bundle.
        if (auto kind = unknown_item_kind(bytes)) {
          log::warn("sync", describe_entry(e) + " is of kind \"" + *kind +
                                "\", which this kiosk does not know; skipped (update the kiosk software to show it)");
          ++unknown_kinds;
          if (held.count(e.id)) changes.remove.push_back(e.id);  // its known predecessor goes
          continue;
        }
        return done(K::rejected, ErrorKind::protocol, describe_entry(e) + " is not a valid item document: " + err);
      }
      if (item->id != e.id)
        return done(K::rejected, ErrorKind::protocol, describe_entry(e) + " holds item \"" + item->id + "\" instead");
      changes.upsert.push_back(std::move(*item));
      changes.upsert_sha256.push_back(e.sha256);
    } else {
      changes.add_media.push_back(MediaBlob{e.sha256, e.mime, bytes});
      blobs.push_back(MediaBlob{e.sha256, e.mime, std::move(bytes)});
    }
  }
  for (const Item& it : changes.upsert)
    for (const MediaRef& mr : it.media)
      if (!media_in_bundle.count(mr.sha256))
        return done(K::rejected, ErrorKind::protocol, "item \"" + it.id + "\" uses media " + mr.sha256.substr(0, 12) +
                                     "… that the bundle does not contain");
  for (const auto& [id, sha] : held)
    if (!ids_in_bundle.count(id)) changes.remove.push_back(id);
  for (const std::string& h : held_media)
    if (!media_in_bundle.count(h)) changes.remove_media.push_back(h);
  out.items_written = static_cast<int>(changes.upsert.size());
  out.items_removed = static_cast<int>(changes.remove.size());
  out.items_skipped = static_cast<int>(unknown_kinds);

  ReplaceHooks hooks;
  hooks.after_item = [&](std::size_t, std::size_t) -> Status {
    return cancelled(opt) ? Status::error(ErrorKind::cancelled, "stopped") : Status{};
  };
  ContentMeta meta_in{m.version, m.channel, trusted_now, src.name()};
  auto t0 = std::chrono::steady_clock::now();
  Status s = cache.apply_changes(changes, meta_in, hooks);
  out.apply_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!s) {
    if (cancelled(opt) || s.kind == ErrorKind::cancelled) return done(K::failed, ErrorKind::cancelled, "stopped");
    // The cache's own validation refused the content: the bundle is wrong, not this kiosk.
    if (s.kind == ErrorKind::input)
      return done(K::rejected, ErrorKind::protocol, "the content is not valid: " + s.message);
    if (s.disk_full()) {
      // The apply was rolled back: the kiosk shows the content it had. Say what would make room.
      std::string dir = fs::path(cache.path()).parent_path().string();
      if (dir.empty()) dir = ".";
      out.space_needed = m.total_bytes();
      out.space_free = free_bytes(dir);
      return done(K::failed, ErrorKind::storage,
                  "the disk is full: the content database could not grow to take this update (it holds " +
                      format_bytes(out.space_needed) + "; " + format_bytes(out.space_free) + " is free in " +
                      dir +
                      "); the kiosk keeps the content it had. Free some space (or use a larger card), then sync again (" +
                      s.message + ")");
    }
    return done(K::failed, s.kind, "cannot write the content database: " + s.message);
  }
  remember(man.bytes, man);

  stage("cleanup");
  keep_last_good_bundle(staging, blobs, man.bytes, sig.bytes);
  if (opt.cleanup) cleanup_staging(staging, m, opt.partial_subdir);
  log::info("sync", "applied version " + std::to_string(m.version) + " from " + src.name() + ": " +
                        std::to_string(out.objects_fetched) + " objects fetched, " +
                        std::to_string(out.objects_reused) + " reused");
  return done(K::applied, ErrorKind::none, "", m.version);
}

// ================================================================ [SECTION] sync_once and import_bundle

SyncOutcome sync_once(const Config& cfg, Cache& cache, const std::string& staging_dir, const Clock& clock,
                      const SyncOptions& opt) {
  const UnixTime started = clock ? clock() : system_now();
  SyncOutcome result;
  if (cfg.feeds.empty()) {
    result.kind = SyncOutcome::Kind::failed;
    result.cause = ErrorKind::input;
    result.reason = "no feed is configured (sync.feeds is empty); add the address of the bundle server";
  } else {
    // Mirrors in order: the first that gives an acceptable answer wins. When all fail, say what
    // each one said; "rejected" wins over "failed" (a bundle was there and was refused).
    std::vector<SyncOutcome> tries;
    for (const auto& feed : cfg.feeds) {
      auto src = http_source(feed, opt.http, opt.concurrency);
      SyncOutcome o = sync_from_source(*src, cfg, cache, staging_dir, clock, opt);
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
      auto rejected = std::find_if(tries.begin(), tries.end(),
                                   [](const SyncOutcome& o) { return o.kind == SyncOutcome::Kind::rejected; });
      const bool any_rejected = rejected != tries.end();
      const ErrorKind cause = any_rejected ? rejected->cause : tries.front().cause;
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
      result.cause = cause;
      result.bytes_in = in;
      result.bytes_out = out;
    }
  }
  // The attempt is recorded on the kiosk's own clock (the daily byte budget counts by it); the
  // offset a wrong clock needs is recorded beside it (SyncState::clock_offset).
  if (Status s = record_attempt(cache, result, started); !s)
    log::warn("sync", "cannot record the sync status: " + s.message);
  return result;
}

SyncOutcome import_bundle(const Config& cfg, Cache& cache, const std::string& staging_dir, const std::string& folder,
                          const Clock& clock, const SyncOptions& opt, const std::string& label) {
  const UnixTime now = clock ? clock() : system_now();
  auto src = folder_source(folder, label);
  SyncOutcome o = sync_from_source(*src, cfg, cache, staging_dir, clock, opt);
  if (Status s = record_attempt(cache, o, now, /*counts_for_backoff=*/false); !s)
    log::warn("sync", "cannot record the import status: " + s.message);
  return o;
}

std::string last_good_bundle_dir(const Config& cfg) { return cfg.data_dir + "/staging"; }

}  // namespace tramtin::sync
