// Starting the kiosk on a damaged box: what is missing stops it with one clear line and a distinct
// exit status (never a screen of "?"); a crash loop ends on the maintenance screen.
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>

#include "content/store/cache.h"
#include "content/store/repair.h"
#include "tests/support/test_support.h"

using tramtin::test::TempDir;

namespace {

std::string write_config(const TempDir& dir, const std::string& data_dir, const std::string& sample) {
  tramtin::test::write_file(dir.path() / "kiosk.toml", "[kiosk]\ncommune = \"Xã Bình Lư\"\ncontact = \"Bộ phận một cửa, UBND xã\"\n"
                                                       "[content]\ndata_dir = \"" + data_dir + "\"\nsample_source = \"" +
                                                           sample + "\"\n[sync]\nimport_watch = \"\"\n");
  return dir.str("kiosk.toml");
}

const std::string kSample = std::string(TRAMTIN_SOURCE_DIR) + "/content/sample";

tramtin::test::RunResult screenshot(const std::string& config, const std::string& extra, const std::string& png) {
  return tramtin::test::run("env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + config + " " + extra +
                            " --screenshot " + png + " --size 1280x800");
}

int count_lines(const std::string& s, const std::string& needle) {
  int n = 0;
  for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("start: a missing font list stops the kiosk with exit status 5 and one line") {
  TempDir dir;
  auto r = screenshot(write_config(dir, dir.str("data"), kSample), "--fonts " + dir.str("nowhere/fonts.toml"), dir.str("x.png"));
  INFO(r.err);
  CHECK(r.status == 5);
  CHECK(r.err.find("font list") != std::string::npos);
  CHECK(count_lines(r.err, "tramtin: ") == 1);
  CHECK_FALSE(std::filesystem::exists(dir.str("x.png")));
}

TEST_CASE("start: a font file that is not installed stops the kiosk with exit status 5") {
  TempDir dir;
  tramtin::test::write_file(dir.path() / "fonts.toml",
                            "[[font]]\nname = \"Gone\"\nfile = \"" + dir.str("NotInstalled.ttf") + "\"\nface = 0\n"
                            "ranges = [\"0020-007E\"]\npreload = [\"0020-007E\"]\n");
  auto r = screenshot(write_config(dir, dir.str("data"), kSample), "--fonts " + dir.str("fonts.toml"), dir.str("x.png"));
  INFO(r.err);
  CHECK(r.status == 5);
  CHECK(r.err.find("fonts are missing") != std::string::npos);
  CHECK(r.err.find("fonts-noto-core") != std::string::npos);
}

TEST_CASE("start: no content and no sample pack stops the kiosk with exit status 5") {
  TempDir dir;
  auto r = screenshot(write_config(dir, dir.str("data"), dir.str("no-pack")), "", dir.str("x.png"));
  INFO(r.err);
  CHECK(r.status == 5);
  CHECK(r.err.find("sample pack is missing") != std::string::npos);
}

TEST_CASE("start: a data folder that cannot be made stops the kiosk with exit status 6") {
  TempDir dir;
  tramtin::test::write_file(dir.path() / "a-file", "not a folder\n");
  auto r = screenshot(write_config(dir, dir.str("a-file/data"), kSample), "", dir.str("x.png"));
  INFO(r.err);
  CHECK(r.status == 6);
  CHECK(r.err.find("cannot use the data folder") != std::string::npos);
}

TEST_CASE("start: --maintenance shows the maintenance screen and nothing of the content") {
  TempDir dir;
  auto r = screenshot(write_config(dir, dir.str("data"), kSample), "--maintenance", dir.str("m.png"));
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(std::filesystem::exists(dir.str("m.png")));
  CHECK_FALSE(std::filesystem::exists(dir.str("data/content.db")));  // the content was not even opened
}

TEST_CASE("start: after more than five restarts in ten minutes the kiosk shows the maintenance screen") {
  TempDir dir;
  const std::string config = write_config(dir, dir.str("data"), kSample);
  std::filesystem::create_directories(dir.path() / "data");
  std::string starts;
  const auto now = std::time(nullptr);
  for (int i = 6; i >= 1; --i) starts += std::to_string(now - i * 30) + "\n";  // six starts in 3 minutes
  tramtin::test::write_file(dir.path() / "data" / "starts", starts);
  // The real loop on SDL's dummy driver, stopped by SIGTERM after two seconds.
  auto r = tramtin::test::run("SDL_VIDEODRIVER=dummy timeout -s TERM 2 " + std::string(TRAMTIN_KIOSK_EXE) +
                              " --config " + config + " --windowed 800x600");
  INFO(r.err);
  CHECK(r.err.find("showing the maintenance screen") != std::string::npos);
  CHECK(r.err.find("stop signal received") != std::string::npos);  // it ran, calmly, until stopped
  CHECK_FALSE(std::filesystem::exists(dir.str("data/content.db")));
}

namespace {

// Damages the cache file the way a power cut on a cheap SD card does.
void damage(const std::string& path, bool truncate) {
  std::string bytes = tramtin::test::read_file(path);
  REQUIRE(bytes.size() > 64 * 1024);
  if (truncate) {
    bytes.resize(bytes.size() / 2);
  } else {
    std::uint32_t x = 2463534242u;  // xorshift: random-looking pages, the same every run
    for (std::size_t i = 8192; i < bytes.size() - 4096; i += 4096)
      for (std::size_t j = 0; j < 512; ++j) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        bytes[i + j] = char(x & 0xFF);
      }
  }
  tramtin::test::write_file(path, bytes);
}

}  // namespace

TEST_CASE("start: a damaged cache is set aside, rebuilt, shows content and the repair is recorded") {
  for (bool truncate : {true, false}) {
    CAPTURE(truncate);
    TempDir dir;
    const std::string config = write_config(dir, dir.str("data"), kSample);
    REQUIRE(screenshot(config, "", dir.str("first.png")).status == 0);  // first boot builds the cache
    const std::string db = dir.str("data/content.db");
    std::filesystem::remove(db + "-wal");
    std::filesystem::remove(db + "-shm");
    damage(db, truncate);

    tramtin::test::write_file(dir.path() / "s.scn", "tap tile-procedures\nexpect field field_keys ho-tich\n");
    auto r = tramtin::test::run("env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + config +
                                " --size 1280x800 --scenario " + dir.str("s.scn"));
    INFO(r.err);
    CHECK(r.status == 0);                                   // it started and showed content
    CHECK(r.err.find("content cache was damaged") != std::string::npos);
    CHECK(std::filesystem::exists(db + ".corrupt"));        // one copy kept for diagnosis
    auto c = tramtin::Cache::open(db, tramtin::Cache::Mode::reader);
    REQUIRE(c);
    auto at = (*c)->meta_value(tramtin::kMetaRepairAt);
    REQUIRE(at);
    CHECK(at->has_value());
    auto what = (*c)->meta_value(tramtin::kMetaRepairProblem);
    REQUIRE(what);
    CHECK_FALSE(what->value_or("").empty());
  }
}

TEST_CASE("start: a healthy cache is left alone") {
  TempDir dir;
  const std::string config = write_config(dir, dir.str("data"), kSample);
  REQUIRE(screenshot(config, "", dir.str("a.png")).status == 0);
  auto r = screenshot(config, "", dir.str("b.png"));
  CHECK(r.status == 0);
  CHECK(r.err.find("damaged") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.str("data/content.db.corrupt")));
}
