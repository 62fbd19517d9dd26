// The one place screens are registered (ScreenId -> screen function), and the error boundary every
// screen is drawn in (draw_screen). Layer: tramtin (ImGui).
#include "kiosk/ui/screens/screens.h"

#include <cstdarg>
#include <cstdio>
#include <exception>

#include <imgui_internal.h>

#include "content/base/log.h"
#include "kiosk/core/view_model.h"
#include "kiosk/ui/screens/screen_staff.h"

namespace tramtin {

namespace {
void log_recovery(void*, const char* fmt, ...) {
  char buf[256];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  log::warn("screen", std::string("recovered: ") + buf);
}

using ScreenFn = void (*)(Ui&, const Route&);

ScreenFn screen_for(ScreenId id) {
  switch (id) {
    case ScreenId::home: return screen_home;
    case ScreenId::language: return screen_language;
    case ScreenId::procedures: return screen_procedures;
    case ScreenId::procedure_list: return screen_procedure_list;
    case ScreenId::procedure: return screen_procedure;
    case ScreenId::news: return screen_news;
    case ScreenId::notices: return screen_notices;
    case ScreenId::article: return screen_article;
    case ScreenId::products: return screen_products;
    case ScreenId::product: return screen_product;
    case ScreenId::search: return screen_search;
    case ScreenId::help: return screen_help;
    case ScreenId::feedback: return screen_feedback;
    case ScreenId::staff: return screen_staff;
    case ScreenId::attract: return screen_home;  // the slideshow is drawn by the app over everything
  }
  return screen_home;
}
}  // namespace

bool item_or_nothing_found(Ui& ui) {
  if (ui.view->item) return true;
  wrapped_text(ui.fonts->heading, ui.theme.text, ui.tr("nothing_found"));
  return false;
}

void draw_screen(Ui& ui, const Route& route) {
  // Error boundary: a screen that throws is logged and the kiosk goes home instead of dying.
  try {
    screen_for(route.screen)(ui, route);
  } catch (const std::exception& e) {
    log::error("screen", std::string(screen_name(route.screen)) + " failed: " + e.what() + "; going home");
    // Close whatever the screen left open (groups, IDs, fonts, tables) so the frame still ends well.
    ImGui::ErrorCheckEndWindowRecover(log_recovery);
    ui.emit(make_intent(Intent::Type::home));
  }
}

}  // namespace tramtin
