// The kiosk look: calm, big, high contrast on demand. Layer: tramtin (ImGui).
#include "kiosk/ui/theme.h"

#include <algorithm>

namespace tramtin {

Theme make_theme(bool hc) {
  Theme t;
  t.high_contrast = hc;
  if (!hc) {
    t.bg = IM_COL32(246, 247, 249, 255);
    t.surface = IM_COL32(255, 255, 255, 255);
    t.surface_pressed = IM_COL32(214, 224, 240, 255);
    t.text = IM_COL32(20, 24, 31, 255);
    t.text_muted = IM_COL32(84, 92, 104, 255);   // 6.6:1 on white
    t.primary = IM_COL32(14, 64, 140, 255);      // deep blue
    t.primary_text = IM_COL32(255, 255, 255, 255);
    t.accent = IM_COL32(176, 110, 0, 255);       // warm OCOP accent
    t.urgent = IM_COL32(178, 24, 24, 255);
    t.urgent_text = IM_COL32(255, 255, 255, 255);
    t.border = IM_COL32(200, 206, 216, 255);
    t.star = IM_COL32(222, 150, 0, 255);
    t.highlight = IM_COL32(255, 226, 120, 255);
  } else {
    t.bg = IM_COL32(0, 0, 0, 255);
    t.surface = IM_COL32(0, 0, 0, 255);
    t.surface_pressed = IM_COL32(60, 60, 0, 255);
    t.text = IM_COL32(255, 255, 255, 255);
    t.text_muted = IM_COL32(255, 255, 0, 255);   // yellow on black: 19:1
    t.primary = IM_COL32(0, 0, 0, 255);
    t.primary_text = IM_COL32(255, 255, 0, 255);
    t.accent = IM_COL32(255, 255, 0, 255);
    t.urgent = IM_COL32(0, 0, 0, 255);
    t.urgent_text = IM_COL32(255, 255, 0, 255);
    t.border = IM_COL32(255, 255, 255, 255);
    t.star = IM_COL32(255, 255, 0, 255);
    t.highlight = IM_COL32(0, 90, 255, 255);
  }
  return t;
}

void apply_imgui_style(const Theme& t, float scale) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  s.WindowPadding = ImVec2(0, 0);
  s.WindowRounding = 0;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 0;
  s.FramePadding = ImVec2(16 * scale, 12 * scale);
  s.ItemSpacing = ImVec2(16 * scale, 16 * scale);
  s.FrameRounding = 12 * scale;
  s.ScrollbarSize = 0;  // touch: drag to scroll, no thin bars
  s.TouchExtraPadding = ImVec2(4 * scale, 4 * scale);
  auto c = [](ImU32 u) { return ImGui::ColorConvertU32ToFloat4(u); };
  // Transparent: the renderer clears to the background colour anyway, and a full-screen quad through
  // the software rasteriser costs a few milliseconds a frame.
  s.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
  s.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  s.Colors[ImGuiCol_Text] = c(t.text);
  s.Colors[ImGuiCol_TextDisabled] = c(t.text_muted);
  s.Colors[ImGuiCol_Button] = c(t.surface);
  s.Colors[ImGuiCol_ButtonHovered] = c(t.surface);  // no hover on a touch screen
  s.Colors[ImGuiCol_ButtonActive] = c(t.surface_pressed);
  s.Colors[ImGuiCol_Border] = c(t.border);
  s.Colors[ImGuiCol_FrameBg] = c(t.surface);
}

Metrics make_metrics(int w, int h) {
  Metrics m;
  // 1920x1080 is the reference; portrait panels scale by width.
  m.scale = std::clamp(std::min(w / 1920.0f, h / 1080.0f), 0.5f, 2.0f);
  if (h > w) m.scale = std::clamp(w / 1080.0f, 0.5f, 2.0f);
  m.header_h = 96 * m.scale;
  m.footer_h = 120 * m.scale;
  m.pad = 24 * m.scale;
  m.gap = 16 * m.scale;
  m.target = std::max(60 * m.scale, 44.0f);
  m.row_h = std::max(96 * m.scale, 64.0f);
  return m;
}

}  // namespace tramtin
