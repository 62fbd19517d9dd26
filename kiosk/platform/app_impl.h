// The kiosk application's state, shared by the files that make up App: app.cpp (the wiring: loop,
// frame), start.cpp (start-up checks and set-up), between_frames.cpp (idle, content, fonts, staff
// figures, media, intents), scenario_driver.cpp (end-to-end replay on a virtual clock).
// Layer: tramtin (internal to kiosk/platform; nothing else includes it).
//
// Owners: the Session owns what the visitor did (routes and their scroll, typed text, ticks) and
// is reset on idle; the IdleClock owns when that happens and moves only on input; ContentState
// owns the cache connection and what the screen shows; the worker owns sync; the Window owns SDL.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/report/reporter.h"
#include "content/settings/config.h"
#include "content/sync/worker.h"
#include "kiosk/core/content_state.h"
#include "kiosk/core/idle_clock.h"
#include "kiosk/core/session.h"
#include "kiosk/core/staff_info.h"
#include "kiosk/core/staff_lock.h"
#include "kiosk/core/usage.h"
#include "kiosk/platform/app.h"
#include "kiosk/platform/audio.h"
#include "kiosk/platform/font_atlas.h"
#include "kiosk/platform/report_writer.h"
#include "kiosk/platform/input.h"
#include "kiosk/platform/proc_stats.h"
#include "kiosk/platform/watchdog.h"
#include "kiosk/platform/scenario.h"
#include "kiosk/platform/window.h"
#include "kiosk/ui/chrome.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/media.h"
#include "kiosk/ui/theme.h"
#include "kiosk/ui/ui.h"

union SDL_Event;

namespace tramtin {
struct Preview;  // preview.h
}

namespace tramtin {

inline constexpr double kMaintenanceSeconds = 15 * 60;  // then the maintenance screen exits (a restart)

struct App::Impl final : ScenarioDriver {
  Config config;
  AppOptions opt;
  Window window;
  bool imgui_ready = false;
  bool headless = false;
  bool raster = true;                     // false: frames are laid out but not rasterised (layout replays)

  Session session;
  SessionDefaults defaults;
  ContentState content;
  FontAtlas font_atlas;                   // builds, swaps and uploads the atlas
  FontSet fonts;                          // font_atlas.fonts() as of the last install
  int missing_glyphs_drawn = -1;          // U+FFFD glyphs in the last frame (scenario mode; -1: not counted)
  float fonts_built_for = -1.0f;
  std::string fonts_built_lang;
  Metrics metrics;
  PointerInput input;
  DragScroll drag;
  std::vector<HitTarget> last_targets;    // what was tappable in the last frame (scenario replay)
  std::vector<std::string> last_sections; // the sections the last frame drew (scenario state dump)

  int frames_pending = 3;                 // render this many more frames, then sleep
  bool running = true;
  // Why frames are drawn (idle means asleep: every frame has a reason, see frame_reasons). The
  // state dump shows the counters; TRAMTIN_LOG=debug logs one line per frame with its reason.
  const char* frame_why = "start";        // the first reason asked for since the last frame
  int frames_drawn = 0;                   // every frame, scenario steps' settling frames included
  int loop_frames = 0;                    // the frames the loop itself asked for (all of a kiosk's)
  int ui_wakes = 0;                       // the loop came out of its sleep (input, an event, a deadline)
  std::map<std::string, int> frame_reasons;  // loop frames by reason
  bool settling = false;                  // scenario: frames(n) settles a step; not a loop frame
  void want_frames(int n, const char* why);
  // A worker's report (sync status, content applied, urgent notices): counted here, on its thread.
  std::atomic<int> worker_reports{0};
  int worker_wakes = 0;                   // wake events handled (the state dump; tests)
  std::atomic<bool> sync_status_shown{false};  // the staff screen shows the sync status: its changes wake the loop

  // Time: real, or virtual for scenario replay (then `wait 30s` advances it without sleeping).
  bool virtual_clock = false;
  double vclock_s = 0;                    // virtual seconds since start
  std::int64_t vclock_wall0 = 0;          // wall clock at virtual start
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  double now_s() const;
  std::int64_t wall() const;
  std::int64_t ms_now() const { return std::int64_t(now_s() * 1000.0); }

  std::optional<IdleClock> idle;
  double attract_next_frame_s = -1;

  std::unique_ptr<MediaTextures> media;
  std::unique_ptr<sync::SyncWorker> worker;       // its own thread and write connection
  // Read-aloud: its own thread (synthesis, decoding, the SDL audio device). What it reads belongs
  // to the route and language it was asked on: leaving either stops it, as does the idle reset.
  std::unique_ptr<AudioPlayer> audio;
  Route listening_route;
  std::string listening_lang;
  std::string listening_section;                  // the last section the highlight scrolled to
  // Usage for the report: counted here on the UI thread, stored by the writer thread, sealed and
  // sent by the reporter after each sync attempt (on the worker's thread).
  UsageRecorder usage;
  std::unique_ptr<ReportWriter> report_writer;    // its own thread and write connection
  std::unique_ptr<report::Reporter> reporter;     // null without [sync] report_url
  double usage_flushed_s = 0;
  int feedback_serial_stored = 0;
  std::string restart_reason = "unknown";         // note_start: boot | restart | maintenance

  // Staff: a hidden gesture (hold the top-left corner 5 s), then a PIN; three wrong PINs lock it.
  std::optional<StaffLock> staff_lock;
  CornerHold corner;
  std::unique_ptr<NetworkTester> net_tester;
  StaffInfo staff_info;
  double staff_collected_s = -1e9;                // figures are gathered on a timer, off the frame
  bool restart_requested = false;

  FrameLog frame_log;
  bool first_frame_logged = false;
  Watchdog watchdog;                              // systemd: pinged by the loop while it turns
  double test_hang_at_s = -1;                     // TRAMTIN_TEST_HANG=S: the loop hangs after S s (tests only)

  // --preview SRC (preview.h): the source tree, its watcher and the side panel; null on a kiosk.
  std::unique_ptr<Preview> preview;
  std::int64_t clock_shift_s = 0;                 // the preview's clock switch: added to wall()

  int failure_exit = kExitFailure;                // the exit status when init() fails
  std::string fonts_error;                        // why the last atlas build failed

  // start.cpp
  Status init();
  Status check_data_dir();
  void note_start();
  Status init_fonts();
  // app.cpp
  void install_stop_signals();
  void shutdown();
  int loop();
  int screenshot_mode();
  void start_worker();
  void pump_events(int timeout_ms);
  void handle_event(const SDL_Event& e);
  void on_input();
  void tick_idle();
  struct Deadline {
    double in_s;
    const char* why;
    bool draws;  // false: the loop wakes to check (idle timers, the corner hold); they ask for frames when due
  };
  Deadline next_deadline() const;
  void deadline_passed(const Deadline& d);
  void between_frames();
  FontBuildInput font_input() const { return font_input(session.language, session.text_size); }
  FontBuildInput font_input(const std::string& language, TextSize size) const;
  // The atlases a visitor may ask for next, built into the cache on a low-priority thread.
  void start_prewarm();
  bool fonts_prewarmed = false;  // the other sizes' and languages' atlases are in the cache (once per content)
  bool ensure_fonts();  // false: a font file is missing (the atlas fell back to ImGui's own font)
  bool fonts_behind_visitor() const;  // another language or text size than the atlas's
  // first_screen.cpp: a cold start's first atlas holds only what the first screen draws.
  bool first_screen_fonts();   // false: a warm start, or not possible (the full atlas is built now)
  void follow_first_screen();  // between frames: the full atlas, from a worker or waited for
  Route first_screen_route;    // what the first screen's atlas was made for
  int first_screen_view = 0;
  bool first_screen_touched = false;  // input came: the next frame may show anything
  bool first_screen_missed = false;   // a frame drew a character that atlas lacked
  bool full_fonts_started = false;
  void collect_staff();
  void open_staff();
  void prepare_media();
  void render_frame(float dt, std::vector<unsigned char>* capture);
  Ui make_ui(const FontSet* with);
  ContentResult draw_ui(Ui& ui, float width, float height);
  void note_frame();
  void after_frame(Ui& ui, const ContentResult& scrolled);
  void handle_intent(const Intent& in);
  void start_listening(const std::string& what);
  void stop_listening(const char* why);
  void follow_reading();
  void flush_usage();                             // the counts so far to the writer thread
  // Read-aloud started for `item` in the visitor's language: counted for the usage report. The
  // listen button's handler calls this (UI thread, between frames).
  void record_listen(const std::string& item);
  std::string staff_lock_path() const;
  void save_staff_lock();
  void restore_staff_lock();

  // preview.cpp
  Status prepare_preview();
  void set_preview_size(int w, int h);
  void start_preview_watch();
  void preview_between_frames();
  void draw_preview_panel(Ui& ui);
  void preview_state(nlohmann::json& j);
  bool extra_command(const std::string& cmd, const std::string& rest, std::string* error) override;
  int render_items();
  // scenario_driver.cpp
  void frames(int n) override;
  void scenario_frame();                          // one frame of the loop, on virtual time
  void advance(double seconds) override;
  void set_wall_clock(std::int64_t unix_time) override;
  bool target_center(const std::string& id_or_label, float* x, float* y) override;
  void pointer(float x, float y, int button_down) override;
  bool await_worker(int events, double timeout_s) override;
  bool settle(double timeout_s) override;
  bool prewarm_fonts(double timeout_s) override;
  bool await_state(const std::string& field, const std::string& value, double timeout_s) override;
  bool sync_now(double timeout_s) override;
  nlohmann::json state() override;
  bool screenshot(const std::string& path) override;
  void intent(const Intent& in) override;
  std::vector<std::string> layout_findings() override;
  std::string data_dir() override { return config.data_dir; }
  void window_size(int* w, int* h) override { *w = window.width(), *h = window.height(); }
  int scenario();
};

}  // namespace tramtin
