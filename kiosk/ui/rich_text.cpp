// Styled, word-wrapped text and the Markdown block model. Layer: tramtin (ImGui).
#include "kiosk/ui/rich_text.h"

#include <algorithm>
#include <imgui_internal.h>

#include "content/base/text.h"
#include "kiosk/ui/ui.h"
#include "kiosk/ui/layout_check.h"

namespace tramtin {
namespace {

bool is_cjk(char32_t c) {
  return (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

// Breaks text into pieces that may not be split: a word with its trailing spaces, or one CJK
// character (with trailing punctuation kept by the next piece's measurement).
std::vector<std::string_view> pieces(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    std::size_t at = i;
    char32_t c = next_codepoint(s, i);
    if (c == '\n') {
      if (at > start) out.push_back(s.substr(start, at - start));
      out.push_back(s.substr(at, 1));
      start = i;
    } else if (c == ' ') {
      // consume all spaces, then end the piece
      while (i < s.size() && s[i] == ' ') ++i;
      out.push_back(s.substr(start, i - start));
      start = i;
    } else if (is_cjk(c)) {
      if (at > start) out.push_back(s.substr(start, at - start));
      out.push_back(s.substr(at, i - at));
      start = i;
    }
  }
  if (start < s.size()) out.push_back(s.substr(start));
  return out;
}

}  // namespace

float draw_runs(const std::vector<Run>& runs, float wrap_width, float line_spacing) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  ImDrawList* dl = window->DrawList;
  const ImVec2 origin = window->DC.CursorPos;
  float line_h = 0;
  for (const auto& r : runs) line_h = std::max(line_h, r.font->FontSize * line_spacing);
  if (line_h == 0) return 0;
  float x = 0, y = 0;
  const bool visible_check = true;
  const float clip_top = window->ClipRect.Min.y, clip_bottom = window->ClipRect.Max.y;
  for (const auto& r : runs) {
    for (std::string_view p : pieces(r.text)) {
      if (p == "\n") {
        x = 0;
        y += line_h;
        continue;
      }
      // Measure without trailing spaces for the fit test; advance with them.
      std::string_view word = p;
      while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
      const float fs = r.font->FontSize;
      float ww = r.font->CalcTextSizeA(fs, FLT_MAX, 0, word.data(), word.data() + word.size()).x;
      float pw = r.font->CalcTextSizeA(fs, FLT_MAX, 0, p.data(), p.data() + p.size()).x;
      if (x > 0 && x + ww > wrap_width) {
        x = 0;
        y += line_h;
      }
      // A word longer than the whole line (a web address) breaks where the line ends.
      while (ww > wrap_width && word.size() > 1) {
        std::size_t cut = 0;
        for (std::size_t i = 0; i < word.size();) {
          std::size_t j = i;
          next_codepoint(word, j);
          if (r.font->CalcTextSizeA(fs, FLT_MAX, 0, word.data(), word.data() + j).x > wrap_width - x) break;
          cut = i = j;
        }
        if (cut == 0) {
          if (x == 0) {  // not even one character fits: draw it anyway
            std::size_t j = 0;
            next_codepoint(word, j);
            cut = j;
          } else {
            x = 0;
            y += line_h;
            continue;
          }
        }
        const float top = origin.y + y;
        if (top + line_h >= clip_top && top <= clip_bottom)
          draw_text(dl, r.font, ImVec2(origin.x + x, top + (line_h - fs) * 0.5f), r.color, word.substr(0, cut));
        word.remove_prefix(cut);
        p.remove_prefix(cut);
        x = 0;
        y += line_h;
        ww = r.font->CalcTextSizeA(fs, FLT_MAX, 0, word.data(), word.data() + word.size()).x;
        pw = r.font->CalcTextSizeA(fs, FLT_MAX, 0, p.data(), p.data() + p.size()).x;
      }
      const float top = origin.y + y;
      if (!visible_check || (top + line_h >= clip_top && top <= clip_bottom)) {
        const ImVec2 pos(origin.x + x, top + (line_h - fs) * 0.5f);
        if (r.background)
          dl->AddRectFilled(ImVec2(pos.x - 2, pos.y), ImVec2(pos.x + ww + 2, pos.y + fs * 1.1f), r.background, 4);
        draw_text(dl, r.font, pos, r.color, word);
        if (r.underline)
          dl->AddLine(ImVec2(pos.x, pos.y + fs * 1.05f), ImVec2(pos.x + ww, pos.y + fs * 1.05f), r.color, 2);
      }
      x += pw;
    }
  }
  const float height = y + line_h;
  ImGui::ItemSize(ImVec2(wrap_width, height));
  return height;
}

std::vector<Run> highlighted_runs(const std::string& text, const std::vector<TextRange>& ranges, ImFont* font,
                                  ImU32 color, ImU32 highlight_bg) {
  std::vector<Run> runs;
  std::vector<TextRange> rs = ranges;
  std::sort(rs.begin(), rs.end(), [](const TextRange& a, const TextRange& b) { return a.begin < b.begin; });
  std::size_t at = 0;
  for (const auto& r : rs) {
    if (r.begin < at || r.end > text.size() || r.begin >= r.end) continue;
    if (r.begin > at) runs.push_back(Run{text.substr(at, r.begin - at), font, color, 0, false});
    runs.push_back(Run{text.substr(r.begin, r.end - r.begin), font, color, highlight_bg, false});
    at = r.end;
  }
  if (at < text.size()) runs.push_back(Run{text.substr(at), font, color, 0, false});
  return runs;
}

void draw_body(Ui& ui, const Body& body, float wrap_width) {
  const Theme& t = ui.theme;
  const Metrics& m = ui.m;
  for (const Block& b : body) {
    std::vector<Run> runs;
    ImFont* base = ui.fonts->body;
    ImU32 color = t.text;
    if (b.type == Block::Type::heading) base = b.level <= 1 ? ui.fonts->title : ui.fonts->heading;
    for (const Span& sp : b.spans) {
      Run r;
      r.text = sp.text;
      r.font = (sp.strong || sp.em) && b.type != Block::Type::heading ? ui.fonts->bold : base;
      r.color = !sp.link.empty() ? t.primary : (sp.em ? t.accent : color);
      if (t.high_contrast && !sp.link.empty()) r.color = t.text_muted;
      r.underline = !sp.link.empty();
      runs.push_back(std::move(r));
    }
    if (runs.empty()) continue;
    float indent = 0;
    if (b.type == Block::Type::bullet_item || b.type == Block::Type::numbered_item) {
      // Nesting indents up to four levels and at most a third of the line: a list nested 50 deep
      // stays on the screen (the numbers and bullets still say where an item belongs).
      indent = std::min((1.2f + 1.0f * float(std::min(b.level, 4))) * base->FontSize, wrap_width / 3);
      std::string mark = b.type == Block::Type::bullet_item ? "•" : std::to_string(b.number) + ".";
      ImVec2 p = ImGui::GetCursorScreenPos();
      draw_text(ImGui::GetWindowDrawList(), base, ImVec2(p.x + indent - base->FontSize * 1.0f, p.y + base->FontSize * 0.15f),
                t.text, mark);
    } else if (b.type == Block::Type::quote) {
      indent = base->FontSize;
      ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + 6 * m.scale, p.y + base->FontSize * 1.3f), t.border);
    }
    if (b.type == Block::Type::heading) ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
    ImGui::BeginGroup();
    draw_runs(runs, wrap_width - indent);
    ImGui::EndGroup();
    ImGui::Dummy(ImVec2(1, b.type == Block::Type::bullet_item || b.type == Block::Type::numbered_item ? m.gap * 0.3f : m.gap));
  }
}

}  // namespace tramtin
