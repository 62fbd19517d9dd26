// Command-line options of the kiosk binary, parsed without side effects (so tests can check them).
// Layer: tramtin_kiosk_core.
#pragma once

#include <string>
#include <vector>

namespace tramtin {

struct KioskArgs {
  enum class Mode { run, help, version, screenshot, sync_once, import_bundle, scenario, preview };
  Mode mode = Mode::run;
  std::string config_path;          // --config PATH
  bool fullscreen = true;           // --windowed WxH / --fullscreen
  int width = 1280, height = 800;   // --windowed WxH or --size WxH
  std::string screenshot_path;      // --screenshot OUT.png
  int frames = 3;                   // --frames N
  std::string import_path;          // --import PATH
  std::string scenario_path;        // --scenario FILE
  std::string dump_state_path;      // --dump-state OUT.json
  std::string shots_dir;            // --shots DIR
  std::string fonts_manifest;       // --fonts PATH (default: fonts/fonts.toml next to the program)
  bool maintenance = false;         // --maintenance: only the "under maintenance" screen
  std::string preview_src;          // --preview SRC: the kiosk on a source tree (see preview.h)
  std::string render_items_dir;     // --render-items DIR: with --preview, every item's screen as PNGs
  std::vector<std::string> languages;  // --lang L,...: with --render-items (default: the tree's)
  bool size_given = false;          // --size was given (preview: the kiosk's screen size)
};

struct KioskArgsResult {
  KioskArgs args;
  std::string error;                // non-empty: print it and exit with status 2
};

KioskArgsResult parse_kiosk_args(const std::vector<std::string>& argv);  // argv without argv[0]
bool parse_size(const std::string& s, int* w, int* h);                    // "1920x1080"
const char* kiosk_usage();

}  // namespace tramtin
