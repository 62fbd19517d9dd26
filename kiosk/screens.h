// The screen registry: one function per screen (screen_*.cpp), all listed in screens.cpp.
// A screen draws the state it is given and emits intents; it does no I/O. Layer: tramtin (ImGui).
#pragma once

#include "kiosk/core/session.h"
#include "kiosk/ui.h"

namespace tramtin {

void draw_screen(Ui& ui, const Route& route);   // dispatches to the screen, inside an error boundary

void screen_home(Ui& ui, const Route& route);
void screen_language(Ui& ui, const Route& route);
void screen_placeholder(Ui& ui, const Route& route);

}  // namespace tramtin
