// The kiosk's UI state and the intents screens emit, applied between frames. Pure logic: no SDL,
// no ImGui. Layer: tramtin_kiosk_core.
//
// Screens read a Session and push Intents ("open item X", "go back", "language en"); the app
// applies them with apply_intent() after the frame, so no screen changes state mid-frame.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/vn_compose.h"

namespace tramtin {

enum class ScreenId {
  home, procedures, procedure_list, procedure, search, news, article, notices, products, product,
  help, feedback, staff, attract, language
};
const char* screen_name(ScreenId s);                 // "home", "procedure", ... (scenario files use these)
bool screen_from_name(std::string_view name, ScreenId* out);

// One screen on the navigation stack. The route owns where its content is scrolled to, so a
// newly opened screen starts at the top and Back returns to a list where it was left.
struct Route {
  ScreenId screen = ScreenId::home;
  std::string arg;                                   // field key, item id, OCOP group …
  float scroll_y = 0;                                // content scroll (pixels), owned by this route
  std::string jump_to;                               // a section the screen should scroll to next frame

  Route() = default;
  Route(ScreenId s, std::string a) : screen(s), arg(std::move(a)) {}
  // Two routes are the same place when screen and argument match; scroll is where you are in it.
  bool operator==(const Route& o) const { return screen == o.screen && arg == o.arg; }
};

enum class TextSize { small = 0, normal = 1, large = 2, larger = 3 };  // A-, A, A+, A++
float text_size_factor(TextSize t);                  // 0.85, 1.0, 1.5, 1.8 (the header offers all four)
const char* text_size_name(TextSize t);              // "A-", "A", "A+", "A++"

struct SessionDefaults {
  std::string language = "vi";
  TextSize text_size = TextSize::normal;
  bool high_contrast = false;
};

struct Session {
  std::vector<Route> stack{Route{}};                 // never empty; back() is the current screen
  std::string language = "vi";
  TextSize text_size = TextSize::normal;
  bool high_contrast = false;
  std::string search_text;                           // what the villager typed (cleared on idle)
  Composer composer;                                 // the on-screen keyboard's composition state
  bool keyboard_visible = false;
  std::string qr_zoom;                               // a QR code shown large over the screen ("" = none)
  std::set<std::string> ticked;                      // document checklist ticks "item/case/doc"
  std::string feedback_item;                         // item the feedback panel is about
  int feedback_score = 0;                            // 0 = not answered yet
  std::string feedback_reason;                       // set once the reason is chosen (then: thank you)
  int feedback_serial = 0;                           // bumps on each completed answer (the app stores it)
  std::string staff_pin;                             // digits typed on the staff keypad
  bool staff_unlocked = false;

  const Route& current() const { return stack.back(); }
  Route& current() { return stack.back(); }
};

struct Intent {
  enum class Type {
    open,            // push Route{screen, arg}
    replace,         // replace the current route
    back,            // pop (never below home)
    home,            // clear to home
    set_language,    // arg = BCP 47 tag
    set_text_size,   // number = TextSize
    toggle_contrast,
    set_search_text, // arg = text
    show_keyboard,   // number = 0/1
    toggle_tick,     // arg = tick key
    jump_to_section, // arg = section key ("what_to_bring"): the current route scrolls there
    key_press,       // arg = on-screen keyboard key (a letter, or a vn_compose key:: name)
    set_input_mode,  // arg = "direct" | "telex" | "vni"
    feedback_score,  // arg = item id ("" = the kiosk in general), number = 1..5
    feedback_reason, // arg = reason key; stores the answer
    staff_digit,     // arg = "0".."9", "clear", "back" on the PIN keypad
    staff_submit,    // check the PIN typed so far (the app verifies it; see StaffLock)
    staff_lock,      // leave the staff screen
    sync_now,        // side effects, carried out by the app:
    network_test,
    exit_app,
    restart_app,
    listen,          // read aloud: arg = item id, or "tile:<key>" for a home tile (also replay)
    stop_listening,  // stop reading aloud
    zoom_qr,         // arg = the QR code's text, shown large over the screen; "" = close
  };
  Type type = Type::home;
  Route route;
  std::string arg;
  int number = 0;
};

// An intent with an argument (no route): keeps call sites short and every member initialised.
inline Intent make_intent(Intent::Type type, std::string arg = {}, int number = 0) {
  Intent in;
  in.type = type;
  in.arg = std::move(arg);
  in.number = number;
  return in;
}

inline Intent make_intent(Intent::Type type, Route route) {
  Intent in;
  in.type = type;
  in.route = std::move(route);
  return in;
}

void apply_intent(Session& s, const Intent& in);
// Idle: back home, defaults restored, typed text and ticks cleared, staff locked again.
void reset_session(Session& s, const SessionDefaults& d);

}  // namespace tramtin
