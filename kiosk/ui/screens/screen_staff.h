// The staff screen: the PIN keypad while locked, the kiosk's figures and its maintenance buttons
// once unlocked. Layer: tramtin (ImGui). Registered in registry.cpp for ScreenId::staff.
//
// It reads Ui::session (staff_pin, staff_unlocked), Ui::staff (kiosk/core/staff_info.h; the lock
// state is read even while locked) and the keypad rules (PinKeypad, kiosk/core/staff_lock.h; the
// keys' names), and only emits intents: staff_digit, staff_submit, staff_lock,
// sync_now, network_test, exit_app, restart_app. Stable ids: "staff-key-0".."staff-key-9",
// "staff-key-clear", "staff-key-back", "staff-ok", "staff-sync", "staff-nettest", "staff-lock",
// "staff-exit", "staff-restart".
#pragma once

#include "kiosk/core/session.h"
#include "kiosk/ui/ui.h"

namespace tramtin {

void screen_staff(Ui& ui, const Route& route);

}  // namespace tramtin
