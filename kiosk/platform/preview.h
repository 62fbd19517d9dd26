// `tramtin --preview SRC`: the kiosk, in a window, on a staff source tree instead of its cache.
// The tree is read into a temporary cache (preview_source.h) and read again on every save; the
// kiosk keeps the screen the author is looking at and shows the edit there. A side panel outside
// the kiosk frame (the window is wider than the kiosk) lists what validate says, each line a
// button that opens the item concerned, and switches the screen size and orientation, the
// language, the text size, the contrast and the clock. `--render-items DIR` draws every item in
// every language into PNGs instead (for `tramtin-publish shots`).
// Nothing is written to the kiosk's own data folder, no feed is polled and nothing is signed.
// Layer: tramtin (part of App; see app_impl.h). The App side lives in preview.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/session.h"
#include "kiosk/platform/preview_source.h"

namespace tramtin {

// The screen sizes the panel offers (landscape 1080p and the common laptop panel, and a standing
// totem in portrait).
struct PreviewSize {
  int w, h;
};
inline constexpr PreviewSize kPreviewSizes[] = {{1920, 1080}, {1366, 768}, {1080, 1920}};

// What the panel asked for; done between frames (the window cannot change size mid-frame).
struct PreviewAction {
  enum class Type { open_item, size, language, text_size, contrast, clock_shift, clock_now } type;
  std::string arg;                                   // item id, language
  std::int64_t number = 0;                           // seconds, text size, width
  int height = 0;
};

struct Preview {
  std::string src;                                   // the source tree
  std::string tmp_dir;                               // the temporary data folder (removed at exit)
  std::unique_ptr<PreviewSource> source;
  PreviewSnapshot shown;                             // the reading on screen now
  // Every item seen in any reading, with its kind: a diagnostic about an item that does not read
  // any more still opens it (the cache keeps its last good reading when the new one is refused).
  std::map<std::string, Kind> known_items;
  std::vector<std::string> languages;                // offered by the panel: the kiosk's, then the tree's
  int kiosk_w = 1920, kiosk_h = 1080;                // the kiosk's screen
  int panel_w = 0;                                   // 0: no panel (--render-items)
  double latency_ms = -1;                            // the last save until the frame that showed it
  int readings_taken = 0;
  float diag_scroll = 0;
  std::vector<PreviewAction> actions;

  ~Preview();
};

// The screen an item of this kind opens on.
ScreenId preview_screen_for(Kind kind);
// The item a diagnostic is about: the folder of its file (an item's id is its folder's name),
// when that folder is one of `items`; "" otherwise (the tree as a whole).
std::string preview_item_of(const Diagnostic& d, const std::map<std::string, Kind>& items);
// The panel's width for a kiosk screen (it scales with the kiosk's height so it reads the same).
int preview_panel_width(int kiosk_w, int kiosk_h);

}  // namespace tramtin
