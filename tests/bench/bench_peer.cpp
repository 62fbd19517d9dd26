// The peer, side by side (issue 16, item 5; a program, not a test): TramTin and Chromium in kiosk
// mode on the same content, in one run, alternating, on one virtual X display of the same size.
// Chromium shows `tramtin-publish export-html` of the content served by nginx on 127.0.0.1;
// TramTin shows a cache built from the same source tree (`tramtin-publish build-db`).
//
// Measured, for each side and each round (the order alternates from round to round):
//   exec -> first frame   from fork/exec until the screen shows content (Xvfb's framebuffer, read
//                         through -fbdir, holds two colours or more: a blank window does not count)
//   steady memory         PSS (/proc/PID/smaps_rollup) summed over every process of the side (its
//                         process tree, plus any process naming its fresh profile folder), after the
//                         idle minute
//   idle CPU              user+system time of those processes over --idle-seconds on the start screen
//                         (the X server's own time is printed beside it)
//   keystroke -> results  "dang ky khai sinh" typed at 100 ms per key (TramTin: taps on its on-screen
//                         keyboard, found by their ids in a headless replay's state dump; Chromium: keys
//                         into the export's search page, which it is started on for this part); once the
//                         screen has been still for 300 ms, the last key is sent and timed from then
//                         (xdotool's start-up included, for both) until the screen below the search field
//                         (the results; the caret and the clock are above) first shows what it still
//                         shows 1.5 s later
// Needs Xvfb, xdotool, nginx and chromium (`--chromium PATH`). Prints both sides and the ratios.
//
//   bench_peer [--rounds 3] [--idle-seconds 60] [--size 1280x800] [--src content/sample] [--chromium chromium]
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "tests/bench/proc_measure.h"

namespace fs = std::filesystem;
using namespace tramtin::bench;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kKiosk = TRAMTIN_KIOSK_EXE;
const std::string kPublish = TRAMTIN_PUBLISH_EXE;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }
void sleep_ms(long ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Spawns a program in its own process group (so the whole side can be stopped at once).
pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    int fd = open(log.empty() ? "/dev/null" : log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int run_wait(const std::vector<std::string>& args, const std::vector<std::string>& env = {}, const std::string& log = "") {
  pid_t p = spawn(args, env, log);
  int st = 0;
  waitpid(p, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

void stop_group(pid_t pid) {
  kill(-pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    int st = 0;
    if (waitpid(pid, &st, WNOHANG) == pid) break;
    sleep_ms(50);
    if (i == 60) kill(-pid, SIGKILL);
  }
  kill(-pid, SIGKILL);  // helpers of the group still alive
  sleep_ms(300);
}

// ---- Xvfb's framebuffer (-fbdir): an XWD file the server draws into, mapped read-only.

class Framebuffer {
 public:
  bool open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return false;
    struct stat st {};
    fstat(fd, &st);
    size_ = static_cast<std::size_t>(st.st_size);
    base_ = static_cast<const unsigned char*>(mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd, 0));
    ::close(fd);
    if (base_ == MAP_FAILED) return false;
    auto field = [&](int i) {
      std::uint32_t v;
      std::memcpy(&v, base_ + 4 * i, 4);
      return ntohl(v);
    };
    const std::uint32_t header = field(0), ncolors = field(19);
    width_ = static_cast<int>(field(4));
    height_ = static_cast<int>(field(5));
    bpl_ = field(12);
    offset_ = header + ncolors * 12;
    return field(11) == 32 && offset_ + std::size_t(bpl_) * std::size_t(height_) <= size_;
  }
  int width() const { return width_; }
  int height() const { return height_; }
  std::uint32_t at(int x, int y) const {
    std::uint32_t v;
    std::memcpy(&v, base_ + offset_ + std::size_t(y) * bpl_ + std::size_t(x) * 4, 4);
    return v & 0xffffffu;
  }
  // Content on screen: sampled on a grid, at least 1 % of the samples differ from the commonest colour.
  bool painted() const {
    std::map<std::uint32_t, int> counts;
    int n = 0;
    for (int y = 2; y < height_; y += 8)
      for (int x = 3; x < width_; x += 8, ++n) ++counts[at(x, y)];
    int mode = 0;
    for (const auto& [c, k] : counts) mode = std::max(mode, k);
    return n - mode >= n / 100;
  }
  void copy(std::vector<std::uint32_t>* out) const {
    out->resize(std::size_t(width_) * std::size_t(height_));
    for (int y = 0; y < height_; ++y)
      std::memcpy(out->data() + std::size_t(y) * std::size_t(width_), base_ + offset_ + std::size_t(y) * bpl_,
                  std::size_t(width_) * 4);
  }

 private:
  const unsigned char* base_ = nullptr;
  std::size_t size_ = 0, offset_ = 0;
  std::uint32_t bpl_ = 0;
  int width_ = 0, height_ = 0;
};

// Waits until the screen has not changed for `still_ms` (at most `timeout_ms`).
void wait_still(const Framebuffer& fb, double timeout_ms, double still_ms) {
  std::vector<std::uint32_t> last, cur;
  fb.copy(&last);
  const auto t0 = Clock::now();
  auto since = Clock::now();
  while (ms_since(t0) < timeout_ms && ms_since(since) < still_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    fb.copy(&cur);
    if (cur != last) {
      last.swap(cur);
      since = Clock::now();
    }
  }
}

// Waits until the screen shows content; ms since `t0`, or -1 after `timeout_ms`.
double wait_painted(const Framebuffer& fb, Clock::time_point t0, double timeout_ms) {
  while (ms_since(t0) < timeout_ms) {
    if (fb.painted()) return ms_since(t0);
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  return -1;
}

// After the last key sent at `t0` (its sender started, not waited for: a fast side redraws before
// xdotool has even exited), from the screen `before` it: records every distinct screen for
// `window_ms`, then returns when the
// part of the screen below `y_cut` (the results, under the search field: the field's caret and the
// header's clock are above it) first showed what it shows at the end and kept showing it. Sets
// *first_change to the first change anywhere (the key's own echo). When the results did not change
// (*results_changed false), the echo's time; -1 if nothing changed at all.
double wait_settled(const Framebuffer& fb, const std::vector<std::uint32_t>& before, Clock::time_point t0,
                    double window_ms, int y_cut, double* first_change, bool* results_changed) {
  if (results_changed) *results_changed = false;
  std::vector<std::pair<double, std::vector<std::uint32_t>>> frames(1);
  frames[0].second = before;
  std::vector<std::uint32_t> cur;
  *first_change = -1;
  while (ms_since(t0) < window_ms) {
    fb.copy(&cur);
    const double now = ms_since(t0);
    if (cur != frames.back().second) {
      if (*first_change < 0) *first_change = now;
      frames.emplace_back(now, cur);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const std::size_t from = std::size_t(std::clamp(y_cut, 0, fb.height())) * std::size_t(fb.width());
  auto same_below = [&](const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    return std::equal(a.begin() + std::ptrdiff_t(from), a.end(), b.begin() + std::ptrdiff_t(from));
  };
  const auto& last = frames.back().second;
  std::size_t i = frames.size() - 1;
  while (i > 0 && same_below(frames[i - 1].second, last)) --i;
  // The results did not change: they were already right before the key (a last letter that finds
  // the same procedures), so the screen is final once the key itself shows: its echo.
  if (i == 0) return *first_change;
  if (results_changed) *results_changed = true;
  return frames[i].first;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  close(fd);
  return port;
}

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

struct Sample {
  double first_frame_ms = -1, pss_mb = -1, cpu_pct = -1, x_cpu_pct = -1, search_ms = -1, echo_ms = -1;
  double own_first_frame_ms = -1;
  bool results_changed = false;    // false: the last key left the results as they were (search_ms is its echo)  // TramTin: its own log's "first frame N ms after exec" (X server not waited for)
  int processes = 0;
};

struct Setup {
  fs::path dir;
  std::string display, kiosk_cfg, site_url, chromium;
  int w = 1280, h = 800;
  int idle_s = 60;
  int chromium_results_y = 210;  // the export's search field ends above this at 1280x800 (bench_peer --results-y)
  pid_t xvfb = -1;
  Framebuffer fb;
  // Where TramTin's targets are (a headless replay at the same size, from its state dump): home,
  // the search screen just opened, and the search screen with all but the last letter typed.
  std::map<std::string, std::array<float, 4>> home_rects, search_rects, typed_rects;
};

// The kiosk counts its starts (crash-loop detection: more than five restarts in ten minutes shows
// the maintenance screen); the bench starts it more often than that on purpose.
void forget_starts(const Setup& s) {
  std::error_code ec;
  fs::remove(s.dir / "data" / "starts", ec);
}

// The screen as it is now, as an XWD file (convert xwd:NAME.xwd NAME.png to look at it).
void save_screen(const Setup& s, const std::string& name) {
  std::error_code ec;
  fs::copy_file(s.dir / "fb" / "Xvfb_screen0", s.dir / (name + ".xwd"), fs::copy_options::overwrite_existing, ec);
}

void click(const Setup& s, float x, float y) {
  run_wait({"xdotool", "mousemove", std::to_string(int(x)), std::to_string(int(y)), "click", "1"},
           {"DISPLAY=" + s.display});
}

bool center(const std::map<std::string, std::array<float, 4>>& rects, const std::string& id, float* x, float* y) {
  auto it = rects.find(id);
  if (it == rects.end()) return false;
  *x = (it->second[0] + it->second[2]) / 2;
  *y = (it->second[1] + it->second[3]) / 2;
  return true;
}

std::string key_id(char c) { return c == ' ' ? "key-space" : std::string("key-") + c; }

const std::string kQuery = "dang ky khai sinh";

// Idle CPU and memory of a running side (its start screen), measured the same way for both: the
// CPU time of every thread of the side's processes (schedstat, in ns: a clock tick is 10 ms, and
// a kiosk that sleeps a whole minute spends less than a few ticks), and PSS summed over them.
void idle_and_memory(const Setup& s, pid_t root, const std::string& marker, Sample* out) {
  sleep_ms(5000);  // start-up work done (Chromium's helpers, TramTin's glyph atlas)
  const auto x0 = thread_cpu_ns({s.xvfb});
  const auto c0 = thread_cpu_ns(pids_of(process_tree(root, marker)));
  const auto t0 = Clock::now();
  sleep_ms(long(s.idle_s) * 1000);
  const auto procs = process_tree(root, marker);
  const auto c1 = thread_cpu_ns(pids_of(procs));
  const auto x1 = thread_cpu_ns({s.xvfb});
  const double secs = ms_since(t0) / 1000.0;
  out->cpu_pct = 100.0 * double(cpu_ns_between(c0, c1)) / 1e9 / secs;
  out->x_cpu_pct = 100.0 * double(cpu_ns_between(x0, x1)) / 1e9 / secs;
  out->pss_mb = double(memory_of(procs).pss_kb) / 1024.0;
  out->processes = int(procs.size());
}

Sample run_tramtin(const Setup& s, int round) {
  Sample out;
  const std::string log = (s.dir / ("tramtin-" + std::to_string(round) + ".log")).string();
  forget_starts(s);
  const auto t0 = Clock::now();
  pid_t pid = spawn({kKiosk, "--config", s.kiosk_cfg, "--windowed", std::to_string(s.w) + "x" + std::to_string(s.h)},
                    {"DISPLAY=" + s.display}, log);
  out.first_frame_ms = wait_painted(s.fb, t0, 30000);
  if (out.first_frame_ms < 0) {
    std::printf("  tramtin: no frame within 30 s (see %s)\n", log.c_str());
    stop_group(pid);
    return out;
  }
  idle_and_memory(s, pid, "", &out);
  out.own_first_frame_ms = double(first_frame_ms(read_text(log)));
  // Search: tap the search box, wait for the search screen, then the on-screen keyboard's keys at
  // 100 ms per key. A target not found is named: the bench never guesses a position.
  float x = 0, y = 0;
  auto need = [&](const std::map<std::string, std::array<float, 4>>& rects, const std::string& id, const char* where) {
    if (center(rects, id, &x, &y)) return true;
    std::printf("  tramtin: no target \"%s\" on the %s (see %s/*.json): search not timed\n", id.c_str(), where,
                s.dir.c_str());
    return false;
  };
  bool ok = need(s.home_rects, "search-box", "home screen");
  if (ok) {
    click(s, x, y);
    wait_still(s.fb, 5000, 300);  // the search screen is drawn, keyboard and all
  }
  for (std::size_t i = 0; ok && i + 1 < kQuery.size(); ++i) {
    ok = need(s.search_rects, key_id(kQuery[i]), "search screen");
    if (ok) click(s, x, y);
    sleep_ms(100);
  }
  if (ok && s.typed_rects.count("search-field") == 0) ok = need(s.typed_rects, "search-field", "search screen");
  if (ok && need(s.typed_rects, key_id(kQuery.back()), "search screen")) {
    wait_still(s.fb, 3000, 300);  // the results of "dang ky khai sin" are on screen
    std::vector<std::uint32_t> before;
    s.fb.copy(&before);
    const auto k0 = Clock::now();
    const pid_t tap = spawn({"xdotool", "mousemove", std::to_string(int(x)), std::to_string(int(y)), "click", "1"},
                            {"DISPLAY=" + s.display}, "");
    double first = 0;
    out.search_ms = wait_settled(s.fb, before, k0, 1500, int(s.typed_rects.at("search-field")[3]) + 2, &first,
                                 &out.results_changed);
    waitpid(tap, nullptr, 0);
    out.echo_ms = first;
    if (out.search_ms < 0)
      std::printf("  tramtin: nothing changed on screen after the last key (see tramtin-search-%d.xwd)\n", round);
    save_screen(s, "tramtin-search-" + std::to_string(round));
  }
  stop_group(pid);
  return out;
}

std::vector<std::string> chromium_args(const Setup& s, const std::string& profile, const std::string& url) {
  std::vector<std::string> a = {s.chromium,
                                "--kiosk",
                                "--user-data-dir=" + profile,
                                "--window-size=" + std::to_string(s.w) + "," + std::to_string(s.h),
                                "--window-position=0,0",
                                "--no-first-run",
                                "--no-default-browser-check",
                                "--noerrdialogs",
                                "--disable-session-crashed-bubble",
                                "--disable-infobars",
                                "--disable-translate",
                                "--password-store=basic",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync"};
  if (geteuid() == 0) a.push_back("--no-sandbox");  // Chromium refuses to run as root otherwise
  a.push_back(url);
  return a;
}

Sample run_chromium(const Setup& s, int round) {
  Sample out;
  const std::string profile = (s.dir / ("chromium-profile-" + std::to_string(round))).string();
  const std::string log = (s.dir / ("chromium-" + std::to_string(round) + ".log")).string();
  const auto t0 = Clock::now();
  pid_t pid = spawn(chromium_args(s, profile, s.site_url + "vi/index.html"), {"DISPLAY=" + s.display}, log);
  out.first_frame_ms = wait_painted(s.fb, t0, 60000);
  if (out.first_frame_ms < 0) {
    std::printf("  chromium: no frame within 60 s (see %s)\n", log.c_str());
    stop_group(pid);
    return out;
  }
  idle_and_memory(s, pid, profile, &out);
  stop_group(pid);
  // Search: the export's search page (its box has the focus), keys at 100 ms per key.
  const std::string profile2 = profile + "-search";
  pid = spawn(chromium_args(s, profile2, s.site_url + "vi/search.html"), {"DISPLAY=" + s.display}, log + ".search");
  if (wait_painted(s.fb, Clock::now(), 60000) >= 0) {
    sleep_ms(3000);
    run_wait({"xdotool", "mousemove", std::to_string(s.w / 2), std::to_string(s.h / 2)}, {"DISPLAY=" + s.display});
    run_wait({"xdotool", "type", "--delay", "100", kQuery.substr(0, kQuery.size() - 1)}, {"DISPLAY=" + s.display});
    sleep_ms(100);
    wait_still(s.fb, 3000, 300);  // the results of "dang ky khai sin" are on screen (as for TramTin)
    std::vector<std::uint32_t> before;
    s.fb.copy(&before);
    const auto k0 = Clock::now();
    const pid_t key = spawn({"xdotool", "type", "--delay", "0", kQuery.substr(kQuery.size() - 1)}, {"DISPLAY=" + s.display}, "");
    double first = 0;
    out.search_ms = wait_settled(s.fb, before, k0, 1500, s.chromium_results_y, &first, &out.results_changed);
    waitpid(key, nullptr, 0);
    out.echo_ms = first;
    save_screen(s, "chromium-search-" + std::to_string(round));
  }
  stop_group(pid);
  return out;
}

std::map<std::string, std::array<float, 4>> rects_after(const Setup& s, const std::string& scenario, const std::string& name) {
  const fs::path scn = s.dir / (name + ".scn"), state = s.dir / (name + ".json");
  {
    std::ofstream f(scn);
    f << scenario;
  }
  std::map<std::string, std::array<float, 4>> out;
  forget_starts(s);
  if (run_wait({kKiosk, "--config", s.kiosk_cfg, "--size", std::to_string(s.w) + "x" + std::to_string(s.h), "--scenario",
                scn.string(), "--dump-state", state.string()},
               {"SDL_VIDEODRIVER=dummy"}, (s.dir / (name + ".log")).string()) != 0)
    return out;
  auto j = nlohmann::json::parse(read_text(state.string()), nullptr, false);
  if (j.is_discarded() || !j.contains("target_rects")) return out;
  for (const auto& [id, r] : j["target_rects"].items())
    out[id] = {r[0].get<float>(), r[1].get<float>(), r[2].get<float>(), r[3].get<float>()};
  return out;
}

std::string fmt(double v, const char* unit, int prec = 1) {
  if (v < 0) return "n/a";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f %s", prec, v, unit);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  int rounds = 3;
  Setup s;
  s.chromium = "chromium";
  std::string src = fs::path(TRAMTIN_SOURCE_DIR) / "content" / "sample";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--rounds") rounds = std::max(1, std::atoi(v.c_str()));
    else if (a == "--idle-seconds") s.idle_s = std::max(1, std::atoi(v.c_str()));
    else if (a == "--size") std::sscanf(v.c_str(), "%dx%d", &s.w, &s.h);
    else if (a == "--src") src = v;
    else if (a == "--chromium") s.chromium = v;
    else if (a == "--results-y") s.chromium_results_y = std::atoi(v.c_str());
    else {
      std::fprintf(stderr, "usage: bench_peer [--rounds 3] [--idle-seconds 60] [--size 1280x800] [--src DIR] [--chromium PATH]\n");
      return 2;
    }
  }
  for (const char* tool : {"Xvfb", "xdotool", "nginx"}) {
    if (run_wait({"sh", "-c", std::string("command -v ") + tool}) != 0) {
      std::fprintf(stderr, "bench_peer: %s is not installed (Debian: apt-get install xvfb xdotool nginx-light)\n", tool);
      return 1;
    }
  }
  if (run_wait({"sh", "-c", "command -v '" + s.chromium + "'"}) != 0) {
    std::fprintf(stderr, "bench_peer: %s is not installed (Debian: apt-get install chromium)\n", s.chromium.c_str());
    return 1;
  }
  s.dir = fs::temp_directory_path() / ("tramtin-bench-peer-" + std::to_string(getpid()));
  fs::create_directories(s.dir / "data");
  fs::create_directories(s.dir / "fb");

  // The same content for both: the export for Chromium, a cache for TramTin.
  if (run_wait({kPublish, "export-html", src, (s.dir / "site").string()}, {}, (s.dir / "export.log").string()) != 0 ||
      run_wait({kPublish, "build-db", src, (s.dir / "data" / "content.db").string()}, {},
               (s.dir / "build-db.log").string()) != 0) {
    std::fprintf(stderr, "bench_peer: export-html or build-db of %s failed (see %s)\n", src.c_str(), s.dir.c_str());
    return 1;
  }
  {
    std::ofstream cfg(s.dir / "kiosk.toml");
    cfg << "[content]\ndata_dir = \"" << (s.dir / "data").string() << "\"\n[ui]\nidle_timeout_seconds = 3600\n"
        << "attract_after_seconds = 3600\n";
  }
  s.kiosk_cfg = (s.dir / "kiosk.toml").string();
  s.home_rects = rects_after(s, "wait 1s\n", "home");
  s.search_rects = rects_after(s, "tap search-box\nwait 1s\n", "search");
  s.typed_rects = rects_after(s, "tap search-box\ntype " + kQuery.substr(0, kQuery.size() - 1) + "\nwait 1s\n", "typed");
  if (!s.home_rects.count("search-box") || !s.search_rects.count("key-a") || !s.typed_rects.count("search-field"))
    std::printf("warning: the kiosk's search box, keyboard or search field was not found (see %s/home.json, search.json, "
                "typed.json); TramTin's search time is skipped\n", s.dir.c_str());

  // nginx serving the export.
  const int port = free_port();
  {
    std::ofstream conf(s.dir / "nginx.conf");
    if (geteuid() == 0) conf << "user root;\n";
    conf << "worker_processes 1;\npid " << (s.dir / "nginx.pid").string() << ";\nevents { worker_connections 256; }\n"
         << "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path " << s.dir.string()
         << "/tmp;\n  server {\n    listen 127.0.0.1:" << port << ";\n    root " << (s.dir / "site").string()
         << ";\n  }\n}\n";
  }
  fs::create_directories(s.dir / "tmp");
  pid_t nginx = spawn({"nginx", "-p", s.dir.string(), "-c", (s.dir / "nginx.conf").string(), "-e",
                       (s.dir / "nginx-error.log").string(), "-g", "daemon off;"},
                      {}, "");
  s.site_url = "http://127.0.0.1:" + std::to_string(port) + "/";

  s.display = ":" + std::to_string(150 + getpid() % 100);
  s.xvfb = spawn({"Xvfb", s.display, "-screen", "0", std::to_string(s.w) + "x" + std::to_string(s.h) + "x24", "-fbdir",
                  (s.dir / "fb").string(), "-br", "-nolisten", "tcp"},
                 {}, (s.dir / "xvfb.log").string());
  sleep_ms(2000);
  if (!s.fb.open((s.dir / "fb" / "Xvfb_screen0").string())) {
    std::fprintf(stderr, "bench_peer: cannot read Xvfb's framebuffer (see %s/xvfb.log)\n", s.dir.c_str());
    return 1;
  }

  std::printf("bench_peer: %d rounds, %dx%d virtual display, idle %d s, content %s\n", rounds, s.w, s.h, s.idle_s,
              src.c_str());
  std::printf("  load average at start: %s", read_text("/proc/loadavg").c_str());
  std::vector<Sample> tt, ch;
  for (int r = 0; r < rounds; ++r) {
    for (int side = 0; side < 2; ++side) {
      const bool tramtin_now = (side == 0) == (r % 2 == 0);
      Sample smp = tramtin_now ? run_tramtin(s, r) : run_chromium(s, r);
      const std::string own = smp.own_first_frame_ms >= 0 ? " (its log: " + fmt(smp.own_first_frame_ms, "ms", 0) + ")" : "";
      std::printf("round %d %-8s first frame %s%s, PSS %s (%d processes), idle CPU %s (X server %s), "
                  "last key -> results %s (first change %s%s)\n",
                  r + 1, tramtin_now ? "tramtin" : "chromium", fmt(smp.first_frame_ms, "ms", 0).c_str(), own.c_str(),
                  fmt(smp.pss_mb, "MB").c_str(), smp.processes, fmt(smp.cpu_pct, "%", 4).c_str(),
                  fmt(smp.x_cpu_pct, "%", 4).c_str(), fmt(smp.search_ms, "ms", 1).c_str(),
                  fmt(smp.echo_ms, "ms", 1).c_str(), smp.search_ms >= 0 && !smp.results_changed ? ", results already shown" : "");
      (tramtin_now ? tt : ch).push_back(smp);
    }
  }
  auto med = [](const std::vector<Sample>& v, double Sample::*f) {
    std::vector<double> x;
    for (const auto& s2 : v)
      if (s2.*f >= 0) x.push_back(s2.*f);
    return median(x);
  };
  const double cpu_floor = 0.0005;  // % of a core: below this the ratio is given as a bound
  std::printf("\nmedians of %d rounds              TramTin        Chromium       ratio    goal\n", rounds);
  auto row = [&](const char* what, double a, double b, const char* unit, int prec, const char* goal, double floor) {
    char ratio[32] = "n/a";
    if (a >= 0 && b >= 0) {
      if (a < floor) std::snprintf(ratio, sizeof ratio, ">= %.0fx", b / floor);
      else std::snprintf(ratio, sizeof ratio, "%.1fx", b / a);
    }
    std::printf("%-32s %-14s %-14s %-8s %s\n", what, fmt(a, unit, prec).c_str(), fmt(b, unit, prec).c_str(), ratio, goal);
  };
  row("exec -> first frame", med(tt, &Sample::first_frame_ms), med(ch, &Sample::first_frame_ms), "ms", 0, ">= 15x", 1);
  row("steady memory, PSS of all procs", med(tt, &Sample::pss_mb), med(ch, &Sample::pss_mb), "MB", 1, ">= 8x", 0.1);
  row("idle CPU on the start screen", med(tt, &Sample::cpu_pct), med(ch, &Sample::cpu_pct), "%", 4, ">= 10x",
      cpu_floor);
  row("  X server CPU meanwhile", med(tt, &Sample::x_cpu_pct), med(ch, &Sample::x_cpu_pct), "%", 4, "", cpu_floor);
  row("last key -> results on screen", med(tt, &Sample::search_ms), med(ch, &Sample::search_ms), "ms", 1, "", 0.5);
  std::printf("(CPU: every thread's run time from /proc/PID/task/TID/schedstat over %d s, in %% of one core; "
              "screenshots of the searches in %s)\n", s.idle_s, s.dir.c_str());
  std::printf("  load average at end: %s", read_text("/proc/loadavg").c_str());

  kill(s.xvfb, SIGTERM);
  waitpid(s.xvfb, nullptr, 0);
  kill(nginx, SIGQUIT);
  waitpid(nginx, nullptr, 0);
  return 0;
}
