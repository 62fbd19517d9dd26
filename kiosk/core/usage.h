// What villagers do, counted per Vietnam day for the usage report (content/report/REPORTS.md):
// item views and listens per language, checklist ticks, "was this useful?" answers, language
// switches, searches (those that found nothing, and those after which nothing was opened) and
// touches per hour. Counted in memory on the UI thread; take() hands a batch to the report writer
// thread, which adds it to the cache's counters. Nothing personal: no time finer than the hour,
// no session or person ids, and the only typed text kept is a zero-result query already cleaned
// by report::clean_zero_result_query (a name or a number never reaches the cache).
// Layer: tramtin_kiosk_core (no SDL, no ImGui, no SQL).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "content/store/cache.h"
#include "kiosk/core/session.h"

namespace tramtin {

class UsageRecorder {
 public:
  // A query counts as a search once it has stood this long unchanged (or a result was opened).
  static constexpr std::int64_t kQueryStandsSeconds = 2;

  // Before the app applies an intent to `before` (the session as it is): screens opened (the
  // hour; item views in the session's language), language switches, checklist ticks set, a result
  // opened from the search screen.
  void on_intent(const Intent& in, const Session& before, UnixTime now);
  // Between frames: the search screen's query and how many results it has now.
  void observe_search(const Session& s, std::size_t hits, UnixTime now);
  // A finished "was this useful?" answer (item "" = the kiosk in general).
  void feedback(const std::string& item, int score, const std::string& reason, UnixTime now);
  // Read-aloud started for an item in a language (the listen button calls the app, which calls this).
  void listen(const std::string& item, const std::string& lang, UnixTime now);
  // The idle reset: the visit is over (an open search ends; abandoned if it had results).
  void session_reset(UnixTime now);

  bool pending() const { return !counts_.empty(); }
  std::vector<UsageCount> take();                    // the batch so far, cleared

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  void add(UnixTime now, const char* kind, std::string item = {}, std::string lang = {}, std::string key = {});
  void commit_query(UnixTime now);                   // the current query counts as one search
  void end_search(UnixTime now);

  std::map<Key, std::int64_t> counts_;
  // The search in progress: its text, results, since when it stands, whether counted.
  std::string query_;
  std::size_t hits_ = 0;
  UnixTime query_since_ = 0;
  bool query_counted_ = true;
  bool had_results_ = false;                          // a counted query of this visit found something
  bool opened_ = false;                               // a result was opened in this visit
  bool in_search_ = false;
};

}  // namespace tramtin
