// Starting the kiosk: the data folder, the start history (crash loop → maintenance screen), the
// window, ImGui, the content (checked and repaired), the staff lock and the first font atlas. What
// is missing stops the start with one line and a distinct exit status (App::run).
// Layer: tramtin (part of App; see app_impl.h).
#include <imgui.h>

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "content/base/files.h"
#include "content/base/log.h"
#include "kiosk/core/crash_loop.h"
#include "kiosk/platform/app_impl.h"
#include "kiosk/platform/proc_stats.h"

namespace tramtin {

namespace {

// When the machine booted (Unix seconds, /proc/stat btime); 0 when unknown.
std::int64_t boot_time() {
  auto text = read_file("/proc/stat", 1 << 20);
  if (!text) return 0;
  const auto at = text->find("\nbtime ");
  return at == std::string::npos ? 0 : std::atoll(text->c_str() + at + 7);
}

}  // namespace

// The data folder must be usable before anything else: the cache, the PIN lock and the start
// history live there.
Status App::Impl::check_data_dir() {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec || ::access(config.data_dir.c_str(), R_OK | W_OK | X_OK) != 0)
    return Status::error(ErrorKind::storage, "cannot use the data folder " + config.data_dir + ": " +
                                                 (ec ? ec.message() : std::string(std::strerror(errno))) +
                                                 " (it must exist and be writable by the kiosk's user)");
  return {};
}

// More than five restarts in ten minutes: a restart will not fix it, show the maintenance screen.
void App::Impl::note_start() {
  const std::string path = config.data_dir + "/starts";
  auto text = read_file(path, 64 * 1024);
  StartHistory h = StartHistory::parse(text ? *text : "");
  const StartHistory before = h;
  const bool loop = h.record(std::time(nullptr));
  restart_reason = tramtin::restart_reason(before, boot_time(), loop || opt.maintenance);
  if (Status st = write_file_atomic(path, h.text()); !st) log::warn("app", "cannot note this start: " + st.message);
  if (loop && !opt.maintenance) {
    log::error("app", "more than 5 restarts in 10 minutes: showing the maintenance screen instead of crashing again");
    opt.maintenance = true;
  }
}

Status App::Impl::init() {
  // --preview SRC: a temporary data folder and the first reading of the tree (preview.cpp).
  if (!opt.preview_src.empty())
    if (Status st = prepare_preview(); !st) return st;
  headless = !opt.screenshot_path.empty() || !opt.scenario_path.empty() || !opt.render_items_dir.empty();
  virtual_clock = !opt.scenario_path.empty();
  vclock_wall0 = std::int64_t(std::time(nullptr));
  // Where a start's time goes (debug): libraries and window, content, fonts; app.cpp logs the first frame.
  const auto mark = [](const char* what) {
    log::debug("start", std::string(what) + " " + std::to_string(ms_since_exec()) + " ms after exec");
  };
  mark("main entered");
  // No display is the commonest mistake on a desktop: say it first, before touching any folder.
  if (Status st = window.open({headless, opt.fullscreen, opt.width, opt.height}); !st) {
    failure_exit = window.display_missing() ? kExitNoDisplay : kExitFailure;
    return st;
  }
  mark("window open");
  if (Status st = check_data_dir(); !st) {
    failure_exit = kExitDataDir;
    return st;
  }
  if (!headless) note_start();
  // Atlases built before: read, not rasterised. Not in the preview: its data folder is temporary
  // and removed at exit, where a cache writer still running would leave files behind.
  if (opt.preview_src.empty()) font_atlas.set_cache_dir(config.data_dir + "/font-cache");
  if (opt.fonts_manifest.empty() || !std::filesystem::exists(opt.fonts_manifest)) {
    failure_exit = kExitMissingFiles;
    return Status::error(ErrorKind::input, "the font list fonts/fonts.toml is missing (" +
                                               (opt.fonts_manifest.empty() ? std::string("not found") : opt.fonts_manifest) +
                                               "): reinstall the tramtin package");
  }
  install_stop_signals();

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;                  // never write imgui.ini on a kiosk
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;     // a blinking caret would keep the loop awake
  io.MouseDragThreshold = kDragThreshold;
  // The renderer side is ours (renderer.cpp draws, FontAtlas owns the atlas's texture).
  io.BackendRendererName = "tramtin_sdl_renderer";
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // renderer.cpp honours VtxOffset
  font_atlas.set_renderer(window.renderer());
  imgui_ready = true;
  media = std::make_unique<MediaTextures>(window.renderer());
  metrics = make_metrics(window.width(), window.height());
  corner.set_corner_px(120 * metrics.scale);

  idle.emplace(config.idle_timeout_seconds, config.attract_after_seconds, now_s());
  if (const char* h = std::getenv("TRAMTIN_TEST_HANG"); h && *h) test_hang_at_s = std::atof(h);
  if (opt.maintenance) return init_fonts();  // nothing else: whatever crashed must not run again

  content.on_glyphs_ready = [w = &window] { w->push_wake(); };
  // A cold start reads every item for its characters on a thread while the first screen shows.
  content.scan_cold_in_background(opt.preview_src.empty() && opt.render_items_dir.empty());
  const std::string sample = config.sample_source.empty() ? find_data_file("content/sample") : config.sample_source;
  if (Status st = content.open(config, sample, std::time(nullptr)); !st) {
    failure_exit = st.kind == ErrorKind::input ? kExitMissingFiles : kExitFailure;
    return st;
  }
  mark("content open");
  if (!opt.preview_src.empty()) content.keep_no_glyph_cache();
  staff_lock.emplace(make_staff_lock(config));
  restore_staff_lock();
  net_tester = std::make_unique<NetworkTester>(config);
  net_tester->on_done = [w = &window] { w->push_wake(); };
  report_writer = std::make_unique<ReportWriter>(config.database);
  // A one-shot screenshot never reads aloud: no audio thread, no probe of the sound device.
  if (opt.screenshot_path.empty() && opt.render_items_dir.empty()) audio = std::make_unique<AudioPlayer>([w = &window] { w->push_wake(); });
  defaults.language = config.default_language;
  defaults.high_contrast = config.high_contrast;
  reset_session(session, defaults);
  Status fonts_st = init_fonts();
  mark("fonts ready");
  return fonts_st;
}

// The first atlas: without its fonts the kiosk would draw every Vietnamese letter as "?", so a
// missing font file stops it with one line instead.
Status App::Impl::init_fonts() {
  if (first_screen_fonts()) return {};
  if (content.glyphs_pending()) {  // the full atlas now: with the content's characters
    content.wait_glyph_scan();
    content.take_glyph_texts();
  }
  if (ensure_fonts()) return {};
  failure_exit = kExitMissingFiles;
  return Status::error(ErrorKind::input, "fonts are missing (" + fonts_error +
                                             "): install fonts-noto-core, fonts-noto-cjk and fonts-font-awesome");
}

}  // namespace tramtin
