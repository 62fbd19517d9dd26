// End-to-end checks of the kiosk binary: options, exit statuses, headless screenshots.
#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <stb_image.h>

#include "kiosk/core/cli.h"
#include "tests/support/test_support.h"

using namespace tramtin;
using tramtin::test::run;
using tramtin::test::TempDir;

namespace {
const std::string kKiosk = TRAMTIN_KIOSK_EXE;
}

TEST_CASE("kiosk-cli: options parse · bad ones are errors") {
  auto r = parse_kiosk_args({"--screenshot", "a.png", "--size", "1366x768", "--frames", "5"});
  CHECK(r.error.empty());
  CHECK(r.args.mode == KioskArgs::Mode::screenshot);
  CHECK(r.args.width == 1366);
  CHECK(r.args.height == 768);
  CHECK(r.args.frames == 5);
  CHECK(parse_kiosk_args({"--windowed", "1280x800"}).args.fullscreen == false);
  CHECK(parse_kiosk_args({}).args.fullscreen == true);
  CHECK_FALSE(parse_kiosk_args({"--windowed", "big"}).error.empty());
  CHECK_FALSE(parse_kiosk_args({"--frames", "0"}).error.empty());
  CHECK_FALSE(parse_kiosk_args({"--config"}).error.empty());
  CHECK_FALSE(parse_kiosk_args({"--nope"}).error.empty());
}

TEST_CASE("kiosk-cli: --help · --version and unknown flags") {
  auto h = run(kKiosk + " --help");
  CHECK(h.status == 0);
  CHECK(h.out.find("--screenshot OUT.png") != std::string::npos);
  auto v = run(kKiosk + " --version");
  CHECK(v.status == 0);
  CHECK(v.out.rfind("tramtin ", 0) == 0);
  auto bad = run(kKiosk + " --frobnicate");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("unknown option \"--frobnicate\"") != std::string::npos);
}

TEST_CASE("kiosk-cli: with no display the run command says so in one line") {
  auto r = run("env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER " + kKiosk + " --windowed 800x600 --config " +
               std::string(TRAMTIN_SOURCE_DIR) + "/config/tramtin.toml");
  CHECK(r.status == 4);
  CHECK(r.err.find("no display") != std::string::npos);
  CHECK(r.err.find("xvfb-run") != std::string::npos);
  CHECK(r.err.find("--screenshot") != std::string::npos);
}

TEST_CASE("kiosk-cli: a bad config file stops the kiosk with the key and line") {
  TempDir tmp;
  test::write_file(tmp.path() / "bad.toml", "[ui]\nidle_timeout_seconds = \"soon\"\n");
  auto r = run(kKiosk + " --screenshot " + tmp.str("x.png") + " --config " + tmp.str("bad.toml"));
  CHECK(r.status == 1);
  CHECK(r.err.find("bad.toml:2: ui.idle_timeout_seconds") != std::string::npos);
}

TEST_CASE("kiosk-cli: --screenshot writes a PNG of the requested size that shows something") {
  TempDir tmp;
  // The shipped configuration, with its data folder in the temporary folder (never the machine's
  // own /var/lib/tramtin).
  std::string shipped = test::read_file(std::string(TRAMTIN_SOURCE_DIR) + "/config/tramtin.toml");
  const std::string commented = "# data_dir = \"/var/lib/tramtin\"";
  const auto at = shipped.find(commented);
  REQUIRE(at != std::string::npos);
  shipped.replace(at, commented.size(), "data_dir = \"" + tmp.str("data") + "\"");
  test::write_file(tmp.path() / "tramtin.toml", shipped);
  for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1366, 768}}) {
    std::string out = tmp.str("home-" + std::to_string(w) + ".png");
    auto r = run("env -u DISPLAY " + kKiosk + " --config " + tmp.str("tramtin.toml") + " --screenshot " + out +
                 " --size " + std::to_string(w) + "x" + std::to_string(h));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    int pw = 0, ph = 0, n = 0;
    unsigned char* px = stbi_load(out.c_str(), &pw, &ph, &n, 4);
    REQUIRE(px != nullptr);
    CHECK(pw == w);
    CHECK(ph == h);
    // Not a blank picture: many distinct colours (text anti-aliasing, icons, the header).
    std::set<unsigned> colours;
    for (int i = 0; i < pw * ph; i += 7) {
      unsigned c;
      std::memcpy(&c, px + 4 * i, 4);
      colours.insert(c);
    }
    stbi_image_free(px);
    CHECK(colours.size() > 20);
  }
}
