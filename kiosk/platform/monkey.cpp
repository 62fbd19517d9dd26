// The monkey and the soak (monkey.h). Layer: tramtin.
#include "kiosk/platform/monkey.h"

#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#if defined(__SANITIZE_ADDRESS__)
#define TRAMTIN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRAMTIN_ASAN 1
#endif
#endif

namespace tramtin {
namespace {

namespace fs = std::filesystem;

#ifdef TRAMTIN_ASAN
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif

std::int64_t tree_bytes(const fs::path& p) {
  std::error_code ec;
  std::int64_t n = 0;
  if (!fs::exists(p, ec)) return 0;
  for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) n += static_cast<std::int64_t>(it->file_size(ec));
  return n;
}

std::int64_t file_bytes(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

bool parse_seconds(const std::string& s, double* out) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  std::string unit = end ? end : "";
  if (end == s.c_str() || v < 0) return false;
  if (unit.empty() || unit == "s") *out = v;
  else if (unit == "ms") *out = v / 1000;
  else if (unit == "m" || unit == "min") *out = v * 60;
  else if (unit == "h") *out = v * 3600;
  else return false;
  return true;
}

// key=value words; `set` applies one and says whether it was understood.
template <typename Set>
bool parse_words(const std::string& args, std::string* error, Set set) {
  std::istringstream in(args);
  std::string w;
  while (in >> w) {
    auto eq = w.find('=');
    if (eq == std::string::npos || !set(w.substr(0, eq), w.substr(eq + 1))) {
      *error = "cannot read \"" + w + "\"";
      return false;
    }
  }
  return true;
}

// One random act of a visitor (or a cat on the screen). Returns the virtual seconds it took.
class Monkey {
 public:
  Monkey(ScenarioDriver& d, std::uint32_t seed) : d_(d), rng_(seed) { d_.window_size(&w_, &h_); }

  double act() {
    refresh_targets();
    const int roll = pick(100);
    if (roll < 45) return tap_target(targets_);
    if (roll < 60 && !keys_.empty()) return tap_target(keys_);
    if (roll < 67 && !switches_.empty()) return tap_target(switches_);
    if (roll < 77) return tap_at(uniform(0, w_), uniform(0, h_));
    if (roll < 87) return drag();
    if (roll < 99 || pick(4) != 0) return wait(uniform(0.05, 2));
    // One event in 400: long enough for the idle reset (and, one in two, the slideshow, whose
    // animation is drawn at 60 frames a second: the costliest thing the monkey does).
    return wait(pick(2) == 0 ? uniform(95, 170) : uniform(185, 240));
  }
  double wait(double s) {
    d_.advance(s);
    return s;
  }
  int taps() const { return taps_; }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  float uniform(double a, double b) { return static_cast<float>(std::uniform_real_distribution<double>(a, b)(rng_)); }

  void refresh_targets() {
    targets_.clear();
    keys_.clear();
    switches_.clear();
    nlohmann::json st = d_.state();
    for (const auto& t : st["targets"]) {
      if (!t.is_string()) continue;
      std::string id = t.get<std::string>();
      if (id.empty()) continue;
      // The staff screen's exit and restart end the process: a monkey that unlocked it (it cannot
      // without the PIN) must still not press them.
      if (id.find("exit") != std::string::npos || id.find("restart") != std::string::npos) continue;
      if (id.rfind("key-", 0) == 0) keys_.push_back(id);
      else if (id.rfind("lang-", 0) == 0 || id.rfind("size-", 0) == 0 || id.find("contrast") != std::string::npos)
        switches_.push_back(id);
      targets_.push_back(std::move(id));
    }
  }

  double tap_target(const std::vector<std::string>& from) {
    if (from.empty()) return tap_at(uniform(0, w_), uniform(0, h_));
    float x = 0, y = 0;
    if (!d_.target_center(from[static_cast<std::size_t>(pick(static_cast<int>(from.size())))], &x, &y))
      return tap_at(uniform(0, w_), uniform(0, h_));
    return tap_at(x, y);
  }
  double tap_at(float x, float y) {
    ++taps_;
    d_.pointer(x, y, -1);
    d_.pointer(x, y, 1);
    d_.frames(1);
    d_.pointer(x, y, 0);
    d_.frames(2);
    return 3.0 / 60;
  }
  double drag() {
    const float x0 = uniform(0, w_), y0 = uniform(0, h_), x1 = uniform(0, w_), y1 = uniform(0, h_);
    const int steps = 2 + pick(8);
    d_.pointer(x0, y0, -1);
    d_.pointer(x0, y0, 1);
    d_.frames(1);
    for (int i = 1; i <= steps; ++i) {
      d_.pointer(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, -1);
      d_.frames(1);
    }
    d_.pointer(x1, y1, 0);
    d_.frames(2);
    return (steps + 3) / 60.0;
  }

  ScenarioDriver& d_;
  std::mt19937 rng_;
  int w_ = 1920, h_ = 1080;
  int taps_ = 0;
  std::vector<std::string> targets_, keys_, switches_;
};

}  // namespace

ProcSample sample_process(const std::string& data_dir) {
  ProcSample s;
  {
    std::ifstream statm("/proc/self/statm");
    long long size = 0, resident = 0;
    if (statm >> size >> resident) s.rss_kb = resident * (::sysconf(_SC_PAGESIZE) / 1024);
  }
  std::error_code ec;
  for (fs::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++s.fds;
  if (!data_dir.empty()) {
    const fs::path db = fs::path(data_dir) / "content.db";
    s.cache_bytes = file_bytes(db) + file_bytes(db.string() + "-wal") + file_bytes(db.string() + "-shm");
    s.staging_bytes = tree_bytes(fs::path(data_dir) / "staging");
  }
  return s;
}

bool parse_monkey_args(const std::string& args, MonkeyOptions* o, std::string* error) {
  return parse_words(args, error, [&](const std::string& k, const std::string& v) {
    if (k == "seed") o->seed = static_cast<std::uint32_t>(std::strtoul(v.c_str(), nullptr, 10));
    else if (k == "sample") o->sample_every = std::max(1LL, std::atoll(v.c_str()));
    else if (k == "sync") return parse_seconds(v, &o->sync_every_s);
    else if (k == "warmup") o->warmup_percent = std::clamp(std::atoi(v.c_str()), 0, 90);
    else if (k == "slack") o->slack_mb = std::atof(v.c_str());
    else return false;
    return true;
  });
}

bool parse_soak_args(const std::string& args, SoakOptions* o, std::string* error) {
  return parse_words(args, error, [&](const std::string& k, const std::string& v) {
    if (k == "seed") o->seed = static_cast<std::uint32_t>(std::strtoul(v.c_str(), nullptr, 10));
    else if (k == "sync") return parse_seconds(v, &o->sync_every_s) && o->sync_every_s >= 1;
    else if (k == "hook") o->hook = v;
    else if (k == "slack") o->slack_mb = std::atof(v.c_str());
    else return false;
    return true;
  });
}

ScenarioResult run_monkey(ScenarioDriver& d, const MonkeyOptions& opt) {
  ScenarioResult res;
  Monkey m(d, opt.seed);
  // Measured a hundred times in a run, printed twenty times (the curve), judged on the floors.
  const std::int64_t every = opt.sample_every > 0 ? opt.sample_every : std::max<std::int64_t>(1, opt.events / 100);
  const std::int64_t print_every = opt.sample_every > 0 ? opt.sample_every : std::max<std::int64_t>(1, opt.events / 20);
  std::vector<ProcSample> curve;
  double virtual_s = 0, since_sync = 0;
  int syncs = 0, failed_syncs = 0;
  std::printf("monkey: %" PRId64 " events, seed %u%s\n%12s %10s %6s\n", opt.events, opt.seed,
              kAsan ? " (AddressSanitizer: memory printed, not judged)" : "", "events", "rss_kb", "fds");
  auto sample = [&](std::int64_t done) {
    ProcSample s = sample_process({});
    s.at = static_cast<double>(done);
    curve.push_back(s);
    if (done % print_every != 0 && done != opt.events) return;
    std::printf("%12" PRId64 " %10" PRId64 " %6d\n", done, s.rss_kb, s.fds);
    std::fflush(stdout);
  };
  // As on a kiosk, the worker's first round comes soon after start (it opens the HTTP client's
  // sockets and the report's files): part of warm-up, not growth.
  if (opt.sync_every_s > 0 && !d.sync_now(60.0)) ++failed_syncs;
  sample(0);
  for (std::int64_t i = 1; i <= opt.events; ++i) {
    const double dt = m.act();
    virtual_s += dt;
    since_sync += dt;
    if (opt.sync_every_s > 0 && since_sync >= opt.sync_every_s) {
      since_sync = 0;
      ++syncs;
      if (!d.sync_now(60.0)) ++failed_syncs;
    }
    if (i % every == 0 || i == opt.events) sample(i);
  }
  std::printf("monkey: %" PRId64 " events, %d taps, %.1f virtual hours, %d sync rounds (%d not finished in time), "
              "last screen %s\n",
              opt.events, m.taps(), virtual_s / 3600, syncs, failed_syncs,
              d.state()["screen"].dump().c_str());
  if (failed_syncs > 0) {
    res.ok = false;
    res.message = std::to_string(failed_syncs) + " sync rounds did not finish within 60 s";
    return res;
  }
  // Flat after warm-up: the floor of the last fifth against the floor just after warm-up. A screen
  // with photos holds their decoded pixels while it is open (tens of MB, released when it closes),
  // so single samples swing; a leak raises the floor, and the floor is what is judged.
  std::vector<double> early, late;
  for (const auto& s : curve) {
    const double f = s.at / static_cast<double>(std::max<std::int64_t>(1, opt.events));
    if (f >= opt.warmup_percent / 100.0 && f <= opt.warmup_percent / 100.0 + 0.2) early.push_back(double(s.rss_kb));
    if (f >= 0.8) late.push_back(double(s.rss_kb));
  }
  const double early_floor = early.empty() ? 0 : *std::min_element(early.begin(), early.end());
  const double late_floor = late.empty() ? 0 : *std::min_element(late.begin(), late.end());
  const double growth_mb = (late_floor - early_floor) / 1024.0;
  int warm_fds = curve.back().fds;  // descriptors at the end of warm-up (the worker's first round opens some)
  for (const auto& s : curve)
    if (s.at >= opt.warmup_percent / 100.0 * double(opt.events)) {
      warm_fds = s.fds;
      break;
    }
  std::printf("monkey: resident floor after warm-up %.1f MB, at the end %.1f MB (%+.1f MB); descriptors %d -> %d\n",
              early_floor / 1024, late_floor / 1024, growth_mb, curve.front().fds, curve.back().fds);
  if (opt.slack_mb < 0) {
    std::printf("monkey: memory not judged (slack < 0: a short run is mostly warm-up; the long run judges it)\n");
  } else if (!kAsan && growth_mb > opt.slack_mb) {
    res.ok = false;
    res.message = "resident memory grew by " + std::to_string(growth_mb) + " MB after warm-up";
  } else if (curve.back().fds > warm_fds + 4) {
    res.ok = false;
    res.message = "open descriptors grew from " + std::to_string(warm_fds) + " after warm-up to " +
                  std::to_string(curve.back().fds);
  }
  return res;
}

ScenarioResult run_soak(ScenarioDriver& d, const SoakOptions& opt) {
  ScenarioResult res;
  Monkey m(d, opt.seed);
  std::mt19937 rng(opt.seed * 7919u + 1);
  const std::string dir = d.data_dir();
  const int slots = static_cast<int>(opt.duration_s / opt.sync_every_s + 0.5);
  const int quarter = std::max(1, slots / 3);  // figures at 0, 1/3, 2/3 and the end (0, 24, 48, 72 h)
  std::vector<ProcSample> table;
  int visits = 0, events = 0, syncs = 0, failed_syncs = 0, hook_failures = 0;
  std::int64_t staging_max = 0;
  std::printf("soak: %.0f virtual hours, a sync every %.0f min, seed %u\n%8s %10s %5s %12s %12s\n",
              opt.duration_s / 3600, opt.sync_every_s / 60, opt.seed, "hours", "rss_kb", "fds", "cache_bytes",
              "staging_bytes");
  auto sample = [&](double hours) {
    ProcSample s = sample_process(dir);
    s.at = hours;
    table.push_back(s);
    std::printf("%8.1f %10" PRId64 " %5d %12" PRId64 " %12" PRId64 "\n", hours, s.rss_kb, s.fds, s.cache_bytes,
                s.staging_bytes);
    std::fflush(stdout);
  };
  auto sync_round = [&](int slot) {
    if (!opt.hook.empty()) {
      const std::string cmd = opt.hook + " " + std::to_string(slot);
      if (std::system(cmd.c_str()) != 0) ++hook_failures;
    }
    ++syncs;
    if (!d.sync_now(60.0)) ++failed_syncs;
    staging_max = std::max(staging_max, sample_process(dir).staging_bytes);
  };
  sync_round(0);
  sample(0);
  for (int slot = 1; slot <= slots; ++slot) {
    double left = opt.sync_every_s;
    // Office hours (07:00-17:00 of the virtual day) see visitors; nights only idle and sync.
    const double hour_of_day = std::fmod((slot - 1) * opt.sync_every_s / 3600.0 + 7.0, 24.0);
    const bool open = hour_of_day >= 7 && hour_of_day < 17;
    if (open && std::uniform_int_distribution<int>(0, 99)(rng) < 60) {
      ++visits;
      const int n = std::uniform_int_distribution<int>(10, 120)(rng);
      for (int i = 0; i < n && left > 0; ++i, ++events) left -= m.act();
    }
    if (left > 0) m.wait(left);  // the rest of the slot idles: reset, then the slideshow
    sync_round(slot);
    if (slot % quarter == 0 || slot == slots) sample(slot * opt.sync_every_s / 3600.0);
  }
  std::printf("soak: %d visits, %d monkey events, %d sync rounds (%d not finished in time, %d hook failures), "
              "staging at most %" PRId64 " bytes after a round\n",
              visits, events, syncs, failed_syncs, hook_failures, staging_max);
  const ProcSample& first = table.size() > 1 ? table[1] : table.front();  // after the first third: warm
  const ProcSample& last = table.back();
  auto fail = [&](const std::string& m) {
    res.ok = false;
    res.message = m;
    return res;
  };
  if (failed_syncs > 0) return fail(std::to_string(failed_syncs) + " sync rounds did not finish within 60 s");
  if (hook_failures > 0) return fail(std::to_string(hook_failures) + " runs of the hook failed");
  const double growth_mb = double(last.rss_kb - first.rss_kb) / 1024;
  // A run shorter than half a day is mostly warm-up (fonts, glyphs and photos met for the first
  // time): its memory is printed, not judged.
  if (!kAsan && opt.duration_s >= 12 * 3600 && growth_mb > opt.slack_mb)
    return fail("resident memory grew by " + std::to_string(growth_mb) + " MB");
  if (last.fds > first.fds + 2) return fail("open descriptors grew from " + std::to_string(first.fds) + " to " +
                                            std::to_string(last.fds));
  if (last.cache_bytes > first.cache_bytes * 5 / 4 + (2 << 20))
    return fail("the cache grew from " + std::to_string(first.cache_bytes) + " to " + std::to_string(last.cache_bytes) +
                " bytes");
  if (last.staging_bytes > first.staging_bytes + (256 << 10))
    return fail("staging grew from " + std::to_string(first.staging_bytes) + " to " +
                std::to_string(last.staging_bytes) + " bytes");
  return res;
}

}  // namespace tramtin
