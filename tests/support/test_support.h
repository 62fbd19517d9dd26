// Helpers shared by the tests: temporary folders, running a program and capturing its output.
#pragma once

#include <filesystem>
#include <string>

namespace tramtin::test {

// A fresh folder under the system temp dir, removed (with everything in it) at scope exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str(const std::string& child = {}) const { return (path_ / child).string(); }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& p, const std::string& content);
std::string read_file(const std::filesystem::path& p);

struct RunResult {
  int status = -1;          // exit status, or 128+signal
  std::string out;          // stdout
  std::string err;          // stderr
};
// Runs a shell command line with extra environment assignments prefixed (e.g. "SDL_VIDEODRIVER=dummy").
RunResult run(const std::string& command_line);

}  // namespace tramtin::test
