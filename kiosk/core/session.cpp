// Navigation and session state transitions. Layer: tramtin_kiosk_core.
#include "kiosk/core/session.h"

#include <array>
#include <string_view>

#include "kiosk/core/staff_lock.h"

namespace tramtin {
namespace {
constexpr std::array<const char*, 15> kScreenNames = {
    "home", "procedures", "procedure_list", "procedure", "search", "news", "article",
    "notices", "products", "product", "help", "feedback", "staff", "attract", "language"};
}

const char* screen_name(ScreenId s) { return kScreenNames[static_cast<std::size_t>(s)]; }

bool screen_from_name(std::string_view name, ScreenId* out) {
  for (std::size_t i = 0; i < kScreenNames.size(); ++i) {
    if (name == kScreenNames[i]) {
      *out = static_cast<ScreenId>(i);
      return true;
    }
  }
  return false;
}

float text_size_factor(TextSize t) {
  switch (t) {
    case TextSize::small: return 0.85f;
    case TextSize::normal: return 1.0f;
    case TextSize::large: return 1.5f;
    case TextSize::larger: return 1.8f;
  }
  return 1.0f;
}

const char* text_size_name(TextSize t) {
  switch (t) {
    case TextSize::small: return "A-";
    case TextSize::normal: return "A";
    case TextSize::large: return "A+";
    case TextSize::larger: return "A++";
  }
  return "A";
}

void apply_intent(Session& s, const Intent& in) {
  // Any way of leaving the screen closes an enlarged QR code.
  if (in.type == Intent::Type::open || in.type == Intent::Type::replace || in.type == Intent::Type::back ||
      in.type == Intent::Type::home || in.type == Intent::Type::set_language)
    s.qr_zoom.clear();
  switch (in.type) {
    case Intent::Type::open:
      if (s.current() != in.route) s.stack.push_back(Route{in.route.screen, in.route.arg});  // from the top
      break;
    case Intent::Type::replace:
      s.stack.back() = Route{in.route.screen, in.route.arg};
      break;
    case Intent::Type::back:
      if (s.stack.size() > 1) s.stack.pop_back();
      break;
    case Intent::Type::home:
      s.stack.assign(1, Route{});
      s.keyboard_visible = false;
      s.feedback_score = 0;
      s.feedback_reason.clear();
      break;
    case Intent::Type::set_language:
      s.language = in.arg;
      break;
    case Intent::Type::set_text_size:
      if (in.number >= 0 && in.number <= 3) s.text_size = static_cast<TextSize>(in.number);
      break;
    case Intent::Type::toggle_contrast:
      s.high_contrast = !s.high_contrast;
      break;
    case Intent::Type::set_search_text:
      s.composer.set_text(in.arg);
      s.search_text = s.composer.text();
      break;
    case Intent::Type::key_press:
      s.composer.press(in.arg);
      s.search_text = s.composer.text();
      break;
    case Intent::Type::set_input_mode: {
      InputMode m;
      if (input_mode_from_name(in.arg, &m)) s.composer.set_mode(m);
      break;
    }
    case Intent::Type::feedback_score:
      s.feedback_item = in.arg;
      s.feedback_score = in.number;
      s.feedback_reason.clear();
      break;
    case Intent::Type::feedback_reason:
      if (s.feedback_score > 0) {
        s.feedback_reason = in.arg;
        ++s.feedback_serial;
      }
      break;
    case Intent::Type::staff_digit:
      PinKeypad::press(s.staff_pin, in.arg);
      break;
    case Intent::Type::staff_lock:
      s.staff_unlocked = false;
      s.staff_pin.clear();
      if (s.current().screen == ScreenId::staff) s.stack.assign(1, Route{});
      break;
    case Intent::Type::staff_submit:   // verified by the app (it owns the lock and the clock)
    case Intent::Type::sync_now:
    case Intent::Type::network_test:
    case Intent::Type::exit_app:
    case Intent::Type::restart_app:
    case Intent::Type::listen:         // played by the app (it owns the audio)
    case Intent::Type::stop_listening:
      break;
    case Intent::Type::show_keyboard:
      s.keyboard_visible = in.number != 0;
      break;
    case Intent::Type::zoom_qr:
      s.qr_zoom = in.arg;
      break;
    case Intent::Type::toggle_tick:
      if (!s.ticked.erase(in.arg)) s.ticked.insert(in.arg);
      break;
    case Intent::Type::jump_to_section:
      s.current().jump_to = in.arg;
      break;
  }
}

void reset_session(Session& s, const SessionDefaults& d) {
  s.stack.assign(1, Route{});
  s.language = d.language;
  s.text_size = d.text_size;
  s.high_contrast = d.high_contrast;
  s.search_text.clear();
  s.composer.clear();
  s.composer.set_mode(InputMode::direct);
  s.keyboard_visible = false;
  s.qr_zoom.clear();
  s.feedback_reason.clear();
  s.ticked.clear();
  s.feedback_item.clear();
  s.feedback_score = 0;
  s.staff_pin.clear();
  s.staff_unlocked = false;
}

}  // namespace tramtin
