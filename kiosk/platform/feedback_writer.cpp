// The feedback writer thread (see feedback_writer.h). Layer: tramtin.
#include "kiosk/platform/feedback_writer.h"

#include <memory>

#include "content/base/log.h"
#include "content/store/cache.h"

namespace tramtin {

FeedbackWriter::~FeedbackWriter() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void FeedbackWriter::submit(std::string item_id, int score, std::string reason_key, std::int64_t at) {
  {
    std::lock_guard lk(mu_);
    queue_.push_back({std::move(item_id), score, std::move(reason_key), at});
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });  // started on first use
  }
  cv_.notify_one();
}

int FeedbackWriter::stored() const {
  std::lock_guard lk(mu_);
  return stored_;
}

void FeedbackWriter::run() {
  std::unique_ptr<Cache> cache;  // opened on the first answer, kept for the next ones
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    Answer a = std::move(queue_.front());
    queue_.pop_front();
    lk.unlock();
    Status st;
    if (!cache) {
      auto w = Cache::open(database_, Cache::Mode::writer);
      if (w) cache = std::move(*w);
      else st = w.status();
    }
    if (cache) st = cache->insert_feedback(a.item_id, a.score, a.reason_key, a.at);
    if (!st) log::warn("feedback", "not stored: " + st.message);
    lk.lock();
    if (st) ++stored_;
  }
}

}  // namespace tramtin
