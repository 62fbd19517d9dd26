// tramtin: the kiosk program. Parses options, reads the configuration, runs the chosen mode.
// Layer: tramtin (wires content, kiosk core and the SDL/ImGui app together).
#include <clocale>
#include <malloc.h>
#include <unistd.h>
#include <cstdio>
#include <string>
#include <vector>

#include "content/settings/config.h"
#include "content/base/log.h"
#include "kiosk/platform/app.h"
#include "kiosk/platform/crash.h"
#include "kiosk/core/cli.h"
#include "kiosk/platform/sync_cli.h"

int main(int argc, char** argv) {
  // One malloc arena for every thread. The kiosk's workers (the glyph scan, atlas builds, the cache
  // writer, the prewarm) run one at a time and briefly; with an arena each, what they free stays
  // mapped in arenas of their own (6-7 MB after a cold Chinese start, bench_fonts), where with one
  // it is reused and malloc_trim gives it back.
  mallopt(M_ARENA_MAX, 1);
  std::setlocale(LC_ALL, "");
  std::setlocale(LC_NUMERIC, "C");  // number parsing must not depend on the locale
  using namespace tramtin;
  crash::install();
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = parse_kiosk_args(args);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "tramtin: %s\n", parsed.error.c_str());
    return kExitUsage;
  }
  const KioskArgs& a = parsed.args;
  if (a.mode == KioskArgs::Mode::help) {
    std::fputs(kiosk_usage(), stdout);
    return kExitOk;
  }
  if (a.mode == KioskArgs::Mode::version) {
    std::printf("tramtin %s\n", TRAMTIN_VERSION);
    return kExitOk;
  }
  auto cfg = load_config(a.config_path);
  if (!cfg.config) {
    std::fprintf(stderr, "tramtin: %s\n", cfg.error.c_str());
    return kExitFailure;
  }
  Config config = *cfg.config;
  resolve_config_paths(config);
  log::info("main", "tramtin " TRAMTIN_VERSION ", kiosk " + config.kiosk_id + ", config " +
                        (config.path.empty() ? std::string("(built-in defaults)") : config.path));

  AppOptions opt;
  opt.fullscreen = a.fullscreen;
  opt.width = a.width;
  opt.height = a.height;
  opt.frames = a.frames;
  opt.fonts_manifest = a.fonts_manifest;
  opt.maintenance = a.maintenance;
  switch (a.mode) {
    case KioskArgs::Mode::screenshot:
      opt.screenshot_path = a.screenshot_path;
      break;
    case KioskArgs::Mode::scenario:
      opt.scenario_path = a.scenario_path;
      opt.dump_state_path = a.dump_state_path;
      opt.shots_dir = a.shots_dir;
      break;
    case KioskArgs::Mode::preview:
      // The kiosk on a source tree (preview.cpp): windowed, or headless with --scenario or
      // --render-items. Without --size it shows a 1920x1080 kiosk.
      opt.preview_src = a.preview_src;
      opt.render_items_dir = a.render_items_dir;
      opt.render_languages = a.languages;
      opt.scenario_path = a.scenario_path;
      opt.dump_state_path = a.dump_state_path;
      opt.shots_dir = a.shots_dir;
      if (!a.size_given) opt.width = 1920, opt.height = 1080;
      break;
    case KioskArgs::Mode::sync_once:
      return run_sync_once(config);
    case KioskArgs::Mode::import_bundle:
      return run_import(config, a.import_path);
    default:
      break;
  }
  int status = kExitOk;
  bool restart = false;
  {
    App app(std::move(config), std::move(opt));
    status = app.run();
    restart = app.restart_requested();
  }
  if (restart) {
    // Staff asked for a restart: the same program with the same options, a clean process.
    log::info("main", "restarting");
    execv("/proc/self/exe", argv);
    log::error("main", "restart failed; exiting so the service manager starts the kiosk again");
    return kExitFailure;
  }
  return status;
}
