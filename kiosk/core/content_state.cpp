// The UI thread's view of the content (see content_state.h). Layer: tramtin_kiosk_core.
#include "kiosk/core/content_state.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "content/base/log.h"
#include "content/base/time.h"
#include "content/store/repair.h"
#include "content/sync/apply.h"
#include "content/sync/urgent.h"
#include "kiosk/core/glyph_cache.h"

namespace tramtin {

UnixTime corrected_clock(UnixTime local, std::int64_t offset, UnixTime checked_at) {
  if (offset <= 0 || checked_at <= 0) return local;
  if (local >= checked_at + offset) return local;  // the clock has been set right since
  return local + offset;
}

Result<ContentState::GlyphTexts> scan_glyph_texts(const std::string& db_path) {
  auto c = Cache::open(db_path, Cache::Mode::reader);
  if (!c) return c.status();
  auto texts = content_texts(**c);
  if (!texts) return texts.status();
  // The urgent fast path's notices are not in the items table: their letters must be in the atlas too.
  if (auto fast = sync::accepted_urgent(**c))
    for (const auto& n : fast->notices) texts->push_back(item_to_json(n));
  auto by_lang = texts_by_language(*texts);
  for (auto& [lang, chars] : by_lang) chars = distinct_text(chars);  // what the atlas needs: each character once
  return by_lang;
}

ContentState::~ContentState() {
  if (glyph_job_.valid()) glyph_job_.wait();
}

Status ContentState::open(const Config& config, const std::string& sample_dir, UnixTime now) {
  db_path_ = config.database;
  glyph_cache_path_ = config.data_dir.empty() ? std::string() : config.data_dir + "/font-cache/glyphs";
  // A power cut on a cheap SD card, a full disk: a damaged cache is set aside (one copy kept) and
  // rebuilt, instead of an empty home screen with the cause only in the log: from the last good
  // bundle the sync kept in its staging folder (with every check of a sync), else from the
  // bundled sample pack.
  auto check = check_cache_file(config.database);
  if (!check) return check.status();
  std::string rebuilt_from = "sample";
  std::string rebuilt_words = "the bundled sample pack; the next sync brings the published content back";
  if (check->repaired) {
    const std::string last_good = sync::last_good_bundle_dir(config);
    std::error_code ec;
    if (std::filesystem::is_regular_file(last_good + "/manifest.json", ec)) {
      std::filesystem::create_directories(std::filesystem::path(config.database).parent_path(), ec);
      auto w = Cache::open(config.database, Cache::Mode::writer);
      if (w) {
        auto o = sync::import_bundle(config, **w, last_good, last_good, [now] { return now; }, {}, "repair");
        if (o.kind == sync::SyncOutcome::Kind::applied) {
          rebuilt_from = "last-good-bundle";
          rebuilt_words = "the last good bundle on disk (version " + format_version(o.version) + ")";
        } else {
          log::warn("content", "the last good bundle in " + last_good + " cannot rebuild the cache: " + o.line());
        }
      } else {
        log::warn("content", "cannot open the new cache to rebuild it: " + w.error());
      }
    }
  }
  auto first = ensure_first_boot_content(config.database, sample_dir, now);
  if (!first) return first.status();
  log::info("content", *first);
  if (check->repaired) {
    log::error("content", "the content cache was damaged (" + check->problem + "); kept as " + check->kept_copy +
                              ", rebuilt from " + rebuilt_words);
    auto w = Cache::open(config.database, Cache::Mode::writer);
    Status st = w ? (*w)->set_meta_values({{kMetaRepairAt, std::to_string(now)},
                                           {kMetaRepairProblem, check->problem},
                                           {kMetaRepairFrom, rebuilt_from}})
                  : w.status();
    if (!st) log::warn("content", "cannot record the repair for the staff screen: " + st.message);
  }
  auto c = Cache::open(config.database, Cache::Mode::reader);
  if (!c) return Status::error(c.kind(), "cannot open the content cache: " + c.error(), c.status().sqlite_code);
  cache_ = std::move(*c);
  search_ = std::make_unique<Search>(*cache_);
  reload_globals(now, false);
  return {};
}

void ContentState::reload_globals(UnixTime now, bool glyphs_in_background) {
  auto dv = cache_->data_version();
  data_version_ = dv ? *dv : 0;
  std::int64_t content_version = 0;
  if (auto meta = cache_->content_meta()) applied_at_ = meta->applied_at, content_version = meta->version;
  auto meta_i64 = [&](const char* key) -> std::int64_t {
    auto v = cache_->meta_value(key);
    return v && *v ? std::atoll((*v)->c_str()) : 0;
  };
  clock_offset_ = meta_i64("sync.clock_offset");
  clock_checked_at_ = meta_i64("sync.clock_checked_at");
  fast_urgent_ = sync::accepted_urgent(*cache_);
  std::string identity = std::to_string(content_version) + "/" + std::to_string(applied_at_) + "/" +
                         std::to_string(fast_urgent_ ? fast_urgent_->version : 0);
  if (identity == content_identity_) return;
  content_identity_ = std::move(identity);
  strings_ = Strings();
  if (auto cs = content_strings(*cache_, now)) {
    for (const auto& [lang, table] : *cs) strings_.add(lang, table);
  } else {
    log::warn("content", "UI strings from content unreadable: " + cs.error());
  }
  view_key_.clear();
  // The scan's result is kept under the content's identity: a start with content seen before reads
  // a few KB instead of parsing every item document.
  const std::string glyph_key = db_path_ + " " + content_identity_;
  if (!glyphs_in_background) {
    if (!glyph_cache_path_.empty())
      if (auto cached = read_glyph_cache(glyph_cache_path_, glyph_key)) {
        glyph_texts_ = std::move(*cached);
        log::debug("content", "glyph scan read from " + glyph_cache_path_);
        return;
      }
    glyphs_in_background = scan_cold_in_background_;
  }
  if (!glyphs_in_background) {
    if (auto g = scan_glyph_texts(db_path_)) {
      glyph_texts_ = std::move(*g);
      if (!glyph_cache_path_.empty())
        if (Status st = write_glyph_cache(glyph_cache_path_, glyph_key, glyph_texts_); !st)
          log::debug("content", "glyph scan not kept: " + st.message);
    } else {
      log::warn("content", "glyph scan: " + g.error());
    }
    return;
  }
  if (glyph_job_.valid()) glyph_job_.wait();  // an older scan: its result is superseded
  glyph_job_ = std::async(std::launch::async, [path = db_path_, keep = glyph_cache_path_, glyph_key,
                                               done = on_glyphs_ready]() -> GlyphTexts {
    auto g = scan_glyph_texts(path);
    if (!g) log::warn("content", "glyph scan: " + g.error());
    else if (!keep.empty())
      if (Status st = write_glyph_cache(keep, glyph_key, *g); !st) log::debug("content", "glyph scan not kept: " + st.message);
    if (done) done();
    return g ? std::move(*g) : GlyphTexts{};
  });
}

bool ContentState::take_glyph_texts() {
  if (!glyph_job_.valid() || glyph_job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
  GlyphTexts g = glyph_job_.get();
  if (g.empty()) return false;  // the scan failed: keep the characters we had
  glyph_texts_ = std::move(g);
  return true;
}

bool ContentState::refresh(const Session& session, UnixTime now) {
  if (!cache_) return false;
  auto dv = cache_->data_version();
  if (dv && *dv != data_version_) reload_globals(now, true);
  const std::string key = view_key(session, data_version_);
  // Visibility changes only at the scheduled moments; a clock set back may hide what was live.
  const bool scheduled = next_change_at_ > 0 && now >= next_change_at_;
  if (key == view_key_ && !scheduled && now >= view_now_) return false;
  view_ = load_view(*cache_, *search_, session, now);
  merge_fast_urgent(view_, *cache_, fast_urgent_ ? &fast_urgent_->notices : nullptr,
                    fast_urgent_ ? fast_urgent_->expires_at : 0, session.language, now);
  if (!view_.error.empty())
    log::error("content", "loading " + std::string(screen_name(session.current().screen)) + ": " + view_.error);
  view_key_ = key;
  view_now_ = now;
  if (std::string fp = view_fingerprint(view_); fp != view_fingerprint_) {
    view_fingerprint_ = std::move(fp);
    ++view_serial_;
  }
  next_change_at_ = 0;
  auto sooner = [&](UnixTime t) {
    if (t > now && (next_change_at_ == 0 || t < next_change_at_)) next_change_at_ = t;
  };
  if (auto t = cache_->next_visibility_change(now)) sooner(*t);
  else log::warn("content", "next scheduled change: " + t.error());
  if (fast_urgent_) {
    sooner(fast_urgent_->expires_at);
    for (const auto& n : fast_urgent_->notices) sooner(n.publish_at), sooner(n.expire_at);
  }
  return true;
}

}  // namespace tramtin
