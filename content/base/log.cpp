// Log lines to stderr with a level. Layer: tramtin_content.
#include "content/base/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace tramtin::log {
namespace {

Level initial_level() {
  const char* env = std::getenv("TRAMTIN_LOG");
  if (!env) return Level::info;
  if (!std::strcmp(env, "debug")) return Level::debug;
  if (!std::strcmp(env, "warn")) return Level::warn;
  if (!std::strcmp(env, "error")) return Level::error;
  return Level::info;
}

std::atomic<Level> g_level{initial_level()};
std::mutex g_mutex;

const char* name(Level lv) {
  switch (lv) {
    case Level::debug: return "DEBUG";
    case Level::info: return "INFO";
    case Level::warn: return "WARN";
    case Level::error: return "ERROR";
  }
  return "?";
}

}  // namespace

void set_level(Level min) { g_level = min; }
Level level() { return g_level; }

void write(Level lv, std::string_view component, std::string_view message) {
  if (lv < g_level.load()) return;
  std::string line = "tramtin[";
  line += name(lv);
  line += "] ";
  line += component;
  line += ": ";
  line += message;
  line += '\n';
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace tramtin::log
