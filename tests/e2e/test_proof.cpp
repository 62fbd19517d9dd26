// Proof runs (issue 16): the monkey and the soak, on the real kiosk binary (headless, virtual
// clock) with its sync worker and report round against a real nginx on 127.0.0.1. CI runs short
// versions; tests/bench/proof.sh runs the long ones through the same test cases:
//   TRAMTIN_MONKEY_EVENTS=1000000   the monkey's events (default 300)
//   TRAMTIN_SOAK_HOURS=72           the soak's virtual hours (default 2)
//   TRAMTIN_PROOF_LOG=FILE          the figures written to FILE as they are taken (watch a long run)
// The kiosk prints its figures (the memory curve, the soak table); they are echoed to stdout.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "tests/support/sync_fixtures.h"
#include "tests/support/test_support.h"

using tramtin::test::run;
using tramtin::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kFirstVersion = 1764500000;

long long env_number(const char* name, long long fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoll(v) : fallback;
}

// A staff source tree (a copy of the sample pack), its key, and nginx serving its bundle at /feed
// and taking reports at /reports.
struct ProofServer {
  TempDir dir;
  tramtin::synctest::Nginx nginx;
  std::string pub;
  std::string publish = TRAMTIN_PUBLISH_EXE;

  ProofServer() {
    fs::copy(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample", dir.path() / "src", fs::copy_options::recursive);
    auto k = run(publish + " keygen " + dir.str("key"));
    REQUIRE_MESSAGE(k.status == 0, k.err);
    pub = tramtin::test::read_file(dir.path() / "key.pub");
    pub = pub.substr(0, pub.find('\n'));
    auto b = run(build_command(kFirstVersion));
    REQUIRE_MESSAGE(b.status == 0, b.out << b.err);
  }
  std::string build_command(std::int64_t version) const {
    return publish + " build " + dir.str("src") + " " + nginx.www() + "/feed --channel lai-chau-commune --key " +
           dir.str("key.key") + " --version " + std::to_string(version);
  }
  std::string kiosk(const TempDir& k, const std::string& id) const {
    tramtin::test::write_file(k.path() / "kiosk.toml",
                              "[kiosk]\nid = \"" + id + "\"\ncommune = \"Xã Bình Lư\"\n"
                              "[languages]\noffered = [\"vi\", \"en\", \"zh-Hans\", \"hmn\", \"blt\"]\n"
                              "[content]\ndata_dir = \"" + k.str("data") + "\"\n"
                              "sample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n"
                              "[sync]\nfeeds = [\"" + nginx.url("/feed") + "\"]\nchannel = \"lai-chau-commune\"\n"
                              "trusted_keys = [\"" + pub + "\"]\nretry_seconds = 1\njitter_percent = 0\n"
                              "import_watch = \"\"\nreport_url = \"" + nginx.url("/reports") + "\"\n"
                              "[ui]\nidle_timeout_seconds = 90\nattract_after_seconds = 180\n");
    return k.str("kiosk.toml");
  }
};

tramtin::test::RunResult run_kiosk(const std::string& config, const TempDir& k, const std::string& script,
                                   int width = 1280, int height = 800) {
  tramtin::test::write_file(k.path() / "proof.scn", script);
  // A long run (tests/bench/proof.sh) can be watched as it goes: with TRAMTIN_PROOF_LOG the
  // kiosk's figures go straight to that file (flushed line by line) and are read back at the end.
  const char* log = std::getenv("TRAMTIN_PROOF_LOG");
  const bool to_file = log && *log;
  const std::string cmd = "env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + config + " --size " +
                          std::to_string(width) + "x" + std::to_string(height) + " --scenario " + k.str("proof.scn") +
                          " --dump-state " + k.str("state.json");
  auto r = run(to_file ? "sh -c '" + cmd + " > " + std::string(log) + "'" : cmd);
  if (to_file) r.out = tramtin::test::read_file(log);
  std::fputs(r.out.c_str(), stdout);  // the figures
  std::fflush(stdout);
  return r;
}

}  // namespace

TEST_CASE("proof: monkey: random taps, drags, keys, waits and switches with the sync worker running") {
  const long long events = env_number("TRAMTIN_MONKEY_EVENTS", 300);
  const long long seed = env_number("TRAMTIN_MONKEY_SEED", 16);
  // A short run is mostly warm-up (each language's first font atlas, the first photos): it prints
  // its memory curve and is judged on crashes, assertions, descriptors, sync rounds and (under ASan)
  // leaks. The long run (tests/bench/proof.sh monkey, 2 000 events or more) also judges memory.
  ProofServer server;
  TempDir k;
  const std::string cfg = server.kiosk(k, "proof-monkey");
  auto r = run_kiosk(cfg, k,
                     "clock 2026-11-22T08:00\nmonkey " + std::to_string(events) + " seed=" + std::to_string(seed) +
                         " sync=2m" + (events < 2000 ? " slack=-1" : "") + "\nexpect greater worker_reports 0\n");
  INFO("stderr: " << r.err);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.find("scenario ok") != std::string::npos);
  CHECK(r.out.find("monkey: " + std::to_string(events) + " events") != std::string::npos);
  CHECK(r.err.find("crash") == std::string::npos);
  // The kiosk still holds the served content and sent its heartbeat.
  auto st = nlohmann::json::parse(tramtin::test::read_file(fs::path(server.nginx.www()) / "reports" /
                                                           "proof-monkey" / "status.json"));
  CHECK(st["content"]["version"] == kFirstVersion);
}

TEST_CASE("proof: soak: virtual days of visits, idling and syncs every 15 minutes against a changing bundle") {
  const long long hours = env_number("TRAMTIN_SOAK_HOURS", 2);
  ProofServer server;
  TempDir k;
  const std::string cfg = server.kiosk(k, "proof-soak");
  // The staff side, run by the kiosk before each sync round (`soak ... hook=`): every fourth slot a
  // notice is added that expires six hours later, and the one added twelve hours before is removed;
  // every third slot a news article is edited; then the bundle is rebuilt with the next version.
  const std::int64_t start = 1795305600;  // 2026-11-22 07:00 in Vietnam, the scenario's clock
  const std::string src = server.dir.str("src");
  const std::string hook = server.dir.str("hook.sh");
  tramtin::test::write_file(
      hook, "#!/bin/bash\nset -e\nslot=$1\nsrc='" + src + "'\nchanged=0\n"
            "if [ $((slot % 4)) -eq 1 ]; then\n"
            "  d=\"$src/notices/soak-$slot\"; mkdir -p \"$d\"\n"
            "  exp=$(TZ=Asia/Ho_Chi_Minh date -d @$((" + std::to_string(start) + " + slot * 900 + 6 * 3600)) +%Y-%m-%dT%H:%M:%S+07:00)\n"
            "  printf 'kind = \"notice\"\\nexpire_at = %s\\n' \"$exp\" > \"$d/item.toml\"\n"
            "  printf '+++\\ntitle = \"Thông báo lịch họp thôn số %s\"\\nsummary = \"Mời bà con dự họp tại nhà văn hóa.\"\\n+++\\n\\nHọp lúc 19 giờ.\\n' \"$slot\" > \"$d/vi.md\"\n"
            "  rm -rf \"$src/notices/soak-$((slot - 48))\"\n"
            "  changed=1\n"
            "fi\n"
            "if [ $((slot % 3)) -eq 2 ]; then\n"
            "  d=\"$src/news/soak-edited\"; mkdir -p \"$d\"\n"
            "  printf 'kind = \"news\"\\n' > \"$d/item.toml\"\n"
            "  printf '+++\\ntitle = \"Bản tin xã, lần sửa %s\"\\nsummary = \"Tin vắn trong tuần.\"\\n+++\\n\\nNội dung lần %s.\\n' \"$slot\" \"$slot\" > \"$d/vi.md\"\n"
            "  changed=1\n"
            "fi\n"
            "[ $changed -eq 1 ] || exit 0\n" +
            server.publish + " build \"$src\" " + server.nginx.www() + "/feed --channel lai-chau-commune --key " +
            server.dir.str("key.key") + " --version $((" + std::to_string(kFirstVersion) + " + slot)) >/dev/null 2>" +
            server.dir.str("hook.err") + "\n");
  ::chmod(hook.c_str(), 0755);
  auto r = run_kiosk(cfg, k,
                     "clock 2026-11-22T07:00\nsoak " + std::to_string(hours) + "h sync=15m seed=72 hook=" + hook + "\n");
  INFO("stderr: " << r.err);
  INFO("hook: " << tramtin::test::read_file(server.dir.path() / "hook.err"));
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.find("soak: ") != std::string::npos);
  // The kiosk ends on the last version the staff published (the last slot that changed something).
  const long long slots = hours * 4;
  long long last = 0;
  for (long long s = 1; s <= slots; ++s)
    if (s % 4 == 1 || s % 3 == 2) last = s;
  auto st = nlohmann::json::parse(tramtin::test::read_file(fs::path(server.nginx.www()) / "reports" /
                                                           "proof-soak" / "status.json"));
  CHECK(st["content"]["version"] == kFirstVersion + last);
  CHECK(st["sync"]["consecutive_failures"] == 0);
}
