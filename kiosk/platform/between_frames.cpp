// Between frames: the idle clock, the content and the fonts it needs, the staff figures on their
// timer, the pictures of the current view, and the intents a frame emitted. Nothing here runs
// inside a frame. Layer: tramtin (part of App; see app_impl.h).
#include <algorithm>
#include <cmath>

#include "content/base/files.h"
#include "content/base/log.h"
#include "content/store/repair.h"
#include "kiosk/platform/app_impl.h"

namespace tramtin {

// Idle: after idle_timeout the kiosk forgets the last visitor; after attract_after it shows the
// slideshow. Called before every frame and when the loop wakes at a deadline.
void App::Impl::tick_idle() {
  switch (idle->poll(now_s())) {
    case IdleClock::Due::nothing:
      break;
    case IdleClock::Due::reset:
      log::info("app", "idle: back to home with the default language, size and contrast");
      stop_listening("idle reset");
      usage.session_reset(wall());
      flush_usage();
      reset_session(session, defaults);
      drag.stop();
      want_frames(2, "idle reset");
      break;
    case IdleClock::Due::attract:
      stop_listening("slideshow");
      usage.session_reset(wall());
      flush_usage();
      reset_session(session, defaults);
      drag.stop();
      apply_intent(session, make_intent(Intent::Type::open, Route{ScreenId::attract, {}}));
      attract_next_frame_s = now_s();
      want_frames(2, "slideshow starts");
      break;
  }
  if (idle->attract_showing() && now_s() >= attract_next_frame_s) want_frames(1, "next slide");
  if (corner.tick(ms_now())) open_staff();
}

// When the loop must next wake without input, and why. Only what changes a pixel draws: the
// clock's minute where the header shows it, the next slide, the banner's next turn, an item going
// live or expiring (ContentState::next_change_at), the staff screen's countdown. The idle timers,
// the corner hold and the end of the maintenance screen wake the loop to check; what they do asks
// for its own frames. Nothing else wakes it: no frame is drawn to find out that nothing changed.
App::Impl::Deadline App::Impl::next_deadline() const {
  const double now = now_s();
  const std::int64_t wall_now = wall();
  Deadline d{1e9, "nothing", false};
  auto sooner = [&](double in_s, const char* why, bool draws) {
    if (in_s < d.in_s) d = {in_s, why, draws};
  };
  const bool attract = idle->attract_showing();
  if (opt.maintenance) {
    sooner(kMaintenanceSeconds - now + 0.01, "maintenance over", false);
  } else {
    if (!attract) sooner(60.0 - std::fmod(double(wall_now), 60.0) + 0.01, "clock minute", true);  // the header's clock
    // Several urgent notices take turns in the banner: wake for the next turn, not before.
    if (content.view().urgent.size() > 1 && !attract)
      sooner(kBannerSeconds - std::fmod(double(wall_now), double(kBannerSeconds)) + 0.01, "banner turn", true);
    if (const UnixTime at = content.next_change_at(); at > 0)
      sooner(double(at - wall_now) + 0.01, "scheduled content", false);  // deadline_passed decides
  }
  sooner(idle->seconds_until_due(now), "idle timer", false);
  if (attract) sooner(attract_next_frame_s - now, "next slide", true);
  if (auto ms = corner.ms_until_trigger(ms_now()); ms >= 0) sooner(ms / 1000.0, "corner hold", false);
  if (session.current().screen == ScreenId::staff) sooner(1.0, "staff screen", true);  // countdown, figures
  d.in_s = std::max(0.0, d.in_s);
  return d;
}

// The loop woke at a deadline: the timers first (they ask for frames when due), then a frame if
// the deadline changes the picture.
void App::Impl::deadline_passed(const Deadline& d) {
  tick_idle();
  if (d.draws) want_frames(1, d.why);
  // An item went live or expired: drawn when this screen shows it (a notice on the notices list,
  // the banner, a featured slide), not otherwise.
  const int serial = content.view_serial();
  if (content.refresh(session, wall())) prepare_media();
  if (content.view_serial() != serial) want_frames(1, "scheduled content");
}

void App::Impl::want_frames(int n, const char* why) {
  if (!frame_why) frame_why = why;  // the first reason since the last frame
  frames_pending = std::max(frames_pending, n);
}

void App::Impl::open_staff() {
  session.staff_pin.clear();
  if (staff_lock) staff_lock->clear_message();
  if (session.current().screen != ScreenId::staff)
    apply_intent(session, make_intent(Intent::Type::open, Route{ScreenId::staff, {}}));
  staff_collected_s = -1e9;  // fresh figures for the screen that just opened
  want_frames(2, "staff screen opened");
}

// Staff figures (SQL, statvfs, /proc): every two seconds while the staff screen shows, never in a
// frame. Before the PIN only the lock state is read.
void App::Impl::collect_staff() {
  if (!staff_lock || session.current().screen != ScreenId::staff) return;
  if (!session.staff_unlocked) {
    staff_info = staff_lock_only(staff_lock->state(wall()));
    return;
  }
  if (now_s() - staff_collected_s < 2.0) return;
  staff_collected_s = now_s();
  StaffSources src;
  src.config = &config;
  if (const Cache* cache = content.cache()) {
    if (auto meta = cache->content_meta()) src.content = *meta;
    if (auto at = cache->meta_value(kMetaRepairAt); at && *at) src.repaired_at = std::atoll((*at)->c_str());
    if (auto what = cache->meta_value(kMetaRepairProblem); what && *what) src.repair_problem = **what;
    if (auto from = cache->meta_value(kMetaRepairFrom); from && *from) src.repair_from = **from;
  }
  sync::SyncStatus st;
  if (worker) st = worker->status();
  else if (content.cache()) st.state = sync::read_sync_state(*content.cache());
  src.sync = &st;
  if (net_tester) src.net = net_tester->snapshot();
  src.screen_w = window.width();
  src.screen_h = window.height();
  window.size_mm(&src.screen_mm_w, &src.screen_mm_h);
  src.renderer = window.renderer_name();
  src.lock = staff_lock->state(wall());
  if (const Cache* cache = content.cache()) {
    report::ReportStatus rs = report::read_report_status(*cache);
    src.reports_queued = rs.queued;
    src.reports_last_sent = rs.last_sent;
    src.reports_error = rs.last_error;
  }
  staff_info = collect_staff_info(src);
}

// The characters the atlas must hold for the current language: both catalogues (Vietnamese is
// what every field falls back to), what the content uses in both, the language names and "touch
// to start" of every offered language (the picker and the slideshow), and the kiosk's own names.
FontBuildInput App::Impl::font_input(const std::string& language, TextSize size) const {
  const Strings& strings = content.strings();
  FontBuildInput in;
  in.manifest_path = opt.fonts_manifest;
  in.scale = metrics.scale * text_size_factor(size);
  for (const auto& l : {std::string("vi"), language}) {
    for (auto& t : strings.texts_of(l)) {
      in.title_texts.push_back(t);  // any catalogue string may be a screen title
      in.texts.push_back(std::move(t));
    }
    if (auto it = content.glyph_texts().find(l); it != content.glyph_texts().end()) in.texts.push_back(it->second);
    if (auto it = content.glyph_texts().find(l + kTitlesSuffix); it != content.glyph_texts().end())
      in.title_texts.push_back(it->second);
  }
  for (const auto& l : config.languages) {
    in.bold_only_texts.push_back(language_autonym(l));
    in.bold_only_texts.push_back(strings.get(l, "touch_to_start"));  // the slideshow cycles languages
  }
  in.texts.push_back(config.commune);
  in.texts.push_back(config.province);
  in.texts.push_back(config.staff_contact);
  in.title_texts.insert(in.title_texts.end(), in.texts.end() - 3, in.texts.end());
  return in;
}

// The visitor chose another language or text size than the atlas was built for.
bool App::Impl::fonts_behind_visitor() const {
  return std::fabs(metrics.scale * text_size_factor(session.text_size) - fonts_built_for) >= 0.001f ||
         fonts_built_lang != session.language;
}

// A visitor's change of language or text size is built at once (the next frame must have its
// letters at their size); new content is built on a worker and swapped in when ready, so a sync
// never stalls a frame.
bool App::Impl::ensure_fonts() {
  if (font_atlas.install_finished(&fonts_error)) {
    fonts = font_atlas.fonts();
    want_frames(2, "font atlas installed");
  }
  follow_first_screen();
  if (fonts_behind_visitor()) {
    content.take_glyph_texts();  // a finished scan is taken into this build too
    const bool ok = font_atlas.build_now(font_input(), &fonts_error);
    fonts = font_atlas.fonts();
    fonts_built_for = metrics.scale * text_size_factor(session.text_size);
    fonts_built_lang = session.language;
    return ok;
  }
  if (!font_atlas.first_screen() && content.take_glyph_texts()) {
    font_atlas.build_later(font_input(), [w = &window] { w->push_wake(); });
    fonts_prewarmed = false;  // the other languages' atlases lack the new characters
  }
  // Not in one-shot headless runs (they would wait for it at exit); scenarios ask with `prewarm`.
  if (!headless && first_frame_logged && !fonts_prewarmed && !font_atlas.first_screen() && !font_atlas.building() &&
      !font_atlas.prewarming())
    start_prewarm();
  return true;
}

// Once the kiosk shows its first frame, the atlases a visitor may ask for next are built on a
// low-priority thread into the cache: this language at the other text sizes (A+ and A++ are
// tapped by those who see poorly, and at 1.8x a Chinese atlas takes a few hundred milliseconds to
// rasterise), then the other languages at this size. A visitor's first tap then reads an atlas
// instead of waiting for one.
void App::Impl::start_prewarm() {
  fonts_prewarmed = true;
  std::vector<FontBuildInput> next;
  for (TextSize size : {TextSize::large, TextSize::larger, TextSize::small, TextSize::normal})
    if (size != session.text_size) next.push_back(font_input(session.language, size));
  for (const auto& l : config.languages)
    if (l != session.language) next.push_back(font_input(l, session.text_size));
  font_atlas.prewarm(std::move(next));
}

// The big pictures and QR codes the current view shows. List rows' pictures are requested by the
// rows drawn and decoded a few at a time in between_frames() (MediaTextures::decode_pending).
void App::Impl::prepare_media() {
  if (!media || !content.cache()) return;
  const ViewModel& view = content.view();
  std::vector<MediaRequest> want;
  std::vector<std::string> qrs;
  const int big = int(1100 * metrics.scale);
  for (const auto& r : view.featured)
    if (!r.media_sha256.empty()) want.push_back({r.media_sha256, big, big});
  if (view.item) {
    for (const auto& md : view.item->item.media)
      if (md.mime.rfind("image/", 0) == 0) want.push_back({md.sha256, big, big});
    const Item& it = view.item->item;
    for (const std::string* u : {&it.procedure.online_url, &it.product.shop_url, &it.product.trace_url})
      if (!u->empty()) qrs.push_back(*u);
  }
  media->prepare(*content.cache(), want);
  if (!qrs.empty()) media->prepare_qr(qrs, int(std::max(260 * metrics.scale, 200.0f)));
}

void App::Impl::between_frames() {
  tick_idle();
  sync_status_shown = session.current().screen == ScreenId::staff;
  if (preview) preview_between_frames();  // a new reading of the source tree, the panel's switches
  if (content.refresh(session, wall())) prepare_media();
  usage.observe_search(session, content.view().hits.size(), wall());
  if (usage.pending() && now_s() - usage_flushed_s >= 60) flush_usage();  // a power cut loses a minute at most
  if (media && content.cache()) media->decode_pending(*content.cache(), 4);  // what the last frame's rows asked for
  ensure_fonts();
  collect_staff();
  follow_reading();
}

// ---- Read-aloud -------------------------------------------------------------------------------

// What the visitor asked to hear: the item on screen, or a home tile ("tile:<key>"). The script is
// built here (core); a recorded narration is read from the cache here (one blob, between frames);
// synthesis and decoding run on the player's thread.
void App::Impl::start_listening(const std::string& what) {
  if (!audio || !audio->available()) return;
  PlayRequest req;
  if (what.rfind("tile:", 0) == 0) {
    req.script = read_aloud_tile(what.substr(5), content.strings(), session.language);
  } else {
    const ViewModel& view = content.view();
    if (!view.item || view.item->item.id != what) return;  // only what is on screen
    req.script = read_aloud_item(*view.item, content.strings(), session.language);
    if (!req.script.narration_sha256.empty() && content.cache()) {
      auto blob = content.cache()->get_media(req.script.narration_sha256);
      if (blob && *blob) req.narration = std::move((*blob)->bytes);
      else log::warn("audio", "narration " + req.script.narration_sha256 + " of " + what + " is not in the cache");
    }
  }
  if (req.script.empty()) return;
  log::info("audio", "reading " + what + " (" + session.language + ", " + (req.narration.empty() ? "speech" : "narration") +
                         (req.script.spoken_in_vi ? ", in Vietnamese" : "") + ")");
  listening_route = session.current();
  listening_lang = session.language;
  listening_section.clear();
  audio->play(std::move(req));
}

void App::Impl::stop_listening(const char* why) {
  if (!audio || !audio->state().active()) return;
  log::info("audio", std::string("read-aloud stopped: ") + why);
  audio->stop();
}

// Between frames: reading stops when the visitor leaves the screen or changes the language; the
// content follows the section being read (as a jump chip would scroll it).
void App::Impl::follow_reading() {
  if (!audio) return;
  const PlayerState ps = audio->state();
  if (!ps.active()) return;
  if (!(session.current() == listening_route)) return stop_listening("left the screen");
  if (session.language != listening_lang) return stop_listening("language changed");
  if (ps.section != listening_section) {
    listening_section = ps.section;
    if (ps.section == "title") session.current().scroll_y = 0;
    else session.current().jump_to = ps.section;
    want_frames(2, "read-aloud section");
  }
}

// The lock's failures and lockout survive a restart (file <data_dir>/staff-lock).
std::string App::Impl::staff_lock_path() const { return config.data_dir + "/staff-lock"; }

void App::Impl::save_staff_lock() {
  if (!staff_lock || config.data_dir.empty()) return;
  if (Status st = write_file_atomic(staff_lock_path(), StaffLock::to_text(staff_lock->persisted())); !st)
    log::warn("staff", "cannot keep the PIN lock across a restart: " + st.message);
}

void App::Impl::restore_staff_lock() {
  if (!staff_lock || config.data_dir.empty()) return;
  auto text = read_file(staff_lock_path(), 4096);
  if (!text) return;  // never locked on this kiosk
  StaffLock::Persisted p;
  if (StaffLock::from_text(*text, &p)) staff_lock->restore(p);
  else log::warn("staff", "ignoring an unreadable " + staff_lock_path());
}

// Intents with side effects are carried out here; the rest change the session.
void App::Impl::handle_intent(const Intent& in) {
  usage.on_intent(in, session, wall());
  switch (in.type) {
    case Intent::Type::exit_app:
      if (session.staff_unlocked) running = false;
      break;
    case Intent::Type::sync_now:
      if (session.staff_unlocked && worker) worker->request_sync_now();
      break;
    case Intent::Type::network_test:
      if (session.staff_unlocked && net_tester) net_tester->start();
      break;
    case Intent::Type::restart_app:
      if (session.staff_unlocked) {
        restart_requested = true;
        running = false;
      }
      break;
    case Intent::Type::staff_submit:
      // The PIN check is slow on purpose (Argon2id, ~0.15 s): once, between frames.
      if (staff_lock && staff_lock->submit(session.staff_pin, wall()) == PinCheck::accepted) {
        session.staff_unlocked = true;
        staff_collected_s = -1e9;
        log::info("staff", "staff screen unlocked");
      }
      session.staff_pin.clear();
      save_staff_lock();
      break;
    case Intent::Type::listen:  // plays of an item's reading are counted for the usage report
      start_listening(in.arg);
      if (in.arg.rfind("tile:", 0) != 0) record_listen(in.arg);
      break;
    case Intent::Type::stop_listening:
      stop_listening("stop pressed");
      break;
    case Intent::Type::staff_lock:
      apply_intent(session, in);
      if (staff_lock) staff_lock->clear_message();
      break;
    default:
      apply_intent(session, in);
  }
}

// Without a report_url nothing would ever seal the counters: they are not kept at all.
void App::Impl::flush_usage() {
  usage_flushed_s = now_s();
  if (!usage.pending()) return;
  auto batch = usage.take();
  if (report_writer && !config.report_url.empty()) report_writer->submit(std::move(batch));
}

void App::Impl::record_listen(const std::string& item) { usage.listen(item, session.language, wall()); }

}  // namespace tramtin
