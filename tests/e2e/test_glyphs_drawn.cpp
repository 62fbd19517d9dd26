// The kiosk counts the characters it draws as the missing-glyph box: run with a font list that
// lacks the Chinese font, the Chinese screens report boxes drawn and the characters no font has,
// so scenario 44 (0 boxes on every language's home and procedure) is a check that can fail.
// Layer: tests (the real kiosk, headless).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

using tramtin::test::run;
using tramtin::test::TempDir;

TEST_CASE("e2e: a font missing from the list shows as boxes counted in the state") {
  TempDir dir;
  std::ifstream in(std::string(TRAMTIN_SOURCE_DIR) + "/fonts/fonts.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string manifest = ss.str();
  const auto cjk = manifest.find("[[font]]\nname = \"Noto Sans CJK SC\"");
  const auto icons = manifest.find("[icons]");
  REQUIRE(cjk != std::string::npos);
  REQUIRE(icons != std::string::npos);
  manifest.erase(cjk, icons - cjk);
  tramtin::test::write_file(dir.path() / "fonts.toml", manifest);
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"e2e\"\ncommune = \"Xã Bình Lư\"\n"
                            "[languages]\noffered = [\"vi\", \"zh-Hans\"]\n"
                            "[content]\ndata_dir = \"" + dir.str("data") + "\"\n"
                            "sample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n");
  tramtin::test::write_file(dir.path() / "zh.scn",
                            "clock 2026-11-22T09:00\nexpect field missing_glyphs 0\ntap language\ntap lang-zh-Hans\n"
                            "expect field language zh-Hans\nexpect greater missing_glyphs 10\n");
  auto r = run("env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + dir.str("kiosk.toml") + " --fonts " +
               dir.str("fonts.toml") + " --size 1280x800 --scenario " + dir.str("zh.scn") + " --dump-state " +
               dir.str("state.json"));
  INFO("stderr: " << r.err);
  CHECK(r.status == 0);
  auto j = nlohmann::json::parse(tramtin::test::read_file(dir.str("state.json")), nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["missing_glyphs"].get<int>() > 10);
  REQUIRE(j["atlas_lacking"].is_array());
  bool has_zhong = false;  // 中 in "中文", the language's own name
  for (const auto& c : j["atlas_lacking"]) has_zhong |= c.get<std::string>().rfind("U+4E2D", 0) == 0;
  CHECK(has_zhong);
}
