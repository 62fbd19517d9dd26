// /proc figures and the frame-time log (see proc_stats.h). Layer: tramtin.
#include "kiosk/platform/proc_stats.h"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>

namespace tramtin {

long ms_since_exec() {
  // Field 22 of /proc/self/stat is the start time in clock ticks since boot (10 ms resolution).
  std::ifstream stat("/proc/self/stat");
  const std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = content.rfind(')');  // the command name may hold spaces and parentheses
  if (close == std::string::npos || close + 2 > content.size()) return -1;
  std::istringstream rest(content.substr(close + 2));
  std::string field;
  unsigned long long start_ticks = 0;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    if (i == 22) start_ticks = std::strtoull(field.c_str(), nullptr, 10);
  timespec ts{};
  clock_gettime(CLOCK_BOOTTIME, &ts);
  const double now_ms = double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
  return long(now_ms - double(start_ticks) * 1000.0 / double(sysconf(_SC_CLK_TCK)));
}

FrameLog::FrameLog() {
  if (const char* p = std::getenv("TRAMTIN_FRAME_LOG"); p && *p) path_ = p;
}

FrameLog::~FrameLog() {
  if (!on() || ms_.empty()) return;
  std::ofstream out(path_);
  for (float ms : ms_) out << ms << "\n";
}

}  // namespace tramtin
