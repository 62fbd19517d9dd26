// Power cuts beyond the sync library's own test (tests/content/sync/test_sync_powercut.cpp, which
// kills sync_once in download and apply): the kiosk program killed with SIGKILL in the middle of
// `--import` (a USB stick) and `--sync-once`, and the report round killed while it PUTs parts to a
// real nginx. After each kill: PRAGMA integrity_check is ok, the cache holds exactly the old or
// exactly the new content, and (every few trials) the real kiosk starts on it and shows content; for
// reports, once the round has run again, every usage count is on the server exactly once. And a
// full disk while the cache takes an update: refused whole, said plainly, applied once there is room.
// Bundles are made with `tramtin-publish build` (the public command), so the tests do not depend on
// the manifest's format. Trials: TRAMTIN_POWERCUT_TRIALS (per test; default 40, CI) — the long
// run is tests/bench/proof.sh powercut.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "content/report/reporter.h"
#include "content/store/cache.h"
#include "content/sync/state.h"
#include "tests/support/kill_window.h"
#include "tests/support/sync_fixtures.h"
#include "tests/support/test_support.h"

using namespace tramtin;
using namespace tramtin::synctest;
using tramtin::test::run;

namespace {

int trials(int fallback) {
  const char* v = std::getenv("TRAMTIN_POWERCUT_TRIALS");
  return v && *v ? std::max(1, std::atoi(v)) : fallback;
}

// Starts the kiosk program with `args` in a child process, no display, its output to `out_file`;
// `in_child` runs in the child just before the program (limits, signals).
pid_t start_kiosk(const std::vector<std::string>& args, const std::string& out_file = "/dev/null",
                  const std::function<void()>& in_child = {}) {
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(out, 2);
    if (in_child) in_child();
    std::vector<char*> argv;
    static std::string exe = TRAMTIN_KIOSK_EXE;
    argv.push_back(exe.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::unsetenv("DISPLAY");
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

// Runs the kiosk program with `args` (no display needed) and kills it after `delay`; returns true
// when the kill landed (the program was still running).
bool run_and_kill(const std::vector<std::string>& args, std::chrono::microseconds delay, int* exit_status) {
  const pid_t pid = start_kiosk(args);
  if (delay.count() > 0) std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return WIFSIGNALED(status);
}

double run_ms(const std::vector<std::string>& args) {
  const auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  const pid_t pid = start_kiosk(args);
  ::waitpid(pid, &status, 0);
  REQUIRE_MESSAGE((WIFEXITED(status) && WEXITSTATUS(status) == 0), "the kiosk program failed: status " << status);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// The staff side: a source tree (the sample pack), edited for the second version, built with the
// public command into two bundle folders.
struct TwoVersions {
  Dir d;
  std::string publish = TRAMTIN_PUBLISH_EXE;
  std::string pub;
  std::string v1, v2;  // bundle folders

  TwoVersions() {
    fs::copy(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample", d.str("src"), fs::copy_options::recursive);
    auto k = run(publish + " keygen " + d.str("key"));
    REQUIRE_MESSAGE(k.status == 0, k.err);
    pub = read_bytes(d.str("key.pub"));
    pub = pub.substr(0, pub.find('\n'));
    v1 = d.str("v1");
    build(v1, 1764500000);
    // Version 2: twelve new notices, every news article's summary edited.
    for (int i = 0; i < 12; ++i) {
      const std::string dir = d.str("src/notices/pc-" + std::to_string(i));
      write_bytes(dir + "/item.toml", "kind = \"notice\"\nexpire_at = 2027-06-30T00:00:00+07:00\n");
      write_bytes(dir + "/vi.md", "+++\ntitle = \"Lịch trực điện lực thôn " + std::to_string(i) +
                                      "\"\nsummary = \"Bà con báo mất điện qua số trực.\"\n+++\n\nGọi 19006769.\n");
    }
    for (const auto& e : fs::recursive_directory_iterator(d.str("src/news"))) {
      if (e.path().filename() != "vi.md") continue;
      std::string text = read_bytes(e.path().string());
      auto at = text.find("summary = \"");
      REQUIRE(at != std::string::npos);
      text.insert(at + 11, "(Cập nhật) ");
      write_bytes(e.path().string(), text);
    }
    v2 = d.str("v2");
    build(v2, 1764600000);
  }
  void build(const std::string& out, std::int64_t version) {
    auto b = run(publish + " build " + d.str("src") + " " + out + " --channel lai-chau-commune --key " +
                 d.str("key.key") + " --version " + std::to_string(version));
    REQUIRE_MESSAGE(b.status == 0, b.out << b.err);
  }
};

std::string kiosk_toml(const std::string& data_dir, const std::string& feed, const std::string& pub) {
  return "[kiosk]\nid = \"powercut\"\n[content]\ndata_dir = \"" + data_dir + "\"\nsample_source = \"" +
         std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n[sync]\nfeeds = [" +
         (feed.empty() ? std::string() : "\"" + feed + "\"") + "]\nchannel = \"lai-chau-commune\"\n" +
         "trusted_keys = [\"" + pub + "\"]\nretry_seconds = 1\njitter_percent = 0\nimport_watch = \"\"\n";
}

// The real kiosk starts on the data folder (no feed: nothing changes it meanwhile), shows the home
// screen and a list of procedure fields.
void kiosk_starts_and_shows_content(const Dir& d, const std::string& data_dir, const std::string& pub) {
  write_bytes(d.str("check.toml"), kiosk_toml(data_dir, "", pub));
  write_bytes(d.str("check.scn"),
              "expect screen home\ntap tile-procedures\nexpect screen procedures\nexpect no-field field_keys -\n");
  auto r = run("env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + d.str("check.toml") +
               " --size 800x600 --scenario " + d.str("check.scn"));
  REQUIRE_MESSAGE(r.status == 0, r.err);
}

// `mode` "--import" (the bundle folder on a USB stick) or "--sync-once" (nginx serving it).
void kill_the_kiosk_program(const std::string& mode, int n) {
  TwoVersions tv;
  Dir d;
  std::unique_ptr<Nginx> nginx;
  std::string feed;
  if (mode == "--sync-once") {
    nginx = std::make_unique<Nginx>("4m");
    copy_bundle(tv.v1, nginx->www() + "/feed");
  }
  const std::string data = d.str("data"), tmpl = d.str("template");
  const std::string cfg = d.str("kiosk.toml");
  auto write_cfg = [&] { write_bytes(cfg, kiosk_toml(data, nginx ? nginx->url("/feed") : "", tv.pub)); };
  write_cfg();
  auto args = [&](const std::string& bundle) {
    return mode == "--import" ? std::vector<std::string>{"--config", cfg, "--import", bundle}
                              : std::vector<std::string>{"--config", cfg, "--sync-once"};
  };
  // The old state: the kiosk has version 1 (from the same command), closed cleanly.
  run_ms(args(tv.v1));
  const ContentSet old_set = read_content(data + "/content.db");
  REQUIRE(old_set.integrity == "ok");
  REQUIRE(old_set.version == 1764500000);
  fs::copy(data, tmpl, fs::copy_options::recursive);
  if (nginx) {
    copy_bundle(tv.v2, nginx->www() + "/feed");
    write_cfg();
  }
  auto reset = [&] {
    fs::remove_all(data);
    fs::copy(tmpl, data, fs::copy_options::recursive);
  };
  // The new state, and how long an uninterrupted run takes.
  double full_ms = 0;
  ContentSet new_set;
  for (int i = 0; i < 3; ++i) {
    reset();
    full_ms = std::max(full_ms, run_ms(args(tv.v2)));
    new_set = read_content(data + "/content.db");
  }
  REQUIRE(new_set.integrity == "ok");
  REQUIRE(new_set.version == 1764600000);
  REQUIRE(new_set.docs.size() == old_set.docs.size() + 12);

  std::mt19937 rng(1616);
  tramtin::test::KillWindow window(full_ms, 1.2);  // follows the machine (tests/support/kill_window.h)
  int killed = 0, saw_old = 0, saw_new = 0, started = 0;
  for (int t = 0; t < n; ++t) {
    CAPTURE(t);
    // Half the trials start over; the rest keep what the last kill left in staging.
    if (rng() % 2 == 0) reset();
    else {
      fs::remove(data + "/content.db");
      fs::remove(data + "/content.db-wal");
      fs::remove(data + "/content.db-shm");
      for (const char* f : {"content.db", "content.db-wal", "content.db-shm"})
        if (fs::exists(tmpl + "/" + f)) fs::copy_file(tmpl + "/" + f, data + "/" + f);
    }
    int status = 0;
    const bool landed = run_and_kill(args(tv.v2), window.next(rng), &status);
    window.record(landed);
    killed += landed;
    const ContentSet now = read_content(data + "/content.db");
    REQUIRE_MESSAGE(now.integrity == "ok", "integrity_check: " << now.integrity);
    const bool is_old = now == old_set, is_new = now == new_set;
    REQUIRE_MESSAGE((is_old || is_new), "trial " << t << ": a mix of " << now.docs.size() << " items, version "
                                                 << now.version);
    saw_old += is_old;
    saw_new += is_new;
    if (t % 8 == 0) {  // the restart: the kiosk comes up on what the cut left, then finishes the job
      kiosk_starts_and_shows_content(d, data, tv.pub);
      ++started;
      run_ms(args(tv.v2));
      REQUIRE(read_content(data + "/content.db") == new_set);
    }
  }
  MESSAGE("tramtin " << mode << ": " << n << " trials, " << killed << " killed (an uninterrupted run takes "
                     << full_ms << " ms); old content " << saw_old << ", new content " << saw_new << "; the kiosk "
                     << "started and showed content " << started << " times");
  std::printf("powercut %s: %d trials, %d killed, old %d, new %d, kiosk started %d times\n", mode.c_str(), n, killed,
              saw_old, saw_new, started);
  CHECK(killed >= n / 3);
  CHECK(saw_old > 0);
  if (n >= 10) CHECK(saw_new > 0);
}

}  // namespace

TEST_CASE("powercut: SIGKILL during a USB import (tramtin --import): old or new content, and the kiosk starts") {
  kill_the_kiosk_program("--import", trials(40));
}

TEST_CASE("powercut: SIGKILL during tramtin --sync-once from nginx: old or new content, and the kiosk starts") {
  kill_the_kiosk_program("--sync-once", trials(40));
}

TEST_CASE("powercut: SIGKILL during the report round loses no usage part and sends none twice") {
  const int n = trials(60);
  Dir d;
  Nginx nginx;
  Config cfg = kiosk_config(d.str("data"), {}, {});
  cfg.kiosk_id = "powercut-reports";
  cfg.report_url = nginx.url("/reports");
  const UnixTime now = 1811116800;  // 2027-05-23: every day below is over, so its part is final
  report::ReporterOptions ro;
  ro.clock = [now] { return now; };
  ro.http.connect_timeout_seconds = 3;
  sync::SyncOutcome outcome;
  outcome.kind = sync::SyncOutcome::Kind::up_to_date;
  const std::string folder = nginx.www() + "/reports/powercut-reports";

  // What the server holds: views per item summed over every part file.
  auto served = [&] {
    std::map<std::string, std::int64_t> sum;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
      if (e.path().filename() == "status.json") continue;
      auto j = nlohmann::json::parse(read_bytes(e.path().string()), nullptr, false);
      REQUIRE_MESSAGE(!j.is_discarded(), "a half-written part on the server: " << e.path());
      for (const auto& v : j["views"]) sum[v["item"].get<std::string>()] += v["count"].get<std::int64_t>();
    }
    return sum;
  };

  std::map<std::string, std::int64_t> expected;
  std::mt19937 rng(2027);
  auto add_usage = [&](int t) {
    auto cache = Cache::open(cfg.database, Cache::Mode::writer);
    REQUIRE(cache.ok());
    std::vector<UsageCount> counts;
    for (int day = 0; day < 6; ++day) {  // six days, one part each
      const int index = t * 6 + day;
      char iso[32];
      std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", 2000 + index / 336, 1 + index / 28 % 12, 1 + index % 28);
      for (int i = 0; i < 5; ++i) {
        const std::string item = "muc-" + std::to_string((index + i) % 17);
        const std::int64_t c = 1 + rng() % 9;
        counts.push_back(UsageCount{iso, "view", item, "vi", "", c});
        expected[item] += c;
      }
    }
    REQUIRE((*cache)->add_usage(counts).ok());
  };
  auto round = [&] {
    auto cache = Cache::open(cfg.database, Cache::Mode::writer);
    REQUIRE(cache.ok());
    report::Reporter r(cfg, ro);
    r.after_attempt(**cache, outcome);
    return report::read_report_status(**cache);
  };

  // Calibrate on a first, uninterrupted round.
  add_usage(0);
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(round().queued == 0);
  const double full_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(served() == expected);

  tramtin::test::KillWindow window(full_ms, 1.5);  // follows the machine (tests/support/kill_window.h)
  int killed = 0;
  for (int t = 1; t <= n; ++t) {
    CAPTURE(t);
    add_usage(t);
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
      auto cache = Cache::open(cfg.database, Cache::Mode::writer);
      if (!cache) ::_exit(4);
      report::Reporter r(cfg, ro);
      r.after_attempt(**cache, outcome);
      ::_exit(0);
    }
    std::this_thread::sleep_for(window.next(rng));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    killed += WIFSIGNALED(status);
    window.record(WIFSIGNALED(status));
    REQUIRE(read_content(cfg.database).integrity == "ok");
    // The restart: the next round sends what is left, under the same names.
    REQUIRE(round().queued == 0);
    REQUIRE(served() == expected);
  }
  std::int64_t total = 0;
  for (const auto& [item, c] : expected) total += c;
  MESSAGE("report round: " << n << " trials, " << killed << " killed (a round takes " << full_ms << " ms); " << total
                           << " views all on the server once");
  std::printf("powercut reports: %d trials, %d killed, %lld views on the server exactly once\n", n, killed,
              static_cast<long long>(total));
  CHECK(killed >= n / 3);
}

namespace {

// Runs the kiosk program; with `file_limit` > 0, every file it writes is limited to that many bytes
// (RLIMIT_FSIZE, SIGXFSZ ignored: a write past the limit fails, as one on a full card does).
// Returns its exit status; what it printed goes to `out_file`.
int run_kiosk(const std::vector<std::string>& args, rlim_t file_limit, const std::string& out_file) {
  const pid_t pid = start_kiosk(args, out_file, [file_limit] {
    if (file_limit == 0) return;
    ::signal(SIGXFSZ, SIG_IGN);  // stays ignored across exec
    const rlimit r{file_limit, file_limit};
    ::setrlimit(RLIMIT_FSIZE, &r);
  });
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A small memory file system at `dir` (root only), for a disk that really fills up; unmounted at
// the end of the test whatever happens.
class SmallDisk {
 public:
  explicit SmallDisk(std::string dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_);
    mounted_ = ::mount("tramtin-test", dir_.c_str(), "tmpfs", 0, "size=64m") == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  // The disk's size becomes what it holds now plus `room` bytes.
  bool shrink_to_used_plus(std::uint64_t room) {
    std::uint64_t used = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir_))
      if (e.is_regular_file()) used += e.file_size();
    return remount("size=" + std::to_string((used + room + 4095) / 4096 * 4096));
  }
  bool grow() { return remount("size=64m"); }

 private:
  bool remount(const std::string& opts) {
    return ::mount("tramtin-test", dir_.c_str(), "tmpfs", MS_REMOUNT, opts.c_str()) == 0;
  }
  std::string dir_;
  bool mounted_ = false;
};

}  // namespace

TEST_CASE("full disk: an update the cache cannot grow for is refused whole, said plainly for the staff screen, and applied once there is room") {
  TwoVersions tv;
  // Version 3: two hundred notices more than version 2, so the cache must grow to take it.
  for (int i = 0; i < 200; ++i) {
    const std::string dir = tv.d.str("src/notices/full-" + std::to_string(i));
    std::string body;
    for (int k = 0; k < 12; ++k) body += "Bà con thôn " + std::to_string(i) + " mang sổ hộ khẩu và căn cước khi đến làm thủ tục. ";
    write_bytes(dir + "/item.toml", "kind = \"notice\"\nexpire_at = 2027-06-30T00:00:00+07:00\n");
    write_bytes(dir + "/vi.md", "+++\ntitle = \"Thông báo lịch tiếp dân số " + std::to_string(i) +
                                    "\"\nsummary = \"Lịch tiếp dân tại nhà văn hóa thôn.\"\n+++\n\n" + body + "\n");
  }
  const std::string v3 = tv.d.str("v3");
  tv.build(v3, 1764700000);

  // The cache on a card of its own (a small tmpfs, when this runs as root), the staging folder
  // beside the configuration: only the database's growth can fail.
  SmallDisk card(tv.d.str("card"));
  const bool real_disk = card.mounted();
  const std::string data = tv.d.str("data");
  const std::string db = real_disk ? tv.d.str("card") + "/content.db" : data + "/content.db";
  const std::string cfg = tv.d.str("kiosk.toml");
  std::string toml = kiosk_toml(data, "", tv.pub);
  toml.replace(toml.find("[content]\n") + 10, 0, "database = \"" + db + "\"\n");
  write_bytes(cfg, toml);
  REQUIRE(run_kiosk({"--config", cfg, "--import", tv.v1}, 0, tv.d.str("v1.out")) == 0);
  const ContentSet old_set = read_content(db);
  REQUIRE(old_set.integrity == "ok");
  REQUIRE(old_set.version == 1764500000);

  // The card is full: 64 KB left on the tmpfs, or no file may grow past the cache's size.
  rlim_t limit = 0;
  if (real_disk) REQUIRE(card.shrink_to_used_plus(64 * 1024));
  else limit = static_cast<rlim_t>(fs::file_size(db));
  const std::string how = real_disk ? "a real full disk: the cache on a tmpfs with 64 KB free"
                                    : "not root: no tmpfs; the kiosk's files are held to the cache's size by "
                                      "RLIMIT_FSIZE instead (SQLite then reports an I/O error, not a full disk)";
  MESSAGE(how);
  const int status = run_kiosk({"--config", cfg, "--import", v3}, limit, tv.d.str("full.out"));
  const std::string said = read_bytes(tv.d.str("full.out"));
  INFO("the kiosk said:\n" << said);
  CHECK(status == 3);  // failed (not rejected: the bundle is good)
  const ContentSet kept = read_content(db);
  CHECK(kept.integrity == "ok");
  CHECK(kept == old_set);
  {
    // What the staff screen reads: the failure and its cause.
    auto cache = Cache::open(db, Cache::Mode::reader);
    REQUIRE(cache);
    const sync::SyncState st = sync::read_sync_state(**cache);
    CHECK(st.last_cause == ErrorKind::storage);
    if (real_disk) {
      CHECK(said.find("failed: the disk is full: the content database could not grow") != std::string::npos);
      CHECK(said.find("the kiosk keeps the content it had") != std::string::npos);
      CHECK(st.last_reason.find("the disk is full") != std::string::npos);
      CHECK(st.space_needed > 0);  // how much the update holds, for the "not enough space" row
    } else {
      CHECK(said.find("failed: ") != std::string::npos);
      CHECK(st.last_reason.find("content database") != std::string::npos);
    }
  }

  // Room again: the same bundle applies, whole.
  if (real_disk) REQUIRE(card.grow());
  REQUIRE(run_kiosk({"--config", cfg, "--import", v3}, 0, tv.d.str("v3.out")) == 0);
  const ContentSet fresh = read_content(db);
  CHECK(fresh.integrity == "ok");
  CHECK(fresh.version == 1764700000);
  CHECK(fresh.docs.size() == old_set.docs.size() + 12 + 200);
}
