// Log lines with a level, to stderr (journald collects them on a kiosk). Layer: tramtin_content.
// Thread-safe; one line per call: "tramtin[LEVEL] component: message". When stderr is the
// journal (JOURNAL_STREAM names it), each line starts with its sd-daemon priority ("<4>" for a
// warning), so journald files warnings and errors as such.
#pragma once

#include <string>
#include <string_view>

namespace tramtin::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(Level min);            // default info; TRAMTIN_LOG=debug|info|warn|error overrides
void set_program(std::string_view name);  // "tramtin" (default) or "tramtin-publish"
bool to_journal();                    // stderr is the journal: lines carry a priority prefix
// The line as written (without the newline): tests and the crash handler use it.
std::string format_line(Level lv, std::string_view component, std::string_view message);
Level level();
void write(Level lv, std::string_view component, std::string_view message);
// Warnings and errors logged by this process since it started (the report heartbeat).
struct Counts {
  unsigned long long warnings = 0;
  unsigned long long errors = 0;
};
Counts counts();

inline void debug(std::string_view c, std::string_view m) { write(Level::debug, c, m); }
inline void info(std::string_view c, std::string_view m) { write(Level::info, c, m); }
inline void warn(std::string_view c, std::string_view m) { write(Level::warn, c, m); }
inline void error(std::string_view c, std::string_view m) { write(Level::error, c, m); }

}  // namespace tramtin::log
