// The screens: one function per screen (kiosk/ui/screens/screen_*.cpp), all registered in
// registry.cpp (draw_screen), plus the pieces several screens share and the keyboard and slideshow
// the app draws. A screen draws the state it is given and emits intents; it does no I/O.
// Layer: tramtin (ImGui).
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "content/base/time.h"  // format_date, vietnam_tm (Vietnam time, written once)
#include "content/model/model.h"
#include "kiosk/core/session.h"
#include "kiosk/ui/ui.h"

namespace tramtin {

void draw_screen(Ui& ui, const Route& route);   // dispatches to the screen, inside an error boundary

void screen_home(Ui& ui, const Route& route);
void screen_language(Ui& ui, const Route& route);
void screen_procedures(Ui& ui, const Route& route);
void screen_procedure_list(Ui& ui, const Route& route);
void screen_procedure(Ui& ui, const Route& route);
void screen_news(Ui& ui, const Route& route);
void screen_notices(Ui& ui, const Route& route);
void screen_article(Ui& ui, const Route& route);
void screen_products(Ui& ui, const Route& route);
void screen_product(Ui& ui, const Route& route);
void screen_search(Ui& ui, const Route& route);
void screen_help(Ui& ui, const Route& route);
void screen_feedback(Ui& ui, const Route& route);

// Shared pieces.
void search_button(Ui& ui, float width, float height);  // the big "search" field: opens search, keyboard up
void draw_feedback_prompt(Ui& ui, const std::string& item_id, float width);   // faces under an item
std::string format_price(std::int64_t dong);                                  // "150.000 ₫"
const char* ocop_group_key(int group);                                        // UI string key
ScreenId screen_for_kind(Kind k);
// Detail screens: false (after saying "nothing found") when the item is gone or not live yet.
bool item_or_nothing_found(Ui& ui);

// The on-screen keyboard, drawn by the app at the bottom of the content area.
float keyboard_height(const Ui& ui);
void draw_keyboard(Ui& ui, ImVec2 origin, float width);

// The maintenance screen over the whole screen (after a crash loop, or tramtin --maintenance).
// A QR code of `text` at `pos` (side x side), or a frame while it is being made; a tap shows it large.
void qr_code(Ui& ui, const char* id, const std::string& text, ImVec2 pos, float side);
// The enlarged QR code over the whole screen (Session::qr_zoom); a tap anywhere closes it.
void draw_qr_zoom(Ui& ui, ImVec2 size, const std::string& text);
void draw_maintenance(Ui& ui, ImVec2 size, const std::string& place, const std::string& contact);

// The attract slideshow over the whole screen; returns seconds until it needs the next frame.
// Which slide the slideshow shows after `seconds` (the urgent notice a touch opens).
std::size_t attract_slide(double seconds);
double draw_attract(Ui& ui, ImVec2 size, double seconds, const std::vector<std::string>& touch_texts);

}  // namespace tramtin
