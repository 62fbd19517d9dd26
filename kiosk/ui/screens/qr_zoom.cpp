// QR codes on item screens, and the same code enlarged over the whole screen when tapped: a
// villager's old phone scans a big code from further away and with a shaky hand.
// Layer: tramtin (ImGui).
#include <algorithm>

#include "kiosk/ui/media.h"
#include "kiosk/ui/screens/screens.h"
#include "kiosk/ui/layout_check.h"

namespace tramtin {

void qr_code(Ui& ui, const char* id, const std::string& text, ImVec2 pos, float side) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  Texture qr = ui.media ? ui.media->qr(text) : Texture{};
  if (qr) dl->AddImage(qr.id, pos, ImVec2(pos.x + side, pos.y + side));
  else dl->AddRect(pos, ImVec2(pos.x + side, pos.y + side), ui.theme.border, 8 * ui.m.scale, 0, 2 * ui.m.scale);
  // A tap target over the code; the layout cursor is left where it was (callers place the code by hand).
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushID(id);
  ImGui::InvisibleButton("qr", ImVec2(side, side));
  if (item_tapped()) ui.emit(make_intent(Intent::Type::zoom_qr, text));
  ImGui::PopID();
  ImGui::SetCursorScreenPos(cursor);
  register_target(ui, id, text.c_str(), pos, ImVec2(pos.x + side, pos.y + side));
}

void draw_qr_zoom(Ui& ui, ImVec2 size, const std::string& text) {
  const Metrics& m = ui.m;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  dl->AddRectFilled(ImVec2(0, 0), size, IM_COL32(0, 0, 0, 190));
  // The code fills half the screen (a white card with the scanner's quiet zone around it).
  const float side = std::min(size.x * 0.85f, size.y * 0.55f);
  ImFont* cf = ui.fonts->heading;
  const std::string caption = ui.tr("scan_to_continue");
  const std::string close = std::string(icon::times) + "  " + ui.tr("tap_to_close");
  const float wrap = side;
  const ImVec2 cs = cf->CalcTextSizeA(cf->FontSize, FLT_MAX, wrap, caption.c_str());
  ImFont* sf = ui.fonts->bold;
  const ImVec2 xs = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, close.c_str());
  const float pad = m.pad * 1.5f;
  const float card_w = side + 2 * pad, card_h = side + cs.y + xs.y + 4 * pad;
  const ImVec2 c0((size.x - card_w) * 0.5f, std::max(m.pad, (size.y - card_h) * 0.5f));
  dl->AddRectFilled(c0, ImVec2(c0.x + card_w, c0.y + card_h), IM_COL32(255, 255, 255, 255), 18 * m.scale);
  const ImVec2 q(c0.x + pad, c0.y + pad);
  Texture qr = ui.media ? ui.media->qr(text) : Texture{};
  if (qr) dl->AddImage(qr.id, q, ImVec2(q.x + side, q.y + side));
  const ImU32 ink = IM_COL32(20, 20, 20, 255);
  const TextBox card{c0, ImVec2(c0.x + card_w, c0.y + card_h)};
  draw_text(dl, cf, ImVec2(q.x, q.y + side + pad), ink, caption, card, wrap);
  draw_text(dl, sf, ImVec2(c0.x + (card_w - xs.x) * 0.5f, q.y + side + cs.y + 2 * pad), IM_COL32(14, 64, 140, 255),
            close, card);
  register_target(ui, "qr-close", "qr-close", ImVec2(0, 0), size);
  ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsMouseReleased(0) && io.MouseDragMaxDistanceSqr[0] < kDragThreshold * kDragThreshold)
    ui.emit(make_intent(Intent::Type::zoom_qr, std::string()));
}

}  // namespace tramtin
