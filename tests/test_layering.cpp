// The layering rules of DESIGN.md, checked on the include lines of the source tree:
//   - nothing under content/ or kiosk/core/ includes SDL or ImGui;
//   - sqlite3.h is included only in content/store/ (the only place that runs SQL);
//   - curl/curl.h only in content/sync/ (the only place that talks HTTP);
//   - sodium.h only in content/base/ (hash, the one initialiser), content/bundle/ (signatures)
//     and content/settings/ (the staff PIN).
// Each rule has a self-test on a small tree in a temp folder, so a checker that sees nothing fails.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct Rule {
  std::regex header;                   // matched against an #include line
  std::vector<std::string> scanned;    // folders (relative to the root) whose files are checked
  std::vector<std::string> allowed;    // folders (relative to the root) where the header is fine
};

const Rule kNoSdlImgui{
    std::regex(R"(^\s*#\s*include\s*[<"]([^>"]*/)?(SDL[^>"]*|imgui[^>"]*|imstb[^>"]*)[>"])", std::regex::icase),
    {"content", "kiosk/core"},
    {}};
const Rule kSqliteInStore{std::regex(R"(^\s*#\s*include\s*[<"]sqlite3\.h[>"])"), {"content", "kiosk"}, {"content/store"}};
const Rule kCurlInSync{std::regex(R"(^\s*#\s*include\s*[<"]curl/[^>"]*[>"])"), {"content", "kiosk"}, {"content/sync"}};
const Rule kSodiumInCrypto{std::regex(R"(^\s*#\s*include\s*[<"]sodium(\.h|/[^>"]*)[>"])"),
                           {"content", "kiosk"},
                           {"content/base", "content/bundle", "content/settings"}};

bool under(const std::string& rel, const std::string& folder) {
  return rel.size() > folder.size() && rel.compare(0, folder.size(), folder) == 0 && rel[folder.size()] == '/';
}

// Every `#include` line that breaks `rule` in the tree at `root`, as "file:line: text".
std::vector<std::string> violations(const fs::path& root, const Rule& rule) {
  std::vector<std::string> hits;
  for (const auto& dir : rule.scanned) {
    if (!fs::is_directory(root / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (!e.is_regular_file()) continue;
      auto ext = e.path().extension().string();
      if (ext != ".h" && ext != ".hpp" && ext != ".cpp" && ext != ".cc" && ext != ".inl") continue;
      const std::string rel = fs::relative(e.path(), root).generic_string();
      bool ok = false;
      for (const auto& a : rule.allowed) ok = ok || under(rel, a);
      if (ok) continue;
      std::ifstream in(e.path());
      std::string line;
      int n = 0;
      while (std::getline(in, line)) {
        ++n;
        if (std::regex_search(line, rule.header)) hits.push_back(rel + ":" + std::to_string(n) + ": " + line);
      }
    }
  }
  return hits;
}

void check_tree(const Rule& rule) {
  auto hits = violations(fs::path(TRAMTIN_SOURCE_DIR), rule);
  for (const auto& h : hits) MESSAGE(h);
  CHECK(hits.empty());
}

// A small tree in a temp folder: file (relative path) -> content.
struct TempTree {
  fs::path root = fs::temp_directory_path() / ("tramtin-layering-selftest-" + std::to_string(::getpid()));
  explicit TempTree(const std::vector<std::pair<std::string, std::string>>& files) {
    fs::remove_all(root);
    for (const auto& [rel, text] : files) {
      fs::create_directories((root / rel).parent_path());
      std::ofstream(root / rel) << text;
    }
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

}  // namespace

TEST_CASE("layering: content/ and kiosk/core/ include no SDL or ImGui header") { check_tree(kNoSdlImgui); }
TEST_CASE("layering: sqlite3.h is included only in content/store/") { check_tree(kSqliteInStore); }
TEST_CASE("layering: curl/curl.h is included only in content/sync/") { check_tree(kCurlInSync); }
TEST_CASE("layering: sodium.h is included only in content/base, content/bundle and content/settings") {
  check_tree(kSodiumInCrypto);
}

TEST_CASE("layering: the checker itself catches a forbidden SDL or ImGui include") {
  TempTree t({{"content/model/bad.cpp", "// ok\n#include <SDL.h>\n#include \"imgui/imgui.h\"\n#include <string>\n"},
              {"kiosk/core/bad.h", "#include <SDL2/SDL_events.h>\n"},
              {"kiosk/ui/fine.cpp", "#include <imgui.h>\n"}});
  CHECK(violations(t.root, kNoSdlImgui).size() == 3);
}

TEST_CASE("layering: the checker itself catches sqlite3.h outside content/store/") {
  TempTree t({{"content/store/cache.cpp", "#include <sqlite3.h>\n"},
              {"content/store-like/x.cpp", "#include <sqlite3.h>\n"},  // a prefix is not the folder
              {"content/sync/state.cpp", "#include <sqlite3.h>\n"},
              {"kiosk/core/view_model.cpp", "#include \"sqlite3.h\"\n"}});
  auto hits = violations(t.root, kSqliteInStore);
  CHECK(hits.size() == 3);
}

TEST_CASE("layering: the checker itself catches curl/curl.h outside content/sync/") {
  TempTree t({{"content/sync/http.cpp", "#include <curl/curl.h>\n"},
              {"content/bundle/upload.cpp", "#include <curl/curl.h>\n"},
              {"kiosk/platform/app.cpp", "  #  include <curl/easy.h>\n"}});
  CHECK(violations(t.root, kCurlInSync).size() == 2);
}

TEST_CASE("layering: the checker itself catches sodium.h outside base, bundle and settings") {
  TempTree t({{"content/base/hash.cpp", "#include <sodium.h>\n"},
              {"content/bundle/bundle.cpp", "#include <sodium.h>\n"},
              {"content/settings/pin.cpp", "#include <sodium.h>\n"},
              {"content/store/cache.cpp", "#include <sodium.h>\n"},
              {"content/publish/cmd_pin_hash.cpp", "#include <sodium/utils.h>\n"}});
  CHECK(violations(t.root, kSodiumInCrypto).size() == 2);
}
