// The staff screen: PIN keypad while locked; figures and maintenance buttons once unlocked.
// Layer: tramtin (ImGui). Draws Ui::session and Ui::staff, emits intents, does no I/O.
//
// Everything here is in Vietnamese whatever language a villager picked: the readers are commune
// IT staff, and a technician on the phone with the district must read the same words.
#include "kiosk/ui/screens/screen_staff.h"

#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "kiosk/core/staff_info.h"
#include "kiosk/core/staff_lock.h"

namespace tramtin {
namespace {

ImU32 warn_color(const Theme& t) {
  // Red on the light theme; on high contrast `urgent` is the black background, so use yellow.
  return t.high_contrast ? t.text_muted : t.urgent;
}

void heading(Ui& ui, const std::string& text) {
  wrapped_text(ui.fonts->heading, ui.theme.text, std::string(icon::lock) + "  " + text);
  ImGui::Dummy(ImVec2(1, ui.m.gap * 0.5f));
}

// The typed PIN as dots: one filled dot per digit, hollow ones up to the minimum, so the
// technician sees how many are typed without the digits being readable over a shoulder.
void pin_dots(Ui& ui, std::size_t typed, float width) {
  const float r = 14 * ui.m.scale;
  const float step = r * 3.2f;
  const std::size_t slots = std::max(PinKeypad::min_digits, typed);
  const float h = std::max(ui.m.target, r * 4);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float x0 = p.x + std::max(0.0f, (width - step * float(slots)) * 0.5f) + step * 0.5f;
  const float cy = p.y + h * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < slots; ++i) {
    const ImVec2 c(x0 + step * float(i), cy);
    if (i < typed) {
      dl->AddCircleFilled(c, r, ui.theme.text);
    } else {
      dl->AddCircle(c, r, ui.theme.text_muted, 0, 2.5f * ui.m.scale);
    }
  }
  ImGui::Dummy(ImVec2(width, h));
}

// 1 2 3 / 4 5 6 / 7 8 9 / clear 0 back / OK, keys at least 96 px at 1080p.
void keypad(Ui& ui, float key_w, float key_h) {
  const Metrics& m = ui.m;
  struct Key {
    std::string_view key;
    const char* icon;
    const char* label;
  };
  static const Key rows[4][3] = {
      {{"1", nullptr, "1"}, {"2", nullptr, "2"}, {"3", nullptr, "3"}},
      {{"4", nullptr, "4"}, {"5", nullptr, "5"}, {"6", nullptr, "6"}},
      {{"7", nullptr, "7"}, {"8", nullptr, "8"}, {"9", nullptr, "9"}},
      {{PinKeypad::clear_key, icon::times, "Xóa hết"}, {"0", nullptr, "0"}, {PinKeypad::back_key, icon::backspace, "Xóa"}},
  };
  const float x0 = ImGui::GetCursorPosX();
  for (const auto& row : rows) {
    ImGui::SetCursorPosX(x0);
    for (int c = 0; c < 3; ++c) {
      if (c) ImGui::SameLine(0, m.gap);
      const std::string id = "staff-key-" + std::string(row[c].key);
      if (touch_button(ui, id.c_str(), row[c].icon, row[c].label, ImVec2(key_w, key_h)))
        ui.emit(make_intent(Intent::Type::staff_digit, std::string(row[c].key)));
    }
  }
  ImGui::SetCursorPosX(x0);
  const bool ready = PinKeypad::can_submit(ui.session->staff_pin);
  if (touch_button(ui, "staff-ok", icon::lock, "OK", ImVec2(key_w * 3 + m.gap * 2, key_h),
                   ready && !ui.theme.high_contrast))
    ui.emit(make_intent(Intent::Type::staff_submit));
}

void draw_locked(Ui& ui) {
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  const StaffLockState st = ui.staff ? lock_state_at(ui.staff->lock, ui.now) : StaffLockState{};

  if (st.disabled) {
    heading(ui, "Quản trị kiosk");
    wrapped_text(ui.fonts->bold, warn_color(t), std::string(icon::warning) + "  Màn hình quản trị đang tắt");
    ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
    wrapped_text(ui.fonts->body, t.text, st.disabled_reason, std::min(ImGui::GetContentRegionAvail().x - m.pad,
                                                                      1400 * m.scale));
    return;
  }

  const float avail_w = ImGui::GetContentRegionAvail().x - m.pad;
  const float avail_h = ImGui::GetContentRegionAvail().y - m.pad;
  const bool side_by_side = avail_w >= 1200 * m.scale;
  // Five rows of keys (digits ×4, OK); in landscape they take the height, in portrait they sit
  // under the message. Never below 96 px at 1080p (the brief's minimum for this keypad).
  const float min_key = std::max(96 * m.scale, m.target);
  float key_h = side_by_side ? (avail_h - 4 * m.gap) / 5 : 120 * m.scale;
  key_h = std::clamp(key_h, min_key, 140 * m.scale);
  float key_w = std::min(key_h * 1.7f, (avail_w - 2 * m.gap) / 3);
  key_w = std::max(key_w, min_key);
  const float pad_w = key_w * 3 + m.gap * 2;

  const float info_w = side_by_side ? avail_w - pad_w - 3 * m.gap : avail_w;
  const ImVec2 start = ImGui::GetCursorPos();

  // Left (or top): what this is, what to do, the typed dots.
  ImGui::BeginGroup();
  heading(ui, "Quản trị kiosk");
  const bool problem = st.locked_out || st.last == PinCheck::wrong || st.last == PinCheck::malformed;
  std::string msg = staff_lock_message(st);
  if (problem) msg = std::string(icon::warning) + "  " + msg;
  wrapped_text(ui.fonts->bold, problem ? warn_color(t) : t.text, msg, info_w);
  ImGui::Dummy(ImVec2(1, m.gap));
  if (st.locked_out) {
    // The countdown, large: the app wakes once a second while a lockout runs.
    wrapped_text(ui.fonts->title, t.text,
                 std::string(icon::clock) + "  " + std::to_string(st.seconds_left) + " giây", info_w);
  } else {
    pin_dots(ui, ui.session->staff_pin.size(), side_by_side ? std::min(info_w, 600 * m.scale) : info_w);
    if (st.tries_left > 0 && st.tries_left < st.max_tries && st.last != PinCheck::wrong) {
      wrapped_text(ui.fonts->small, t.text_muted, "Còn " + std::to_string(st.tries_left) + " lần thử.", info_w);
    }
  }
  wrapped_text(ui.fonts->small, t.text_muted,
               "Dành cho cán bộ kỹ thuật. Sai 3 lần, bàn phím bị khóa 1 phút.", info_w);
  ImGui::EndGroup();

  if (st.locked_out) return;  // no keys while locked out: nothing they could do
  if (side_by_side) {
    ImGui::SetCursorPos(ImVec2(start.x + info_w + 3 * m.gap, start.y));
  } else {
    ImGui::Dummy(ImVec2(1, m.gap));
    ImGui::SetCursorPosX(start.x + std::max(0.0f, (avail_w - pad_w) * 0.5f));
  }
  ImGui::BeginGroup();
  keypad(ui, key_w, key_h);
  ImGui::EndGroup();
}

// One column of sections, each a heading and a two-column table (label: value). Returns the y
// (window-local) where it ended.
float draw_sections(Ui& ui, const std::vector<StaffSection>& secs, std::size_t from, std::size_t to, float x0,
                    float y0, float width) {
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  const float label_w = std::min(width * 0.36f, 420 * m.scale);
  const float value_w = width - label_w - m.gap;
  ImGui::SetCursorPos(ImVec2(x0, y0));
  for (std::size_t i = from; i < to; ++i) {
    const StaffSection& sec = secs[i];
    ImGui::SetCursorPosX(x0);
    // Screen x of this column, taken before drawing: after a text item ImGui puts the cursor back
    // at the group's left edge, which is the left column's.
    const float sx = ImGui::GetCursorScreenPos().x;
    wrapped_text(ui.fonts->heading, t.text, sec.title);
    const float ly = ImGui::GetCursorScreenPos().y - m.gap * 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(sx, ly), ImVec2(sx + width, ly), t.border, 2 * m.scale);
    for (const StaffRow& row : sec.rows) {
      const float ry = ImGui::GetCursorPosY();
      ImGui::SetCursorPosX(x0);
      wrapped_text(ui.fonts->bold, t.text_muted, row.label, label_w - m.gap);
      const float y_label = ImGui::GetCursorPosY();
      ImGui::SetCursorPos(ImVec2(x0 + label_w + m.gap, ry));
      // A warning has an icon as well as a colour: never information by colour alone.
      const std::string value = row.warn ? std::string(icon::warning) + "  " + row.value : row.value;
      wrapped_text(ui.fonts->body, row.warn ? warn_color(t) : t.text, value, value_w);
      const float y_value = ImGui::GetCursorPosY();
      ImGui::SetCursorPos(ImVec2(x0, std::max(y_label, y_value) + m.gap * 0.25f));
    }
    ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
  }
  return ImGui::GetCursorPosY();
}

// The figures: one column on a narrow (portrait) screen; two on a wide one, split where the lines
// are about even, so a technician sees sync and content without scrolling.
void figures_table(Ui& ui, const StaffInfo& s) {
  const Metrics& m = ui.m;
  const std::vector<StaffSection> secs = staff_sections(s, ui.now);
  const float avail_w = ImGui::GetContentRegionAvail().x - m.pad;
  const float x0 = ImGui::GetCursorPosX();
  const float y0 = ImGui::GetCursorPosY() + m.gap * 0.5f;
  if (avail_w < 1200 * m.scale) {
    draw_sections(ui, secs, 0, secs.size(), x0, y0, avail_w);
  } else {
    std::vector<int> lines;
    int total = 0;
    for (const auto& sec : secs) {
      int n = 2;  // the heading
      for (const auto& r : sec.rows) n += 1 + int(std::count(r.value.begin(), r.value.end(), '\n'));
      lines.push_back(n);
      total += n;
    }
    std::size_t split = 0;
    for (int acc = 0; split < secs.size() && acc * 2 < total; ++split) acc += lines[split];
    const float col_w = (avail_w - 3 * m.gap) * 0.5f;
    const float left_end = draw_sections(ui, secs, 0, split, x0, y0, col_w);
    const float right_end = draw_sections(ui, secs, split, secs.size(), x0 + col_w + 3 * m.gap, y0, col_w);
    ImGui::SetCursorPos(ImVec2(x0, std::max(left_end, right_end)));
  }
  ImGui::Dummy(ImVec2(1, 1));
}

void draw_unlocked(Ui& ui) {
  const Metrics& m = ui.m;
  static const StaffInfo kEmpty{};
  const StaffInfo& s = ui.staff ? *ui.staff : kEmpty;

  heading(ui, "Quản trị kiosk" + (s.kiosk_id.empty() ? std::string() : " — " + s.kiosk_id));

  struct Action {
    const char* id;
    const char* icon;
    std::string label;
    Intent::Type type;
    bool primary;
  };
  // Lock first (the way a technician normally leaves), exit and restart last, apart from it.
  const Action actions[] = {
      {"staff-lock", icon::lock, "Khóa", Intent::Type::staff_lock, true},
      {"staff-sync", icon::refresh, s.sync_busy ? "Đang đồng bộ…" : "Đồng bộ ngay", Intent::Type::sync_now, false},
      {"staff-nettest", icon::wifi, s.net.phase == NetTest::Phase::running ? "Đang kiểm tra…" : "Kiểm tra mạng",
       Intent::Type::network_test, false},
      {"staff-restart", icon::warning, "Khởi động lại", Intent::Type::restart_app, false},
      {"staff-exit", icon::times, "Thoát ứng dụng", Intent::Type::exit_app, false},
  };
  const float avail_w = ImGui::GetContentRegionAvail().x - m.pad;
  const int cols = avail_w >= 1200 * m.scale ? 5 : 2;
  const float bw = (avail_w - m.gap * float(cols - 1)) / float(cols);
  float bh = std::max(96 * m.scale, m.target);
  for (const Action& a : actions)  // words that wrap under their icon make every button taller
    bh = std::max(bh, touch_button_label_size(ui, a.icon, a.label.c_str(), bw).y + 24 * m.scale);
  const float x0 = ImGui::GetCursorPosX();
  int i = 0;
  for (const Action& a : actions) {
    if (i % cols) {
      ImGui::SameLine(0, m.gap);
    } else {
      ImGui::SetCursorPosX(x0);
    }
    // High contrast draws a primary button black on black without a border: keep it outlined.
    if (touch_button(ui, a.id, a.icon, a.label.c_str(), ImVec2(bw, bh), a.primary && !ui.theme.high_contrast))
      ui.emit(make_intent(a.type));
    ++i;
  }
  if (!ui.staff) {
    wrapped_text(ui.fonts->body, ui.theme.text_muted, "Đang đọc số liệu…");
    return;
  }
  figures_table(ui, s);
}

}  // namespace

void screen_staff(Ui& ui, const Route&) {
  if (ui.session->staff_unlocked) {
    draw_unlocked(ui);
  } else {
    draw_locked(ui);
  }
}

}  // namespace tramtin
