// The chrome around every screen (see chrome.h). Layer: tramtin (ImGui).
//
// [SECTION] Header
// [SECTION] Urgent banner
// [SECTION] Footer
// [SECTION] Content area and drag-to-scroll
#include "kiosk/ui/chrome.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <ctime>

#include "content/base/time.h"
#include "kiosk/core/read_aloud.h"
#include "kiosk/core/view_model.h"
#include "kiosk/ui/layout_check.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

// ---- [SECTION] Header ---------------------------------------------------------------------------

namespace {

// The header's buttons keep their size and place whatever the text size: their words are drawn at
// most at the A+ size (the commune and the clock follow the text size). One row when the commune,
// the clock and the buttons fit side by side; else the commune and the clock above the buttons
// (portrait, narrow panels), so the clock is never dropped.
struct HeaderPlan {
  float label_px = 0;              // the buttons' words
  float btn_h = 0, row_h = 0, top_h = 0, h = 0;
  bool two_rows = false;
  float lang_w = 0, contrast_w = 0;
  float size_w[4] = {0, 0, 0, 0};
  std::string clock;
};

HeaderPlan plan_header(const Ui& ui, float width) {
  HeaderPlan p;
  const Metrics& m = ui.m;
  ImFont* bf = ui.fonts->bold;
  ImFont* hf = ui.fonts->heading;
  const float factor = text_size_factor(ui.session->text_size);
  p.label_px = bf->FontSize * std::min(1.0f, text_size_factor(TextSize::large) / factor);
  // From the design's heights (make_metrics), not Ui::m's: fit_chrome has set those to the result.
  const float base_h = make_metrics(1920, 1080).header_h * m.scale;
  p.btn_h = std::max(base_h - 2 * 12 * m.scale, p.label_px + 2 * 10 * m.scale);
  p.row_h = p.btn_h + 2 * 12 * m.scale;
  auto width_of = [&](const std::string& s) { return bf->CalcTextSizeA(p.label_px, FLT_MAX, 0, s.c_str()).x; };
  const float min_w = p.btn_h * 1.15f;
  for (int i = 0; i < 4; ++i) p.size_w[i] = std::max(min_w, width_of(text_size_name(static_cast<TextSize>(i))) + m.pad * 1.5f);
  p.contrast_w = p.btn_h * 1.2f;
  p.lang_w = std::max(p.btn_h * 3, width_of(std::string(icon::globe) + "  " + language_autonym(ui.session->language)) + 2 * m.pad);
  float buttons = p.lang_w + p.contrast_w + 5 * m.gap * 0.75f;
  for (float w : p.size_w) buttons += w;
  p.clock = format_day_month(ui.now) + "  " + format_clock(ui.now);
  const float name_w = hf->CalcTextSizeA(hf->FontSize, FLT_MAX, 0, ui.config->commune.c_str()).x;
  const float clock_w = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, p.clock.c_str()).x;
  p.two_rows = m.pad + name_w + m.pad * 2 + clock_w + m.pad + buttons + m.pad > width;
  p.top_h = p.two_rows ? std::max(hf->FontSize, bf->FontSize) + 2 * 12 * m.scale : 0.0f;
  p.h = std::max(base_h, p.row_h) + p.top_h;
  return p;
}

}  // namespace

void draw_header(Ui& ui, float width) {
  const Metrics& m = ui.m;
  const FontSet& fonts = *ui.fonts;
  const Session& session = *ui.session;
  const HeaderPlan p = plan_header(ui, width);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a(0, 0), b(width, p.h);
  dl->AddRectFilled(a, b, ui.theme.high_contrast ? IM_COL32(0, 0, 0, 255) : ui.theme.primary);
  if (ui.theme.high_contrast) dl->AddLine(ImVec2(0, b.y - 1), ImVec2(b.x, b.y - 1), ui.theme.border, 2);
  const ImU32 fg = ui.theme.high_contrast ? ui.theme.text : ui.theme.primary_text;
  ImFont* hf = fonts.heading;
  ImFont* bf = fonts.bold;
  const std::string& place = ui.config->commune;
  const float text_row_h = p.two_rows ? p.top_h : p.h;
  draw_text(dl, hf, ImVec2(m.pad, (text_row_h - hf->FontSize) * 0.5f), fg, place, {a, b});

  // Right side: language, text size, contrast — same place on every screen.
  const float h = p.btn_h;
  const float y = p.top_h + (p.h - p.top_h - h) * 0.5f;
  float x = width - m.pad;
  auto place_button = [&](const char* id, const char* icon, const std::string& label, float w, bool selected) {
    x -= w;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    const bool tapped = touch_button(ui, id, icon, label.c_str(), ImVec2(w, h), false, selected, p.label_px);
    x -= m.gap * 0.75f;
    return tapped;
  };
  if (place_button("contrast", icon::adjust, "", p.contrast_w, session.high_contrast))
    ui.emit(make_intent(Intent::Type::toggle_contrast));
  for (int sz = 3; sz >= 0; --sz) {
    const char* name = text_size_name(static_cast<TextSize>(sz));
    const std::string id = std::string("size-") + name;
    if (place_button(id.c_str(), nullptr, name, p.size_w[sz], int(session.text_size) == sz))
      ui.emit(make_intent(Intent::Type::set_text_size, {}, sz));
  }
  if (place_button("language", icon::globe, language_autonym(session.language), p.lang_w, false)) ui.open(ScreenId::language);

  // Date and time: between the commune name and the buttons, or at the right of the commune's row.
  const ImVec2 cs = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, p.clock.c_str());
  const float cx = p.two_rows ? width - m.pad - cs.x : x - cs.x - m.pad;
  const float name_end = m.pad + hf->CalcTextSizeA(hf->FontSize, FLT_MAX, 0, place.c_str()).x;
  if (cx > name_end + m.pad) {
    draw_text(dl, bf, ImVec2(cx, (text_row_h - cs.y) * 0.5f), fg, p.clock, {a, b});
    if (LayoutLog* log = layout_log()) log->clock_shown = true;
  }
  if (LayoutLog* log = layout_log()) log->chrome = true;
}

// ---- [SECTION] Urgent banner --------------------------------------------------------------------

namespace {

// The banner's parts: the warning icon on the left, the title wrapped on at most two lines (a
// warning is read whole where it fits), "1/2" and a chevron on the right. One height for all the
// notices that take turns, so the screen below does not jump when the banner turns.
struct BannerLayout {
  float text_x = 0, text_w = 0;   // where titles wrap
  float right = 0;                // left edge of the counter and chevron
  float line_h = 0;
  float h = 0;
};

std::string banner_count(std::size_t idx, std::size_t n) { return std::to_string(idx + 1) + "/" + std::to_string(n); }

BannerLayout banner_layout(const Ui& ui, float width) {
  BannerLayout L;
  const Metrics& m = ui.m;
  const auto& urgent = ui.view->urgent;
  ImFont* f = ui.fonts->bold;
  L.line_h = f->FontSize;
  const float icon_w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, icon::warning).x;
  const float chev_w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, icon::chevron_right).x;
  L.right = width - m.pad - chev_w - m.pad * 0.75f;
  if (urgent.size() > 1) {
    const std::string widest = banner_count(urgent.size() - 1, urgent.size());
    L.right -= f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, widest.c_str()).x + m.pad * 1.2f + m.pad * 0.75f;
  }
  L.text_x = m.pad + icon_w + m.pad * 0.6f;
  L.text_w = std::max(L.right - L.text_x, 100.0f);
  float lines = 1;
  for (const auto& n : urgent) {
    const float th = f->CalcTextSizeA(f->FontSize, FLT_MAX, L.text_w, n.title.c_str()).y;
    lines = std::max(lines, std::min(2.0f, std::round(th / L.line_h)));
  }
  L.h = std::max(80 * m.scale, lines * L.line_h + 2 * 16 * m.scale);
  return L;
}

}  // namespace

float banner_height(const Ui& ui) {
  return ui.view->urgent.empty() ? 0.0f : banner_layout(ui, ImGui::GetIO().DisplaySize.x).h;
}

// Every live urgent notice, most urgent first, one at a time: they take turns every
// kBannerSeconds (the loop sleeps until the next turn), with "1/2" on the right so a reader knows
// there is another. A tap opens the one shown.
void draw_banner(Ui& ui, float width) {
  const auto& urgent = ui.view->urgent;
  if (urgent.empty()) return;
  const Metrics& m = ui.m;
  const BannerLayout L = banner_layout(ui, width);
  std::size_t idx = banner_index(urgent.size(), ui.now);
  const float top = m.header_h, h = L.h;
  ImGui::SetCursorScreenPos(ImVec2(0, top));
  ImRect bb;
  bool tapped = false, held = false;
  touch_item(ui, "banner", urgent[idx].title.c_str(), ImVec2(width, h), &bb, &tapped, &held);
  // A finger on the banner when it turns opens what it pressed, not the next notice.
  ImGuiStorage* store = ImGui::GetStateStorage();
  const ImGuiID pressed_key = ImGui::GetID("banner-pressed");
  const int pressed = store->GetInt(pressed_key, -1);
  if (held || tapped) {
    if (pressed >= 0 && std::size_t(pressed) < urgent.size()) idx = std::size_t(pressed);
    else store->SetInt(pressed_key, int(idx));
  }
  if (!held) store->SetInt(pressed_key, -1);
  const ItemRow& n = urgent[idx];
  if (tapped) ui.open(ScreenId::article, n.id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 bg = ui.theme.high_contrast ? IM_COL32(0, 0, 0, 255) : ui.theme.urgent;
  const ImU32 fg = ui.theme.high_contrast ? ui.theme.text_muted : IM_COL32(255, 255, 255, 255);
  dl->AddRectFilled(ImVec2(0, top), ImVec2(width, top + h), bg);
  if (held) dl->AddRectFilled(ImVec2(0, top), ImVec2(width, top + h), IM_COL32(0, 0, 0, 50));
  if (ui.theme.high_contrast) dl->AddRect(ImVec2(1, top + 1), ImVec2(width - 1, top + h - 1), fg, 0, 0, 3);
  ImFont* f = ui.fonts->bold;
  const float mid = top + (h - L.line_h) * 0.5f;
  draw_text(dl, f, ImVec2(m.pad, mid), fg, icon::warning, {bb.Min, bb.Max});
  // "1/2" in a white pill, then a chevron: there is more, and a tap opens it.
  const char* chev = icon::chevron_right;
  const float chev_w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, chev).x;
  draw_text(dl, f, ImVec2(width - m.pad - chev_w, mid), fg, chev, {bb.Min, bb.Max});
  if (urgent.size() > 1) {
    const std::string count = banner_count(idx, urgent.size());
    const ImVec2 cs = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, count.c_str());
    const float pr = width - m.pad - chev_w - m.pad * 0.75f;
    const float pw = cs.x + m.pad * 1.2f, ph = std::min(h - 16 * m.scale, cs.y + 12 * m.scale);
    const ImVec2 pa(pr - pw, top + (h - ph) * 0.5f);
    dl->AddRectFilled(pa, ImVec2(pr, pa.y + ph), fg, ph * 0.3f);
    draw_text(dl, f, ImVec2(pa.x + (pw - cs.x) * 0.5f, top + (h - cs.y) * 0.5f), bg, count, {pa, ImVec2(pr, pa.y + ph)});
  }
  // The title: centred on the banner's height, at most two lines; a longer one fades out at the
  // end of the second line (the detail shows it whole).
  const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, L.text_w, n.title.c_str());
  const float shown_h = std::min(ts.y, 2 * L.line_h);
  const float ty = top + (h - shown_h) * 0.5f;
  const ImVec4 clip(L.text_x, ty, L.right, ty + shown_h);
  // Cut on purpose past two lines: the fade below says so.
  draw_text(dl, f, ImVec2(L.text_x, ty), fg, n.title, {bb.Min, bb.Max, ts.y > 2.5f * L.line_h ? TextBox::cut_ok : TextBox::none},
            L.text_w, &clip);
  if (ts.y > 2.5f * L.line_h) {
    const float fw = 80 * m.scale;
    const ImU32 clear = bg & 0x00FFFFFFu;
    const float y0 = ty + L.line_h;
    dl->AddRectFilledMultiColor(ImVec2(L.right - fw, y0), ImVec2(L.right, y0 + L.line_h), clear, bg, bg, clear);
  }
}

// ---- [SECTION] Footer ---------------------------------------------------------------------------

namespace {

// The item an item screen shows (what its listen button reads), or nullptr.
const ItemView* footer_item(const Ui& ui) {
  switch (ui.session->current().screen) {
    case ScreenId::procedure:
    case ScreenId::article:
    case ScreenId::product:
    case ScreenId::help:
      return ui.view && ui.view->item ? &*ui.view->item : nullptr;
    default:
      return nullptr;
  }
}

// The listen button, between Back and Feedback and as large: Listen; while it reads, Stop (and
// Replay when there is room: landscape); after it has read the item, Replay. A language with no
// voice and no recorded narration says on the button that Vietnamese is read.
struct ListenButtons {
  const ItemView* item = nullptr;      // nullptr: no button on this screen
  bool reading = false;                // this item is being read
  const char* icon = nullptr;          // the one button when not reading
  const char* label = nullptr;
  float one = 0, stop = 0, replay = 0; // widths wanted
};

ListenButtons plan_listen(const Ui& ui, float h) {
  ListenButtons b;
  b.item = ui.reading.available ? footer_item(ui) : nullptr;
  if (!b.item) return b;
  const Metrics& m = ui.m;
  const std::string& id = b.item->item.id;
  b.reading = ui.reading.active && ui.reading.item == id;
  bool narration = false;
  for (const auto& md : b.item->item.media) narration |= md.role == "narration" && md.lang == ui.session->language;
  const bool in_vi = !narration && !has_speech_voice(ui.session->language);
  const bool read_before = ui.reading.finished && ui.reading.item == id;
  b.icon = read_before ? icon::replay : icon::volume;
  b.label = ui.tr(read_before ? "replay" : in_vi ? "listen_in_vi" : "listen");
  ImFont* bf = ui.fonts->bold;
  auto width_of = [&](const char* icon, const char* label) {
    return std::max(h * 2.5f, bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, (std::string(icon) + "  " + label).c_str()).x + 2 * m.pad);
  };
  b.one = std::max(width_of(b.icon, b.label), 300 * m.scale);
  b.stop = width_of(icon::stop, ui.tr("stop"));
  b.replay = width_of(icon::replay, ui.tr("replay"));
  return b;
}

// The room the listen buttons need at least (Stop alone while reading).
float listen_min_width(const ListenButtons& b) { return !b.item ? 0.0f : b.reading ? b.stop : b.one; }

void draw_listen_buttons(Ui& ui, const ListenButtons& b, float x0, float x1, float y, float h) {
  if (!b.item) return;
  const Metrics& m = ui.m;
  const std::string& id = b.item->item.id;
  const float avail = x1 - x0;
  if (!b.reading) {
    const float w = std::min(b.one, avail);
    ImGui::SetCursorScreenPos(ImVec2(x0 + (avail - w) * 0.5f, y));
    if (touch_button(ui, "listen", b.icon, b.label, ImVec2(w, h), true)) ui.emit(make_intent(Intent::Type::listen, id));
    return;
  }
  const bool with_replay = b.stop + b.replay + m.gap * 2 <= avail;
  const float total = with_replay ? b.stop + b.replay + m.gap * 2 : std::min(b.stop, avail);
  float x = x0 + (avail - total) * 0.5f;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  if (touch_button(ui, "listen-stop", icon::stop, ui.tr("stop"), ImVec2(std::min(b.stop, avail), h), false, true))
    ui.emit(make_intent(Intent::Type::stop_listening));
  if (!with_replay) return;
  x += b.stop + m.gap * 2;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  if (touch_button(ui, "listen-replay", icon::replay, ui.tr("replay"), ImVec2(b.replay, h)))
    ui.emit(make_intent(Intent::Type::listen, id));
}

// Above the footer, over the bottom of the content: what is heard is Vietnamese (the visitor's
// language has no voice and no recorded narration).
void draw_reading_in_vi_note(Ui& ui, float footer_top) {
  if (!ui.reading.active || !ui.reading.spoken_in_vi) return;
  const Metrics& m = ui.m;
  ImDrawList* dl = ImGui::GetForegroundDrawList();  // over the content's child window
  ImFont* f = ui.fonts->bold;
  const std::string note = std::string(icon::volume) + "  " + ui.tr("reading_in_vi");
  const float wrap = ImGui::GetIO().DisplaySize.x - 4 * m.pad;
  const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, note.c_str());
  const ImVec2 a(m.pad, footer_top - ts.y - m.pad * 1.25f), b(m.pad + ts.x + 2 * m.pad, footer_top - m.pad * 0.25f);
  dl->AddRectFilled(a, b, ui.theme.high_contrast ? IM_COL32(0, 0, 0, 255) : ui.theme.highlight, 10 * m.scale);
  dl->AddRect(a, b, ui.theme.high_contrast ? ui.theme.text_muted : ui.theme.accent, 10 * m.scale, 0, 2 * m.scale);
  draw_text(dl, f, ImVec2(a.x + m.pad, a.y + m.pad * 0.5f), ui.theme.text, note, {a, b, TextBox::over}, wrap);
}

}  // namespace

namespace {

// Home, Back and Feedback: as wide as their words on one line (at least 300 px at 1080p), the
// listen button between them; when the row cannot hold that (portrait, A++), the buttons share the
// width and their words wrap under the icon, and the footer grows to hold them.
struct FooterPlan {
  ListenButtons listen;
  float w = 0, h = 0, footer_h = 0;
};

FooterPlan plan_footer(const Ui& ui, float width) {
  FooterPlan p;
  const Metrics& m = ui.m;
  const float base_h = make_metrics(1920, 1080).footer_h * m.scale - 2 * 20 * m.scale;  // as in plan_header
  p.listen = plan_listen(ui, base_h);
  const float listen_w = listen_min_width(p.listen);
  const std::pair<const char*, const char*> labels[] = {
      {icon::home, ui.tr("home")}, {icon::arrow_left, ui.tr("back")}, {icon::smile, ui.tr("feedback")}};
  float natural = 0;
  for (auto [ic, label] : labels) natural = std::max(natural, touch_button_label_size(ui, ic, label, FLT_MAX).x);
  p.w = std::max({300 * m.scale, base_h * 3, natural + m.pad * 1.5f});
  const float room = width - 2 * m.pad - (listen_w > 0 ? listen_w + 6 * m.gap : 4 * m.gap);
  if (3 * p.w > room) p.w = std::max(room / 3, base_h * 1.5f);
  float label_h = 0;
  for (auto [ic, label] : labels) label_h = std::max(label_h, touch_button_label_size(ui, ic, label, p.w).y);
  if (p.listen.item) {
    const float avail = width - 2 * m.pad - 2 * p.w - 6 * m.gap;
    label_h = std::max(label_h, touch_button_label_size(ui, p.listen.icon, p.listen.label, std::min(p.listen.one, avail)).y);
  }
  p.h = std::max(base_h, label_h + 2 * 10 * m.scale);
  p.footer_h = p.h + 2 * 20 * m.scale;
  return p;
}

}  // namespace

void fit_chrome(Ui& ui, float width) {
  ui.m.header_h = plan_header(ui, width).h;
  ui.m.footer_h = plan_footer(ui, width).footer_h;
}

void draw_footer(Ui& ui, float width, float height) {
  const Metrics& m = ui.m;
  const float top = height - m.footer_h;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, top), ImVec2(width, height), ui.theme.surface);
  dl->AddLine(ImVec2(0, top), ImVec2(width, top), ui.theme.border, 2 * m.scale);
  const FooterPlan p = plan_footer(ui, width);
  const float h = p.h, w = p.w;
  const float y = top + (m.footer_h - h) * 0.5f;
  const ListenButtons& listen = p.listen;
  ImGui::SetCursorScreenPos(ImVec2(m.pad, y));
  if (touch_button(ui, "home", icon::home, ui.tr("home"), ImVec2(w, h), true)) ui.emit(make_intent(Intent::Type::home));
  ImGui::SetCursorScreenPos(ImVec2(m.pad + w + m.gap * 2, y));
  if (touch_button(ui, "back", icon::arrow_left, ui.tr("back"), ImVec2(w, h))) ui.emit(make_intent(Intent::Type::back));
  ImGui::SetCursorScreenPos(ImVec2(width - m.pad - w, y));
  if (touch_button(ui, "feedback", icon::smile, ui.tr("feedback"), ImVec2(w, h))) ui.open(ScreenId::feedback);
  draw_listen_buttons(ui, listen, m.pad + 2 * w + m.gap * 4, width - m.pad - w - m.gap * 2, y, h);
  draw_reading_in_vi_note(ui, top);
}

// ---- [SECTION] Content area and drag-to-scroll --------------------------------------------------

bool keyboard_shown(const Ui& ui) {
  return ui.session->keyboard_visible && ui.session->current().screen == ScreenId::search;
}

namespace {

// ImGui 1.86 has no public SetNextWindowScroll; its Begin() honours this internal request before
// laying out the window, so the route's position applies in the very frame it is drawn.
void set_next_window_scroll_y(float y) {
  ImGuiContext& g = *GImGui;
  g.NextWindowData.Flags |= ImGuiNextWindowDataFlags_HasScroll;
  g.NextWindowData.ScrollVal = ImVec2(-1.0f, std::max(0.0f, y));
}

// Returns where the drag, the flick or the wheel moved the content to.
float drag_to_scroll(DragScroll& d, float scale, bool* animating) {
  ImGuiIO& io = ImGui::GetIO();
  float y = ImGui::GetScrollY();
  const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
  if (io.MouseDown[0] && hovered && ImGui::IsMouseDragging(0, kDragThreshold)) {
    d.dragging = true;
    y -= io.MouseDelta.y;
    if (io.DeltaTime > 0) d.velocity = 0.7f * d.velocity + 0.3f * (-io.MouseDelta.y / io.DeltaTime);
  } else if (io.MouseDown[0] && hovered && !d.dragging) {
    d.velocity = 0;  // a finger on a gliding list stops it
  } else if (!io.MouseDown[0]) {
    d.dragging = false;
    if (std::fabs(d.velocity) > 20.0f) {  // inertia: the list keeps gliding, then stops
      y += d.velocity * io.DeltaTime;
      d.velocity *= std::pow(0.05f, io.DeltaTime);
      *animating = true;
    } else {
      d.velocity = 0;
    }
  }
  if (io.MouseWheel != 0 && hovered) y -= io.MouseWheel * 120 * scale;
  return std::clamp(y, 0.0f, ImGui::GetScrollMaxY());
}

// "There is more": when the content goes on below the visible area, the bottom edge fades out and
// a round arrow sits on it (a tap on the arrow shows the next page); when it was scrolled, the top
// edge fades too; a thin bar on the right says where in the page the visitor is. Drawn over the
// content, in the content window; returns the scroll position (moved by a tap on the arrow).
float draw_more_cues(Ui& ui, DragScroll& drag, float scroll_y) {
  drag.arrow = false;
  const float max_y = ImGui::GetScrollMaxY();
  const ImVec2 p0 = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
  LayoutLog* log = layout_log();
  if (log) {
    log->content_seen = true;
    log->content_min = p0;
    log->content_max = ImVec2(p0.x + sz.x, p0.y + sz.y);
    log->scroll_y = scroll_y;
  }
  if (max_y < 1.0f) return scroll_y;
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 solid = t.bg, clear = t.bg & ~IM_COL32_A_MASK;
  // The fade is at least a heading's line high, so a line the edge cuts is under it; a row the edge
  // cuts is covered from its top (up to 45 % of the area): no half row reads as a whole one.
  const float fade = std::max(56 * m.scale, ui.fonts->heading->FontSize * 1.15f);
  const float edge = p0.y + sz.y;
  float fade_bottom = fade;
  for (const HitTarget& h : ui.targets)
    if (h.min.y < edge - 1.0f && h.max.y > edge + 1.0f && h.min.y > edge - sz.y * 0.45f)
      fade_bottom = std::max(fade_bottom, edge - h.min.y + 4 * m.scale);
  const float fade_top = fade * 0.6f;
  if (scroll_y > 1.0f) {
    dl->AddRectFilledMultiColor(p0, ImVec2(p0.x + sz.x, p0.y + fade_top), solid, solid, clear, clear);
    if (log) log->fade_top = fade_top;
  }
  if (scroll_y < max_y - 1.0f) {
    dl->AddRectFilledMultiColor(ImVec2(p0.x, edge - fade_bottom), ImVec2(p0.x + sz.x, edge), clear, clear, solid, solid);
    if (log) log->fade_bottom = fade_bottom;
    const float r = 30 * m.scale;
    const ImVec2 c(p0.x + sz.x * 0.5f, p0.y + sz.y - r - 6 * m.scale);
    dl->AddCircleFilled(c, r, t.primary, 32);
    ImFont* f = ui.fonts->bold;
    const ImVec2 is = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, icon::chevron_down);
    draw_text(dl, f, ImVec2(c.x - is.x * 0.5f, c.y - is.y * 0.5f), t.primary_text, icon::chevron_down, {ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), TextBox::over});
    const ImVec2 a0(c.x - r, c.y - r), a1(c.x + r, c.y + r);
    register_target(ui, "more-below", "more-below", a0, a1);
    drag.arrow = true, drag.arrow_min = a0, drag.arrow_max = a1;
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsMouseReleased(0) && !drag.dragging && ImGui::IsMouseHoveringRect(a0, a1, false) &&
        ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        io.MouseDragMaxDistanceSqr[0] < kDragThreshold * kDragThreshold)
      scroll_y = std::min(max_y, scroll_y + sz.y * 0.8f);
  }
  // Where in the page: a thumb on a faint track along the right edge.
  const float track_h = sz.y - 2 * m.gap, bar_w = 6 * m.scale;
  const float thumb_h = std::max(track_h * sz.y / (sz.y + max_y), 40 * m.scale);
  const float thumb_y = p0.y + m.gap + (track_h - thumb_h) * std::clamp(scroll_y / max_y, 0.0f, 1.0f);
  const float x = p0.x + sz.x - bar_w - 4 * m.scale;
  dl->AddRectFilled(ImVec2(x, p0.y + m.gap), ImVec2(x + bar_w, p0.y + m.gap + track_h), t.border, bar_w);
  dl->AddRectFilled(ImVec2(x, thumb_y), ImVec2(x + bar_w, thumb_y + thumb_h), t.text_muted, bar_w);
  return scroll_y;
}

}  // namespace

ContentResult draw_content(Ui& ui, float width, float height, DragScroll& drag) {
  const Metrics& m = ui.m;
  const Route& route = ui.session->current();
  const float top = m.header_h + banner_height(ui);
  const float bottom = height - m.footer_h - (keyboard_shown(ui) ? keyboard_height(ui) : 0.0f);
  ImGui::SetCursorScreenPos(ImVec2(0, top));
  set_next_window_scroll_y(route.scroll_y);
  const std::string id = "content" + std::to_string(ui.session->stack.size());
  ImGui::BeginChild(id.c_str(), ImVec2(width, bottom - top), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::SetCursorPosY(m.pad);
  ImGui::Indent(m.pad);  // not a group: the screen's error boundary may unwind every stack it pushed
  // A finger on last frame's "more" arrow is hidden from the rows under it.
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 mouse = io.MousePos;
  const bool on_arrow = drag.arrow && ImGui::IsMouseHoveringRect(drag.arrow_min, drag.arrow_max, false);
  if (on_arrow) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  draw_screen(ui, route);
  io.MousePos = mouse;
  ImGui::Unindent(m.pad);
  ImGui::Dummy(ImVec2(1, m.pad));
  ContentResult r;
  r.scroll_y = drag_to_scroll(drag, m.scale, &r.animating);
  r.scroll_y = draw_more_cues(ui, drag, r.scroll_y);
  ImGui::EndChild();
  return r;
}

void draw_keyboard_area(Ui& ui, float width, float height) {
  if (!keyboard_shown(ui)) return;
  const float kh = keyboard_height(ui);
  draw_keyboard(ui, ImVec2(0, height - ui.m.footer_h - kh), width);
}

}  // namespace tramtin
