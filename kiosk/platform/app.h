// The kiosk application: SDL2 window and renderer, the event-driven loop, frames, screenshots.
// Layer: tramtin (SDL2 + ImGui). Screens live in screen_*.cpp and are registered in screens.cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "content/base/files.h"
#include "content/settings/config.h"

namespace tramtin {

struct AppOptions {
  bool fullscreen = true;             // --windowed WxH turns it off
  int width = 1280, height = 800;     // window size when windowed, or the screenshot size
  std::string screenshot_path;        // --screenshot OUT.png: headless, render, write, exit
  int frames = 3;                     // frames to render before the screenshot
  std::string fonts_manifest;         // fonts/fonts.toml (found next to the program by default)
  std::string scenario_path;          // --scenario FILE: headless replay on a virtual clock
  std::string dump_state_path;        // --dump-state OUT.json
  std::string shots_dir;              // --shots DIR
  bool maintenance = false;           // --maintenance, or chosen at start after a crash loop
  // --preview SRC (preview.h): the kiosk on a source tree, in a temporary cache, with a side panel.
  std::string preview_src;
  std::string render_items_dir;       // --render-items DIR: every item's screen as PNGs, then exit
  std::vector<std::string> render_languages;  // --lang L,... (empty: every language of the tree)
};

class App {
 public:
  App(Config config, AppOptions options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;
  int run();                          // the process exit status
  bool restart_requested() const;     // staff pressed "restart": main re-executes the program

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Exit statuses of the kiosk binary.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitNoDisplay = 4;
inline constexpr int kExitMissingFiles = 5;   // fonts or the bundled sample pack are not installed
inline constexpr int kExitDataDir = 6;        // the data folder cannot be created, read or written

// find_data_file (where bundled data lives) is in content/base/files.h: the staff tool needs it too.

}  // namespace tramtin
