// Home: the search field, the priority procedures, the six tiles and the content's freshness; and
// the language picker. Layer: tramtin (ImGui).
#include <algorithm>
#include <span>

#include "kiosk/core/view_model.h"
#include "kiosk/ui/layout_check.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {
namespace {
ImU32 t_accent(const Ui& ui) { return ui.theme.high_contrast ? ui.theme.text_muted : ui.theme.accent; }
}  // namespace

void screen_home(Ui& ui, const Route&) {
  const Metrics& m = ui.m;
  const float avail_w = ImGui::GetContentRegionAvail().x - m.pad;
  const bool portrait = avail_w < 1200 * m.scale;
  const int cols = portrait ? 2 : 3;

  // The search field: a large button that opens the search screen with the keyboard up.
  search_button(ui, avail_w, std::max(88 * m.scale, m.target));
  ImGui::Dummy(ImVec2(1, m.gap * 0.25f));

  // Quick links: the procedures with the highest priority ("Ưu tiên"), as chips on one line.
  // A span, not `const auto& = cond ? rows : std::vector{}`: that ternary is a prvalue, a copy of
  // every row each frame.
  const std::span<const ItemRow> quick = ui.view ? std::span<const ItemRow>(ui.view->rows) : std::span<const ItemRow>();
  // Home fits one screen, freshness line included: below it the draw_content's closing pad; above
  // it the spacing of its lines. The quick links give way when the tiles would get too small.
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float freshness_h = ui.freshness.empty() ? 0.0f : 2 * spacing + m.gap * 0.25f + ui.fonts->small->FontSize;
  const float closing = spacing + m.pad + 2.0f;
  const int cols_n = portrait ? 2 : 3;
  const int rows_n = (6 + cols_n - 1) / cols_n;
  const float chip_h = std::max(64 * m.scale, 44.0f);
  const float chips_block = chip_h + 2 * spacing + m.gap * 0.25f;
  const float tiles_room = ImGui::GetContentRegionAvail().y - freshness_h - closing - spacing * (rows_n - 1);
  const bool show_quick = !quick.empty() && (tiles_room - chips_block) / rows_n >= 170 * m.scale;
  ImFont* bf = ui.fonts->bold;
  std::string label = std::string(icon::star) + "  " + ui.tr("priority") + ":";
  ImVec2 ls = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, label.c_str());
  bool fits = false;  // never a label without a chip: the star alone when the words leave no room
  if (show_quick) {
    const float first_w = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, quick.front().title.c_str()).x + 2 * m.pad;
    fits = ls.x + m.gap + first_w <= avail_w;
    if (!fits) {
      label = icon::star;
      ls = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, label.c_str());
      fits = ls.x + m.gap + first_w <= avail_w;
    }
  }
  if (show_quick && fits) {
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    draw_text(ImGui::GetWindowDrawList(), bf, ImVec2(p0.x, p0.y + (chip_h - ls.y) * 0.5f), t_accent(ui), label);
    float x = ls.x + m.gap;
    ImGui::Dummy(ImVec2(ls.x, chip_h));
    for (const auto& r : quick) {
      float cw = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, r.title.c_str()).x + 2 * m.pad;
      if (x + cw > avail_w) break;  // one line only; the rest is one tap away under the tile
      ImGui::SameLine(0, 0);
      ImGui::SetCursorScreenPos(ImVec2(p0.x + x, p0.y));
      std::string id = "item:" + r.id;
      ImGui::PushID(r.id.c_str());
      if (touch_button(ui, id.c_str(), nullptr, r.title.c_str(), ImVec2(cw, chip_h))) ui.open(ScreenId::procedure, r.id);
      ImGui::PopID();
      x += cw + m.gap;
    }
    ImGui::Dummy(ImVec2(1, m.gap * 0.25f));
  }

  struct TileDef {
    const char* id;
    const char* icon;
    const char* key;
    ScreenId screen;
    ImU32 color;
  };
  const Theme& t = ui.theme;
  const TileDef tiles[] = {
      {"tile-procedures", icon::file_text, "procedures", ScreenId::procedures, t.primary},
      {"tile-news", icon::newspaper, "news", ScreenId::news, t.primary},
      {"tile-notices", icon::bullhorn, "notices", ScreenId::notices, t.urgent},
      {"tile-products", icon::basket, "products", ScreenId::products, t.accent},
      {"tile-help", icon::question, "help", ScreenId::help, t.primary},
      {"tile-feedback", icon::smile, "feedback", ScreenId::feedback, t.accent},
  };
  const int rows = rows_n;
  const float avail_h = ImGui::GetContentRegionAvail().y - freshness_h - closing;
  const float tile_w = (avail_w - m.gap * (cols - 1)) / cols;
  const float tile_h = std::max((avail_h - spacing * (rows - 1)) / rows, 120 * m.scale);
  for (int i = 0; i < 6; ++i) {
    if (i % cols) ImGui::SameLine(0, m.gap);
    const TileDef& d = tiles[i];
    ImU32 c = t.high_contrast ? t.text_muted : d.color;
    std::string sub_key = std::string(d.key) + "_sub";
    // The listen button sits in the tile's corner: submitted first, so a press on it is not a tap
    // on the tile, but drawn over the tile (draw list channel 1).
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    tile_listen_button(ui, d.key, ImGui::GetCursorScreenPos(), ImVec2(tile_w, tile_h));
    dl->ChannelsSetCurrent(0);
    if (tile(ui, d.id, d.icon, ui.tr(d.key), ImVec2(tile_w, tile_h), c, ui.tr(sub_key.c_str()))) ui.open(d.screen);
    dl->ChannelsMerge();
  }
  if (!ui.freshness.empty()) {
    ImGui::Dummy(ImVec2(1, m.gap * 0.25f));
    wrapped_text(ui.fonts->small, t.text_muted, std::string(icon::refresh) + "  " + ui.freshness);
    note_first_screen("the freshness line", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  }
}

void screen_language(Ui& ui, const Route&) {
  const Metrics& m = ui.m;
  wrapped_text(ui.fonts->heading, ui.theme.text, std::string(icon::globe) + "  " + ui.tr("language"));
  ImGui::Dummy(ImVec2(1, m.gap));
  const float w = std::min(ImGui::GetContentRegionAvail().x - m.pad, 900 * m.scale);
  for (const auto& lang : ui.config->languages) {
    std::string id = "lang-" + lang;
    std::string name = language_autonym(lang);
    if (touch_button(ui, id.c_str(), nullptr, name.c_str(), ImVec2(w, m.row_h), false, lang == ui.session->language)) {
      ui.emit(make_intent(Intent::Type::set_language, lang));
      ui.emit(make_intent(Intent::Type::back));
    }
  }
}

}  // namespace tramtin
