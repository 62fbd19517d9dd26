// Attract: after a long idle, one featured item at a time (big picture and title, 8 s each, a gentle
// fade) with "touch the screen to start" in every offered language. An urgent notice replaces the
// slideshow, in red, until it expires (several take turns); a touch then opens the one shown.
// Layer: tramtin (ImGui).
#include <algorithm>
#include <cmath>

#include "kiosk/core/view_model.h"
#include "kiosk/ui/media.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

constexpr double kSlideSeconds = 8.0;
constexpr double kFadeSeconds = 0.8;

std::size_t attract_slide(double seconds) { return static_cast<std::size_t>(std::max(0.0, seconds) / kSlideSeconds); }

double draw_attract(Ui& ui, ImVec2 size, double seconds, const std::vector<std::string>& touch_texts) {
  const ViewModel& v = *ui.view;
  const Theme& t = ui.theme;
  const Metrics& m = ui.m;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  register_target(ui, "attract", "attract", ImVec2(0, 0), size);
  const std::size_t slide = static_cast<std::size_t>(seconds / kSlideSeconds);
  const double in_slide = seconds - double(slide) * kSlideSeconds;
  const float alpha = float(std::clamp(in_slide / kFadeSeconds, 0.0, 1.0));
  const ImU32 white_a = IM_COL32(255, 255, 255, int(255 * alpha));

  if (!v.urgent.empty()) {
    const ItemRow& n = v.urgent[slide % v.urgent.size()];
    const ImU32 bg = t.urgent;       // red; black in high contrast
    dl->AddRectFilled(ImVec2(0, 0), size, bg);
    const ImU32 fg = t.urgent_text;  // white on red; yellow on black
    ImFont* big = ui.fonts->icon_large;
    dl->AddText(big, big->FontSize, ImVec2(m.pad * 3, m.pad * 3), fg, icon::warning);
    const float wrap = size.x - m.pad * 6;
    dl->AddText(ui.fonts->title, ui.fonts->title->FontSize, ImVec2(m.pad * 3, m.pad * 4 + big->FontSize), fg,
                n.title.c_str(), nullptr, wrap);
    ImVec2 ts = ui.fonts->title->CalcTextSizeA(ui.fonts->title->FontSize, FLT_MAX, wrap, n.title.c_str());
    dl->AddText(ui.fonts->heading, ui.fonts->heading->FontSize,
                ImVec2(m.pad * 3, m.pad * 5 + big->FontSize + ts.y), fg, n.summary.c_str(), nullptr, wrap);
    if (v.urgent.size() > 1) {  // every live urgent notice takes its turn: say which one this is
      ImFont* bf = ui.fonts->heading;
      const std::string count = std::string(ui.tr("urgent")) + "  " + std::to_string(slide % v.urgent.size() + 1) + "/" +
                                std::to_string(v.urgent.size());
      const ImVec2 cs = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, count.c_str());
      const float pw = cs.x + m.pad * 1.5f, ph = cs.y + m.pad * 0.6f;
      const ImVec2 pa(size.x - m.pad * 3 - pw, m.pad * 3);
      dl->AddRectFilled(pa, ImVec2(pa.x + pw, pa.y + ph), fg, ph * 0.3f);  // a pill in the text colour
      dl->AddText(bf, bf->FontSize, ImVec2(pa.x + (pw - cs.x) * 0.5f, pa.y + (ph - cs.y) * 0.5f), bg, count.c_str());
    }
  } else if (!v.featured.empty()) {
    const ItemRow& r = v.featured[slide % v.featured.size()];
    dl->AddRectFilled(ImVec2(0, 0), size, IM_COL32(16, 24, 40, 255));
    Texture pic = ui.media && !r.media_sha256.empty() ? ui.media->image(r.media_sha256) : Texture{};
    const float ph = size.y * 0.62f;
    const float pw = std::min(size.x - m.pad * 4, ph * 1.5f);
    ImVec2 pp((size.x - pw) * 0.5f, m.pad * 2);
    draw_picture(dl, pic, pp, ImVec2(pw, ph), r.title, ui.fonts->title, IM_COL32(40, 52, 76, 255),
                 IM_COL32(220, 226, 236, 255), 18 * m.scale);
    if (alpha < 1.0f) dl->AddRectFilled(pp, ImVec2(pp.x + pw, pp.y + ph), IM_COL32(16, 24, 40, int(255 * (1 - alpha))), 18 * m.scale);
    ImFont* tf = ui.fonts->title;
    const float wrap = size.x - m.pad * 8;
    ImVec2 ts = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, wrap, r.title.c_str());
    dl->AddText(tf, tf->FontSize, ImVec2((size.x - std::min(ts.x, wrap)) * 0.5f, pp.y + ph + m.pad), white_a,
                r.title.c_str(), nullptr, wrap);
  } else {
    dl->AddRectFilled(ImVec2(0, 0), size, t.primary);
    ImFont* big = ui.fonts->icon_large;
    ImVec2 is = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, icon::home);
    dl->AddText(big, big->FontSize, ImVec2((size.x - is.x) * 0.5f, size.y * 0.3f), IM_COL32(255, 255, 255, 255), icon::home);
  }
  // "Touch the screen to start", cycling through the offered languages with the slides.
  if (!touch_texts.empty()) {
    const std::string& s = touch_texts[slide % touch_texts.size()];
    ImFont* hf = ui.fonts->bold;  // the one size that holds every language's glyphs
    ImVec2 ts = hf->CalcTextSizeA(hf->FontSize, FLT_MAX, 0, s.c_str());
    const float y = size.y - m.pad * 2 - ts.y;
    const float bx = (size.x - ts.x) * 0.5f;
    dl->AddRectFilled(ImVec2(bx - m.pad * 2, y - m.pad), ImVec2(bx + ts.x + m.pad * 2, y + ts.y + m.pad),
                      IM_COL32(255, 255, 255, 235), 40 * m.scale);
    dl->AddText(hf, hf->FontSize, ImVec2(bx, y), IM_COL32(14, 64, 140, 255), s.c_str());
  }
  // When to draw again: continuously during the fade, else at the next slide. An urgent slide has
  // no fade: nothing to draw until the next one.
  if (!v.urgent.empty()) return kSlideSeconds - in_slide;
  return in_slide < kFadeSeconds ? 0.0 : kSlideSeconds - in_slide;
}

}  // namespace tramtin
