// Human formatting of quantities. Layer: tramtin_content, content/base/.
#include "content/base/format.h"

#include <cstdio>

namespace tramtin {

std::string format_bytes(std::uint64_t n, char decimal_point) {
  static const char* const units[] = {"B", "KB", "MB", "GB", "TB"};
  if (n < 1024) return std::to_string(n) + " B";
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (v < 10)
    std::snprintf(buf, sizeof buf, "%.1f", v);
  else
    std::snprintf(buf, sizeof buf, "%.0f", v);
  std::string out = buf;
  for (char& c : out)
    if (c == '.') c = decimal_point;
  return out + " " + units[u];
}

}  // namespace tramtin
