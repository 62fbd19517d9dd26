// The maintenance screen: what a villager sees instead of a kiosk that keeps crashing. Plain and
// calm: the kiosk is being repaired, the commune, and who to ask. No buttons. Layer: tramtin (ImGui).
#include <imgui.h>

#include <algorithm>
#include <cfloat>

#include "kiosk/ui/screens/screens.h"
#include "kiosk/ui/layout_check.h"

namespace tramtin {

namespace {

// One centred line, wrapped at `wrap`, at y; returns the y below it.
float centred(ImDrawList* dl, ImFont* f, ImU32 color, const std::string& text, float width, float wrap, float y) {
  const ImVec2 size = f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, text.c_str());
  draw_text(dl, f, ImVec2((width - size.x) * 0.5f, y), color, text, {ImVec2(0, 0), ImVec2(width, ImGui::GetIO().DisplaySize.y)}, wrap);
  return y + size.y;
}

}  // namespace

void draw_maintenance(Ui& ui, ImVec2 size, const std::string& place, const std::string& contact) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Metrics& m = ui.m;
  dl->AddRectFilled(ImVec2(0, 0), size, ui.theme.bg);
  const float wrap = std::min(size.x - 4 * m.pad, 1400 * m.scale);
  const FontSet& f = *ui.fonts;
  float y = size.y * 0.22f;
  y = centred(dl, f.icon_large, ui.theme.primary, icon::warning, size.x, wrap, y) + m.gap * 2;
  y = centred(dl, f.title, ui.theme.text, ui.tr("maintenance_title"), size.x, wrap, y) + m.gap;
  y = centred(dl, f.heading, ui.theme.text_muted, place, size.x, wrap, y) + m.gap * 3;
  y = centred(dl, f.body, ui.theme.text, ui.tr("maintenance_body"), size.x, wrap, y) + m.gap * 2;
  if (!contact.empty()) {
    y = centred(dl, f.body, ui.theme.text_muted, ui.tr("maintenance_contact"), size.x, wrap, y) + m.gap * 0.5f;
    centred(dl, f.bold, ui.theme.text, contact, size.x, wrap, y);
  }
}

}  // namespace tramtin
