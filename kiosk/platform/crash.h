// The last word of a dying kiosk: on a fatal signal (SIGSEGV, SIGABRT from a failed ImGui assert,
// SIGBUS, SIGFPE, SIGILL) or std::terminate, one log line naming the signal and the screen the
// kiosk was on goes to stderr (the journal), then the process dies as it would have, so systemd
// restarts it. Layer: tramtin (POSIX signals).
#pragma once

namespace tramtin::crash {

void install();                            // once, at start
void set_screen(const char* screen_name);  // each frame; a string literal (screen_name())

}  // namespace tramtin::crash
