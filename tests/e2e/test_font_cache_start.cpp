// The real kiosk keeps its font atlas: the first start rasterises and writes it to the data
// folder, the second reads it (the state dump and the log say so) and draws the very same pixels;
// a damaged atlas file is named in the log, ignored and written again. Layer: tests (the real
// kiosk, headless).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using tramtin::test::run;
using tramtin::test::TempDir;

namespace {

struct Start {
  tramtin::test::RunResult r;
  nlohmann::json state;
  std::string shot;  // the PNG's bytes
};

Start start(TempDir& dir, const std::string& name) {
  Start s;
  s.r = run("env -u DISPLAY TRAMTIN_LOG=debug " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + dir.str("kiosk.toml") +
            " --size 1280x800 --scenario " + dir.str("home.scn") + " --shots " + dir.str(name) + " --dump-state " +
            dir.str(name + ".json"));
  s.state = nlohmann::json::parse(tramtin::test::read_file(dir.str(name + ".json")), nullptr, false);
  s.shot = tramtin::test::read_file(dir.path() / name / "home.png");
  return s;
}

// A kiosk offering Vietnamese, Chinese (its default) and Thái, on the sample pack.
void write_config(TempDir& dir) {
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"e2e\"\ncommune = \"Xã Bình Lư\"\n"
                            "[languages]\noffered = [\"vi\", \"zh-Hans\", \"blt\"]\ndefault = \"zh-Hans\"\n"
                            "[content]\ndata_dir = \"" + dir.str("data") + "\"\n"
                            "sample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n");
}

std::vector<std::filesystem::path> atlas_files(TempDir& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() / "data" / "font-cache", ec))
    if (e.path().extension() == ".atlas") out.push_back(e.path());
  return out;
}

}  // namespace

TEST_CASE("e2e: the second start reads the font atlas from the data folder and draws the same pixels") {
  TempDir dir;
  write_config(dir);
  tramtin::test::write_file(dir.path() / "home.scn",
                            "clock 2026-11-22T09:00\nexpect screen home\nexpect field missing_glyphs 0\nshot home\n");

  const Start cold = start(dir, "cold");
  INFO("cold stderr: " << cold.r.err);
  REQUIRE(cold.r.status == 0);
  REQUIRE_FALSE(cold.state.is_discarded());
  CHECK(cold.state["atlas_from_cache"] == false);
  CHECK(cold.r.err.find("built in") != std::string::npos);
  REQUIRE(atlas_files(dir).size() == 1);  // written before the kiosk exited
  CHECK(std::filesystem::exists(dir.path() / "data" / "font-cache" / "glyphs"));
  REQUIRE(cold.shot.size() > 1000);

  const Start warm = start(dir, "warm");
  INFO("warm stderr: " << warm.r.err);
  REQUIRE(warm.r.status == 0);
  CHECK(warm.state["atlas_from_cache"] == true);
  CHECK(warm.state["missing_glyphs"] == 0);
  CHECK(warm.state["atlas_glyphs"] == cold.state["atlas_glyphs"]);
  CHECK(warm.r.err.find("read from the atlas cache") != std::string::npos);
  CHECK(warm.r.err.find("glyph scan read from") != std::string::npos);
  CHECK(warm.shot == cold.shot);  // the same glyphs in the same places: identical PNG bytes

  // A damaged file: named, ignored, the atlas built and the file written again.
  const auto file = atlas_files(dir).at(0);
  std::string bytes = tramtin::test::read_file(file);
  bytes[bytes.size() / 2] ^= 0x5A;
  tramtin::test::write_file(file, bytes);
  const Start damaged = start(dir, "damaged");
  INFO("damaged stderr: " << damaged.r.err);
  REQUIRE(damaged.r.status == 0);
  CHECK(damaged.state["atlas_from_cache"] == false);
  CHECK(damaged.r.err.find("atlas cache not used") != std::string::npos);
  CHECK(damaged.r.err.find("checksum mismatch") != std::string::npos);
  CHECK(damaged.shot == cold.shot);
  const Start again = start(dir, "again");
  CHECK(again.state["atlas_from_cache"] == true);
  CHECK(again.shot == cold.shot);

  // A language switch builds (or reads) the other language's atlas: the cache then holds both.
  tramtin::test::write_file(dir.path() / "home.scn",
                            "clock 2026-11-22T09:00\ntap language\ntap lang-vi\nexpect field language vi\n"
                            "expect field missing_glyphs 0\nshot home\n");
  const Start vi = start(dir, "vi");
  INFO("vi stderr: " << vi.r.err);
  REQUIRE(vi.r.status == 0);
  CHECK(atlas_files(dir).size() == 2);
  const Start vi_again = start(dir, "vi-again");
  CHECK(vi_again.state["atlas_from_cache"] == true);
  CHECK(vi_again.shot == vi.shot);
}

TEST_CASE("e2e: after the first frame the atlases a visitor may ask for next are in the cache: A++ and another language read, not rasterised") {
  TempDir dir;
  write_config(dir);
  // Without the prewarm, the switch rasterises on the UI thread.
  tramtin::test::write_file(dir.path() / "home.scn",
                            "clock 2026-11-22T09:00\nsettle\ntap size-A++\nexpect field atlas_from_cache false\n"
                            "expect field missing_glyphs 0\nshot home\n");
  const Start plain = start(dir, "plain");
  INFO("plain stderr: " << plain.r.err);
  REQUIRE(plain.r.status == 0);
  std::filesystem::remove_all(dir.path() / "data" / "font-cache");

  // With it: this language at A-, A+ and A++, and the two other languages at A, are read.
  tramtin::test::write_file(dir.path() / "home.scn",
                            "clock 2026-11-22T09:00\nprewarm\ntap size-A++\nexpect field atlas_from_cache true\n"
                            "expect field missing_glyphs 0\nshot home\ntap size-A\ntap language\ntap lang-blt\n"
                            "expect field language blt\nexpect field atlas_from_cache true\nexpect field missing_glyphs 0\n");
  const Start warm = start(dir, "warm");
  INFO("warm stderr: " << warm.r.err);
  REQUIRE(warm.r.status == 0);
  CHECK(warm.r.err.find("atlas(es) built ahead in") != std::string::npos);
  CHECK(atlas_files(dir).size() == 6);  // zh-Hans at A, A-, A+, A++; vi and blt at A
  CHECK(warm.shot == plain.shot);       // the atlas read draws what the one rasterised drew
}

namespace {

// The number after `key` in the first line of `log` that holds `line_has`; -1 when absent.
long number_after(const std::string& log, const std::string& line_has, const std::string& key) {
  const auto at = log.find(line_has);
  if (at == std::string::npos) return -1;
  const auto k = log.find(key, at);
  const auto eol = log.find('\n', at);
  if (k == std::string::npos || (eol != std::string::npos && k > eol)) return -1;
  return std::atol(log.c_str() + k + key.size());
}

}  // namespace

TEST_CASE("e2e: a cold start in the real loop shows its first screen from an atlas of what it draws, then swaps in the full atlas from a worker") {
  TempDir dir;
  write_config(dir);
  // The real loop on SDL's dummy driver (the worker, the clock and the glyph scan running), stopped
  // by SIGTERM after three seconds; no scenario, so nothing waits for the full atlas but its worker.
  const std::string kiosk = "env -u DISPLAY SDL_VIDEODRIVER=dummy TRAMTIN_LOG=debug timeout -s TERM 3 " +
                            std::string(TRAMTIN_KIOSK_EXE) + " --config " + dir.str("kiosk.toml") + " --windowed 1280x800";
  const auto cold = run(kiosk);
  INFO("cold stderr: " << cold.err);
  CHECK(cold.err.find("stop signal received") != std::string::npos);
  const long first = number_after(cold.err, "fonts: first screen: ", "first screen: ");
  REQUIRE(first > 0);
  const auto first_at = cold.err.find("fonts: first screen: "), frame_at = cold.err.find("app: first frame ");
  REQUIRE(frame_at != std::string::npos);
  CHECK(first_at < frame_at);  // the first frame was drawn with it
  // The full Chinese atlas holds thousands of glyphs (every character of the content at five sizes).
  const auto full_at = cold.err.find(" glyphs, ", frame_at);
  REQUIRE(full_at != std::string::npos);
  const long full = number_after(cold.err.substr(cold.err.rfind("fonts: atlas: ", full_at)), "fonts: atlas: ", "atlas: ");
  CHECK(full > 4 * first);
  CHECK(cold.err.find("font atlas installed") != std::string::npos);  // swapped in between frames
  // Nothing had to wait for it, and no frame drew a character the first atlas lacked.
  CHECK(cold.err.find("the full atlas was waited for") == std::string::npos);
  CHECK(cold.err.find("lacked a character") == std::string::npos);
  REQUIRE_FALSE(atlas_files(dir).empty());  // the full atlas is kept; the first screen's is not

  // The next start is warm: the whole atlas read, no first screen's atlas.
  const auto warm = run(kiosk);
  INFO("warm stderr: " << warm.err);
  CHECK(warm.err.find("read from the atlas cache") != std::string::npos);
  CHECK(warm.err.find("fonts: first screen: ") == std::string::npos);
}

TEST_CASE("e2e: a cold start's first tap waits for the full atlas: the next screen lacks no character") {
  TempDir dir;
  write_config(dir);
  // Scenarios wait for the full atlas at their second frame (the same frames every run); the
  // visitor's first tap then opens a screen of Chinese content with every glyph.
  tramtin::test::write_file(dir.path() / "home.scn",
                            "clock 2026-11-22T09:00\nexpect screen home\nexpect field missing_glyphs 0\n"
                            "tap tile-news\nexpect screen news\nexpect field missing_glyphs 0\nshot home\n");
  const Start s = start(dir, "tap");
  INFO("stderr: " << s.r.err);
  REQUIRE(s.r.status == 0);
  CHECK(s.r.err.find("fonts: first screen: ") != std::string::npos);
  CHECK(s.r.err.find("the full atlas was waited for (a scenario)") != std::string::npos);
  CHECK(s.state["missing_glyphs"] == 0);
  CHECK(s.state["atlas_glyphs"].get<int>() > 4000);
}
