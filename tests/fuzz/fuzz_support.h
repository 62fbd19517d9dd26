// Shared by the libFuzzer targets (tests/fuzz/fuzz_*.cpp, built with TRAMTIN_FUZZ=ON): a scratch
// folder per process, writing a file, and `expect`, which stops the run on a broken invariant so
// libFuzzer saves the input. Layer: tests (header only; never part of tramtin_tests).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace tramtin::fuzz {

// A folder that lives as long as the process (in /dev/shm when there is one: the item and fleet
// readers work on files, and a RAM disk keeps them fast).
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    auto d = base / ("tramtin-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch(), ec);
    });
    return d;
  }();
  return dir;
}

inline void write_file(const std::filesystem::path& p, std::string_view bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A broken invariant: say which and abort (libFuzzer keeps the input as a crash).
#define FUZZ_EXPECT(cond)                                                                  \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

// Splits `data` at the first `sep` (the second part empty when there is none).
inline std::pair<std::string_view, std::string_view> split(std::string_view data, std::string_view sep) {
  auto at = data.find(sep);
  if (at == std::string_view::npos) return {data, {}};
  return {data.substr(0, at), data.substr(at + sep.size())};
}

}  // namespace tramtin::fuzz
