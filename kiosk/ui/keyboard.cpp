// The on-screen keyboard: QWERTY and digits, the Vietnamese letters and the five tones, and a mode
// switch (direct / Telex / VNI). Every key is an intent; composition happens in the kiosk core
// (vn_compose), so what a key does is tested without a screen. Layer: tramtin (ImGui).
#include <algorithm>

#include "kiosk/core/vn_compose.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

float keyboard_height(const Ui& ui) { return 5 * (std::max(80 * ui.m.scale, 52.0f) + 12 * ui.m.scale) + 24 * ui.m.scale; }

void draw_keyboard(Ui& ui, ImVec2 origin, float width) {
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  const float key_h = std::max(80 * m.scale, 52.0f);
  const float gap = 12 * m.scale;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + keyboard_height(ui)),
                    t.high_contrast ? IM_COL32(20, 20, 20, 255) : IM_COL32(226, 230, 236, 255));
  dl->AddLine(origin, ImVec2(origin.x + width, origin.y), t.border, 2 * m.scale);

  const float left_w = width * 0.56f;
  const float right_x = origin.x + left_w + gap * 3;
  const float right_w = width - left_w - gap * 5;
  const float top = origin.y + gap * 1.5f;

  auto key = [&](const char* id, const char* label, float x, float y, float w, std::string_view press,
                 bool selected = false) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (touch_button(ui, id, nullptr, label, ImVec2(w, key_h), false, selected))
      ui.emit(make_intent(Intent::Type::key_press, std::string(press)));
  };
  auto row = [&](const std::vector<std::string>& keys, float y, float x0, float avail, int slots) {
    const float kw = (avail - gap * (slots - 1)) / slots;
    float x = x0 + (avail - (kw * keys.size() + gap * (keys.size() - 1))) * 0.5f;
    for (const auto& k : keys) {
      std::string id = "key-" + k;
      key(id.c_str(), k.c_str(), x, y, kw, k);
      x += kw + gap;
    }
  };
  const float x0 = origin.x + gap * 2;
  row({"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}, top, x0, left_w, 10);
  row({"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"}, top + (key_h + gap), x0, left_w, 10);
  row({"a", "s", "d", "f", "g", "h", "j", "k", "l"}, top + 2 * (key_h + gap), x0, left_w, 10);
  row({"z", "x", "c", "v", "b", "n", "m", ".", "-"}, top + 3 * (key_h + gap), x0, left_w, 10);

  // Right: the Vietnamese letters, the tones (mark and name), backspace and clear.
  row({"ă", "â", "đ", "ê", "ô", "ơ", "ư"}, top, right_x, right_w, 7);
  struct ToneKey {
    const char* id;
    const char* label;
    std::string_view press;
  };
  // Each tone key shows its mark on an "a" and its name: a mark alone is hard to see and to read.
  const ToneKey tones[] = {{"key-sac", "á  sắc", key::sac},   {"key-huyen", "à  huyền", key::huyen},
                           {"key-hoi", "ả  hỏi", key::hoi},   {"key-nga", "ã  ngã", key::nga},
                           {"key-nang", "ạ  nặng", key::nang}};
  {
    const float kw = (right_w - gap * 2) / 3;
    for (int i = 0; i < 5; ++i) {
      const float x = right_x + (i % 3) * (kw + gap);
      const float y = top + (1 + i / 3) * (key_h + gap);
      key(tones[i].id, tones[i].label, x, y, kw, tones[i].press);
    }
    const float y = top + 2 * (key_h + gap);
    ImGui::SetCursorScreenPos(ImVec2(right_x + 2 * (kw + gap), y));
    if (touch_button(ui, "key-backspace", icon::backspace, ui.tr("backspace"), ImVec2(kw, key_h)))
      ui.emit(make_intent(Intent::Type::key_press, std::string(key::backspace)));
    ImGui::SetCursorScreenPos(ImVec2(right_x, top + 3 * (key_h + gap)));
    if (touch_button(ui, "key-clear", icon::times, ui.tr("clear_all"), ImVec2(kw * 1.5f + gap * 0.5f, key_h)))
      ui.emit(make_intent(Intent::Type::key_press, std::string(key::clear)));
    ImGui::SetCursorScreenPos(ImVec2(right_x + kw * 1.5f + gap * 1.5f, top + 3 * (key_h + gap)));
    if (touch_button(ui, "key-hide", icon::keyboard, ui.tr("keyboard_hide"), ImVec2(kw * 1.5f - gap * 0.5f, key_h)))
      ui.emit(make_intent(Intent::Type::show_keyboard, std::string(), 0));
  }

  // Bottom row: mode switch and a wide space bar.
  const float y = top + 4 * (key_h + gap);
  const InputMode mode = ui.session->composer.mode();
  const float mw = 200 * m.scale;
  struct ModeKey {
    const char* id;
    const char* label_key;
    InputMode mode;
  };
  const ModeKey modes[] = {{"mode-direct", "keyboard_direct", InputMode::direct},
                           {"mode-telex", "keyboard_telex", InputMode::telex},
                           {"mode-vni", "keyboard_vni", InputMode::vni}};
  float x = x0;
  for (const auto& mk : modes) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (touch_button(ui, mk.id, nullptr, ui.tr(mk.label_key), ImVec2(mw, key_h), false, mode == mk.mode))
      ui.emit(make_intent(Intent::Type::set_input_mode, input_mode_name(mk.mode)));
    x += mw + gap;
  }
  ImGui::SetCursorScreenPos(ImVec2(x + gap, y));
  if (touch_button(ui, "key-space", nullptr, ui.tr("space"), ImVec2(origin.x + width - x - gap * 3, key_h)))
    ui.emit(make_intent(Intent::Type::key_press, " "));
}

}  // namespace tramtin
