// Hands batches of usage counts (views, ticks, "was this useful?" answers, searches…: see
// kiosk/core/usage.h) to the cache's report counters, on a thread of its own with its own write
// connection: the UI thread never waits for SQLite. Layer: tramtin (kiosk executable; std
// threads, the content library's Cache).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "content/store/cache.h"

namespace tramtin {

class ReportWriter {
 public:
  explicit ReportWriter(std::string database) : database_(std::move(database)) {}
  ~ReportWriter();  // writes what is queued, then joins
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;

  void submit(std::vector<UsageCount> batch);
  // Waits (up to timeout_s) until every submitted batch was written or refused (scenario replay:
  // the counts must be in the cache before it asks the worker for a sync). True when idle.
  bool drain(double timeout_s);
  int stored() const;  // batches written so far (tests, the state dump)

 private:
  void run();

  std::string database_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<std::vector<UsageCount>> queue_;
  bool busy_ = false;
  bool stop_ = false;
  int stored_ = 0;
  std::thread thread_;
};

}  // namespace tramtin
