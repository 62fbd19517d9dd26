// Attract: after a long idle, one featured item at a time (8 s each) with "touch the screen to
// start" in every offered language. A slide with a picture shows it whole (fitted, never cropped)
// beside the title in landscape and above it in portrait; a slide without one is a designed card
// (the kind's icon and name, the title, the summary). Live urgent notices replace the slideshow, in
// red, each in turn (a touch then opens the one shown). A slide appears at once (kFadeSteps frames of fade-in, 1 = none) and then
// nothing is drawn until the next one: the slideshow is where a kiosk spends most of its life, and
// with the software renderer every frame costs a full-screen redraw, so it must sleep there.
// Layer: tramtin (ImGui).
#include <algorithm>
#include <cmath>

#include "kiosk/core/view_model.h"
#include "kiosk/ui/media.h"
#include "kiosk/ui/screens/screens.h"
#include "kiosk/ui/layout_check.h"

namespace tramtin {

constexpr double kSlideSeconds = 8.0;
constexpr int kFadeSteps = 1;            // frames of the fade-in (1: none; each costs a full software frame) ...
constexpr double kFadeStepSeconds = 0.1; // ... this far apart

namespace {

// `text` cut (at a code point, with "…") so that, wrapped at `wrap`, it is at most `max_h` tall.
std::string fit_lines(ImFont* f, const std::string& text, float wrap, float max_h) {
  auto height = [&](const std::string& s) { return f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, s.c_str()).y; };
  if (text.empty() || height(text) <= max_h) return text;
  std::size_t lo = 0, hi = text.size();
  while (lo < hi) {  // the longest prefix that still fits with the ellipsis
    std::size_t mid = (lo + hi + 1) / 2;
    while (mid > 0 && (static_cast<unsigned char>(text[mid]) & 0xC0) == 0x80) --mid;  // code point start
    if (mid <= lo) break;
    if (height(text.substr(0, mid) + "…") <= max_h) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && text[lo - 1] == ' ') --lo;
  return lo == 0 ? std::string() : text.substr(0, lo) + "…";
}

const char* kind_icon(Kind k) {
  switch (k) {
    case Kind::procedure: return icon::file_text;
    case Kind::news: return icon::newspaper;
    case Kind::notice: return icon::bullhorn;
    case Kind::product: return icon::basket;
    default: return icon::home;
  }
}

const char* kind_key(Kind k) {
  switch (k) {
    case Kind::procedure: return "procedures";
    case Kind::news: return "news";
    case Kind::notice: return "notices";
    case Kind::product: return "products";
    default: return "home";
  }
}

ImU32 with_alpha(ImU32 c, float a) {
  const int base = int((c >> IM_COL32_A_SHIFT) & 0xFF);
  return (c & ~IM_COL32_A_MASK) | (ImU32(std::lround(base * std::clamp(a, 0.0f, 1.0f))) << IM_COL32_A_SHIFT);
}

// The picture scaled to fit inside the box (letterboxed on the slide's background), centred.
void draw_fitted(ImDrawList* dl, const Texture& tex, ImVec2 min, ImVec2 box, float rounding, float alpha) {
  const float s = std::min(box.x / float(tex.width), box.y / float(tex.height));
  const ImVec2 sz(float(tex.width) * s, float(tex.height) * s);
  const ImVec2 p0(min.x + (box.x - sz.x) * 0.5f, min.y + (box.y - sz.y) * 0.5f);
  dl->AddImageRounded(tex.id, p0, ImVec2(p0.x + sz.x, p0.y + sz.y), ImVec2(0, 0), ImVec2(1, 1),
                      with_alpha(IM_COL32_WHITE, alpha), std::min(rounding, 0.5f * std::min(sz.x, sz.y)),
                      ImDrawFlags_RoundCornersAll);
}

// Text of one slide in a column: the kind (icon and name), the title, the summary below it.
// Returns the height used; with no draw list it only measures.
float draw_slide_text(Ui& ui, ImDrawList* dl, const ItemRow& r, ImVec2 at, float wrap, float max_h, float alpha,
                     bool centred) {
  const Metrics& m = ui.m;
  const ImU32 white = with_alpha(IM_COL32(255, 255, 255, 255), alpha);
  const ImU32 soft = with_alpha(IM_COL32(200, 212, 232, 255), alpha);
  float y = at.y;
  const TextBox box{at, ImVec2(at.x + wrap, at.y + max_h)};
  const auto line_x = [&](float w) { return centred ? at.x + (wrap - std::min(w, wrap)) * 0.5f : at.x; };
  // Kind: the icon and its name, small, so a villager knows what the slide is about.
  const std::string kind = std::string(kind_icon(r.kind)) + "  " + ui.tr(kind_key(r.kind));
  ImFont* kf = ui.fonts->bold;
  ImVec2 ks = kf->CalcTextSizeA(kf->FontSize, FLT_MAX, 0, kind.c_str());
  if (dl) draw_text(dl, kf, ImVec2(line_x(ks.x), y), soft, kind, box);
  y += ks.y + m.gap;
  ImFont* tf = ui.fonts->title;
  const std::string title = fit_lines(tf, r.title, wrap, std::max(tf->FontSize * 3.2f, max_h * 0.5f));
  ImVec2 ts = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, wrap, title.c_str());
  if (dl) draw_text(dl, tf, ImVec2(line_x(ts.x), y), white, title, box, wrap);
  y += ts.y;
  const float left = at.y + max_h - y - m.gap * 1.5f;
  if (r.summary.empty() || left < ui.fonts->heading->FontSize) return y - at.y;
  y += m.gap * 1.5f;
  ImFont* sf = ui.fonts->heading;
  const std::string summary = fit_lines(sf, r.summary, wrap, left);
  ImVec2 ss = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, wrap, summary.c_str());
  if (dl) draw_text(dl, sf, ImVec2(line_x(ss.x), y), soft, summary, box, wrap);
  return y + ss.y - at.y;
}

}  // namespace

std::size_t attract_slide(double seconds) { return static_cast<std::size_t>(std::max(0.0, seconds) / kSlideSeconds); }

double draw_attract(Ui& ui, ImVec2 size, double seconds, const std::vector<std::string>& touch_texts) {
  const ViewModel& v = *ui.view;
  const Theme& t = ui.theme;
  const Metrics& m = ui.m;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  register_target(ui, "attract", "attract", ImVec2(0, 0), size);
  const std::size_t slide = attract_slide(seconds);
  const double in_slide = seconds - double(slide) * kSlideSeconds;
  const int step = std::min(kFadeSteps, int(in_slide / kFadeStepSeconds) + 1);
  const float alpha = float(step) / float(kFadeSteps);

  // "Touch the screen to start", cycling through the offered languages with the slides; its pill
  // is measured first so that the slide keeps clear of it.
  ImFont* hf = ui.fonts->bold;  // the one size that holds every language's glyphs
  const std::string touch = touch_texts.empty() ? std::string() : touch_texts[slide % touch_texts.size()];
  const ImVec2 hs = hf->CalcTextSizeA(hf->FontSize, FLT_MAX, 0, touch.c_str());
  const float pill_top = size.y - m.pad * 3 - hs.y;
  const float bottom = touch.empty() ? size.y - m.pad * 2 : pill_top - m.pad;

  if (!v.urgent.empty()) {
    const ItemRow& n = v.urgent[slide % v.urgent.size()];
    const ImU32 bg = t.urgent;       // red; black in high contrast
    const ImU32 fg = t.urgent_text;  // white on red; yellow on black
    dl->AddRectFilled(ImVec2(0, 0), size, bg);
    ImFont* big = ui.fonts->icon_large;
    float y = m.pad * 3;
    draw_text(dl, big, ImVec2(m.pad * 3, y), fg, icon::warning, {ImVec2(0, 0), size});
    y += big->FontSize + m.pad;
    const float wrap = size.x - m.pad * 6;
    ImFont* tf = ui.fonts->title;
    const std::string title = fit_lines(tf, n.title, wrap, (bottom - y) * 0.5f);
    ImVec2 ts = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, wrap, title.c_str());
    draw_text(dl, tf, ImVec2(m.pad * 3, y), fg, title, {ImVec2(0, 0), ImVec2(size.x, bottom)}, wrap);
    y += ts.y + m.pad;
    ImFont* sf = ui.fonts->heading;
    const std::string summary = fit_lines(sf, n.summary, wrap, bottom - y);
    draw_text(dl, sf, ImVec2(m.pad * 3, y), fg, summary, {ImVec2(0, 0), ImVec2(size.x, bottom)}, wrap);
    if (v.urgent.size() > 1) {  // every live urgent notice takes its turn: say which one this is
      ImFont* bf = ui.fonts->heading;
      const std::string count = std::string(ui.tr("urgent")) + "  " + std::to_string(slide % v.urgent.size() + 1) + "/" +
                                std::to_string(v.urgent.size());
      const ImVec2 cs = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, count.c_str());
      const float pw = cs.x + m.pad * 1.5f, ph = cs.y + m.pad * 0.6f;
      const ImVec2 pa(size.x - m.pad * 3 - pw, m.pad * 3);
      dl->AddRectFilled(pa, ImVec2(pa.x + pw, pa.y + ph), fg, ph * 0.3f);  // a pill in the text colour
      draw_text(dl, bf, ImVec2(pa.x + (pw - cs.x) * 0.5f, pa.y + (ph - cs.y) * 0.5f), bg, count, {pa, ImVec2(pa.x + pw, pa.y + ph)});
    }
  } else if (!v.featured.empty()) {
    const ItemRow& r = v.featured[slide % v.featured.size()];
    dl->AddRectFilled(ImVec2(0, 0), size, IM_COL32(16, 24, 40, 255));
    Texture pic = ui.media && !r.media_sha256.empty() ? ui.media->image(r.media_sha256) : Texture{};
    const bool portrait = size.y > size.x;
    const float rounding = 18 * m.scale;
    if (pic && pic.width > 0 && pic.height > 0) {
      if (portrait) {  // picture above, text below
        // The picture at most half the height, then the text; the pair centred as one block.
        const float bw = size.x - m.pad * 4;
        const float ph = std::min((bottom - m.pad * 2) * 0.5f, bw * float(pic.height) / float(pic.width));
        const float wrap = size.x - m.pad * 6, avail = bottom - m.pad * 5 - ph;
        const float h = draw_slide_text(ui, nullptr, r, ImVec2(0, 0), wrap, avail, alpha, true);
        const float top = m.pad * 2 + std::max(0.0f, (avail - h) * 0.4f);
        draw_fitted(dl, pic, ImVec2(m.pad * 2, top), ImVec2(bw, ph), rounding, alpha);
        const float y = top + ph + m.pad * 2;
        draw_slide_text(ui, dl, r, ImVec2(m.pad * 3, y), wrap, bottom - y, alpha, true);
      } else {  // picture on the left, text on the right
        const ImVec2 box(size.x * 0.55f - m.pad * 3, bottom - m.pad * 3);
        draw_fitted(dl, pic, ImVec2(m.pad * 2, m.pad * 3), box, rounding, alpha);
        const float x = m.pad * 3 + box.x + m.pad * 2;
        const float wrap = size.x - x - m.pad * 3, avail = bottom - m.pad * 4;
        const float h = draw_slide_text(ui, nullptr, r, ImVec2(0, 0), wrap, avail, alpha, false);
        const float y = m.pad * 4 + std::max(0.0f, (avail - h) * 0.5f);
        draw_slide_text(ui, dl, r, ImVec2(x, y), wrap, bottom - y, alpha, false);
      }
    } else {  // a designed card: the kind's icon in a large disc, then the text, centred as a block
      ImFont* big = ui.fonts->icon_large;
      const float radius = big->FontSize * 1.1f;
      const float wrap = std::min(size.x - m.pad * 8, 1400 * m.scale);
      const float text_top_gap = m.pad * 2;
      const float avail = bottom - m.pad * 3 - 2 * radius - text_top_gap;
      const float text_h = draw_slide_text(ui, nullptr, r, ImVec2(0, 0), wrap, avail, alpha, true);
      const float top = m.pad * 3 + std::max(0.0f, (avail - text_h) * 0.4f);
      const ImVec2 c(size.x * 0.5f, top + radius);
      const ImU32 disc = r.kind == Kind::product ? t.accent : r.kind == Kind::notice ? t.urgent : t.primary;
      dl->AddCircleFilled(c, radius, with_alpha(disc, alpha), 48);
      const char* ic = kind_icon(r.kind);
      ImVec2 is = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, ic);
      draw_text(dl, big, ImVec2(c.x - is.x * 0.5f, c.y - is.y * 0.5f), with_alpha(IM_COL32(255, 255, 255, 255), alpha), ic,
                {ImVec2(c.x - radius, c.y - radius), ImVec2(c.x + radius, c.y + radius)});
      const float y = c.y + radius + text_top_gap;
      draw_slide_text(ui, dl, r, ImVec2((size.x - wrap) * 0.5f, y), wrap, bottom - y, alpha, true);
    }
  } else {
    dl->AddRectFilled(ImVec2(0, 0), size, t.primary);
    ImFont* big = ui.fonts->icon_large;
    ImVec2 is = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, icon::home);
    draw_text(dl, big, ImVec2((size.x - is.x) * 0.5f, size.y * 0.3f), IM_COL32(255, 255, 255, 255), icon::home, {ImVec2(0, 0), size});
  }
  if (!touch.empty()) {
    const float bx = (size.x - hs.x) * 0.5f;
    const float y = pill_top + m.pad;
    dl->AddRectFilled(ImVec2(bx - m.pad * 2, y - m.pad), ImVec2(bx + hs.x + m.pad * 2, y + hs.y + m.pad),
                      IM_COL32(255, 255, 255, 235), 40 * m.scale);
    draw_text(dl, hf, ImVec2(bx, y), IM_COL32(14, 64, 140, 255), touch, {ImVec2(bx - m.pad * 2, y - m.pad), ImVec2(bx + hs.x + m.pad * 2, y + hs.y + m.pad)});
  }
  // When to draw again: at the next step of the fade-in, else at the next slide.
  if (step < kFadeSteps) return double(step) * kFadeStepSeconds - in_slide;
  return kSlideSeconds - in_slide;
}

}  // namespace tramtin
