// Touch widgets shared by every screen: big buttons, tiles, wrapped text. Layer: tramtin (ImGui).
#include <cstring>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/ui.h"

namespace tramtin {

bool released_after_drag() {
  const ImGuiIO& io = ImGui::GetIO();
  // ImGui tracks the longest distance the pointer travelled while held: a drag scrolls, it never taps.
  const float thresh = 24.0f;
  return io.MouseDragMaxDistanceSqr[0] > thresh * thresh;
}

void register_target(Ui& ui, const char* id, const char* label, ImVec2 min, ImVec2 max) {
  ui.targets.push_back(HitTarget{id, label ? label : "", min, max});
}

bool touch_button(Ui& ui, const char* id, const char* icon, const char* label, ImVec2 size,
                  bool primary, bool selected) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return false;
  const ImGuiID gid = window->GetID(id);
  const ImVec2 pos = window->DC.CursorPos;
  const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
  ImGui::ItemSize(size);
  if (!ImGui::ItemAdd(bb, gid)) return false;
  bool hovered = false, held = false;
  bool pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held, ImGuiButtonFlags_PressedOnRelease);
  if (pressed && released_after_drag()) pressed = false;
  if (held && released_after_drag()) held = false;
  register_target(ui, id, label, bb.Min, bb.Max);

  const Theme& t = ui.theme;
  ImU32 bg = primary ? t.primary : t.surface;
  ImU32 fg = primary ? t.primary_text : t.text;
  if (selected) {  // the chosen option: a warm fill that stands out on white and on the blue header
    bg = t.highlight;
    fg = t.high_contrast ? t.text : t.text;
  }
  ImDrawList* dl = window->DrawList;
  const float r = 14 * ui.m.scale;
  ImVec2 a = bb.Min, b = bb.Max;
  if (held) {  // obvious pressed state: darker and pushed in
    const float inset = 3 * ui.m.scale;
    a = ImVec2(a.x + inset, a.y + inset);
    b = ImVec2(b.x - inset, b.y - inset);
    bg = t.surface_pressed;
    fg = t.text;
  }
  dl->AddRectFilled(a, b, bg, r);
  dl->AddRect(a, b, (primary || selected) && !held ? bg : t.border, r, 0, 2.0f * ui.m.scale);

  ImFont* font = ui.fonts->bold;
  const float fs = font->FontSize;
  std::string text = icon ? std::string(icon) + "  " + (label ? label : "") : (label ? label : "");
  ImVec2 ts = font->CalcTextSizeA(fs, FLT_MAX, 0.0f, text.c_str());
  const float inner = (b.x - a.x) - 2 * ui.m.pad * 0.5f;
  if (ts.x > inner && label) {  // too long for one line: wrap inside the button, never clip
    ts = font->CalcTextSizeA(fs, FLT_MAX, inner, text.c_str());
    ImVec2 tp((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f);
    dl->AddText(font, fs, tp, fg, text.c_str(), nullptr, inner);
  } else {
    ImVec2 tp((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f);
    dl->AddText(font, fs, tp, fg, text.c_str());
  }
  return pressed;
}

bool tile(Ui& ui, const char* id, const char* icon, const char* label, ImVec2 size, ImU32 icon_color) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return false;
  const ImGuiID gid = window->GetID(id);
  const ImVec2 pos = window->DC.CursorPos;
  const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
  ImGui::ItemSize(size);
  if (!ImGui::ItemAdd(bb, gid)) return false;
  bool hovered = false, held = false;
  bool pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held, ImGuiButtonFlags_PressedOnRelease);
  if (pressed && released_after_drag()) pressed = false;
  if (held && released_after_drag()) held = false;
  register_target(ui, id, label, bb.Min, bb.Max);

  const Theme& t = ui.theme;
  ImDrawList* dl = window->DrawList;
  const float r = 20 * ui.m.scale;
  ImVec2 a = bb.Min, b = bb.Max;
  ImU32 bg = t.surface;
  if (held) {
    const float inset = 4 * ui.m.scale;
    a = ImVec2(a.x + inset, a.y + inset);
    b = ImVec2(b.x - inset, b.y - inset);
    bg = t.surface_pressed;
  }
  dl->AddRectFilled(a, b, bg, r);
  dl->AddRect(a, b, t.border, r, 0, 2.0f * ui.m.scale);
  // Icon in the upper part, label below it, both centred.
  ImFont* ifont = ui.fonts->icon_large;
  ImVec2 is = ifont->CalcTextSizeA(ifont->FontSize, FLT_MAX, 0, icon);
  ImFont* lfont = ui.fonts->heading;
  const float wrap = (b.x - a.x) - 2 * ui.m.pad;
  ImVec2 ls = lfont->CalcTextSizeA(lfont->FontSize, FLT_MAX, wrap, label);
  const float total = is.y + ui.m.gap + ls.y;
  float y = (a.y + b.y - total) * 0.5f;
  dl->AddText(ifont, ifont->FontSize, ImVec2((a.x + b.x - is.x) * 0.5f, y), icon_color, icon);
  y += is.y + ui.m.gap;
  // Centre each wrapped line: draw line by line.
  const char* s = label;
  const char* end = label + std::strlen(label);
  while (s < end) {
    const char* line_end = lfont->CalcWordWrapPositionA(1.0f, s, end, wrap);
    if (line_end == s) line_end = s + 1;
    ImVec2 lsz = lfont->CalcTextSizeA(lfont->FontSize, FLT_MAX, 0, s, line_end);
    dl->AddText(lfont, lfont->FontSize, ImVec2((a.x + b.x - lsz.x) * 0.5f, y), t.text, s, line_end);
    y += lfont->FontSize * 1.15f;
    s = line_end;
    while (s < end && *s == ' ') ++s;
  }
  return pressed;
}

void wrapped_text(ImFont* font, ImU32 color, const std::string& text, float wrap_width) {
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
  float wrap = wrap_width > 0 ? ImGui::GetCursorPosX() + wrap_width : 0.0f;
  ImGui::PushTextWrapPos(wrap);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

}  // namespace tramtin
