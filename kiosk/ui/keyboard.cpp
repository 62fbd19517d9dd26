// The on-screen keyboard: QWERTY and digits, the Vietnamese letters and the five tones, and a mode
// switch (direct / Telex / VNI). Every key is an intent; composition happens in the kiosk core
// (vn_compose), so what a key does is tested without a screen. Layer: tramtin (ImGui).
#include <algorithm>

#include "kiosk/core/vn_compose.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

namespace {

float key_height(const Ui& ui) { return std::max(80 * ui.m.scale, 52.0f); }
float key_gap(const Ui& ui) { return 12 * ui.m.scale; }
bool portrait(const Ui&) { return ImGui::GetIO().DisplaySize.y > ImGui::GetIO().DisplaySize.x; }
// Portrait: eight full-width rows (the side by side halves of landscape would make 50 px keys).
int key_rows(const Ui& ui) { return portrait(ui) ? 8 : 5; }

}  // namespace

float keyboard_height(const Ui& ui) { return key_rows(ui) * (key_height(ui) + key_gap(ui)) + 24 * ui.m.scale; }

void draw_keyboard(Ui& ui, ImVec2 origin, float width) {
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  const float key_h = key_height(ui);
  const float gap = key_gap(ui);
  // The keys are large already: their words grow with the text size up to two lines in a key.
  const float label_px = std::min(ui.fonts->bold->FontSize, key_h * 0.42f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + keyboard_height(ui)),
                    t.high_contrast ? IM_COL32(20, 20, 20, 255) : IM_COL32(226, 230, 236, 255));
  dl->AddLine(origin, ImVec2(origin.x + width, origin.y), t.border, 2 * m.scale);

  const bool tall = portrait(ui);
  const float x0 = origin.x + gap * 2;
  const float left_w = tall ? width - gap * 4 : width * 0.56f;
  const float right_x = tall ? x0 : origin.x + left_w + gap * 3;
  const float right_w = tall ? left_w : width - left_w - gap * 5;
  const float top = origin.y + gap * 1.5f;
  const float row_step = key_h + gap;

  auto button = [&](const char* id, const char* icon, const char* label, float x, float y, float w, bool selected = false) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    return touch_button(ui, id, icon, label, ImVec2(w, key_h), false, selected, label_px);
  };
  auto key = [&](const char* id, const char* label, float x, float y, float w, std::string_view press) {
    if (button(id, nullptr, label, x, y, w)) ui.emit(make_intent(Intent::Type::key_press, std::string(press)));
  };
  auto row = [&](const std::vector<std::string>& keys, float y, float x_start, float avail, int slots) {
    const float kw = (avail - gap * (slots - 1)) / slots;
    float x = x_start + (avail - (kw * keys.size() + gap * (keys.size() - 1))) * 0.5f;
    for (const auto& k : keys) {
      std::string id = "key-" + k;
      key(id.c_str(), k.c_str(), x, y, kw, k);
      x += kw + gap;
    }
  };
  row({"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}, top, x0, left_w, 10);
  row({"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"}, top + row_step, x0, left_w, 10);
  row({"a", "s", "d", "f", "g", "h", "j", "k", "l"}, top + 2 * row_step, x0, left_w, 10);
  row({"z", "x", "c", "v", "b", "n", "m", ".", "-"}, top + 3 * row_step, x0, left_w, 10);

  struct ToneKey {
    const char* id;
    const char* label;
    std::string_view press;
  };
  // Each tone key shows its mark on an "a" and its name: a mark alone is hard to see and to read.
  const ToneKey tones[] = {{"key-sac", "á  sắc", key::sac},   {"key-huyen", "à  huyền", key::huyen},
                           {"key-hoi", "ả  hỏi", key::hoi},   {"key-nga", "ã  ngã", key::nga},
                           {"key-nang", "ạ  nặng", key::nang}};
  struct ModeKey {
    const char* id;
    const char* label_key;
    InputMode mode;
  };
  const ModeKey modes[] = {{"mode-direct", "keyboard_direct", InputMode::direct},
                           {"mode-telex", "keyboard_telex", InputMode::telex},
                           {"mode-vni", "keyboard_vni", InputMode::vni}};
  const InputMode mode = ui.session->composer.mode();
  auto mode_key = [&](const ModeKey& mk, float x, float y, float w) {
    if (button(mk.id, nullptr, ui.tr(mk.label_key), x, y, w, mode == mk.mode))
      ui.emit(make_intent(Intent::Type::set_input_mode, input_mode_name(mk.mode)));
  };
  auto backspace = [&](float x, float y, float w) {
    if (button("key-backspace", icon::backspace, ui.tr("backspace"), x, y, w))
      ui.emit(make_intent(Intent::Type::key_press, std::string(key::backspace)));
  };
  auto clear = [&](float x, float y, float w) {
    if (button("key-clear", icon::times, ui.tr("clear_all"), x, y, w))
      ui.emit(make_intent(Intent::Type::key_press, std::string(key::clear)));
  };
  auto hide = [&](float x, float y, float w) {
    if (button("key-hide", icon::keyboard, ui.tr("keyboard_hide"), x, y, w))
      ui.emit(make_intent(Intent::Type::show_keyboard, std::string(), 0));
  };
  auto space = [&](float x, float y, float w) {
    if (button("key-space", nullptr, ui.tr("space"), x, y, w)) ui.emit(make_intent(Intent::Type::key_press, " "));
  };

  if (tall) {
    // The Vietnamese letters and backspace; the tones; the modes and space; clear and hide.
    const float slot = (left_w - gap * 9) / 10;
    auto at = [&](int s) { return x0 + s * (slot + gap); };
    auto span = [&](int n) { return slot * n + gap * (n - 1); };
    float y = top + 4 * row_step;
    const char* letters[] = {"ă", "â", "đ", "ê", "ô", "ơ", "ư"};
    for (int i = 0; i < 7; ++i) {
      const std::string id = std::string("key-") + letters[i];
      key(id.c_str(), letters[i], at(i), y, slot, letters[i]);
    }
    backspace(at(7), y, span(3));
    y += row_step;
    for (int i = 0; i < 5; ++i) key(tones[i].id, tones[i].label, at(2 * i), y, span(2), tones[i].press);
    y += row_step;
    for (int i = 0; i < 3; ++i) mode_key(modes[i], at(2 * i), y, span(2));
    space(at(6), y, span(4));
    y += row_step;
    clear(at(0), y, span(5));
    hide(at(5), y, span(5));
    return;
  }

  // Landscape, right half: the Vietnamese letters, the tones (mark and name), backspace and clear.
  row({"ă", "â", "đ", "ê", "ô", "ơ", "ư"}, top, right_x, right_w, 7);
  const float kw = (right_w - gap * 2) / 3;
  for (int i = 0; i < 5; ++i) {
    const float x = right_x + (i % 3) * (kw + gap);
    const float y = top + (1 + i / 3) * row_step;
    key(tones[i].id, tones[i].label, x, y, kw, tones[i].press);
  }
  backspace(right_x + 2 * (kw + gap), top + 2 * row_step, kw);
  clear(right_x, top + 3 * row_step, kw * 1.5f + gap * 0.5f);
  hide(right_x + kw * 1.5f + gap * 1.5f, top + 3 * row_step, kw * 1.5f - gap * 0.5f);

  // Bottom row: mode switch and a wide space bar.
  const float y = top + 4 * row_step;
  const float mw = 200 * m.scale;
  float x = x0;
  for (const auto& mk : modes) {
    mode_key(mk, x, y, mw);
    x += mw + gap;
  }
  space(x + gap, y, origin.x + width - x - gap * 3);
}

}  // namespace tramtin
