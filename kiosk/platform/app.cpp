// The kiosk application: window, event-driven loop, frame composition and headless screenshots.
// Layer: tramtin (SDL2 + Dear ImGui).
//
// [SECTION] Data files
// [SECTION] Input: SDL events -> ImGui IO (our own platform layer, so touch and virtual time work)
// [SECTION] Frame: header, banner, content area with drag-to-scroll, footer
// [SECTION] Loop: block until input, a deadline or a worker event; render a few frames, then sleep
// [SECTION] Screenshot
#include "kiosk/platform/app.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <optional>
#include <thread>
#include <unistd.h>

#include "content/store/cache.h"
#include "content/base/log.h"
#include "content/store/search.h"
#include "content/sync/sync.h"
#include "content/base/text.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/view_model.h"
#include "kiosk/core/session.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/media.h"
#include "kiosk/platform/renderer.h"
#include "kiosk/platform/scenario.h"
#include "kiosk/ui/screens/screens.h"
#include "kiosk/core/staff_info.h"
#include "kiosk/core/staff_lock.h"
#include "kiosk/ui/theme.h"
#include "kiosk/ui/ui.h"

namespace tramtin {

// ---------------------------------------------------------------------------------------------
// [SECTION] Data files
// ---------------------------------------------------------------------------------------------

std::string find_data_file(const std::string& relative) {
  namespace fs = std::filesystem;
  std::vector<std::string> roots;
  if (const char* env = std::getenv("TRAMTIN_DATA_DIR"); env && *env) roots.emplace_back(env);
  roots.emplace_back(TRAMTIN_SOURCE_DIR);
  roots.emplace_back("/usr/share/tramtin");
  for (const auto& r : roots) {
    fs::path p = fs::path(r) / relative;
    std::error_code ec;
    if (fs::exists(p, ec)) return p.string();
  }
  return {};
}

namespace {

std::atomic<bool> g_stop_signal{false};
std::uint32_t g_wake_event_type = 0;

extern "C" void on_stop_signal(int) {
  g_stop_signal = true;
  // SDL's own signal handler pushes SDL_QUIT the same way; SDL_PushEvent is safe from any thread.
  SDL_Event e{};
  e.type = g_wake_event_type;
  SDL_PushEvent(&e);
}

// A pointer event waiting to reach ImGui. ImGui 1.86 reads the pointer as state, so a tap
// (down and up before the next frame) would be lost: we feed at most one button change per frame.
struct PointerEvent {
  float x = 0, y = 0;
  int button = -1;        // -1: move only; 0: left button / finger
  bool down = false;
  float wheel = 0;
};

std::string format_freshness(const Strings& strings, const std::string& lang, std::int64_t applied_at) {
  if (applied_at <= 0) return {};
  std::tm tm = vietnam_time(applied_at);
  char buf[32];
  std::strftime(buf, sizeof buf, "%H:%M, %d/%m", &tm);
  return strings.get(lang, "updated_at") + " " + buf;
}

}  // namespace

struct App::Impl final : ScenarioDriver {
  Config config;
  AppOptions opt;
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  bool imgui_ready = false;
  bool headless = false;

  Strings strings;
  Session session;
  SessionDefaults defaults;
  FontSet fonts;
  float fonts_built_for = -1.0f;
  Metrics metrics;
  int width = 0, height = 0;

  std::deque<PointerEvent> pointer_queue;
  int frames_pending = 3;             // render this many more frames, then sleep
  bool running = true;
  std::uint32_t wake_event = 0;       // SDL user event type the workers push
  // Time: real, or virtual for scenario replay (then `wait 30s` advances it without sleeping).
  bool virtual_clock = false;
  double vclock_s = 0;                                   // virtual seconds since start
  std::int64_t vclock_wall0 = 0;                         // wall clock at virtual start
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  double now_s() const {
    return virtual_clock ? vclock_s : std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  std::int64_t wall() const { return virtual_clock ? vclock_wall0 + std::int64_t(vclock_s) : std::int64_t(std::time(nullptr)); }
  double last_input_s = 0;
  bool idle_reset_done = true;                           // nothing to reset until someone touches
  double attract_started_s = -1;                         // <0: no slideshow
  double attract_next_frame_s = -1;
  std::unique_ptr<MediaTextures> media;
  std::unique_ptr<sync::SyncWorker> worker;  // its own thread and write connection

  // Staff: a hidden gesture (hold the top-left corner 5 s), then a PIN; three wrong PINs lock it.
  std::optional<StaffLock> staff_lock;
  CornerHold corner;
  std::unique_ptr<NetworkTester> net_tester;
  StaffInfo staff_info;
  bool restart_requested = false;
  std::int64_t ms_now() const { return std::int64_t(now_s() * 1000.0); }

  void open_staff() {
    session.staff_pin.clear();
    if (staff_lock) staff_lock->clear_message();
    if (session.current().screen != ScreenId::staff)
      apply_intent(session, make_intent(Intent::Type::open, Route{ScreenId::staff, {}}));
    frames_pending = std::max(frames_pending, 2);
  }

  // Between frames, while the staff screen shows: the figures (unlocked) or just the lock state.
  void collect_staff() {
    if (!staff_lock) return;
    if (!session.staff_unlocked) {
      staff_info = staff_lock_only(staff_lock->state(wall()));
      return;
    }
    StaffSources src;
    src.config = &config;
    if (cache) {
      if (auto meta = cache->content_meta()) src.content = *meta;
    }
    sync::SyncStatus st;
    if (worker) st = worker->status();
    else if (cache) st.state = sync::read_sync_state(*cache);
    src.sync = &st;
    if (net_tester) src.net = net_tester->snapshot();
    src.screen_w = width;
    src.screen_h = height;
    float hdpi = 0, vdpi = 0;
    if (window && SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(window), nullptr, &hdpi, &vdpi) == 0 && hdpi > 0 && vdpi > 0) {
      src.screen_mm_w = int(width / hdpi * 25.4f);
      src.screen_mm_h = int(height / vdpi * 25.4f);
    }
    SDL_RendererInfo info{};
    if (renderer && SDL_GetRendererInfo(renderer, &info) == 0) src.renderer = info.name;
    src.lock = staff_lock->state(wall());
    staff_info = collect_staff_info(src);
  }
  int feedback_serial_stored = 0;

  // Drag-to-scroll with inertia for the content area.
  float scroll_velocity = 0.0f;
  bool scrolling_by_drag = false;

  std::int64_t content_applied_at = 0;

  // Content: a read-only connection on the UI thread (WAL: never waits for the sync worker).
  std::unique_ptr<Cache> cache;
  std::unique_ptr<Search> search;
  ViewModel view;
  std::string view_key_loaded;
  std::int64_t data_version = -1;
  std::map<std::string, std::string> glyph_texts;  // lang -> every character its content may show
  std::string fonts_built_lang;
  std::int64_t view_loaded_minute = -1;

  // Opens the cache (building it from the sample pack on first boot) and reads what the UI needs
  // once per content version: UI strings, the character set, the freshness.
  void open_content(std::int64_t now) {
    std::string sample = config.sample_source.empty() ? find_data_file("content/sample") : config.sample_source;
    auto first = ensure_first_boot_content(config.database, sample, now);
    if (!first) log::error("content", first.error());
    else log::info("content", *first);
    auto c = Cache::open(config.database, Cache::Mode::reader);
    if (!c) {
      log::error("content", "cannot open the content cache: " + c.error());
      return;
    }
    cache = std::move(*c);
    search = std::make_unique<Search>(*cache);
    reload_content_globals(now);
  }

  void reload_content_globals(std::int64_t now) {
    if (!cache) return;
    auto dv = cache->data_version();
    data_version = dv ? *dv : 0;
    if (auto meta = cache->content_meta()) content_applied_at = meta->applied_at;
    strings = Strings();
    if (auto cs = content_strings(*cache, now)) {
      for (const auto& [lang, table] : *cs) strings.add(lang, table);
    } else {
      log::warn("content", "UI strings from content unreadable: " + cs.error());
    }
    if (auto texts = content_texts(*cache)) glyph_texts = texts_by_language(*texts);
    fonts_built_for = -1.0f;  // the character set may have changed: rebuild the atlas between frames
    view_key_loaded.clear();
  }

  // Between frames: reload the current screen's content when the route, language, search text or
  // the content changed, and at least once a minute (notices expire, scheduled items go live).
  bool refresh_view(std::int64_t now) {
    if (!cache) return false;
    auto dv = cache->data_version();
    if (dv && *dv != data_version) reload_content_globals(now);
    std::string key = view_key(session, data_version);
    const std::int64_t minute = now / 60;
    if (key == view_key_loaded && minute == view_loaded_minute) return false;
    view = load_view(*cache, *search, session, now);
    if (!view.error.empty()) log::error("content", "loading " + std::string(screen_name(session.current().screen)) + ": " + view.error);
    view_key_loaded = key;
    view_loaded_minute = minute;
    return true;
  }

  // ---- [SECTION] Input -------------------------------------------------------------------------

  void handle_event(const SDL_Event& e) {
    ImGuiIO& io = ImGui::GetIO();
    if (log::level() == log::Level::debug) log::debug("event", std::to_string(e.type));
    switch (e.type) {
      case SDL_QUIT:
        if (config.kiosk_mode && !opt.screenshot_path.size() && !session.staff_unlocked && opt.fullscreen) {
          log::info("app", "close request ignored in kiosk mode (unlock the staff screen to exit)");
        } else {
          running = false;
        }
        break;
      case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e.window.event == SDL_WINDOWEVENT_RESIZED)
          update_size();
        break;
      case SDL_MOUSEMOTION:
        if (e.motion.which == SDL_TOUCH_MOUSEID) break;  // fingers come as finger events
        pointer_queue.push_back({float(e.motion.x), float(e.motion.y), -1, false, 0});
        break;
      case SDL_MOUSEBUTTONDOWN:
      case SDL_MOUSEBUTTONUP:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) break;
        pointer_queue.push_back({float(e.button.x), float(e.button.y), 0, e.type == SDL_MOUSEBUTTONDOWN, 0});
        break;
      case SDL_MOUSEWHEEL:
        pointer_queue.push_back({io.MousePos.x, io.MousePos.y, -1, false, float(e.wheel.y)});
        break;
      case SDL_FINGERDOWN:
      case SDL_FINGERUP:
      case SDL_FINGERMOTION: {
        const float x = e.tfinger.x * float(width), y = e.tfinger.y * float(height);
        if (e.type == SDL_FINGERMOTION) {
          pointer_queue.push_back({x, y, -1, false, 0});
        } else {
          pointer_queue.push_back({x, y, -1, false, 0});  // move first so the press lands where the finger is
          pointer_queue.push_back({x, y, 0, e.type == SDL_FINGERDOWN, 0});
        }
        break;
      }
      case SDL_KEYDOWN: {
        const bool alt = (e.key.keysym.mod & KMOD_ALT) != 0;
        if (alt && (e.key.keysym.sym == SDLK_F4 || e.key.keysym.sym == SDLK_TAB)) {
          log::info("app", "Alt+F4/Alt+Tab ignored in kiosk mode");
        } else if (e.key.keysym.sym == SDLK_ESCAPE && !opt.fullscreen) {
          running = false;  // desktop testing only: a windowed kiosk closes with Escape
        }
        break;
      }
      default:
        if (e.type == wake_event) break;  // a worker asked for a frame
        return;                           // nothing that changes the screen
    }
    on_input();
  }

  void on_input() {
    last_input_s = now_s();
    idle_reset_done = false;
    frames_pending = std::max(frames_pending, 3);
    if (attract_started_s >= 0) {
      // A touch on the slideshow wakes the kiosk; it does not press whatever is under the finger.
      attract_started_s = -1;
      if (session.current().screen == ScreenId::attract) apply_intent(session, make_intent(Intent::Type::back));
      pointer_queue.clear();
      ImGui::GetIO().MouseDown[0] = false;
    }
  }

  // Idle: after idle_timeout the kiosk forgets the last visitor; after attract_after it shows the
  // slideshow. Called before every frame and when the loop wakes at a deadline.
  void tick_idle() {
    const double idle = now_s() - last_input_s;
    if (!idle_reset_done && idle >= config.idle_timeout_seconds) {
      log::info("app", "idle: back to home with the default language, size and contrast");
      reset_session(session, defaults);
      scroll_velocity = 0;
      idle_reset_done = true;
      frames_pending = std::max(frames_pending, 2);
    }
    if (attract_started_s < 0 && idle >= config.attract_after_seconds) {
      reset_session(session, defaults);
      apply_intent(session, make_intent(Intent::Type::open, Route{ScreenId::attract, {}}));
      attract_started_s = now_s();
      attract_next_frame_s = now_s();
      frames_pending = std::max(frames_pending, 2);
    }
    if (attract_started_s >= 0 && now_s() >= attract_next_frame_s) frames_pending = std::max(frames_pending, 1);
    if (corner.tick(ms_now())) open_staff();
  }

  // Seconds until something changes the picture without input (the loop sleeps until then).
  double seconds_until_deadline() {
    const double now = now_s();
    double next = 60.0 - std::fmod(double(wall()), 60.0) + 0.01;  // the clock's next minute
    const double idle = now - last_input_s;
    if (!idle_reset_done) next = std::min(next, config.idle_timeout_seconds - idle);
    if (attract_started_s < 0) next = std::min(next, config.attract_after_seconds - idle);
    else next = std::min(next, attract_next_frame_s - now);
    if (auto ms = corner.ms_until_trigger(ms_now()); ms >= 0) next = std::min(next, ms / 1000.0);
    if (session.current().screen == ScreenId::staff) next = std::min(next, 1.0);  // countdown, figures
    return std::max(0.0, next);
  }

  // Feeds queued pointer events to ImGui: moves until (and including) the first button change.
  void feed_pointer() {
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheel = 0;
    while (!pointer_queue.empty()) {
      PointerEvent p = pointer_queue.front();
      pointer_queue.pop_front();
      io.MousePos = ImVec2(p.x, p.y);
      io.MouseWheel += p.wheel;
      if (p.button == 0) io.MouseDown[0] = p.down;
      if (corner.update(p.x, p.y, io.MouseDown[0], ms_now())) open_staff();
      if (p.button == 0) break;
    }
    if (!pointer_queue.empty()) frames_pending = std::max(frames_pending, 2);
  }

  void update_size() {
    SDL_GetRendererOutputSize(renderer, &width, &height);
    metrics = make_metrics(width, height);
    corner.set_corner_px(120 * metrics.scale);
  }

  // ---- Fonts (between frames only) -------------------------------------------------------------

  void ensure_fonts() {
    const float want = metrics.scale * text_size_factor(session.text_size);
    if (std::fabs(want - fonts_built_for) < 0.001f && fonts_built_lang == session.language) return;
    FontBuildInput in;
    in.manifest_path = opt.fonts_manifest;
    in.scale = want;
    for (const auto& l : {std::string("vi"), session.language}) {
      for (auto& t : strings.texts_of(l)) in.texts.push_back(std::move(t));
      if (auto it = glyph_texts.find(l); it != glyph_texts.end()) in.texts.push_back(it->second);
    }
    for (const auto& l : config.languages) {
      in.bold_only_texts.push_back(language_autonym(l));
      in.bold_only_texts.push_back(strings.get(l, "touch_to_start"));  // the slideshow cycles languages
    }
    in.texts.push_back(config.commune);
    in.texts.push_back(config.province);
    auto t0 = std::chrono::steady_clock::now();
    if (imgui_ready) ImGui_ImplSDLRenderer_DestroyFontsTexture();
    std::string err;
    if (!build_fonts(in, &fonts, &err)) {
      log::error("fonts", err);
      ImGui::GetIO().Fonts->Clear();
      ImGui::GetIO().Fonts->AddFontDefault();
      fonts = FontSet{};
      ImFont* d = ImGui::GetIO().Fonts->Fonts[0];
      fonts.small = fonts.body = fonts.bold = fonts.heading = fonts.title = fonts.icon_large = d;
    }
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    ImGui::GetIO().Fonts->ClearTexData();    // the texture holds the pixels now
    ImGui::GetIO().Fonts->ClearInputData();  // and ImGui's copies of the font files are not needed
    fonts_built_for = want;
    fonts_built_lang = session.language;
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    log::debug("fonts", "atlas built: " + std::to_string(fonts.glyph_count) + " glyphs, " +
                            std::to_string(ImGui::GetIO().Fonts->TexWidth) + "x" +
                            std::to_string(ImGui::GetIO().Fonts->TexHeight) + ", scale " +
                            std::to_string(want) + ", " + std::to_string(int(ms)) + " ms");
  }

  // ---- [SECTION] Frame ---------------------------------------------------------------------------

  void draw_header(Ui& ui) {
    const Metrics& m = metrics;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a(0, 0), b(float(width), m.header_h);
    dl->AddRectFilled(a, b, ui.theme.high_contrast ? IM_COL32(0, 0, 0, 255) : ui.theme.primary);
    if (ui.theme.high_contrast) dl->AddLine(ImVec2(0, b.y - 1), ImVec2(b.x, b.y - 1), ui.theme.border, 2);
    const ImU32 fg = ui.theme.high_contrast ? ui.theme.text : ui.theme.primary_text;
    ImFont* hf = fonts.heading;
    std::string place = config.commune;
    dl->AddText(hf, hf->FontSize, ImVec2(m.pad, (m.header_h - hf->FontSize) * 0.5f), fg, place.c_str());

    // Right side: language, text size, contrast — same place on every screen.
    const float h = m.header_h - 2 * 12 * m.scale;
    const float y = 12 * m.scale;
    float x = float(width) - m.pad;
    auto place_button = [&](const char* id, const char* icon, const std::string& label, float w, bool selected,
                            auto on_tap) {
      x -= w;
      ImGui::SetCursorScreenPos(ImVec2(x, y));
      if (touch_button(ui, id, icon, label.c_str(), ImVec2(w, h), false, selected)) on_tap();
      x -= m.gap * 0.75f;
    };
    place_button("contrast", icon::adjust, "", h * 1.2f, session.high_contrast,
                 [&] { ui.emit(make_intent(Intent::Type::toggle_contrast)); });
    for (int sz = 2; sz >= 0; --sz) {
      const char* name = sz == 0 ? "A-" : sz == 1 ? "A" : "A+";
      std::string id = std::string("size-") + name;
      place_button(id.c_str(), nullptr, name, h * 1.15f, int(session.text_size) == sz,
                   [&, sz] { ui.emit(make_intent(Intent::Type::set_text_size, {}, sz)); });
    }
    const std::string lang_label = language_autonym(session.language);
    ImFont* bf = fonts.bold;
    float lw = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, (std::string(icon::globe) + "  " + lang_label).c_str()).x +
               2 * m.pad;
    place_button("language", icon::globe, lang_label, std::max(lw, h * 3), false,
                 [&] { ui.open(ScreenId::language); });

    // Date and time, between the commune name and the buttons.
    std::tm tm = vietnam_time(ui.now);
    char clock[32];
    std::strftime(clock, sizeof clock, "%d/%m  %H:%M", &tm);
    ImVec2 cs = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, clock);
    float cx = x - cs.x - m.pad;
    float name_end = m.pad + hf->CalcTextSizeA(hf->FontSize, FLT_MAX, 0, place.c_str()).x;
    if (cx > name_end + m.pad) dl->AddText(bf, bf->FontSize, ImVec2(cx, (m.header_h - cs.y) * 0.5f), fg, clock);
  }

  void draw_footer(Ui& ui) {
    const Metrics& m = metrics;
    const float top = float(height) - m.footer_h;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, top), ImVec2(float(width), float(height)), ui.theme.surface);
    dl->AddLine(ImVec2(0, top), ImVec2(float(width), top), ui.theme.border, 2 * m.scale);
    const float h = m.footer_h - 2 * 20 * m.scale;
    const float y = top + 20 * m.scale;
    const float w = std::max(300 * m.scale, h * 3);
    ImGui::SetCursorScreenPos(ImVec2(m.pad, y));
    if (touch_button(ui, "home", icon::home, ui.tr("home"), ImVec2(w, h), true))
      ui.emit(make_intent(Intent::Type::home));
    ImGui::SetCursorScreenPos(ImVec2(m.pad + w + m.gap * 2, y));
    if (touch_button(ui, "back", icon::arrow_left, ui.tr("back"), ImVec2(w, h)))
      ui.emit(make_intent(Intent::Type::back));
    ImGui::SetCursorScreenPos(ImVec2(float(width) - m.pad - w, y));
    if (touch_button(ui, "feedback", icon::smile, ui.tr("feedback"), ImVec2(w, h)))
      ui.open(ScreenId::feedback);
  }

  // The content area: the current screen, inside a child window that scrolls by dragging.
  bool keyboard_shown() const { return session.keyboard_visible && session.current().screen == ScreenId::search; }

  float banner_height() const { return view.urgent.empty() ? 0.0f : 80 * metrics.scale; }

  // The urgent notice banner: on every screen while a notice is live.
  void draw_banner(Ui& ui) {
    if (view.urgent.empty()) return;
    const Metrics& m = metrics;
    const ItemRow& n = view.urgent.front();
    const float top = m.header_h, h = banner_height();
    ImGui::SetCursorScreenPos(ImVec2(0, top));
    ImGui::InvisibleButton("banner", ImVec2(float(width), h));
    if (ImGui::IsItemDeactivated() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && !released_after_drag())
      ui.open(ScreenId::article, n.id);
    register_target(ui, "banner", n.title.c_str(), ImVec2(0, top), ImVec2(float(width), top + h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 bg = ui.theme.high_contrast ? IM_COL32(0, 0, 0, 255) : ui.theme.urgent;
    const ImU32 fg = ui.theme.high_contrast ? ui.theme.text_muted : IM_COL32(255, 255, 255, 255);
    dl->AddRectFilled(ImVec2(0, top), ImVec2(float(width), top + h), bg);
    if (ui.theme.high_contrast) dl->AddRect(ImVec2(1, top + 1), ImVec2(float(width) - 1, top + h - 1), fg, 0, 0, 3);
    ImFont* f = fonts.bold;
    std::string text = std::string(icon::warning) + "  " + n.title;
    ImVec4 clip(m.pad, top, float(width) - m.pad, top + h);
    dl->AddText(f, f->FontSize, ImVec2(m.pad, top + (h - f->FontSize) * 0.5f), fg, text.c_str(), nullptr, 0, &clip);
  }

  void draw_content(Ui& ui) {
    const Metrics& m = metrics;
    const float top = m.header_h + banner_height();
    const float bottom = float(height) - m.footer_h - (keyboard_shown() ? keyboard_height(ui) : 0.0f);
    ImGui::SetCursorScreenPos(ImVec2(0, top));
    ImGui::BeginChild("content", ImVec2(float(width), bottom - top), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::SetCursorPosY(m.pad);
    ImGui::Indent(m.pad);  // not a group: the screen's error boundary may unwind every stack it pushed
    draw_screen(ui, session.current());
    ImGui::Unindent(m.pad);
    ImGui::Dummy(ImVec2(1, m.pad));
    drag_to_scroll();
    ImGui::EndChild();
  }

  void drag_to_scroll() {
    ImGuiIO& io = ImGui::GetIO();
    const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    if (io.MouseDown[0] && hovered && ImGui::IsMouseDragging(0, 24.0f)) {
      scrolling_by_drag = true;
      ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
      if (io.DeltaTime > 0) scroll_velocity = 0.7f * scroll_velocity + 0.3f * (-io.MouseDelta.y / io.DeltaTime);
    } else if (!io.MouseDown[0]) {
      if (scrolling_by_drag) scrolling_by_drag = false;
      if (std::fabs(scroll_velocity) > 20.0f) {  // inertia: the list keeps gliding, then stops
        ImGui::SetScrollY(ImGui::GetScrollY() + scroll_velocity * io.DeltaTime);
        scroll_velocity *= std::pow(0.05f, io.DeltaTime);
        frames_pending = std::max(frames_pending, 2);
      } else {
        scroll_velocity = 0;
      }
    }
    if (io.MouseWheel != 0 && hovered) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * 120 * metrics.scale);
  }

  std::vector<HitTarget> last_targets;   // what was tappable in the last frame (scenario replay)

  // Intents with side effects are carried out here; the rest change the session.
  void handle_intent(const Intent& in) {
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
          log::info("staff", "staff screen unlocked");
        }
        session.staff_pin.clear();
        break;
      case Intent::Type::staff_lock:
        apply_intent(session, in);
        if (staff_lock) staff_lock->clear_message();
        break;
      default:
        apply_intent(session, in);
    }
  }

  // The answer goes to the anonymous report queue through a short-lived writer connection on a
  // worker thread: the UI thread never waits for a write.
  void store_feedback() {
    feedback_serial_stored = session.feedback_serial;
    if (session.feedback_reason.empty() || session.feedback_score <= 0) return;
    std::string db = config.database, item = session.feedback_item, reason = session.feedback_reason;
    int score = session.feedback_score;
    std::int64_t at = wall();
    std::thread([db, item, score, reason, at] {
      auto w = Cache::open(db, Cache::Mode::writer);
      if (!w) {
        log::warn("feedback", "not stored: " + w.error());
        return;
      }
      Status st = (*w)->insert_feedback(item, score, reason == "none" ? "" : reason, at);
      if (!st) log::warn("feedback", "not stored: " + st.message);
    }).detach();
  }

  // Between frames: the big pictures and QR codes the current view shows. List rows' pictures are
  // requested by the rows drawn and decoded in render_frame_inner (MediaTextures::decode_pending).
  void prepare_media() {
    if (!media || !cache) return;
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
    media->prepare(*cache, want);
    if (!qrs.empty()) media->prepare_qr(qrs, int(std::max(260 * metrics.scale, 200.0f)));
  }

  // TRAMTIN_FRAME_LOG=FILE: every frame's time (ms, from input to pixels) is written there at exit,
  // for the frame-time benchmark. Nothing is recorded otherwise.
  std::vector<float> frame_ms;
  bool log_frames = std::getenv("TRAMTIN_FRAME_LOG") != nullptr;

  bool first_frame_logged = false;

  // Milliseconds since the kernel started this process (exec), from /proc: 10 ms resolution.
  static long ms_since_exec() {
    std::ifstream stat("/proc/self/stat");
    std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    auto close = content.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(content.substr(close + 2));
    std::string field;
    unsigned long long start_ticks = 0;
    for (int i = 3; i <= 22 && rest >> field; ++i)
      if (i == 22) start_ticks = std::stoull(field);
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    const double now_ms = ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
    return long(now_ms - start_ticks * 1000.0 / double(sysconf(_SC_CLK_TCK)));
  }

  void write_frame_log() {
    const char* path = std::getenv("TRAMTIN_FRAME_LOG");
    if (!path || frame_ms.empty()) return;
    std::ofstream out(path);
    for (float ms : frame_ms) out << ms << "\n";
  }

  void render_frame(std::int64_t now_unix, float dt, std::vector<unsigned char>* capture) {
    const auto frame_start = std::chrono::steady_clock::now();
    render_frame_inner(now_unix, dt, capture);
    if (!first_frame_logged) {
      first_frame_logged = true;
      log::info("app", "first frame " + std::to_string(ms_since_exec()) + " ms after exec");
    }
    if (log_frames)
      frame_ms.push_back(std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - frame_start).count());
  }

  void render_frame_inner(std::int64_t now_unix, float dt, std::vector<unsigned char>* capture) {
    tick_idle();
    if (refresh_view(now_unix)) prepare_media();
    if (media && cache) media->decode_pending(*cache, 4);  // pictures the last frame's rows asked for
    ensure_fonts();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(width), float(height));
    io.DeltaTime = dt > 0 ? dt : 1.0f / 60.0f;
    feed_pointer();
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui::NewFrame();

    Ui ui;
    ui.config = &config;
    ui.session = &session;
    ui.strings = &strings;
    ui.fonts = &fonts;
    ui.theme = make_theme(session.high_contrast);
    ui.m = metrics;
    ui.now = now_unix;
    ui.freshness = format_freshness(strings, session.language, content_applied_at);
    ui.view = &view;
    ui.media = media.get();
    if (session.current().screen == ScreenId::staff) {
      collect_staff();
      ui.staff = &staff_info;
    }
    apply_imgui_style(ui.theme, metrics.scale);

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("root", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PushFont(fonts.body);
    if (session.current().screen == ScreenId::attract) {
      std::vector<std::string> touch;
      for (const auto& l : config.languages) touch.push_back(strings.get(l, "touch_to_start"));
      double next = draw_attract(ui, io.DisplaySize, now_s() - std::max(0.0, attract_started_s), touch);
      attract_next_frame_s = now_s() + next;
    } else {
      draw_content(ui);
      draw_banner(ui);
      draw_header(ui);
      draw_footer(ui);
      if (keyboard_shown()) {
        const float kh = keyboard_height(ui);
        draw_keyboard(ui, ImVec2(0, float(height) - metrics.footer_h - kh), float(width));
      }
    }
    ImGui::PopFont();
    ImGui::End();
    ImGui::Render();

    const ImU32 bg = ui.theme.bg;
    SDL_SetRenderDrawColor(renderer, bg & 0xFF, (bg >> 8) & 0xFF, (bg >> 16) & 0xFF, 255);
    SDL_RenderClear(renderer);
    render_draw_data(renderer, ImGui::GetDrawData());
    if (capture) {  // read before present: with the software renderer the back buffer is ours
      capture->assign(std::size_t(width) * height * 4, 0);
      SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGBA32, capture->data(), width * 4);
    }
    SDL_RenderPresent(renderer);

    last_targets = std::move(ui.targets);
    for (const auto& in : ui.intents) handle_intent(in);
    if (!ui.intents.empty()) frames_pending = std::max(frames_pending, 2);
    if (media && media->pending() > 0) frames_pending = std::max(frames_pending, 2);  // decode, then show
    if (session.feedback_serial != feedback_serial_stored) store_feedback();
  }

  // ---- Setup -------------------------------------------------------------------------------------

  static bool gl_is_software() {
    if (!SDL_GL_GetCurrentContext()) return false;
    using GetString = const unsigned char* (*)(unsigned int);
    auto get = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
    if (!get) return false;
    const unsigned int kGlRenderer = 0x1F01;
    const char* name = reinterpret_cast<const char*>(get(kGlRenderer));
    if (!name) return false;
    std::string n(name);
    log::debug("app", "OpenGL renderer: " + n);
    return n.find("llvmpipe") != std::string::npos || n.find("softpipe") != std::string::npos ||
           n.find("Software Rasterizer") != std::string::npos;
  }

  bool init(std::string* error) {
    headless = !opt.screenshot_path.empty() || !opt.scenario_path.empty();
    virtual_clock = !opt.scenario_path.empty();
    vclock_wall0 = std::int64_t(std::time(nullptr));
    if (headless) {
      // No display needed: the dummy video driver with the software renderer (see platform notes).
      if (!std::getenv("SDL_VIDEODRIVER")) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    } else if (!std::getenv("SDL_VIDEODRIVER") && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
      *error = "no display: DISPLAY and WAYLAND_DISPLAY are not set. Start TramTin in the kiosk session, "
               "or under a virtual display (xvfb-run -a tramtin --windowed 1280x800), or take a picture "
               "with tramtin --screenshot out.png";
      return false;
    }
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");      // ours: SIGTERM stops, a close request does not
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");       // fingers arrive once, as finger events
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0"); // software renderer without loading GL
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
      *error = std::string("no display: SDL could not start video (") + SDL_GetError() +
               "). Start TramTin in the kiosk session, or under xvfb-run -a, or use --screenshot out.png";
      return false;
    }
    wake_event = SDL_RegisterEvents(1);
    g_wake_event_type = wake_event;
    struct sigaction sa{};
    sa.sa_handler = on_stop_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED, w = opt.width, h = opt.height;
    if (!headless && opt.fullscreen) {
      // The window covers the whole display even without a window manager (a bare X kiosk session
      // has none, and _NET_WM_STATE_FULLSCREEN needs one).
      SDL_DisplayMode mode{};
      if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
        x = y = 0;
        w = mode.w;
        h = mode.h;
      }
      flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    }
    if (headless) flags |= SDL_WINDOW_HIDDEN;
    window = SDL_CreateWindow("TramTin", x, y, w, h, flags);
    if (!window) {
      *error = std::string("cannot create the window: ") + SDL_GetError();
      return false;
    }
    // SDL's renderer: accelerated when there is a GPU, software otherwise; the same binary runs on both.
    const char* want_sw = std::getenv("TRAMTIN_SOFTWARE_RENDERER");
    if (!headless && !(want_sw && *want_sw == '1')) {
      renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED);
      // A GL driver that rasterises on the CPU (llvmpipe under Xvfb or on a board without a GPU
      // driver) costs ~200 MB more than SDL's own software renderer and is no faster.
      if (renderer && gl_is_software()) {
        log::info("app", "OpenGL is a software rasteriser here; using SDL's software renderer instead");
        SDL_DestroyRenderer(renderer);
        renderer = nullptr;
      }
    }
    if (!renderer) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer) {
      *error = std::string("cannot create a renderer: ") + SDL_GetError();
      return false;
    }
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(renderer, &info);
    log::info("app", std::string("renderer: ") + info.name);
    if (!headless && opt.fullscreen) SDL_ShowCursor(SDL_DISABLE);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // never write imgui.ini on a kiosk
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would keep the loop awake
    io.MouseDragThreshold = 24.0f;
    ImGui_ImplSDLRenderer_Init(renderer);
    imgui_ready = true;
    media = std::make_unique<MediaTextures>(renderer);
    update_size();

    open_content(std::time(nullptr));
    staff_lock.emplace(make_staff_lock(config));
    net_tester = std::make_unique<NetworkTester>(config);
    {
      const std::uint32_t type = wake_event;
      net_tester->on_done = [type] {
        SDL_Event e{};
        e.type = type;
        SDL_PushEvent(&e);
      };
    }
    defaults.language = config.default_language;
    defaults.high_contrast = config.high_contrast;
    reset_session(session, defaults);
    return true;
  }

  void shutdown() {
    write_frame_log();
    if (worker) worker->stop();
    worker.reset();
    net_tester.reset();
    media.reset();
    search.reset();
    cache.reset();
    if (imgui_ready) {
      ImGui_ImplSDLRenderer_Shutdown();
      ImGui::DestroyContext();
      imgui_ready = false;
    }
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    renderer = nullptr;
    window = nullptr;
    SDL_Quit();
  }

  // ---- [SECTION] Loop ----------------------------------------------------------------------------

  // The sync worker polls the feeds and watches for USB bundles; new content wakes the loop.
  void start_worker() {
    if (config.feeds.empty() && config.import_watch.empty()) {
      log::info("sync", "no feeds and no import folder configured: content changes only by --import");
      return;
    }
    worker = std::make_unique<sync::SyncWorker>(config);
    const std::uint32_t type = wake_event;
    worker->on_content_applied = [type](std::int64_t version) {
      log::info("sync", "content version " + std::to_string(version) + " is live");
      SDL_Event e{};
      e.type = type;
      SDL_PushEvent(&e);
    };
    worker->on_status_changed = [type] {
      SDL_Event e{};
      e.type = type;
      SDL_PushEvent(&e);
    };
    worker->start();
  }

  int loop() {
    start_worker();
    using clock = std::chrono::steady_clock;
    auto last_frame = clock::now();
    while (running) {
      SDL_Event e;
      tick_idle();
      const int timeout = frames_pending > 0 ? 0 : int(std::ceil(seconds_until_deadline() * 1000.0));
      if (SDL_WaitEventTimeout(&e, timeout)) {
        handle_event(e);
        while (SDL_PollEvent(&e)) handle_event(e);
      }
      if (g_stop_signal) {
        log::info("app", "stop signal received; exiting");
        break;
      } else if (frames_pending == 0) {
        frames_pending = 1;  // a deadline passed (the clock's minute, idle, a slide): redraw once
      }
      if (frames_pending > 0 && running) {
        auto now = clock::now();
        float dt = std::chrono::duration<float>(now - last_frame).count();
        last_frame = now;
        render_frame(wall(), std::min(dt, 0.1f), nullptr);
        --frames_pending;
      }
    }
    return kExitOk;
  }

  // ScenarioDriver (the [SECTION] Scenario replay below).
  void frames(int n) override;
  void advance(double seconds) override;
  void set_wall_clock(std::int64_t unix_time) override;
  bool target_center(const std::string& id_or_label, float* x, float* y) override;
  void pointer(float x, float y, int button_down) override;
  nlohmann::json state() override;
  bool screenshot(const std::string& path) override;
  int scenario();

  // ---- [SECTION] Screenshot ----------------------------------------------------------------------

  int screenshot_mode() {
    std::vector<unsigned char> pixels;
    const int n = std::max(1, opt.frames);
    for (int i = 0; i < n; ++i) render_frame(wall(), 1.0f / 60.0f, i == n - 1 ? &pixels : nullptr);
    if (!stbi_write_png(opt.screenshot_path.c_str(), width, height, 4, pixels.data(), width * 4)) {
      log::error("screenshot", "cannot write " + opt.screenshot_path);
      return kExitFailure;
    }
    log::info("screenshot", "wrote " + opt.screenshot_path + " (" + std::to_string(width) + "x" +
                                std::to_string(height) + ")");
    return kExitOk;
  }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Scenario replay
// ---------------------------------------------------------------------------------------------

void App::Impl::frames(int n) {
  for (int i = 0; i < n; ++i) {
    vclock_s += 1.0 / 60.0;
    render_frame(wall(), 1.0f / 60.0f, nullptr);
    if (frames_pending > 0) --frames_pending;
  }
}

void App::Impl::advance(double seconds) {
  // The real loop, on virtual time: frames while something is pending, else jump to the deadline.
  double end = vclock_s + seconds;
  for (int guard = 0; vclock_s < end && guard < 1000000; ++guard) {
    tick_idle();
    if (frames_pending > 0) {
      frames(1);
    } else {
      double step = std::min(end - vclock_s, std::max(1.0 / 60.0, seconds_until_deadline()));
      vclock_s += step;
      tick_idle();
      if (frames_pending == 0 && vclock_s < end) frames_pending = 1;
    }
  }
  frames(2);
}

void App::Impl::set_wall_clock(std::int64_t unix_time) { vclock_wall0 = unix_time - std::int64_t(vclock_s); }

bool App::Impl::target_center(const std::string& what, float* x, float* y) {
  const HitTarget* found = nullptr;
  for (const auto& t : last_targets)
    if (t.id == what) found = &t;
  if (!found)
    for (const auto& t : last_targets)
      if (t.label == what) found = &t;
  if (!found)
    for (const auto& t : last_targets)
      if (!what.empty() && casefold(t.label).find(casefold(what)) != std::string::npos) {
        found = &t;
        break;
      }
  if (!found) return false;
  // The visible part only: a row half under the footer is tapped where it can be seen.
  const float top = std::max(found->min.y, 0.0f);
  const float bottom = std::min(found->max.y, float(height));
  *x = (found->min.x + found->max.x) * 0.5f;
  *y = (top + bottom) * 0.5f;
  return bottom > top;
}

void App::Impl::pointer(float x, float y, int button) {
  pointer_queue.push_back({x, y, button < 0 ? -1 : 0, button > 0, 0});
  if (button > 0) on_input();
  else last_input_s = now_s();
}

nlohmann::json App::Impl::state() {
  nlohmann::json j;
  j["screen"] = screen_name(session.current().screen);
  j["route_arg"] = session.current().arg;
  j["language"] = session.language;
  j["text_size"] = text_size_name(session.text_size);
  j["contrast"] = session.high_contrast ? "high" : "normal";
  j["search_text"] = session.search_text;
  j["keyboard_visible"] = session.keyboard_visible;
  j["keyboard_mode"] = input_mode_name(session.composer.mode());
  auto ids = nlohmann::json::array();
  for (const auto& h : view.hits) ids.push_back(h.id);
  j["result_ids"] = ids;
  auto rows = nlohmann::json::array();
  for (const auto& r : view.rows) rows.push_back(r.id);
  j["list_ids"] = rows;
  auto fields = nlohmann::json::array();
  for (const auto& f : view.fields) fields.push_back(f.key);
  for (const auto& f : view.suggest_fields) fields.push_back(f.key);
  j["field_keys"] = fields;
  j["item_id"] = view.item ? view.item->item.id : "";
  j["item_title"] = view.item ? view.item->text().title : "";
  j["fell_back"] = view.item ? view.item->fell_back : false;
  j["notice_banner"] = view.urgent.empty() ? "" : view.urgent.front().id;
  j["attract"] = session.current().screen == ScreenId::attract;
  j["ticked"] = session.ticked.size();
  j["feedback_score"] = session.feedback_score;
  j["feedback_reason"] = session.feedback_reason;
  j["staff_unlocked"] = session.staff_unlocked;
  j["staff_pin_length"] = session.staff_pin.size();
  j["staff_locked_out"] = staff_lock ? staff_lock->locked_out(wall()) : false;
  j["stack_depth"] = session.stack.size();
  auto targets = nlohmann::json::array();
  for (const auto& t : last_targets) targets.push_back(t.id);
  j["targets"] = targets;
  return j;
}

bool App::Impl::screenshot(const std::string& path) {
  std::vector<unsigned char> pixels;
  vclock_s += 1.0 / 60.0;
  render_frame(wall(), 1.0f / 60.0f, &pixels);
  return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

int App::Impl::scenario() {
  auto r = run_scenario(*this, opt.scenario_path, opt.shots_dir);
  if (!opt.dump_state_path.empty()) {
    std::ofstream out(opt.dump_state_path);
    out << state().dump(2) << "\n";
  }
  if (!r.ok) {
    std::fprintf(stderr, "tramtin: scenario failed: %s\n", r.message.c_str());
    return kExitFailure;
  }
  std::printf("scenario ok: %d steps\n", r.steps);
  return kExitOk;
}

App::App(Config config, AppOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->opt = std::move(options);
  if (impl_->opt.fonts_manifest.empty()) impl_->opt.fonts_manifest = find_data_file("fonts/fonts.toml");
}

App::~App() { impl_->shutdown(); }

bool App::restart_requested() const { return impl_->restart_requested; }

int App::run() {
  std::string err;
  if (!impl_->init(&err)) {
    std::fprintf(stderr, "tramtin: %s\n", err.c_str());
    return err.rfind("no display", 0) == 0 ? kExitNoDisplay : kExitFailure;
  }
  if (!impl_->opt.scenario_path.empty()) return impl_->scenario();
  return impl_->opt.screenshot_path.empty() ? impl_->loop() : impl_->screenshot_mode();
}

}  // namespace tramtin
