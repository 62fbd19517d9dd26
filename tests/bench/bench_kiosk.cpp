// Benchmark of the kiosk itself (a program, not a test): frame times while dragging through a
// 1 000-row list at 1920x1080 with SDL's software renderer, idle CPU of the running kiosk under a
// virtual X display, time from exec to the first frame, and peak RSS of `tramtin --screenshot`.
//
//   bench_kiosk [--idle-seconds 60] [--drags 60]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "content/store/cache.h"
#include "tests/bench/proc_measure.h"

namespace fs = std::filesystem;
using namespace tramtin;
using namespace tramtin::bench;

namespace {

const std::string kKiosk = TRAMTIN_KIOSK_EXE;

// 1 000 procedures in one field, with realistic Vietnamese titles of varying length.
void make_cache(const std::string& db) {
  const char* verbs[] = {"Đăng ký", "Cấp", "Xác nhận", "Thay đổi", "Chứng thực", "Gia hạn", "Điều chỉnh", "Xóa đăng ký"};
  const char* things[] = {"khai sinh", "tạm trú", "thường trú", "hộ kinh doanh", "bản sao từ bản chính", "chữ ký",
                          "tình trạng hôn nhân", "giám hộ", "hợp đồng thế chấp quyền sử dụng đất", "trợ cấp xã hội hằng tháng"};
  const char* who[] = {"cho trẻ em", "cho người cao tuổi", "cho hộ nghèo", "tại Ủy ban nhân dân xã", "lưu động", "trực tuyến",
                       "cho người khuyết tật", "cho đồng bào dân tộc thiểu số"};
  std::vector<Item> items;
  for (int i = 0; i < 1000; ++i) {
    Item it;
    it.id = "bench-" + std::to_string(i);
    it.kind = Kind::procedure;
    it.procedure.code = "1.0" + std::to_string(10000 + i);
    it.procedure.field = "ho-tich";
    it.procedure.channels = {ChannelKind::in_person};
    ItemText t;
    t.lang = "vi";
    t.title = std::string(verbs[i % 8]) + " " + things[(i / 8) % 10] + " " + who[(i / 80) % 8] + " (" + std::to_string(i) + ")";
    t.summary = "Thủ tục " + t.title + ": nộp hồ sơ tại Bộ phận Một cửa, nhận kết quả trong ngày làm việc.";
    t.procedure.field_name = "Hộ tịch";
    t.procedure.steps = {"Nộp hồ sơ.", "Nhận kết quả."};
    t.procedure.channels = {Channel{ChannelKind::in_person, "Trong ngày", "Miễn lệ phí", ""}};
    t.procedure.cases = {DocumentCase{"", {Document{"Tờ khai", "01 bản chính", ""}}}};
    t.procedure.agency = "Ủy ban nhân dân xã";
    t.procedure.result = "Giấy xác nhận";
    it.texts.push_back(t);
    items.push_back(std::move(it));
  }
  auto c = Cache::open(db, Cache::Mode::writer);
  if (!c) {
    std::fprintf(stderr, "cache: %s\n", c.error().c_str());
    std::exit(1);
  }
  ContentMeta meta;
  meta.version = 1;
  meta.channel = "bench";
  meta.applied_at = std::time(nullptr);
  meta.source = "bench";
  Status st = (*c)->replace_all(items, {}, meta);
  if (!st) {
    std::fprintf(stderr, "replace_all: %s\n", st.message.c_str());
    std::exit(1);
  }
}

// A kiosk config on a cache built from the sample pack with its urgent notices left out (they would
// replace the slideshow), idle and slideshow after 10 s. "" when the sample pack is not found.
std::string make_slideshow_config(const fs::path& dir) {
  const fs::path sample = fs::path(TRAMTIN_SOURCE_DIR) / "content" / "sample";
  if (!fs::is_directory(sample)) return {};
  const fs::path src = dir / "sample";
  fs::copy(sample, src, fs::copy_options::recursive);
  for (const auto& e : fs::recursive_directory_iterator(src)) {
    if (e.path().filename() != "item.toml") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    if (ss.str().find("urgent = true") != std::string::npos) fs::remove_all(e.path().parent_path());
  }
  fs::create_directories(dir / "slides");
  const std::string db = (dir / "slides" / "content.db").string();
  const std::string cmd = std::string(TRAMTIN_PUBLISH_EXE) + " build-db '" + src.string() + "' '" + db + "' >/dev/null 2>&1";
  if (system(cmd.c_str()) != 0) return {};
  std::ofstream cfg(dir / "slides.toml");
  cfg << "[content]\ndata_dir = \"" << (dir / "slides").string() << "\"\n[ui]\nidle_timeout_seconds = 10\n"
      << "attract_after_seconds = 10\n";
  return (dir / "slides.toml").string();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = std::min(v.size() - 1, std::size_t(p / 100.0 * double(v.size() - 1) + 0.5));
  return v[i];
}

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& err_file) {
  pid_t pid = fork();
  if (pid == 0) {
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    if (!err_file.empty()) {
      FILE* f = std::freopen(err_file.c_str(), "w", stderr);
      (void)f;
    }
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured (runs are long)
  int idle_seconds = 60, drags = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--idle-seconds") idle_seconds = std::atoi(argv[i + 1]);
    else if (a == "--drags") drags = std::atoi(argv[i + 1]);
  }
  const fs::path dir = fs::temp_directory_path() / ("tramtin-bench-kiosk-" + std::to_string(getpid()));
  fs::create_directories(dir / "data");
  make_cache((dir / "data" / "content.db").string());
  {
    std::ofstream cfg(dir / "kiosk.toml");
    cfg << "[kiosk]\ncommune = \"Xã Bình Lư\"\n[content]\ndata_dir = \"" << (dir / "data").string() << "\"\n";
  }
  const std::string cfg = (dir / "kiosk.toml").string();

  // 1. Frames while dragging through the 1 000-row list (headless, software renderer).
  {
    std::ofstream scn(dir / "drag.scn");
    scn << "tap tile-procedures\ntap field:ho-tich\n";
    for (int i = 0; i < drags; ++i) scn << "drag 900 900 900 200\n";
    for (int i = 0; i < drags; ++i) scn << "drag 900 200 900 900\n";
  }
  const std::string log = (dir / "frames.txt").string();
  pid_t pid = spawn({kKiosk, "--config", cfg, "--size", "1920x1080", "--scenario", (dir / "drag.scn").string()},
                    {"TRAMTIN_FRAME_LOG=" + log, "SDL_VIDEODRIVER=dummy"}, (dir / "drag.err").string());
  int status = 0;
  waitpid(pid, &status, 0);
  std::vector<double> ms;
  {
    std::ifstream in(log);
    double v;
    while (in >> v) ms.push_back(v);
  }
  if (ms.size() > 12) ms.erase(ms.begin(), ms.begin() + 12);  // start-up and the two taps to the list
  std::printf("frames while dragging a 1000-row list, 1920x1080, software renderer: %zu frames\n", ms.size());
  std::printf("  frame time ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f   (goal p99 <= 16 ms)\n", percentile(ms, 50),
              percentile(ms, 90), percentile(ms, 99), ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));

  // 2. Start-up: exec to first frame, and peak RSS, of `tramtin --screenshot` (3 runs, best and worst).
  {
    long best = 1 << 30, worst = 0, rss_max = 0;
    for (int i = 0; i < 3; ++i) {
      std::string err = (dir / "shot.err").string();
      pid_t p = spawn({kKiosk, "--config", cfg, "--size", "1920x1080", "--screenshot", (dir / "shot.png").string()},
                      {}, err);
      int st = 0;
      rusage ru{};
      wait4(p, &st, 0, &ru);
      rss_max = std::max(rss_max, ru.ru_maxrss);
      if (const long v = first_frame_ms(read_text(err)); v >= 0) {
        best = std::min(best, v);
        worst = std::max(worst, v);
      }
    }
    std::printf("tramtin --screenshot 1920x1080: exec to first frame %ld-%ld ms, peak RSS %.1f MB\n", best, worst,
                rss_max / 1024.0);
  }

  // 3. Idle CPU of the running kiosk in a real 1280x800 window on a virtual X display: on the home
  //    screen, and in the attract slideshow (the sample pack without its urgent notice, so the
  //    slides are featured items, with and without pictures). 4. An idle hour replayed headless.
  const std::string sample_cfg = make_slideshow_config(dir);
  if (system("command -v Xvfb >/dev/null 2>&1") == 0 && idle_seconds > 0) {
    const std::string display = ":" + std::to_string(90 + getpid() % 100);
    pid_t x = spawn({"Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"}, {}, "/dev/null");
    std::this_thread::sleep_for(std::chrono::seconds(2));
    struct Run {
      const char* what;
      std::string config;
      int settle_s;
    };
    const Run runs[] = {{"home screen (1 000 procedures)", cfg, 5},
                        {"attract slideshow (sample pack)", sample_cfg.empty() ? cfg : sample_cfg, 14}};
    for (const Run& r : runs) {
      pid_t k = spawn({kKiosk, "--config", r.config, "--windowed", "1280x800"}, {"DISPLAY=" + display},
                      (dir / "idle.err").string());
      std::this_thread::sleep_for(std::chrono::seconds(r.settle_s));  // start-up (and, for the slideshow, 10 s idle)
      const auto t0 = thread_cpu_ns({k});
      std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
      const auto t1 = thread_cpu_ns({k});
      const Memory mem = memory_kb(k);
      const double ms = double(cpu_ns_between(t0, t1)) / 1e6;
      const double pct = ms / 10.0 / idle_seconds;
      std::printf("idle CPU, %s, 1280x800 window under Xvfb, %d s: %.1f ms = %.4f %% of a core (goal <= 0.3 %%), "
                  "PSS %.1f MB, RSS %.1f MB\n",
                  r.what, idle_seconds, ms, pct, mem.pss_kb / 1024.0, mem.rss_kb / 1024.0);
      kill(k, SIGTERM);
      waitpid(k, &status, 0);
    }
    kill(x, SIGTERM);
    waitpid(x, &status, 0);
  } else {
    std::printf("idle CPU: skipped (Xvfb not installed or --idle-seconds 0)\n");
  }
  if (!sample_cfg.empty()) {
    std::ofstream scn(dir / "hour.scn");
    scn << "clock 2027-02-01T09:00\nwait 3600s\nexpect screen attract\n";
    scn.close();
    const auto t0 = std::chrono::steady_clock::now();
    pid_t p = spawn({kKiosk, "--config", sample_cfg, "--size", "1280x800", "--scenario", (dir / "hour.scn").string()}, {},
                    (dir / "hour.err").string());
    waitpid(p, &status, 0);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("an idle hour in the slideshow replayed headless on the virtual clock: %.2f s wall (exit %d)\n", s,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  fs::remove_all(dir);
  return 0;
}
