// The layering rule of DESIGN.md: nothing under content/ or kiosk/core/ may include SDL or ImGui.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Every `#include` line under `dir` that names SDL or ImGui, as "file:line: text".
std::vector<std::string> forbidden_includes(const fs::path& dir) {
  static const std::regex bad(R"(^\s*#\s*include\s*[<"]([^>"]*/)?(SDL[^>"]*|imgui[^>"]*|imstb[^>"]*)[>"])",
                              std::regex::icase);
  std::vector<std::string> hits;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto ext = e.path().extension().string();
    if (ext != ".h" && ext != ".hpp" && ext != ".cpp" && ext != ".cc" && ext != ".inl") continue;
    std::ifstream in(e.path());
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (std::regex_search(line, bad)) hits.push_back(e.path().string() + ":" + std::to_string(n) + ": " + line);
    }
  }
  return hits;
}

}  // namespace

TEST_CASE("layering: content/ includes no SDL or ImGui header") {
  auto hits = forbidden_includes(fs::path(TRAMTIN_SOURCE_DIR) / "content");
  for (const auto& h : hits) MESSAGE(h);
  CHECK(hits.empty());
}

TEST_CASE("layering: kiosk/core/ includes no SDL or ImGui header") {
  auto hits = forbidden_includes(fs::path(TRAMTIN_SOURCE_DIR) / "kiosk" / "core");
  for (const auto& h : hits) MESSAGE(h);
  CHECK(hits.empty());
}

TEST_CASE("layering: the checker itself catches a forbidden include") {
  auto dir = fs::temp_directory_path() / "tramtin-layering-selftest";
  fs::create_directories(dir);
  std::ofstream(dir / "bad.cpp") << "// ok\n#include <SDL.h>\n#include \"imgui/imgui.h\"\n#include <string>\n";
  auto hits = forbidden_includes(dir);
  fs::remove_all(dir);
  CHECK(hits.size() == 2);
}
