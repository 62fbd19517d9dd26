// A fleet of 2 000 (issue 16, item 6; a program, not a test): simulated kiosks, each the real sync
// path over libcurl with its own cache and jittered schedule on a compressed clock, against one
// nginx on 127.0.0.1 serving a bundle that changes. Prints requests per second, bytes served, how
// evenly the jitter spreads the polls, and how long until 99 % of the kiosks hold each new version
// (goal: within one poll interval). Layer: tests/bench (tests/bench/fleet_sim.h does the work).
//
//   bench_fleet [--kiosks 2000] [--threads 8] [--interval-seconds 20] [--jitter 20] [--versions 3] [--items 40]
//
// The interval is the kiosk's 15-minute poll compressed (20 s: 45x); the jitter is [sync] jitter_percent.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "tests/bench/fleet_sim.h"

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  tramtin::fleetsim::Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::printf("usage: bench_fleet [--kiosks N] [--threads N] [--interval-seconds S] [--jitter PCT] [--versions N] "
                  "[--items N]\n");
      return 0;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "bench_fleet: %s needs a value\n", a.c_str());
      return 2;
    }
    const int v = std::atoi(argv[++i]);
    if (a == "--kiosks") o.kiosks = v;
    else if (a == "--threads") o.threads = v;
    else if (a == "--interval-seconds") o.interval = std::chrono::milliseconds(v * 1000);
    else if (a == "--jitter") o.jitter_percent = v;
    else if (a == "--versions") o.versions = v;
    else if (a == "--items") o.items = v;
    else {
      std::fprintf(stderr, "bench_fleet: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.kiosks < 1 || o.threads < 1 || o.interval.count() < 1000 || o.jitter_percent < 0 || o.jitter_percent > 100 ||
      o.items < 1 || o.versions < 0) {
    std::fprintf(stderr, "bench_fleet: an option is out of range (see --help)\n");
    return 2;
  }
  std::printf("bench_fleet: %d kiosks, %d sync threads, interval %lld s, jitter -%d %%, %d items, %d new versions\n",
              o.kiosks, o.threads, static_cast<long long>(o.interval.count() / 1000), o.jitter_percent, o.items,
              o.versions);
  // Our own folder, removed after the figures are printed (2 000 caches take a while to delete).
  o.work_dir = (std::filesystem::temp_directory_path() / ("tramtin-bench-fleet-" + std::to_string(::getpid()))).string();
  const auto f = tramtin::fleetsim::run_fleet(o);
  tramtin::fleetsim::print_figures(f);
  std::fflush(stdout);
  std::error_code ec;
  std::filesystem::remove_all(o.work_dir, ec);
  return f.error.empty() ? 0 : 1;
}
