// The chrome around every screen: the header (commune, clock, language, text size, contrast), the
// urgent banner, the content area that scrolls by dragging, the on-screen keyboard's place and the
// footer (home, back, listen / stop / replay, feedback). Layer: tramtin (ImGui).
//
// Scroll belongs to the route: the content area starts each frame at the current route's
// scroll_y and reports where the visitor dragged it to; the app writes that back into the route
// between frames. Each depth of the navigation stack draws in its own child window, so going
// Back finds the list's content height still known and its position is not clamped away.
#pragma once

#include <map>
#include <string>

#include "kiosk/ui/ui.h"

namespace tramtin {

// Drag-to-scroll with inertia, for the content area. Owned by the app; reset on route change.
struct DragScroll {
  float velocity = 0;                // px/s while gliding after a flick
  bool dragging = false;
  // The "more below" arrow of the last frame (screen coordinates): a finger on it belongs to the
  // arrow, not to the row drawn under it.
  bool arrow = false;
  ImVec2 arrow_min, arrow_max;
  void stop() { velocity = 0, dragging = false; }
};

struct ContentResult {
  float scroll_y = 0;                // where the current route is scrolled to after this frame
  bool animating = false;            // inertia still moving: ask for another frame
};

float banner_height(const Ui& ui);
// Sizes the header and the footer (Ui::m header_h, footer_h) to their words at this text size and
// width, before anything is drawn: the header takes two rows, the footer grows, never a cut word.
void fit_chrome(Ui& ui, float width);
bool keyboard_shown(const Ui& ui);
void draw_header(Ui& ui, float width);
void draw_banner(Ui& ui, float width);
void draw_footer(Ui& ui, float width, float height);
// Draws the current screen in the content area; the route's scroll is applied before drawing.
ContentResult draw_content(Ui& ui, float width, float height, DragScroll& drag);
// The keyboard at the bottom of the content area, when the search screen shows it.
void draw_keyboard_area(Ui& ui, float width, float height);

}  // namespace tramtin
