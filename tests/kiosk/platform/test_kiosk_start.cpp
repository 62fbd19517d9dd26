// Starting the kiosk on a damaged box: what is missing stops it with one clear line and a distinct
// exit status (never a screen of "?"); a crash loop ends on the maintenance screen.
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>

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
