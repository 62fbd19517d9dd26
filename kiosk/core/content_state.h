// What the UI thread knows of the content: its read-only cache connection and search, the UI
// strings, the characters each language may show (for the font atlas), when the content was
// applied, and the view of the current screen. Everything is loaded BETWEEN frames.
// Layer: tramtin_kiosk_core (tramtin_content's API; no SDL, no ImGui, no SQL).
//
// After the sync worker commits new content, refresh() notices (the cache's data version), reloads
// the strings and starts the glyph scan (every item document read and parsed) on a thread of its
// own with its own connection; when it ends, on_glyphs_ready fires (the app wakes its loop) and
// take_glyph_texts() hands the result over so the atlas is rebuilt between frames.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "content/settings/config.h"
#include "content/store/cache.h"
#include "content/store/search.h"
#include "content/sync/urgent.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/session.h"
#include "kiosk/core/view_model.h"

namespace tramtin {

// A kiosk without an RTC battery boots in 1970 or at its last shutdown; the sync worker then
// learns from the feed's Date header how far behind it is (offset > 0, at local time checked_at).
// Until the local clock has been set right (it reaches checked_at + offset, as NTP would make it
// jump), the screens use local + offset, so notices expire and go live when they should.
UnixTime corrected_clock(UnixTime local, std::int64_t offset, UnixTime checked_at);

class ContentState {
 public:
  using GlyphTexts = std::map<std::string, std::string>;  // lang -> every character it may show

  ContentState() = default;
  ~ContentState();
  ContentState(const ContentState&) = delete;
  ContentState& operator=(const ContentState&) = delete;

  std::function<void()> on_glyphs_ready;  // called on the scan's thread; must not block

  // Opens the cache (building it from `sample_dir` on first boot) and reads strings and glyphs
  // synchronously: the first frame must already have every letter. An error means there is no
  // content to show at all: kind input when the bundled sample pack is missing on first boot,
  // storage when the cache cannot be opened.
  Status open(const Config& config, const std::string& sample_dir, UnixTime now);
  bool is_open() const { return cache_ != nullptr; }

  // Between frames: reloads what changed (content, route, language, search text, an item going
  // live or expiring, the clock set back). True when the view was reloaded.
  bool refresh(const Session& session, UnixTime now);
  // When an item next goes live or expires (a scheduled notice, the fast path's notices and
  // file): what the screens show changes then, so the loop wakes then (0: nothing scheduled).
  UnixTime next_change_at() const { return next_change_at_; }
  // Grows when a reload changed what the view shows (view_fingerprint): a scheduled change that
  // leaves the screen as it was does not move it.
  int view_serial() const { return view_serial_; }
  // True once when a background glyph scan has finished: glyph_texts() changed.
  bool take_glyph_texts();
  bool glyphs_pending() const { return glyph_job_.valid(); }  // a scan runs or waits to be taken
  // Waits for a running scan (take_glyph_texts then takes its result).
  void wait_glyph_scan() const {
    if (glyph_job_.valid()) glyph_job_.wait();
  }
  // Before open(): when the scan is not in the glyph cache, open() starts it on its thread instead
  // of reading every item first (a cold start's first screen needs none of it:
  // kiosk/platform/first_screen.cpp).
  void scan_cold_in_background(bool yes) { scan_cold_in_background_ = yes; }
  // The preview: its data folder is temporary and removed at exit, so later scans keep nothing there.
  void keep_no_glyph_cache() { glyph_cache_path_.clear(); }

  const ViewModel& view() const { return view_; }
  const Strings& strings() const { return strings_; }
  const GlyphTexts& glyph_texts() const { return glyph_texts_; }
  UnixTime applied_at() const { return applied_at_; }
  // The kiosk's clock corrected by what the last sync learnt (see corrected_clock).
  UnixTime corrected_time(UnixTime local) const { return corrected_clock(local, clock_offset_, clock_checked_at_); }
  const Cache* cache() const { return cache_.get(); }
  std::int64_t data_version() const { return data_version_; }

 private:
  void reload_globals(UnixTime now, bool glyphs_in_background);

  std::string db_path_;
  std::string glyph_cache_path_;        // <data_dir>/font-cache/glyphs (kiosk/core/glyph_cache.h)
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<Search> search_;
  ViewModel view_;
  Strings strings_;
  GlyphTexts glyph_texts_;
  std::future<GlyphTexts> glyph_job_;
  bool scan_cold_in_background_ = false;
  UnixTime applied_at_ = 0;
  std::int64_t clock_offset_ = 0;       // meta sync.clock_offset: seconds the kiosk's clock is behind
  UnixTime clock_checked_at_ = 0;       // meta sync.clock_checked_at: the kiosk's clock at that check
  std::optional<bundle::UrgentFeed> fast_urgent_;  // the urgent fast path's accepted file (meta urgent.json)
  std::int64_t data_version_ = -1;
  // What the strings and the glyph scan were built from: content version, its applied time and the
  // fast path's urgent version. Most writes to the cache are not new content (usage counts, sync and
  // report state, every attempt and every minute of use): they reload the view, not these.
  std::string content_identity_;
  std::string view_key_;
  UnixTime view_now_ = -1;              // the clock the view was loaded at
  UnixTime next_change_at_ = 0;         // see next_change_at(); 0: nothing scheduled
  std::string view_fingerprint_;
  int view_serial_ = 0;
};

// The glyph scan itself: every character of every item document, by language, read through a
// connection of its own (so it may run on any thread).
Result<ContentState::GlyphTexts> scan_glyph_texts(const std::string& db_path);

}  // namespace tramtin
