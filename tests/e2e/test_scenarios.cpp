// End-to-end scenarios: the real kiosk binary, headless, on a virtual clock, against a cache
// built from the bundled sample pack. Each tests/e2e/scenarios/*.scn file is one test case.
#include <doctest/doctest.h>

#include <filesystem>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/sync_fixtures.h"
#include "tests/support/test_support.h"

using tramtin::test::run;
using tramtin::test::TempDir;

namespace {

// The kiosk configuration the scenarios run with (the staff PIN is 2468; hash made with
// `tramtin-publish pin-hash`).
void write_kiosk_config(const TempDir& dir) {
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"e2e\"\ncommune = \"Xã Bình Lư\"\n"
                            "[languages]\noffered = [\"vi\", \"en\", \"zh-Hans\", \"hmn\", \"blt\"]\n"
                            "[content]\ndata_dir = \"" + dir.str("data") + "\"\n"
                            "sample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n"
                            "[ui]\nidle_timeout_seconds = 90\nattract_after_seconds = 180\n"
                            "[staff]\npin_hash = \"$argon2id$v=19$m=65536,t=2,p=1$qjjDKoj0MKgEY8N9s+mdGw$yd7f2jkHayjY9Mx258fbQ7nVAyHyCLSFe2/U8KNyjYM\"\n");
}

// One data dir for the scenarios that keep nothing between runs: the first builds the cache.
const TempDir& shared_dir() {
  static TempDir dir;
  static std::once_flag once;
  std::call_once(once, [] { write_kiosk_config(dir); });
  return dir;
}

void run_scenario(const std::string& name, const TempDir& dir = shared_dir()) {
  const std::string scn = std::string(TRAMTIN_SOURCE_DIR) + "/tests/e2e/scenarios/" + name + ".scn";
  REQUIRE(std::filesystem::exists(scn));
  const std::string state = dir.str(name + ".json");
  auto r = run("env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + dir.str("kiosk.toml") +
               " --size 1920x1080 --scenario " + scn + " --dump-state " + state + " --shots " + dir.str("shots"));
  INFO("stderr: " << r.err);
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.find("scenario ok") != std::string::npos);
  REQUIRE(std::filesystem::exists(state));
  auto j = nlohmann::json::parse(tramtin::test::read_file(state), nullptr, false);
  CHECK_FALSE(j.is_discarded());
  CHECK(j.contains("screen"));
}

}  // namespace

#define TRAMTIN_SCENARIO(name) \
  TEST_CASE("e2e: " name) { run_scenario(name); }

TRAMTIN_SCENARIO("01_telex_khai_sinh")
TRAMTIN_SCENARIO("02_plain_khai_sinh")
TRAMTIN_SCENARIO("03_direct_diacritics")
TRAMTIN_SCENARIO("04_vni")
TRAMTIN_SCENARIO("05_language_switch_on_detail")
TRAMTIN_SCENARIO("06_idle_reset")
TRAMTIN_SCENARIO("07_urgent_banner")
TRAMTIN_SCENARIO("08_expired_notice")
TRAMTIN_SCENARIO("09_scheduled_notice_goes_live")
TRAMTIN_SCENARIO("10_attract")
TRAMTIN_SCENARIO("11_browse_procedure_sections")
TRAMTIN_SCENARIO("12_products_by_group")
TRAMTIN_SCENARIO("13_news_article")
TRAMTIN_SCENARIO("14_feedback")
TRAMTIN_SCENARIO("15_nothing_found")
TRAMTIN_SCENARIO("16_typo")
TRAMTIN_SCENARIO("17_back_and_home")
TRAMTIN_SCENARIO("18_help_page")
TRAMTIN_SCENARIO("19_procedure_code")
TRAMTIN_SCENARIO("20_drag_scroll")
TRAMTIN_SCENARIO("29_search_keyboard_up")
TRAMTIN_SCENARIO("30_nothing_found_never_blank")
TRAMTIN_SCENARIO("34_more_below")
TRAMTIN_SCENARIO("35_qr_enlarge")
TRAMTIN_SCENARIO("44_glyphs_every_language")
TRAMTIN_SCENARIO("46_idle_slideshow_frames")

// Idle home for ten virtual minutes: the slideshow is an hour away, so only the clock changes.
TEST_CASE("e2e: idle home draws only the clock's minutes (45_idle_home_frames)") {
  TempDir dir;
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"e2e-idle\"\ncommune = \"Xã Bình Lư\"\n"
                            "[content]\ndata_dir = \"" + dir.str("data") + "\"\n"
                            "sample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n"
                            "[ui]\nidle_timeout_seconds = 90\nattract_after_seconds = 3600\n");
  run_scenario("45_idle_home_frames", dir);
}
TEST_CASE("e2e: sections without content are not drawn (33_missing_sections)") {
  TempDir dir;
  const auto src = dir.path() / "sample";
  std::filesystem::copy(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample", src, std::filesystem::copy_options::recursive);
  const auto vi = src / "procedures" / "ho-tich" / "dang-ky-khai-sinh" / "vi.md";
  std::string text = tramtin::test::read_file(vi.string()), kept;
  std::istringstream lines(text);
  int dropped = 0;
  for (std::string line; std::getline(lines, line);) {
    const bool drop = line.rfind("who =", 0) == 0 || line.rfind("conditions =", 0) == 0;
    dropped += drop;
    if (!drop) kept += line + "\n";
  }
  REQUIRE(dropped == 2);  // the sample still has the two fields this test takes away
  tramtin::test::write_file(vi, kept);
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"e2e-sections\"\n[content]\ndata_dir = \"" + dir.str("data") + "\"\n"
                            "sample_source = \"" + src.string() + "\"\n");
  run_scenario("33_missing_sections", dir);
}

// The staff scenarios keep a PIN lock in their data folder: each gets its own.
TEST_CASE("e2e: 21_staff_lockout") {
  TempDir dir;
  write_kiosk_config(dir);
  run_scenario("21_staff_lockout", dir);
}

TEST_CASE("e2e: 22_staff_unlock") {
  TempDir dir;
  write_kiosk_config(dir);
  run_scenario("22_staff_unlock", dir);
}

TEST_CASE("e2e: the PIN lock survives a restart (27_staff_lock_out then 28_staff_still_locked)") {
  TempDir dir;
  write_kiosk_config(dir);
  run_scenario("27_staff_lock_out", dir);
  run_scenario("28_staff_still_locked", dir);
}

TEST_CASE("e2e: a failing expectation fails the scenario with file and line") {
  const TempDir& dir = shared_dir();
  TempDir tmp;
  tramtin::test::write_file(tmp.path() / "bad.scn", "expect screen home\n\nexpect screen procedure\n");
  auto r = run("env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + dir.str("kiosk.toml") +
               " --scenario " + tmp.str("bad.scn"));
  CHECK(r.status == 1);
  CHECK(r.err.find("bad.scn:3: expected screen procedure, got home") != std::string::npos);
}
TRAMTIN_SCENARIO("23_scroll_procedures")
TRAMTIN_SCENARIO("24_scroll_news")
TRAMTIN_SCENARIO("25_scroll_products")

// Test what runs in the field: the real kiosk with its sync worker polling a feed that answers
// 500 at once, retrying every second or two, so it reports far more often than the idle timeout.
TEST_CASE("e2e: the sync worker's wake-ups are not input (idle reset and slideshow on time)") {
  TempDir dir;
  tramtin::synctest::FaultServer server(dir.str("feed"));
  server.set_fault("/", tramtin::synctest::FaultServer::Fault::status500);
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"e2e-worker\"\n"
                            "[content]\ndata_dir = \"" + dir.str("data") + "\"\n"
                            "sample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n"
                            "[sync]\nfeeds = [\"" + server.url() + "\"]\nretry_seconds = 1\njitter_percent = 0\n"
                            "import_watch = \"\"\n"
                            "[ui]\nidle_timeout_seconds = 90\nattract_after_seconds = 180\n");
  run_scenario("26_idle_with_worker", dir);
}

// The urgent fast path end to end: staff sign two urgent notices with `tramtin-publish urgent`,
// nginx serves urgent.json next to the feed, and the real kiosk (sync worker running, urgent poll
// every 3 s) shows them over the slideshow and in the banner, each reachable.
TEST_CASE("e2e: urgent fast path (tramtin-publish urgent -> nginx -> kiosk banner and slideshow)") {
  TempDir dir;
  tramtin::synctest::Nginx nginx;
  const std::string pub = std::string(TRAMTIN_PUBLISH_EXE);
  auto notice = [&](const std::string& id, int priority, const std::string& title) {
    tramtin::test::write_file(dir.path() / "src" / id / "item.toml",
                              "kind = \"notice\"\nurgent = true\npriority = " + std::to_string(priority) +
                                  "\nexpire_at = 2027-06-30T00:00:00+07:00\n");
    tramtin::test::write_file(dir.path() / "src" / id / "vi.md",
                              "+++\ntitle = \"" + title + "\"\nsummary = \"Bà con làm theo hướng dẫn của UBND xã.\"\n+++\n\nGọi 113 khi cần.\n");
  };
  notice("tb-dong-dat", 200, "Động đất 4,5 độ ở Mường Tè: ra khỏi nhà, tránh xa vách núi");
  notice("tb-mat-dien", 150, "Mất điện cả xã từ 13 giờ: trạm y tế chạy máy phát");
  auto key = run(pub + " keygen " + dir.str("staff") + " 2>&1");
  REQUIRE_MESSAGE(key.status == 0, key.out);
  auto made = run(pub + " urgent " + dir.str("src") + " " + dir.str("out") + " --key " + dir.str("staff.key") +
                  " --channel lai-chau-commune 2>&1");
  REQUIRE_MESSAGE(made.status == 0, made.out);
  CHECK(made.out.find("2 urgent notice(s)") != std::string::npos);
  auto up = run(pub + " upload " + dir.str("out") + " " + nginx.url("/feed") + " 2>&1");
  REQUIRE_MESSAGE(up.status == 0, up.out);
  const std::string pubkey = tramtin::test::read_file(dir.path() / "staff.pub");
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"e2e-urgent\"\ncommune = \"Xã Bình Lư\"\n"
                            "[content]\ndata_dir = \"" + dir.str("data") + "\"\n"
                            "sample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n"
                            "[sync]\nfeeds = [\"" + nginx.url("/feed") + "\"]\njitter_percent = 0\n"
                            "trusted_keys = [\"" + pubkey.substr(0, pubkey.find('\n')) + "\"]\n"
                            "urgent_poll_seconds = 3\nimport_watch = \"\"\n"
                            "[ui]\nidle_timeout_seconds = 90\nattract_after_seconds = 180\n");
  run_scenario("31_urgent_fast_path", dir);
  // One poll brought the file and its signature; the later ones were 304s.
  CHECK(nginx.log_count("GET /feed/urgent.sig") == 1);
}
