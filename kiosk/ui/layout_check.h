// The layout check: every text the UI draws goes through draw_text(), which draws it and, while a
// check records (tests, the scenario `layout` command), notes where the text went and the box it
// had to stay in. check_layout() then says what overflows, is cut, overlaps or runs off the screen.
// Off (a null log), draw_text costs one pointer test. Layer: tramtin (ImGui).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace tramtin {

struct HitTarget;  // kiosk/ui/ui.h

// The box a text must stay in (the button, tile or card it labels), and how it may be drawn.
struct TextBox {
  enum Flags : unsigned {
    none = 0,
    over = 1,     // drawn over other things on purpose (the "more" arrow, the zoomed QR): no overlap check
    cut_ok = 2,   // cut on purpose, with a visible cue (the banner's fade): no cut check
  };
  ImVec2 min{0, 0}, max{0, 0};
  unsigned flags = none;
  bool has_box() const { return max.x > min.x && max.y > min.y; }
};

struct LayoutText {
  std::string text;
  ImVec2 min, max;        // where the text's lines went (advance widths, line heights)
  ImVec2 box_min, box_max;// the box it had to stay in (none: the clip rectangle)
  ImVec4 clip;            // the clip rectangle it was drawn with (window and explicit clip)
  std::string layer;      // the draw list it went to ("root", "root/content3_…", "foreground")
  float line_h = 0;       // one line's height (a paragraph is cut line by line)
  bool in_content = false;// in the scrolling content area
  unsigned flags = 0;
};

struct LayoutLog {
  std::vector<LayoutText> texts;
  // The scrolling content area of the frame: its rectangle, how far it is scrolled, the height of
  // the "more below" fade (a row cut by the bottom edge must lie under it).
  ImVec2 content_min{0, 0}, content_max{0, 0};
  float scroll_y = 0, fade_top = 0, fade_bottom = 0;
  bool content_seen = false;
  bool clock_shown = false;         // the header found room for the date and time
  bool chrome = false;              // header and footer were drawn (not the slideshow)
  // Things a screen wants seen without scrolling (the product's QR codes and their words).
  struct Must {
    std::string what;
    ImVec2 min, max;
  };
  std::vector<Must> first_screen;
  void clear() { *this = LayoutLog{}; }
};

// The log being recorded into, or nullptr (the normal case: nothing is recorded).
LayoutLog* layout_log();
void set_layout_log(LayoutLog* log);

// ImDrawList::AddText (font size = font->FontSize), noting the text while a log records.
// `size` > 0 draws smaller than the font was baked (only shrink: a bitmap font blurs when enlarged).
void draw_text(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text, const TextBox& box = {},
               float wrap_width = 0.0f, const ImVec4* clip = nullptr, float size = 0.0f);
// Notes text ImGui itself just laid out as the last item (TextUnformatted): its item rectangle.
void note_item_text(std::string_view text);
// Notes something that must be on the first screen of the content (scroll 0) at every size.
void note_first_screen(const char* what, ImVec2 min, ImVec2 max);

// What is wrong with the frame: one line per finding, empty when the layout is clean.
std::vector<std::string> check_layout(const LayoutLog& log, const std::vector<HitTarget>& targets, ImVec2 display);

}  // namespace tramtin
