// The one place screens are registered. Layer: tramtin (ImGui).
#include "kiosk/screens.h"

#include <exception>

#include "content/log.h"

namespace tramtin {

namespace {
using ScreenFn = void (*)(Ui&, const Route&);

ScreenFn screen_for(ScreenId id) {
  switch (id) {
    case ScreenId::home: return screen_home;
    case ScreenId::language: return screen_language;
    default: return screen_placeholder;
  }
}
}  // namespace

void draw_screen(Ui& ui, const Route& route) {
  // Error boundary: a screen that throws is logged and the kiosk goes home instead of dying.
  try {
    screen_for(route.screen)(ui, route);
  } catch (const std::exception& e) {
    log::error("screen", std::string(screen_name(route.screen)) + " failed: " + e.what() + "; going home");
    ui.emit(Intent{Intent::Type::home, {}, {}, 0});
  }
}

}  // namespace tramtin
