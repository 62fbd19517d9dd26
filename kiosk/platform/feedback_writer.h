// Hands the villagers' "was this useful?" answers to the anonymous report queue in the cache, on
// a thread of its own with its own write connection: the UI thread never waits for a write.
// Layer: tramtin (kiosk executable; std threads, the content library's Cache).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace tramtin {

class FeedbackWriter {
 public:
  explicit FeedbackWriter(std::string database) : database_(std::move(database)) {}
  ~FeedbackWriter();  // writes what is queued, then joins
  FeedbackWriter(const FeedbackWriter&) = delete;
  FeedbackWriter& operator=(const FeedbackWriter&) = delete;

  // item_id "" = about the kiosk in general; reason_key is a fixed UI key, never free text.
  void submit(std::string item_id, int score, std::string reason_key, std::int64_t at);
  int stored() const;  // answers written so far (tests, the state dump)

 private:
  struct Answer {
    std::string item_id;
    int score = 0;
    std::string reason_key;
    std::int64_t at = 0;
  };
  void run();

  std::string database_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Answer> queue_;
  bool stop_ = false;
  int stored_ = 0;
  std::thread thread_;
};

}  // namespace tramtin
