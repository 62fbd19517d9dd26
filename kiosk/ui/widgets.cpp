// Touch widgets shared by every screen (declared in kiosk/ui/ui.h): the one tap detector and the
// touch item core under them all, big buttons, tiles, wrapped text, list rows with their pictures,
// section headings, stars. Layer: tramtin (ImGui).
//
// [SECTION] Taps and the touch item
// [SECTION] Buttons, tiles, text
// [SECTION] List rows, headings, markers, stars
#include <algorithm>
#include <cmath>
#include <cstring>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/core/fallback.h"
#include "kiosk/core/view_model.h"
#include "kiosk/ui/layout_check.h"
#include "kiosk/ui/media.h"
#include "kiosk/ui/ui.h"

namespace tramtin {

// ---------------------------------------------------------------------------------------------
// [SECTION] Taps and the touch item
// ---------------------------------------------------------------------------------------------

namespace {
// True when the last press, wherever it went, travelled far enough to be a drag (a scroll). ImGui
// tracks the longest distance the pointer went while held, so coming back does not make it a tap.
bool released_after_drag() {
  return ImGui::GetIO().MouseDragMaxDistanceSqr[0] > kDragThreshold * kDragThreshold;
}
}  // namespace

bool item_tapped() {
  return ImGui::IsItemDeactivated() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
         !released_after_drag();
}

bool item_held() { return ImGui::IsItemActive() && !ImGui::IsMouseDragging(0, kDragThreshold); }

void register_target(Ui& ui, const char* id, const char* label, ImVec2 min, ImVec2 max) {
  ui.targets.push_back(HitTarget{id, label ? label : "", min, max});
}

// The part every touch widget shares: lay out `size` at the cursor, tell ImGui about it (active
// while pressed), ask item_tapped() whether it was tapped, and record it for scenario replay.
// Returns false when the item is clipped away (nothing to draw); *tapped and *held say what happened.
bool touch_item(Ui& ui, const char* id, const char* label, ImVec2 size, ImRect* bb, bool* tapped, bool* held) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  *tapped = *held = false;
  if (window->SkipItems) return false;
  const ImGuiID gid = window->GetID(id);
  const ImVec2 pos = window->DC.CursorPos;
  *bb = ImRect(pos, ImVec2(pos.x + size.x, pos.y + size.y));
  ImGui::ItemSize(size);
  if (!ImGui::ItemAdd(*bb, gid)) return false;
  bool hovered = false, active = false;
  ImGui::ButtonBehavior(*bb, gid, &hovered, &active);  // activation on press; the tap is decided below
  *tapped = item_tapped();
  *held = item_held();
  register_target(ui, id, label, bb->Min, bb->Max);
  return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Buttons, tiles, text
// ---------------------------------------------------------------------------------------------

namespace {

// How a button's words sit in it: one line "icon  label" when it fits, else the icon on a line of
// its own above the label, wrapped at word boundaries and centred.
struct ButtonLabel {
  bool stacked = false;
  ImVec2 size;
};

ButtonLabel layout_label(ImFont* font, float fs, const char* icon, const char* label, float inner_w) {
  ButtonLabel l;
  const std::string one = icon ? std::string(icon) + "  " + (label ? label : "") : (label ? label : "");
  l.size = font->CalcTextSizeA(fs, FLT_MAX, 0.0f, one.c_str());
  if (l.size.x <= inner_w || !label || !*label) return l;
  l.stacked = true;
  const ImVec2 ls = font->CalcTextSizeA(fs, FLT_MAX, inner_w, label);
  const float iw = icon ? font->CalcTextSizeA(fs, FLT_MAX, 0.0f, icon).x : 0.0f;
  l.size = ImVec2(std::max(iw, ls.x), ls.y + (icon ? fs : 0.0f));
  return l;
}

float label_px(const Ui& ui, float font_px) {
  const float fs = ui.fonts->bold->FontSize;
  return font_px > 0 ? std::min(fs, font_px) : fs;
}

// Word-wraps `text` at `wrap` and draws each line centred on `center_x`; returns the y below it.
float draw_centered_lines(ImDrawList* dl, ImFont* font, const char* text, float center_x, float y, float wrap,
                          ImU32 color, float line_spacing, const TextBox& box, float fs = 0) {
  if (fs <= 0) fs = font->FontSize;
  const char* s = text;
  const char* end = text + std::strlen(text);
  while (s < end) {
    const char* line_end = font->CalcWordWrapPositionA(fs / font->FontSize, s, end, wrap);
    if (line_end == s) line_end = s + 1;
    ImVec2 size = font->CalcTextSizeA(fs, FLT_MAX, 0, s, line_end);
    draw_text(dl, font, ImVec2(center_x - size.x * 0.5f, y), color, std::string_view(s, std::size_t(line_end - s)), box,
              0.0f, nullptr, fs);
    y += fs * line_spacing;
    s = line_end;
    while (s < end && *s == ' ') ++s;
  }
  return y;
}

}  // namespace

ImVec2 touch_button_label_size(const Ui& ui, const char* icon, const char* label, float width, float font_px) {
  return layout_label(ui.fonts->bold, label_px(ui, font_px), icon, label, width - ui.m.pad).size;
}

bool touch_button(Ui& ui, const char* id, const char* icon, const char* label, ImVec2 size,
                  bool primary, bool selected, float font_px) {
  ImRect bb;
  bool pressed = false, held = false;
  if (!touch_item(ui, id, label, size, &bb, &pressed, &held)) return false;
  ImGuiWindow* window = ImGui::GetCurrentWindow();

  const Theme& t = ui.theme;
  ImU32 bg = primary ? t.primary : t.surface;
  ImU32 fg = primary ? t.primary_text : t.text;
  if (selected) {  // the chosen option: a warm fill that stands out on white and on the blue header
    bg = t.highlight;
    fg = t.text;
  }
  ImDrawList* dl = window->DrawList;
  const float r = 14 * ui.m.scale;
  ImVec2 a = bb.Min, b = bb.Max;
  if (held) {  // obvious pressed state: darker and pushed in
    const float inset = 3 * ui.m.scale;
    a = ImVec2(a.x + inset, a.y + inset);
    b = ImVec2(b.x - inset, b.y - inset);
    bg = t.surface_pressed;
    fg = t.text;
  }
  dl->AddRectFilled(a, b, bg, r);
  const bool own_border = (primary || selected) && !held && !t.high_contrast;  // high contrast: always outlined
  dl->AddRect(a, b, own_border ? bg : t.border, r, 0, 2.0f * ui.m.scale);

  ImFont* font = ui.fonts->bold;
  const float fs = label_px(ui, font_px);
  // The box the label must stay in is the button as laid out (a press insets the drawing only).
  const TextBox box{bb.Min, bb.Max};
  const float inner = (bb.Max.x - bb.Min.x) - ui.m.pad;
  const ButtonLabel l = layout_label(font, fs, icon, label, inner);
  if (!l.stacked) {
    const std::string text = icon ? std::string(icon) + "  " + (label ? label : "") : (label ? label : "");
    const ImVec2 tp((a.x + b.x - l.size.x) * 0.5f, (a.y + b.y - l.size.y) * 0.5f);
    draw_text(dl, font, tp, fg, text, box, 0.0f, nullptr, fs);
  } else {  // too long for one line: the icon above, the words wrapped under it, never clipped
    float y = (a.y + b.y - l.size.y) * 0.5f;
    if (icon) {
      const float iw = font->CalcTextSizeA(fs, FLT_MAX, 0.0f, icon).x;
      draw_text(dl, font, ImVec2((a.x + b.x - iw) * 0.5f, y), fg, icon, box, 0.0f, nullptr, fs);
      y += fs;
    }
    draw_centered_lines(dl, font, label, (a.x + b.x) * 0.5f, y, inner, fg, 1.0f, box, fs);
  }
  return pressed;
}

namespace {

// The widest word of `text` (a word never breaks inside a tile: "thường" must not become "thườn").
float widest_word(ImFont* f, const char* text) {
  float w = 0;
  const char* s = text;
  while (*s) {
    const char* e = s;
    while (*e && *e != ' ') ++e;
    w = std::max(w, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s, e).x);
    s = *e ? e + 1 : e;
  }
  return w;
}

}  // namespace

bool tile(Ui& ui, const char* id, const char* icon, const char* label, ImVec2 size, ImU32 icon_color,
          const char* subtitle) {
  ImRect bb;
  bool pressed = false, held = false;
  if (!touch_item(ui, id, label, size, &bb, &pressed, &held)) return false;
  ImGuiWindow* window = ImGui::GetCurrentWindow();

  const Theme& t = ui.theme;
  ImDrawList* dl = window->DrawList;
  const float r = 20 * ui.m.scale;
  ImVec2 a = bb.Min, b = bb.Max;
  ImU32 bg = t.surface;
  if (held) {
    const float inset = 4 * ui.m.scale;
    a = ImVec2(a.x + inset, a.y + inset);
    b = ImVec2(b.x - inset, b.y - inset);
    bg = t.surface_pressed;
  }
  dl->AddRectFilled(a, b, bg, r);
  dl->AddRect(a, b, t.border, r, 0, 2.0f * ui.m.scale);
  // Icon in the upper part, label below it, both centred. The label takes the largest size in
  // which its longest word fits the tile's width and, with the icon, its height: a small tile at
  // A++ steps down (heading, bold, body) and shrinks its icon rather than cut a word.
  const TextBox box{bb.Min, bb.Max};
  const float wrap = (b.x - a.x) - 2 * ui.m.pad;
  const float room_h = (b.y - a.y) - ui.m.pad;
  ImFont* ifont = ui.fonts->icon_large;
  ImFont* lfont = nullptr;
  ImVec2 ls;
  float icon_px = ifont->FontSize;
  for (ImFont* f : {ui.fonts->heading, ui.fonts->bold, ui.fonts->body, ui.fonts->small}) {
    lfont = f;
    ls = f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, label);
    ls.y += (std::round(ls.y / f->FontSize) - 1) * f->FontSize * 0.15f;  // the lines' spacing
    icon_px = std::min(ifont->FontSize, room_h - ui.m.gap - ls.y);
    if (widest_word(f, label) <= wrap && icon_px >= ifont->FontSize * 0.5f) break;
  }
  icon_px = std::max(icon_px, 1.0f);
  ImVec2 is = ifont->CalcTextSizeA(icon_px, FLT_MAX, 0, icon);
  ImFont* sfont = ui.fonts->body;
  ImVec2 ss = subtitle && *subtitle ? sfont->CalcTextSizeA(sfont->FontSize, FLT_MAX, wrap, subtitle) : ImVec2(0, 0);
  // The subtitle is dropped when the tile is too small for it (A+ on a small panel): never clipped.
  const bool show_sub = ss.y > 0 && is.y + ui.m.gap + ls.y + ss.y * 1.2f + ui.m.gap * 0.5f < room_h &&
                        widest_word(sfont, subtitle) <= wrap;
  const float total = is.y + ui.m.gap + ls.y + (show_sub ? ss.y * 1.2f + ui.m.gap * 0.5f : 0.0f);
  float y = (a.y + b.y - total) * 0.5f;
  draw_text(dl, ifont, ImVec2((a.x + b.x - is.x) * 0.5f, y), icon_color, icon, box, 0.0f, nullptr, icon_px);
  y += is.y + ui.m.gap;
  y = draw_centered_lines(dl, lfont, label, (a.x + b.x) * 0.5f, y, wrap, t.text, 1.15f, box);
  if (show_sub) draw_centered_lines(dl, sfont, subtitle, (a.x + b.x) * 0.5f, y + ui.m.gap * 0.5f, wrap, t.text_muted, 1.2f, box);
  return pressed;
}

void wrapped_text(ImFont* font, ImU32 color, const std::string& text, float wrap_width) {
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
  float wrap = wrap_width > 0 ? ImGui::GetCursorPosX() + wrap_width : 0.0f;
  ImGui::PushTextWrapPos(wrap);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  note_item_text(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] List rows, headings, markers, stars
// ---------------------------------------------------------------------------------------------

Texture row_picture(Ui& ui, const std::string& sha256, ImVec2 min, ImVec2 size) {
  if (!ui.media || sha256.empty()) return {};
  if (!ImGui::IsRectVisible(min, ImVec2(min.x + size.x, min.y + size.y))) return ui.media->image(sha256);
  // A square box as large as the longer side: the picture, whatever its aspect, covers the box.
  const int side = int(std::ceil(std::max(size.x, size.y)));
  return ui.media->request(sha256, side, side);
}

bool list_row(Ui& ui, const char* id, const std::string& title, const std::string& subtitle, float width,
              const std::string* picture, const char* icon, ImU32 icon_color, bool chevron) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return false;
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  ImFont* tf = ui.fonts->bold;
  ImFont* sf = ui.fonts->body;
  const float pic_w = picture ? m.row_h * 1.5f : 0.0f;
  const float icon_w = icon ? tf->FontSize * 1.6f : 0.0f;
  const float chevron_w = tf->FontSize * 1.5f;
  const float text_x = m.pad + (picture ? pic_w + m.pad : 0) + icon_w;
  const float text_w = std::max(100.0f, width - text_x - chevron_w - m.pad);
  ImVec2 ts = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, text_w, title.c_str());
  ImVec2 ss = subtitle.empty() ? ImVec2(0, 0) : sf->CalcTextSizeA(sf->FontSize, FLT_MAX, text_w, subtitle.c_str());
  const float text_h = ts.y + (subtitle.empty() ? 0 : ss.y + m.gap * 0.4f);
  const float h = std::max(m.row_h, text_h + 2 * m.pad * 0.8f);

  ImRect bb;
  bool pressed = false, held = false;
  if (!touch_item(ui, id, title.c_str(), ImVec2(width, h), &bb, &pressed, &held)) return false;
  ImDrawList* dl = window->DrawList;
  const float r = 14 * m.scale;
  dl->AddRectFilled(bb.Min, bb.Max, held ? t.surface_pressed : t.surface, r);
  dl->AddRect(bb.Min, bb.Max, t.border, r, 0, 2.0f * m.scale);
  float x = bb.Min.x + m.pad;
  if (picture) {
    const ImVec2 at(x, bb.Min.y + m.pad * 0.5f), box(pic_w, h - m.pad);
    draw_picture(dl, row_picture(ui, *picture, at, box), at, box, title, ui.fonts->heading, t.surface_pressed,
                 t.text_muted, 10 * m.scale);
    x += pic_w + m.pad;
  }
  if (icon) {
    // High contrast: every icon in the one bright foreground colour (blue or red on black would vanish).
    const ImU32 ic = t.high_contrast ? t.text_muted : (icon_color ? icon_color : t.primary);
    draw_text(dl, tf, ImVec2(x, bb.Min.y + (h - tf->FontSize) * 0.5f), ic, icon, {bb.Min, bb.Max});
    x += icon_w;
  }
  float y = bb.Min.y + (h - text_h) * 0.5f;
  draw_text(dl, tf, ImVec2(x, y), t.text, title, {bb.Min, bb.Max}, text_w);
  if (!subtitle.empty())
    draw_text(dl, sf, ImVec2(x, y + ts.y + m.gap * 0.4f), t.text_muted, subtitle, {bb.Min, bb.Max}, text_w);
  if (chevron)
    draw_text(dl, tf, ImVec2(bb.Max.x - chevron_w, bb.Min.y + (h - tf->FontSize) * 0.5f), t.text_muted,
              icon::chevron_right, {bb.Min, bb.Max});
  return pressed;
}

void section_heading(Ui& ui, const char* icon, const std::string& text) {
  ImGui::Dummy(ImVec2(1, ui.m.gap));
  std::string s = icon ? std::string(icon) + "  " + text : text;
  wrapped_text(ui.fonts->heading, ui.theme.high_contrast ? ui.theme.text_muted : ui.theme.primary, s);
  ImGui::Dummy(ImVec2(1, ui.m.gap * 0.25f));
}

// A chip a person can read (bold, full-contrast text, outlined), not a faint grey line: the text
// next to it is Vietnamese, said in the visitor's own language.
void fell_back_marker(Ui& ui) {
  const Metrics& m = ui.m;
  ImFont* f = ui.fonts->bold;
  const std::string text = std::string(icon::globe) + "  " + ui.tr("fell_back_notice");
  const float wrap = std::max(100.0f, ImGui::GetContentRegionAvail().x - m.pad * 2);
  const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, text.c_str());
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const ImVec2 size(ts.x + m.pad, ts.y + m.gap * 0.6f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Theme& t = ui.theme;
  dl->AddRectFilled(a, ImVec2(a.x + size.x, a.y + size.y), t.high_contrast ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 244, 214, 255), 8 * m.scale);
  dl->AddRect(a, ImVec2(a.x + size.x, a.y + size.y), t.high_contrast ? t.text_muted : t.accent, 8 * m.scale, 0, 2 * m.scale);
  draw_text(dl, f, ImVec2(a.x + m.pad * 0.5f, a.y + m.gap * 0.3f), t.text, text, {a, ImVec2(a.x + size.x, a.y + size.y)}, wrap);
  ImGui::Dummy(size);
}

void field_fell_back_marker(Ui& ui, const char* field) {
  if (!ui.view || !ui.view->item || ui.view->item->fell_back) return;  // the whole item said so at the top
  if (fell_back(ui.view->fell_back_fields, field)) fell_back_marker(ui);
}

namespace {
// The section being read draws its text on channel 1 and its highlight, once its height is known,
// on channel 0 behind it. One section at a time is read, so one splitter serves (tables nest
// their own).
ImDrawListSplitter g_read_splitter;
bool g_read_split = false;
}  // namespace

float read_mark(Ui& ui, const char* section) {
  if (g_read_split) {  // a screen that threw between mark and highlight (its error boundary caught it)
    g_read_splitter.Clear();
    g_read_split = false;
  }
  if (ui.reading.active && ui.reading.section == section && !g_read_split) {
    g_read_splitter.Split(ImGui::GetWindowDrawList(), 2);
    g_read_splitter.SetCurrentChannel(ImGui::GetWindowDrawList(), 1);
    g_read_split = true;
  }
  return ImGui::GetCursorScreenPos().y;
}

// A highlighter behind the words being read, and a bar in the left margin: the bar carries it
// without colour too (high contrast draws it in the bright foreground colour).
void read_highlight(Ui& ui, const char* section, float start_y, float width) {
  if (!ui.reading.active || ui.reading.section != section || !g_read_split) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  g_read_splitter.SetCurrentChannel(dl, 0);
  const Metrics& m = ui.m;
  const float end_y = ImGui::GetCursorScreenPos().y;
  const float x = ImGui::GetCursorScreenPos().x;
  if (end_y > start_y) {
    const ImU32 tint = ui.theme.high_contrast ? IM_COL32(0, 50, 150, 255) : IM_COL32(255, 240, 190, 255);
    const ImU32 bar = ui.theme.high_contrast ? ui.theme.text_muted : ui.theme.accent;
    dl->AddRectFilled(ImVec2(x - m.pad * 0.5f, start_y - m.gap * 0.25f), ImVec2(x + width + m.pad * 0.5f, end_y), tint, 10 * m.scale);
    dl->AddRectFilled(ImVec2(x - m.pad * 0.95f, start_y - m.gap * 0.25f), ImVec2(x - m.pad * 0.6f, end_y), bar, 4 * m.scale);
  }
  g_read_splitter.Merge(dl);
  g_read_split = false;
}

bool tile_listen_button(Ui& ui, const char* key, ImVec2 tile_min, ImVec2 tile_size) {
  if (!ui.reading.available) return false;
  const std::string item = std::string("tile:") + key;
  const bool playing = ui.reading.active && ui.reading.item == item;
  // An icon and a word, like every button; at most half the tile's width.
  const char* ic = playing ? icon::stop : icon::volume;
  const char* word = ui.tr(playing ? "stop" : "listen");
  ImFont* bf = ui.fonts->bold;
  const float h = std::max(ui.m.target * 1.1f, 72 * ui.m.scale);
  const float w = std::min(tile_size.x * 0.5f,
                           std::max(h * 1.6f, bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, (std::string(ic) + "  " + word).c_str()).x + ui.m.pad * 1.5f));
  const ImVec2 saved = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(tile_min.x + tile_size.x - w - ui.m.gap * 0.75f, tile_min.y + ui.m.gap * 0.75f));
  const std::string id = std::string("listen-") + key;
  const bool tapped = touch_button(ui, id.c_str(), ic, word, ImVec2(w, h), !playing, playing);
  ImGui::SetCursorScreenPos(saved);
  if (tapped) ui.emit(playing ? make_intent(Intent::Type::stop_listening) : make_intent(Intent::Type::listen, item));
  return tapped;
}

void draw_stars(Ui& ui, int stars, ImFont* font) {
  std::string s;
  for (int i = 0; i < 5; ++i) s += i < stars ? icon::star : icon::star_o;
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ui.theme.star));
  ImGui::TextUnformatted(s.c_str());
  note_item_text(s);
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

}  // namespace tramtin
