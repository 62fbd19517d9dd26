// Benchmark of the staff preview (a program, not a test): the real kiosk binary in
// `--preview SRC` on a copy of the sample pack, under SDL's dummy driver, while a scenario edits one
// news title N times and waits each time for the new title on the screen. For every edit the
// kiosk's log gives the time from the save to the screen and what the reading cost (reading the
// tree, writing the cache, in wall and CPU time). Run twice: the old way, every folder read and
// the whole cache written on every save (TRAMTIN_PREVIEW_FULL=1), then only what changed.
//
//   bench_preview [--edits 20]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

const std::string kKiosk = TRAMTIN_KIOSK_EXE;
const char* kNews = "news/tin-to-cong-nghe-so-vneid/vi.md";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
}

std::string loadavg() {
  std::string s = slurp("/proc/loadavg");
  return s.substr(0, s.find(' ', s.find(' ', s.find(' ') + 1) + 1));
}

std::string title_of(const fs::path& md) {
  std::ifstream in(md);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("title = \"", 0) == 0) return line.substr(9, line.size() - 10);
  return {};
}

// The number after `key` in `line`, or -1.
double number_after(const std::string& line, const std::string& key) {
  const auto at = line.find(key);
  if (at == std::string::npos) return -1;
  return std::atof(line.c_str() + at + key.size());
}

struct Edit {
  double latency = 0, build = 0, read = 0, build_cpu = 0, read_cpu = 0;
  std::string folders;                               // "1 of 104 item folders read, 1 items written (changes only)"
};

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

void report(const char* name, const std::vector<Edit>& edits) {
  std::vector<double> lat, build, read, write, cpu, read_cpu, write_cpu;
  for (const auto& e : edits) {
    lat.push_back(e.latency);
    build.push_back(e.build);
    read.push_back(e.read);
    write.push_back(e.build - e.read);
    cpu.push_back(e.build_cpu);
    read_cpu.push_back(e.read_cpu);
    write_cpu.push_back(e.build_cpu - e.read_cpu);
  }
  std::printf("%-12s edits %2zu | save->screen p50 %6.1f max %6.1f ms | reading+writing p50 %6.1f max %6.1f ms "
              "(reading p50 %5.1f, writing p50 %5.1f)\n",
              name, edits.size(), pct(lat, 0.5), pct(lat, 1), pct(build, 0.5), pct(build, 1), pct(read, 0.5),
              pct(write, 0.5));
  std::printf("%-12s   CPU time: reading+writing p50 %5.1f max %5.1f ms (reading p50 %5.1f, writing p50 %5.1f)\n", "",
              pct(cpu, 0.5), pct(cpu, 1), pct(read_cpu, 0.5), pct(write_cpu, 0.5));
  if (!edits.empty()) std::printf("%-12s   last reading: %s\n", "", edits.back().folders.c_str());
}

// One kiosk run: N edits of the title; the readings the edits caused, as the log tells them.
std::vector<Edit> run(const fs::path& dir, int n, bool full) {
  const fs::path src = dir / "src";
  std::string title = title_of(src / kNews);
  std::string scn = "clock 2026-11-22T09:00\ntap tile-news\ntap item:tin-to-cong-nghe-so-vneid\nexpect screen article\n";
  for (int i = 0; i <= n; ++i) {  // edit 0 warms up (first use of the writer's connection, fonts)
    const std::string next = "Bản thử " + std::to_string(i) + (full ? " (đọc lại hết)" : " (chỉ phần đổi)");
    scn += std::string("edit ") + kNews + " " + title + " => " + next + "\nawait item_title " + next + "\n";
    title = next;
  }
  spit(dir / "bench.scn", scn);
  const fs::path log = dir / (full ? "full.log" : "incremental.log");
  const std::string cmd = std::string("env -u DISPLAY ") + (full ? "TRAMTIN_PREVIEW_FULL=1 " : "") + "TMPDIR=" +
                          (dir / "tmp").string() + " " + kKiosk + " --config " + (dir / "kiosk.toml").string() +
                          " --preview " + src.string() + " --scenario " + (dir / "bench.scn").string() + " > " +
                          (dir / "out.txt").string() + " 2> " + log.string();
  const int rc = std::system(cmd.c_str());
  if (rc != 0) {
    std::fprintf(stderr, "the kiosk failed (%d); its log: %s\n%s\n", rc, log.c_str(), slurp(log).c_str());
    std::exit(1);
  }
  std::vector<Edit> out;
  std::istringstream in(slurp(log));
  std::string line;
  Edit cur;
  bool have = false;
  int seen = 0;
  while (std::getline(in, line)) {
    if (line.find("read the tree again in ") != std::string::npos) {
      cur = {};
      cur.build = number_after(line, "read the tree again in ");
      cur.read = number_after(line, "(reading ");
      cur.build_cpu = number_after(line, "; CPU ");
      cur.read_cpu = number_after(line, " ms, reading ");
      const auto w = line.find("warnings; ");
      cur.folders = w == std::string::npos ? "" : line.substr(w + 10);
      have = true;
    } else if (have && line.find(" on screen ") != std::string::npos && line.find("after the save") != std::string::npos) {
      cur.latency = number_after(line, " on screen ");
      have = false;
      if (seen++ > 0) out.push_back(cur);  // the warm-up edit is not counted
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 20;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--edits") n = std::max(1, std::atoi(argv[++i]));
  char tmpl[] = "/tmp/bench_preview.XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  const fs::path dir = tmpl;
  fs::copy(fs::path(TRAMTIN_SOURCE_DIR) / "content" / "sample", dir / "src", fs::copy_options::recursive);
  fs::create_directories(dir / "tmp");
  spit(dir / "kiosk.toml", "[kiosk]\nid = \"bench-preview\"\ncommune = \"Xã Bình Lư\"\n"
                           "[languages]\noffered = [\"vi\", \"en\", \"zh-Hans\", \"hmn\", \"blt\"]\n"
                           "[content]\ndata_dir = \"" + (dir / "kiosk-data").string() + "\"\n"
                           "[sync]\nfeeds = [\"http://127.0.0.1:9/never\"]\n");
  // The preview trusts a folder's fingerprint once its files are older than the file system's clock
  // tick allows doubt about (2 s, for FAT): a tree copied a moment ago is read whole until then.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  int items = 0, media = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "src")) {
    if (e.path().filename() == "item.toml") ++items;
    const auto ext = e.path().extension();
    if (ext == ".png" || ext == ".jpg" || ext == ".ogg") ++media;
  }
  std::printf("bench_preview: the sample pack (%d item folders, %d media files), %d title edits per run, "
              "load average %s\n", items, media, n, loadavg().c_str());
  const auto full = run(dir, n, true);
  report("full", full);
  const auto incr = run(dir, n, false);
  report("incremental", incr);
  std::printf("load average after: %s\n", loadavg().c_str());
  fs::remove_all(dir);
  return full.size() == std::size_t(n) && incr.size() == std::size_t(n) ? 0 : 1;
}
