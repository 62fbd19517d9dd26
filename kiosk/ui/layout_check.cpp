// The layout check (see layout_check.h). Layer: tramtin (ImGui).
#include "kiosk/ui/layout_check.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "content/base/text.h"
#include "kiosk/ui/ui.h"

namespace tramtin {
namespace {

LayoutLog* g_log = nullptr;
constexpr float kTol = 1.5f;  // px: rounding of glyph advances and pixel snapping

ImVec4 intersect(const ImVec4& a, const ImVec4& b) {
  return ImVec4(std::max(a.x, b.x), std::max(a.y, b.y), std::min(a.z, b.z), std::min(a.w, b.w));
}

bool empty(const ImVec4& r) { return r.z <= r.x + 0.5f || r.w <= r.y + 0.5f; }

// The start of a text for a message: at most ~48 bytes, cut on a code point; icons (Font Awesome,
// in the private use area) read as [icon].
std::string quote(const std::string& s) {
  std::string t;
  for (std::size_t i = 0; i < s.size() && s[i] != '\n';) {
    const std::size_t at = i;
    const char32_t c = next_codepoint(s, i);
    if (c >= 0xE000 && c <= 0xF8FF) t += "[icon]";
    else t.append(s, at, i - at);
  }
  if (t.size() > 48) {
    std::size_t cut = 48;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    t = t.substr(0, cut) + "…";
  }
  return "\"" + t + "\"";
}

std::string px(float v) { return std::to_string(int(std::lround(v))); }

void record(const std::string_view text, ImVec2 min, ImVec2 max, float line_h, ImVec2 box_min, ImVec2 box_max,
            ImVec4 clip, const char* layer, unsigned flags) {
  LayoutText t;
  t.text.assign(text.data(), text.size());
  t.min = min;
  t.max = max;
  t.box_min = box_min;
  t.box_max = box_max;
  t.clip = clip;
  t.layer = layer ? layer : "";
  t.in_content = t.layer.find("/content") != std::string::npos;
  t.flags = flags;
  t.line_h = line_h;
  g_log->texts.push_back(std::move(t));
}

}  // namespace

LayoutLog* layout_log() { return g_log; }
void set_layout_log(LayoutLog* log) { g_log = log; }

void draw_text(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text, const TextBox& box,
               float wrap_width, const ImVec4* clip, float px) {
  const char* b = text.data();
  const char* e = text.data() + text.size();
  const float fs = px > 0 ? px : font->FontSize;
  dl->AddText(font, fs, pos, color, b, e, wrap_width, clip);
  if (!g_log || text.empty()) return;
  const ImVec2 size = font->CalcTextSizeA(fs, FLT_MAX, wrap_width, b, e);
  ImVec4 c = dl->_ClipRectStack.Size ? dl->_ClipRectStack.back() : ImVec4(-FLT_MAX, -FLT_MAX, FLT_MAX, FLT_MAX);
  if (clip) c = intersect(c, *clip);
  record(text, pos, ImVec2(pos.x + size.x, pos.y + size.y), fs, box.has_box() ? box.min : ImVec2(0, 0),
         box.has_box() ? box.max : ImVec2(0, 0), c, dl->_OwnerName, box.flags);
}

void note_item_text(std::string_view text) {
  if (!g_log || text.empty()) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec4 c = dl->_ClipRectStack.Size ? dl->_ClipRectStack.back() : ImVec4(-FLT_MAX, -FLT_MAX, FLT_MAX, FLT_MAX);
  record(text, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetFontSize(), ImVec2(0, 0), ImVec2(0, 0), c,
         dl->_OwnerName, TextBox::none);
}

void note_first_screen(const char* what, ImVec2 min, ImVec2 max) {
  if (g_log) g_log->first_screen.push_back({what, min, max});
}

std::vector<std::string> check_layout(const LayoutLog& log, const std::vector<HitTarget>& targets, ImVec2 display) {
  std::vector<std::string> out;
  const ImVec4 screen(0, 0, display.x, display.y);
  struct Seen {
    const LayoutText* t;
    ImVec4 visible;
  };
  std::vector<Seen> seen;
  for (const LayoutText& t : log.texts) {
    const ImVec4 ext(t.min.x, t.min.y, t.max.x, t.max.y);
    const ImVec4 clip = intersect(t.clip, screen);
    const ImVec4 vis = intersect(ext, clip);
    if (empty(vis)) {
      // Scrolled away (or culled) is fine; beside the screen while level with what is seen is not.
      const bool level = ext.w > clip.y && ext.y < clip.w;
      if (level && (ext.x >= display.x || ext.z <= 0))
        out.push_back("off the screen: " + quote(t.text) + " at x " + px(ext.x) + ".." + px(ext.z));
      continue;
    }
    seen.push_back({&t, vis});
    if (t.box_max.x > t.box_min.x) {
      if (ext.x < t.box_min.x - kTol || ext.z > t.box_max.x + kTol)
        out.push_back("wider than its box: " + quote(t.text) + " is " + px(ext.z - ext.x) + " px in a box of " +
                      px(t.box_max.x - t.box_min.x) + " px");
      else if (ext.y < t.box_min.y - kTol || ext.w > t.box_max.y + kTol)
        out.push_back("taller than its box: " + quote(t.text) + " needs y " + px(ext.y) + ".." + px(ext.w) +
                      " in a box at y " + px(t.box_min.y) + ".." + px(t.box_max.y));
    }
    if (t.flags & TextBox::cut_ok) continue;
    if (ext.x < clip.x - kTol || ext.z > clip.z + kTol) {
      out.push_back("cut at the side: " + quote(t.text) + " spans x " + px(ext.x) + ".." + px(ext.z) + ", visible " +
                    px(clip.x) + ".." + px(clip.z));
      continue;
    }
    const bool cut_top = ext.y < clip.y - kTol, cut_bottom = ext.w > clip.w + kTol;
    if (!cut_top && !cut_bottom) continue;
    if (t.in_content && log.content_seen && log.scroll_y >= 1.0f) continue;  // scrolled: any line may be on an edge
    if (t.in_content && log.content_seen) {
      // The content scrolls: a text cut by its edge is fine when the line on the edge lies under
      // the fade (or the edge falls between two lines).
      const float lh = std::max(1.0f, t.line_h);
      bool ok = true;
      if (cut_bottom) {
        const float edge = clip.w;
        const float line_top = ext.y + std::floor((edge - ext.y) / lh) * lh;
        ok = line_top >= edge - kTol || line_top >= log.content_max.y - log.fade_bottom - kTol;
      }
      if (cut_top && ok) {
        const float edge = clip.y;
        const float line_bottom = ext.y + (std::floor((edge - ext.y) / lh) + 1) * lh;
        ok = line_bottom <= edge + kTol || line_bottom <= log.content_min.y + log.fade_top + kTol;
      }
      if (ok) continue;
      out.push_back(std::string(cut_bottom ? "half cut at the bottom" : "half cut at the top") +
                    " of the content, not under the fade: " + quote(t.text) + " at y " + px(ext.y) + ".." + px(ext.w) +
                    ", edge " + px(cut_bottom ? clip.w : clip.y));
    } else {
      out.push_back("cut: " + quote(t.text) + " at y " + px(ext.y) + ".." + px(ext.w) + ", visible " + px(clip.y) +
                    ".." + px(clip.w));
    }
  }
  // Texts on top of each other (in the same window; things drawn over on purpose excepted).
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const LayoutText& a = *seen[i].t;
    if (a.flags & TextBox::over) continue;
    for (std::size_t j = i + 1; j < seen.size(); ++j) {
      const LayoutText& b = *seen[j].t;
      if ((b.flags & TextBox::over) || a.layer != b.layer) continue;
      const ImVec4 r = intersect(seen[i].visible, seen[j].visible);
      if (r.z - r.x > 2.0f && r.w - r.y > 2.0f)
        out.push_back("overlap: " + quote(a.text) + " and " + quote(b.text) + " at x " + px(r.x) + " y " + px(r.y));
    }
  }
  for (const HitTarget& h : targets)
    if (h.min.x < -kTol || h.max.x > display.x + kTol)
      out.push_back("target off the screen: " + h.id + " spans x " + px(h.min.x) + ".." + px(h.max.x));
  // A row or button the bottom edge of the first screen cuts: under the fade, or a half row reads as whole.
  if (log.content_seen && log.scroll_y < 1.0f)
    for (const HitTarget& h : targets) {
      const float edge = log.content_max.y;
      const bool inside = h.min.x >= log.content_min.x - kTol && h.max.x <= log.content_max.x + kTol;
      // Mostly seen (three quarters) with the fade on its last part also says "it goes on".
      const bool mostly = log.fade_bottom > 0 && edge - h.min.y >= 0.75f * (h.max.y - h.min.y);
      if (inside && h.min.y < edge - kTol && h.max.y > edge + kTol && h.min.y < edge - log.fade_bottom - kTol &&
          !mostly && h.id != "attract" && h.id != "qr-close")
        out.push_back("half cut at the bottom of the content, not under the fade: " + h.id + " at y " + px(h.min.y) +
                      ".." + px(h.max.y) + ", edge " + px(edge));
    }
  if (log.content_seen && log.scroll_y < 1.0f)
    for (const auto& m : log.first_screen)
      if (m.max.y > log.content_max.y + kTol || m.min.y < log.content_min.y - kTol)
        out.push_back("below the first screen: " + m.what + " at y " + px(m.min.y) + ".." + px(m.max.y) +
                      ", content ends at " + px(log.content_max.y));
  if (log.chrome && !log.clock_shown) out.push_back("no room for the date and time in the header");
  // One line per finding, no repeats (a frame may draw the same label twice).
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace tramtin
