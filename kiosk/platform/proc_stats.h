// Process figures the kiosk logs about itself: how long after exec the first frame appeared, and
// (TRAMTIN_FRAME_LOG=FILE) every frame's time for the frame-time benchmark. Layer: tramtin (Linux /proc).
#pragma once

#include <string>
#include <vector>

namespace tramtin {

long ms_since_exec();  // milliseconds since the kernel started this process, -1 when unknown

class FrameLog {
 public:
  FrameLog();                       // on when TRAMTIN_FRAME_LOG names a file
  ~FrameLog();                      // writes the file
  bool on() const { return !path_.empty(); }
  void add(float ms) { if (on()) ms_.push_back(ms); }

 private:
  std::string path_;
  std::vector<float> ms_;
};

}  // namespace tramtin
