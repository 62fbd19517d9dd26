// The kiosk application's wiring: start (window, ImGui, content, staff, worker), the event-driven
// loop, and one frame from input to pixels. The pieces live elsewhere: the window in window.cpp,
// input in input.cpp, the chrome and scrolling in kiosk/ui/chrome.cpp, screens in
// kiosk/ui/screens/, the content in kiosk/core/content_state.cpp, the start in start.cpp, what
// happens between frames
// (idle, content, fonts, staff figures, media, intents) in between_frames.cpp, scenario replay
// in scenario_driver.cpp. Layer: tramtin (SDL2 + Dear ImGui).
//
// [SECTION] Stop and the worker
// [SECTION] Loop: block until input, a deadline or a worker event; render a few frames, then sleep
// [SECTION] Frame
// [SECTION] App
#include "kiosk/platform/app_impl.h"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <ctime>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <thread>

#include "content/base/files.h"
#include "content/base/time.h"
#include "content/base/log.h"
#include "kiosk/core/crash_loop.h"
#include "kiosk/platform/crash.h"
#include "kiosk/platform/preview.h"
#include "kiosk/platform/renderer.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

namespace {

std::atomic<bool> g_stop_signal{false};
const Window* g_window = nullptr;

extern "C" void on_stop_signal(int) {
  g_stop_signal = true;
  if (g_window) g_window->push_wake();  // SDL_PushEvent is safe from a signal handler's thread
}

std::string format_freshness(const Strings& strings, const std::string& lang, std::int64_t applied_at) {
  if (applied_at <= 0) return {};
  return strings.get(lang, "updated_at") + " " + format_clock(applied_at) + ", " + format_date(applied_at);
}

}  // namespace

// SIGTERM (systemd stopping the service) and SIGINT end the loop between frames.
void App::Impl::install_stop_signals() {
  g_window = &window;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
}

double App::Impl::now_s() const {
  return virtual_clock ? vclock_s : std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::int64_t App::Impl::wall() const {
  // Scenario replay sets its own clock; a kiosk corrects a clock the feed showed to be behind.
  // The preview's clock switch moves it on (clock_shift_s; 0 on a kiosk).
  return clock_shift_s + (virtual_clock ? vclock_wall0 + std::int64_t(vclock_s) : content.corrected_time(std::time(nullptr)));
}

// ---- [SECTION] Stop and the worker ---------------------------------------------------------------

void App::Impl::shutdown() {
  if (preview && preview->source) preview->source->stop();  // its thread wakes the loop through SDL
  audio.reset();  // before SDL goes: the player owns the audio subsystem
  if (worker) worker->stop();
  worker.reset();
  flush_usage();
  report_writer.reset();
  reporter.reset();
  net_tester.reset();
  media.reset();
  font_atlas.wait();  // a background atlas build ends before ImGui and SDL go
  if (imgui_ready) {
    font_atlas.release_texture();
    ImGui::DestroyContext();
    imgui_ready = false;
  }
  g_window = nullptr;
  window.close();
}

// The sync worker polls the feeds and watches for USB bundles; what it reports wakes the loop.
void App::Impl::start_worker() {
  if (preview) return start_preview_watch();  // the preview watches its source tree instead
  if (config.feeds.empty() && config.import_watch.empty()) {
    log::info("sync", "no feeds and no import folder configured: content changes only by --import");
    return;
  }
  sync::WorkerOptions wo;
  wo.retry_base = std::chrono::seconds(config.sync_retry_seconds);
  worker = std::make_unique<sync::SyncWorker>(config, wo);
  // New content or urgent notices change the screen: they wake the loop. A status change (a poll
  // started, a stage, a failure, the next attempt's time) shows only on the staff screen: it wakes
  // the loop only while that screen is open, so a kiosk polling its feeds draws nothing for it.
  worker->on_content_applied = [this](std::int64_t version) {
    log::info("sync", "content version " + std::to_string(version) + " is live");
    ++worker_reports;
    window.push_wake();
  };
  worker->on_status_changed = [this] {
    ++worker_reports;
    if (sync_status_shown) window.push_wake();
  };
  worker->on_urgent_accepted = [this](std::int64_t version) {
    log::info("sync", "urgent notices version " + std::to_string(version) + " are live");
    ++worker_reports;
    window.push_wake();
  };
  if (!config.report_url.empty()) {
    reporter = std::make_unique<report::Reporter>(config);
    report::KioskFacts facts;
    facts.screen_w = window.width();
    facts.screen_h = window.height();
    facts.languages = config.languages;
    facts.last_restart_reason = restart_reason;
    reporter->set_facts(std::move(facts));
    worker->on_attempt_finished = [r = reporter.get()](Cache& cache, const sync::SyncOutcome& o) {
      r->after_attempt(cache, o);
    };
  }
  worker->start();
}

// ---- [SECTION] Loop -----------------------------------------------------------------------------

void App::Impl::handle_event(const SDL_Event& e) {
  if (e.type == SDL_WINDOWEVENT && config.kiosk_mode && opt.fullscreen && !headless &&
      (e.window.event == SDL_WINDOWEVENT_MINIMIZED || e.window.event == SDL_WINDOWEVENT_HIDDEN)) {
    // Something (a window manager's Super+D, Alt+Tab) hid the kiosk: nothing else may be seen.
    log::warn("app", "the kiosk window was hidden; raising it again");
    SDL_RestoreWindow(window.sdl_window());
    SDL_ShowWindow(window.sdl_window());
    SDL_RaiseWindow(window.sdl_window());
  }
  switch (input.translate(e, window.width(), window.height(), window.wake_event(), !opt.fullscreen)) {
    case EventMeaning::none:
      return;
    case EventMeaning::input:
      // A pointer passing over (the one X11 sends as a window opens) shows nothing new; a press may.
      if (font_atlas.first_screen() && e.type != SDL_MOUSEMOTION && e.type != SDL_FINGERMOTION) first_screen_touched = true;
      on_input();
      return;
    case EventMeaning::wake:  // a worker, the network test, the glyph scan, a signal: frames only
      if (e.type == window.wake_event()) ++worker_wakes;
      want_frames(1, e.type == window.wake_event() ? "wake event" : "window event");
      return;
    case EventMeaning::resized:
      window.update_size();
      metrics = make_metrics(window.width(), window.height());
      corner.set_corner_px(120 * metrics.scale);
      want_frames(2, "resized");
      return;
    case EventMeaning::quit:
      if (config.kiosk_mode && opt.fullscreen && !session.staff_unlocked)
        log::info("app", "close request ignored in kiosk mode (unlock the staff screen to exit)");
      else
        running = false;
      return;
    case EventMeaning::leave:
      running = false;  // desktop testing only: a windowed kiosk closes with Escape
      return;
  }
}

// A touch or a key: the only thing that moves the idle clock.
void App::Impl::on_input() {
  want_frames(3, "input");
  const double attract_shown = now_s() - std::max(0.0, idle->attract_started());
  if (idle->input(now_s()) && session.current().screen == ScreenId::attract) {
    // A touch on the slideshow wakes the kiosk; it does not press whatever is under the finger.
    // On an urgent notice it opens that notice (Back goes home).
    apply_intent(session, make_intent(Intent::Type::back));
    const auto& urgent = content.view().urgent;
    if (!urgent.empty()) {
      const std::string id = urgent[attract_slide(attract_shown) % urgent.size()].id;
      apply_intent(session, make_intent(Intent::Type::open, Route{ScreenId::article, id}));
    }
    input.swallow_until_release();
    ImGui::GetIO().MouseDown[0] = false;
  }
}

void App::Impl::pump_events(int timeout_ms) {
  SDL_Event e;
  if (SDL_WaitEventTimeout(&e, timeout_ms)) {
    handle_event(e);
    while (SDL_PollEvent(&e)) handle_event(e);
  }
}

int App::Impl::loop() {
  if (!opt.maintenance) start_worker();
  using clock = std::chrono::steady_clock;
  auto last_frame = clock::now();
  while (running) {
    tick_idle();
    // systemd's watchdog is pinged whenever the loop turns: a wake for the ping alone draws nothing.
    const double ping_in = watchdog.tick(now_s());
    if (opt.maintenance && now_s() > kMaintenanceSeconds) {
      // Let the service manager start the kiosk again: by now the crash loop is out of the window.
      log::info("app", "maintenance screen shown long enough; exiting so the kiosk is started again");
      break;
    }
    if (test_hang_at_s >= 0 && now_s() >= test_hang_at_s) {
      log::warn("app", "TRAMTIN_TEST_HANG: the frame loop hangs now (test only)");
      for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
    }
    const Deadline deadline = next_deadline();
    const double deadline_at = now_s() + deadline.in_s;
    double wait_s = std::min({deadline.in_s, ping_in, 3600.0});
    if (test_hang_at_s >= 0) wait_s = std::min(wait_s, std::max(0.0, test_hang_at_s - now_s()));
    const bool slept = frames_pending == 0;
    pump_events(slept ? int(std::ceil(wait_s * 1000.0)) : 0);
    if (slept) ++ui_wakes;
    if (g_stop_signal) {
      log::info("app", "stop signal received; exiting");
      break;
    }
    if (frames_pending == 0 && now_s() >= deadline_at - 0.002) deadline_passed(deadline);
    if (frames_pending == 0) continue;  // woke only to ping the watchdog or check a timer: nothing to draw
    if (!running) break;
    const auto now = clock::now();
    const float dt = std::chrono::duration<float>(now - last_frame).count();
    last_frame = now;
    render_frame(std::min(dt, 0.1f), nullptr);
    --frames_pending;
  }
  return kExitOk;
}

int App::Impl::screenshot_mode() {
  std::vector<unsigned char> pixels;
  const int n = std::max(1, opt.frames);
  for (int i = 0; i < n; ++i) render_frame(1.0f / 60.0f, i == n - 1 ? &pixels : nullptr);
  if (!window.write_png(opt.screenshot_path, pixels)) {
    log::error("screenshot", "cannot write " + opt.screenshot_path);
    return kExitFailure;
  }
  log::info("screenshot", "wrote " + opt.screenshot_path + " (" + std::to_string(window.width()) + "x" +
                              std::to_string(window.height()) + ")");
  return kExitOk;
}

// ---- [SECTION] Frame ----------------------------------------------------------------------------

void App::Impl::render_frame(float dt, std::vector<unsigned char>* capture) {
  const auto frame_start = std::chrono::steady_clock::now();
  note_frame();
  between_frames();
  crash::set_screen(screen_name(session.current().screen));
  const float width = float(window.width()), height = float(window.height());
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(width, height);
  io.DeltaTime = dt > 0 ? dt : 1.0f / 60.0f;
  if (input.feed([this](float x, float y, bool down) {
        if (corner.update(x, y, down, ms_now())) open_staff();
      }))
    want_frames(2, "input");
  ImGui::NewFrame();
  Ui ui = make_ui(&fonts);
  const ContentResult scrolled = draw_ui(ui, width, height);
  if (preview) draw_preview_panel(ui);  // beside the kiosk frame, outside it
  ImGui::Render();
  // Scenarios and screenshots check that no character was drawn as the missing-glyph box.
  if (headless) missing_glyphs_drawn = font_atlas.count_missing_drawn(ImGui::GetDrawData());
  if (font_atlas.first_screen() && !first_screen_missed && font_atlas.count_missing_drawn(ImGui::GetDrawData()) > 0) {
    // The layout pass and this frame disagreed (or a character is in no font): the full atlas next.
    log::warn("fonts", "the first screen's atlas lacked a character this frame drew; the full atlas comes next");
    first_screen_missed = true;
    want_frames(1, "first screen lacked a character");
  }

  if (raster || capture) {
    SDL_Renderer* r = window.renderer();
    const ImU32 bg = ui.theme.bg;
    SDL_SetRenderDrawColor(r, bg & 0xFF, (bg >> 8) & 0xFF, (bg >> 16) & 0xFF, 255);
    SDL_RenderClear(r);
    render_draw_data(r, ImGui::GetDrawData());
    if (capture) window.read_pixels(capture);  // before present: with the software renderer the back buffer is ours
    SDL_RenderPresent(r);
  }
  after_frame(ui, scrolled);

  if (!first_frame_logged) {
    first_frame_logged = true;
    timespec cpu{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);  // what the start cost, whatever else the machine runs
    // The kernel keeps a process's start in 10 ms ticks; the boot clock's reading lets a program
    // that started this one time the start to the millisecond (tests/bench/bench_fonts).
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    char boot_s[32];
    std::snprintf(boot_s, sizeof boot_s, "%.4f", double(boot.tv_sec) + double(boot.tv_nsec) / 1e9);
    log::info("app", "first frame " + std::to_string(ms_since_exec()) + " ms after exec (CPU " +
                         std::to_string(cpu.tv_sec * 1000 + cpu.tv_nsec / 1000000) + " ms, boot clock " + boot_s + " s)");
    watchdog.ready();
  }
  frame_log.add(std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - frame_start).count());
}

// What a frame's screens read: the session, the content's view, the fonts to draw with.
Ui App::Impl::make_ui(const FontSet* with) {
  Ui ui;
  ui.config = &config;
  ui.session = &session;
  ui.strings = &content.strings();
  ui.fonts = with;
  ui.theme = make_theme(session.high_contrast);
  ui.m = metrics;
  ui.now = wall();
  ui.freshness = format_freshness(content.strings(), session.language, content.applied_at());
  ui.view = &content.view();
  ui.media = media.get();
  if (session.current().screen == ScreenId::staff) ui.staff = &staff_info;
  if (audio) {
    const PlayerState ps = audio->state();
    ui.reading.available = audio->available();
    ui.reading.active = ps.active();
    ui.reading.finished = ps.phase == PlayerState::Phase::finished;
    ui.reading.item = ps.item;
    ui.reading.section = ps.section;
    ui.reading.spoken_in_vi = ps.spoken_in_vi;
  }
  return ui;
}

// The kiosk's screen, between ImGui's NewFrame and Render: what it asks for is left in `ui`.
ContentResult App::Impl::draw_ui(Ui& ui, float width, float height) {
  ImGuiIO& io = ImGui::GetIO();
  const FontSet& fonts = *ui.fonts;
  apply_imgui_style(ui.theme, metrics.scale);
  if (!opt.maintenance && session.current().screen != ScreenId::attract) fit_chrome(ui, width);

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("root", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PushFont(fonts.body);
  ContentResult scrolled{session.current().scroll_y, false};
  if (opt.maintenance) {
    draw_maintenance(ui, io.DisplaySize, config.commune, config.staff_contact);
  } else if (session.current().screen == ScreenId::attract) {
    std::vector<std::string> touch;
    for (const auto& l : config.languages) touch.push_back(content.strings().get(l, "touch_to_start"));
    const double shown = now_s() - std::max(0.0, idle->attract_started());
    attract_next_frame_s = now_s() + draw_attract(ui, io.DisplaySize, shown, touch);
  } else {
    // An enlarged QR code is over everything: what is under it sees no finger.
    const bool zoomed = !session.qr_zoom.empty();
    const ImVec2 mouse = io.MousePos;
    if (zoomed) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    scrolled = draw_content(ui, width, height, drag);
    draw_banner(ui, width);
    draw_header(ui, width);
    draw_footer(ui, width, height);
    draw_keyboard_area(ui, width, height);
    io.MousePos = mouse;
    if (zoomed) draw_qr_zoom(ui, io.DisplaySize, session.qr_zoom);
  }
  ImGui::PopFont();
  ImGui::End();
  return scrolled;
}

// Counts the frame and its reason; with TRAMTIN_LOG=debug, one line per frame says why it was drawn.
void App::Impl::note_frame() {
  ++frames_drawn;
  const char* why = frame_why ? frame_why : "follow-up";
  frame_why = nullptr;  // the frames a request asked for after its first are follow-ups
  if (settling) return;  // a scenario step's settling frame: not one the loop asked for
  ++loop_frames;
  ++frame_reasons[why];
  if (log::level() <= log::Level::debug)
    log::debug("frame", "frame " + std::to_string(frames_drawn) + ": " + why + " (wakes " + std::to_string(ui_wakes) + ")");
}

// What the frame asked for: the route keeps where it was scrolled (or jumps to a section), then
// the intents change the session, then a finished feedback answer is counted for the usage report.
void App::Impl::after_frame(Ui& ui, const ContentResult& scrolled) {
  Route& route = session.current();
  route.scroll_y = scrolled.scroll_y;
  if (!route.jump_to.empty()) {
    if (auto it = ui.sections.find(route.jump_to); it != ui.sections.end()) {
      route.scroll_y = std::max(0.0f, it->second - metrics.gap);
      drag.stop();
    }
    route.jump_to.clear();
    want_frames(2, "jump to section");
  }
  if (scrolled.animating) want_frames(2, "scrolling");
  last_targets = std::move(ui.targets);
  last_sections.clear();
  for (const auto& [key, y] : ui.sections) last_sections.push_back(key);
  const std::size_t depth = session.stack.size();
  const Route drawn = route;  // `route` may dangle once intents push onto the stack
  for (const auto& in : ui.intents) handle_intent(in);
  if (!ui.intents.empty()) want_frames(2, "intent");
  if (media && media->pending() > 0) want_frames(2, "pictures to decode");  // decode, then show
  if (session.stack.size() != depth || !(session.current() == drawn)) drag.stop();  // a new place: no glide
  if (session.feedback_serial != feedback_serial_stored) {
    feedback_serial_stored = session.feedback_serial;
    if (!session.feedback_reason.empty() && session.feedback_score > 0)
      usage.feedback(session.feedback_item, session.feedback_score, session.feedback_reason, wall());
  }
}

// ---- [SECTION] App ------------------------------------------------------------------------------

App::App(Config config, AppOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->opt = std::move(options);
  if (impl_->opt.fonts_manifest.empty()) impl_->opt.fonts_manifest = find_data_file("fonts/fonts.toml");
}

App::~App() { impl_->shutdown(); }

bool App::restart_requested() const { return impl_->restart_requested; }

int App::run() {
  if (Status st = impl_->init(); !st) {
    log::error("app", st.message);
    std::fprintf(stderr, "tramtin: %s\n", st.message.c_str());
    return impl_->failure_exit;
  }
  if (impl_->preview && !impl_->opt.render_items_dir.empty()) return impl_->render_items();
  if (!impl_->opt.scenario_path.empty()) return impl_->scenario();
  return impl_->opt.screenshot_path.empty() ? impl_->loop() : impl_->screenshot_mode();
}

}  // namespace tramtin
