// Fatal signal and std::terminate handlers (see crash.h). Layer: tramtin.
//
// Inside a signal handler only async-signal-safe calls are allowed: no malloc, no stdio. The line
// is put together with plain char copies into a static buffer and written with write(2).
#include "kiosk/platform/crash.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <exception>

#include "content/base/log.h"

namespace tramtin::crash {
namespace {

std::atomic<const char*> g_screen{"starting"};
char g_prefix[64] = "tramtin[ERROR] crash: ";  // the journal priority is added at install()

void append(char* buf, std::size_t cap, std::size_t* len, const char* s) {
  while (*s && *len + 1 < cap) buf[(*len)++] = *s++;
}

void say(const char* what) {
  char buf[256];
  std::size_t len = 0;
  append(buf, sizeof buf, &len, g_prefix);
  append(buf, sizeof buf, &len, what);
  append(buf, sizeof buf, &len, " on screen ");
  append(buf, sizeof buf, &len, g_screen.load());
  append(buf, sizeof buf, &len, "\n");
  ssize_t ignored = ::write(2, buf, len);
  (void)ignored;
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "signal SIGSEGV (bad memory access)";
    case SIGABRT: return "signal SIGABRT (abort, e.g. a failed assertion)";
    case SIGBUS: return "signal SIGBUS";
    case SIGFPE: return "signal SIGFPE";
    case SIGILL: return "signal SIGILL";
  }
  return "fatal signal";
}

extern "C" void on_fatal_signal(int sig) {
  say(signal_name(sig));
  std::signal(sig, SIG_DFL);  // die as the signal would have: systemd sees the real cause
  std::raise(sig);
}

void on_terminate() {
  say("std::terminate (an exception nobody caught)");
  std::signal(SIGABRT, SIG_DFL);
  std::abort();
}

}  // namespace

void install() {
  // Build the prefix once, outside any handler, the way log lines look (priority included).
  const std::string p = log::format_line(log::Level::error, "crash", "");
  std::strncpy(g_prefix, p.c_str(), sizeof g_prefix - 1);
  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) {
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(sig, &sa, nullptr);
  }
  std::set_terminate(on_terminate);
}

void set_screen(const char* screen_name) { g_screen.store(screen_name ? screen_name : "?"); }

}  // namespace tramtin::crash
