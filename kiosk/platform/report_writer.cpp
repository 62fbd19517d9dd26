// The report writer thread (see report_writer.h). Layer: tramtin.
#include "kiosk/platform/report_writer.h"

#include <chrono>
#include <memory>

#include "content/base/log.h"

namespace tramtin {

ReportWriter::~ReportWriter() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ReportWriter::submit(std::vector<UsageCount> batch) {
  if (batch.empty()) return;
  {
    std::lock_guard lk(mu_);
    queue_.push_back(std::move(batch));
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });  // started on first use
  }
  cv_.notify_one();
}

bool ReportWriter::drain(double timeout_s) {
  std::unique_lock lk(mu_);
  return idle_cv_.wait_for(lk, std::chrono::duration<double>(timeout_s), [&] { return queue_.empty() && !busy_; });
}

int ReportWriter::stored() const {
  std::lock_guard lk(mu_);
  return stored_;
}

void ReportWriter::run() {
  std::unique_ptr<Cache> cache;  // opened on the first batch, kept for the next ones
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::vector<UsageCount> batch = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lk.unlock();
    Status st;
    if (!cache) {
      auto w = Cache::open(database_, Cache::Mode::writer);
      if (w) cache = std::move(*w);
      else st = w.status();
    }
    if (cache) st = cache->add_usage(batch);
    if (!st) log::warn("reports", "usage counts not stored: " + st.message);
    lk.lock();
    busy_ = false;
    if (st) ++stored_;
    if (queue_.empty()) idle_cv_.notify_all();
  }
}

}  // namespace tramtin
