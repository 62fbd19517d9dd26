// Colours and metrics of the kiosk look, normal and high-contrast. Layer: tramtin (ImGui).
#pragma once

#include <imgui.h>

namespace tramtin {

struct Theme {
  bool high_contrast = false;
  ImU32 bg, surface, surface_pressed, text, text_muted, primary, primary_text, accent, urgent,
      urgent_text, border, star, highlight;
};

Theme make_theme(bool high_contrast);
void apply_imgui_style(const Theme& t, float scale);

// Layout metrics derived from the window size: everything scales with the display.
struct Metrics {
  float scale = 1.0f;        // 1.0 at 1920x1080
  float header_h = 96, footer_h = 120, pad = 24, gap = 16, target = 60, row_h = 96;
};
Metrics make_metrics(int width, int height);

}  // namespace tramtin
