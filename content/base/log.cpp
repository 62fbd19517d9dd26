// Log lines to stderr with a level. Layer: tramtin_content.
#include "content/base/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include <sys/stat.h>

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
std::string g_program = "tramtin";

// systemd sets JOURNAL_STREAM=<device>:<inode> of the stream it connected; it only counts when
// stderr is still that stream (a shell redirect in between means it is not the journal).
bool stderr_is_journal() {
  const char* env = std::getenv("JOURNAL_STREAM");
  if (!env || !*env) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(env, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (fstat(2, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev && static_cast<unsigned long long>(st.st_ino) == ino;
}

const bool g_journal = stderr_is_journal();

int priority(Level lv) {  // sd-daemon.h: LOG_DEBUG 7, LOG_INFO 6, LOG_WARNING 4, LOG_ERR 3
  switch (lv) {
    case Level::debug: return 7;
    case Level::info: return 6;
    case Level::warn: return 4;
    case Level::error: return 3;
  }
  return 6;
}

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

void set_program(std::string_view program) {
  std::lock_guard lock(g_mutex);
  g_program = program;
}

bool to_journal() { return g_journal; }

std::string format_line(Level lv, std::string_view component, std::string_view message) {
  std::string line;
  if (g_journal) {
    line += '<';
    line += char('0' + priority(lv));
    line += '>';
  }
  {
    std::lock_guard lock(g_mutex);
    line += g_program;
  }
  line += '[';
  line += name(lv);
  line += "] ";
  line += component;
  line += ": ";
  line += message;
  return line;
}

namespace {
std::atomic<unsigned long long> g_warnings{0}, g_errors{0};
}  // namespace

Counts counts() { return {g_warnings.load(), g_errors.load()}; }

void write(Level lv, std::string_view component, std::string_view message) {
  if (lv == Level::warn) ++g_warnings;
  if (lv == Level::error) ++g_errors;
  if (lv < g_level.load()) return;
  std::string line = format_line(lv, component, message);
  line += '\n';
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace tramtin::log
