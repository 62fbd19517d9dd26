// Power cuts: a child process syncs from a real nginx and is killed with SIGKILL at a random moment
// of the download or the apply, 200 times. After each kill the cache must pass PRAGMA
// integrity_check and hold exactly the old content set or exactly the new one (with the matching
// version), never a mix; a restarted sync must then finish the update.
#include <doctest/doctest.h>

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>

#include "content/sync/worker.h"
#include "tests/support/kill_window.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;
using K = sync::SyncOutcome::Kind;

namespace {

// 200 in CI; TRAMTIN_POWERCUT_SYNC_TRIALS sets another count (tests/bench/proof.sh powercut).
const int kTrials = [] {
  const char* v = std::getenv("TRAMTIN_POWERCUT_SYNC_TRIALS");
  return v && *v ? std::max(10, std::atoi(v)) : 200;
}();

enum Stage { st_start = 0, st_manifest, st_download, st_apply, st_cleanup, st_done, st_count };
const char* stage_name(int s) {
  static const char* names[] = {"start", "manifest", "download", "apply", "cleanup", "done"};
  return s >= 0 && s < st_count ? names[s] : "?";
}

}  // namespace

TEST_CASE("powercut: SIGKILL at random points of download and apply never leaves a mix") {
  Dir d;
  Nginx nginx("4m");  // /slow/ is rate-limited so the download takes long enough to be hit
  Publisher pub;
  pub.out_dir = d.str("bundle");

  // v1: what the kiosk has. v2: what it is fetching (every item changed, plus two photos).
  auto v1 = make_items(120);
  auto v1_version = pub.publish(v1).manifest.version;
  copy_bundle(pub.out_dir, nginx.www() + "/v1");
  auto p1 = make_media(d.str(), 150000, 41), p2 = make_media(d.str(), 90000, 42);
  auto v2 = make_items(130, 1);
  attach_media(v2[0], p1);
  attach_media(v2[1], p2);
  auto v2_version = pub.publish(v2, {p1, p2}).manifest.version;
  copy_bundle(pub.out_dir, nginx.www() + "/v2");
  const ContentSet old_set = expected_set(v1, v1_version), new_set = expected_set(v2, v2_version);

  // A cache holding v1, copied before each trial.
  Config tmpl = kiosk_config(d.str("template"), {nginx.url("/v1")}, {pub.public_key()});
  REQUIRE(sync_now(tmpl).kind == K::applied);
  REQUIRE(read_content(tmpl.database) == old_set);
  REQUIRE_FALSE(fs::exists(tmpl.database + "-wal"));  // closed cleanly: one self-contained file

  Config cfg = kiosk_config(d.str("kiosk"), {nginx.url("/slow/v2")}, {pub.public_key()});
  const std::string staging = cfg.data_dir + "/staging";
  auto reset_db = [&] {
    for (const char* ext : {"", "-wal", "-shm", "-journal"}) fs::remove(cfg.database + ext);
    fs::copy_file(tmpl.database, cfg.database);
  };

  // The child reports its stage through a shared page, so we know where each kill landed.
  void* page = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  REQUIRE(page != MAP_FAILED);
  auto* shared = static_cast<volatile int*>(page);
  auto spawn = [&]() -> pid_t {
    *shared = st_start;
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
      auto opt = fast_options();
      opt.on_stage = [shared](const char* s) {
        std::string_view v(s);
        *shared = v == "manifest" ? st_manifest : v == "download" ? st_download : v == "apply" ? st_apply : st_cleanup;
      };
      auto cache = Cache::open(cfg.database, Cache::Mode::writer);
      if (!cache) ::_exit(4);
      auto o = sync::sync_once(cfg, **cache, staging, sync::system_now, opt);
      *shared = st_done;
      ::_exit(o.kind == K::applied ? 0 : 5);
    }
    return pid;
  };

  // Calibrate: how long an uninterrupted sync takes here, from a cold and from a warm staging.
  using clock = std::chrono::steady_clock;
  double cold_ms = 0;
  for (int i = 0; i < 3; ++i) {
    reset_db();
    fs::remove_all(staging);
    auto t0 = clock::now();
    pid_t pid = spawn();
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    cold_ms = std::max(cold_ms, std::chrono::duration<double, std::milli>(clock::now() - t0).count());
    REQUIRE(read_content(cfg.database) == new_set);
  }
  // And from a warm staging area (objects already downloaded: mostly the apply).
  double warm_ms = 0;
  for (int i = 0; i < 3; ++i) {
    reset_db();
    auto t0 = clock::now();
    pid_t pid = spawn();
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    warm_ms = std::max(warm_ms, std::chrono::duration<double, std::milli>(clock::now() - t0).count());
  }
  MESSAGE("an uninterrupted sync takes " << cold_ms << " ms cold, " << warm_ms << " ms warm");

  std::mt19937 rng(20261121);
  tramtin::test::KillWindow cold_window(cold_ms), warm_window(warm_ms);
  int killed = 0, saw_old = 0, saw_new = 0, restarted = 0;
  int at_stage[st_count] = {};
  for (int t = 0; t < kTrials; ++t) {
    CAPTURE(t);
    reset_db();
    // Two trials in three start from an empty staging area; the rest keep what the previous kill
    // left (partial files to resume, objects already held), so kills also land in later stages.
    const bool cold = rng() % 3 != 0;
    if (cold) fs::remove_all(staging);
    // The kill lands anywhere in the time an uninterrupted run of the same kind takes, and a
    // quarter beyond, the window following the machine's speed (tests/support/kill_window.h): most
    // trials are cut short, some finish (so the new set is always seen).
    tramtin::test::KillWindow& window = cold ? cold_window : warm_window;
    const auto delay = window.next(rng);
    pid_t pid = spawn();
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
      ++killed;
      ++at_stage[*shared];
    }
    window.record(WIFSIGNALED(status));

    ContentSet now = read_content(cfg.database);
    REQUIRE_MESSAGE(now.integrity == "ok", "integrity_check: " << now.integrity);
    const bool is_old = now == old_set, is_new = now == new_set;
    REQUIRE_MESSAGE((is_old || is_new), "trial " << t << ": a mix of " << now.docs.size() << " items, version "
                                                 << now.version << ", killed in " << stage_name(*shared));
    saw_old += is_old;
    saw_new += is_new;

    // Every fifth trial: the kiosk comes back up and the sync finishes the job.
    if (t % 5 == 0) {
      auto o = sync_now(cfg);
      REQUIRE_MESSAGE(o.ok(), o.line());
      REQUIRE(read_content(cfg.database) == new_set);
      ++restarted;
    }
  }
  ::munmap(page, 4096);
  MESSAGE(kTrials << " trials, " << killed << " killed (manifest " << at_stage[st_manifest] << ", download "
                  << at_stage[st_download] << ", apply " << at_stage[st_apply] << ", cleanup " << at_stage[st_cleanup]
                  << ", before start " << at_stage[st_start] << "); old set " << saw_old << ", new set " << saw_new
                  << "; " << restarted << " restarts finished the update");
  std::printf("powercut sync_once: %d trials, %d killed (download %d, apply %d), old %d, new %d\n", kTrials, killed,
              at_stage[st_download], at_stage[st_apply], saw_old, saw_new);
  // Most trials must land a kill inside the work (the window aims at three in four), or the test
  // would prove nothing.
  CHECK(killed >= kTrials / 3);
  CHECK(at_stage[st_download] > 0);
  CHECK(at_stage[st_apply] > 0);
  CHECK(saw_old > 0);
  CHECK(saw_new > 0);
}
