// `tramtin --preview SRC` and `tramtin-publish shots`: the real kiosk binary, headless, on a copy
// of the bundled sample pack that the test edits on disk while the preview runs (the scenario's
// `edit` command saves the file as an editor would; the preview's inotify watcher sees it).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "content/authoring/review_sheet.h"
#include "kiosk/core/cli.h"
#include "tests/support/test_support.h"

using tramtin::test::run;
using tramtin::test::TempDir;
namespace fs = std::filesystem;

namespace {

const char* kNews = "news/tin-to-cong-nghe-so-vneid";

// A copy of the sample pack under dir/src, a kiosk configuration whose data folder must stay
// untouched (the preview has its own), and a temporary folder the preview must leave empty.
void set_up(const TempDir& dir) {
  fs::copy(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample", dir.path() / "src", fs::copy_options::recursive);
  fs::create_directories(dir.path() / "tmp");
  tramtin::test::write_file(dir.path() / "kiosk.toml",
                            "[kiosk]\nid = \"preview-test\"\ncommune = \"Xã Bình Lư\"\n"
                            "[languages]\noffered = [\"vi\", \"en\", \"zh-Hans\", \"hmn\", \"blt\"]\n"
                            "[content]\ndata_dir = \"" + dir.str("kiosk-data") + "\"\n"
                            "[sync]\nfeeds = [\"http://127.0.0.1:9/never\"]\n");
}

struct Preview {
  tramtin::test::RunResult r;
  nlohmann::json state;
};

Preview run_preview(const TempDir& dir, const std::string& scenario, const std::string& extra = "") {
  tramtin::test::write_file(dir.path() / "preview.scn", scenario);
  Preview p;
  p.r = run("env -u DISPLAY TMPDIR=" + dir.str("tmp") + " " + std::string(TRAMTIN_KIOSK_EXE) + " --config " +
            dir.str("kiosk.toml") + " --preview " + dir.str("src") + " --scenario " + dir.str("preview.scn") +
            " --dump-state " + dir.str("state.json") + " --shots " + dir.str("shots") + extra);
  if (fs::exists(dir.path() / "state.json"))
    p.state = nlohmann::json::parse(tramtin::test::read_file(dir.path() / "state.json"), nullptr, false);
  return p;
}

// What the preview must never do: touch the kiosk's own data folder, write into the source tree,
// or leave its temporary cache behind.
void check_nothing_left(const TempDir& dir) {
  CHECK_FALSE(fs::exists(dir.path() / "kiosk-data"));
  CHECK(fs::is_empty(dir.path() / "tmp"));
  for (const auto& e : fs::recursive_directory_iterator(dir.path() / "src")) {
    const std::string ext = e.path().extension().string();
    CHECK_MESSAGE(ext != ".db", e.path().string());
    CHECK_MESSAGE(e.path().filename() != "manifest.sig", e.path().string());
  }
}

double load_average() {
  std::ifstream in("/proc/loadavg");
  double one = 0;
  in >> one;
  return one;
}

std::string title_line_value(const fs::path& md) {
  std::ifstream in(md);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("title = \"", 0) == 0) return line.substr(9, line.size() - 10);
  return {};
}

}  // namespace

TEST_CASE("preview: --preview options parse · and combine only with a scenario") {
  auto r = tramtin::parse_kiosk_args({"--preview", "content/sample", "--size", "1366x768"});
  CHECK(r.error.empty());
  CHECK(r.args.mode == tramtin::KioskArgs::Mode::preview);
  CHECK(r.args.preview_src == "content/sample");
  CHECK_FALSE(r.args.fullscreen);
  auto s = tramtin::parse_kiosk_args({"--scenario", "a.scn", "--preview", "src", "--dump-state", "o.json"});
  CHECK(s.error.empty());
  CHECK(s.args.mode == tramtin::KioskArgs::Mode::preview);
  auto items = tramtin::parse_kiosk_args({"--preview", "src", "--render-items", "out", "--lang", "vi,hmn"});
  CHECK(items.error.empty());
  CHECK(items.args.languages == std::vector<std::string>{"vi", "hmn"});
  CHECK_FALSE(tramtin::parse_kiosk_args({"--preview", "src", "--screenshot", "a.png"}).error.empty());
  CHECK_FALSE(tramtin::parse_kiosk_args({"--render-items", "out"}).error.empty());
  CHECK_FALSE(tramtin::parse_kiosk_args({"--preview", "src", "--lang", "vi"}).error.empty());
  auto missing = run("env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --preview /nonexistent/tree --render-items /tmp/x");
  CHECK(missing.status != 0);
  CHECK(missing.err.find("/nonexistent/tree") != std::string::npos);
}

TEST_CASE("preview: an edited title shows on the screen the author is looking at, within half a second") {
  TempDir dir;
  set_up(dir);
  const std::string old_title = title_line_value(dir.path() / "src" / kNews / "vi.md");
  REQUIRE_FALSE(old_title.empty());
  const std::string new_title = "Tổ công nghệ số: tiêu đề vừa sửa";
  const Preview p = run_preview(dir, "clock 2026-11-22T09:00\n"
                                     "tap tile-news\n"
                                     "tap item:tin-to-cong-nghe-so-vneid\n"
                                     "expect screen article\n"
                                     "expect field item_title " + old_title + "\n"
                                     "expect field preview_generation 1\n"
                                     "edit " + std::string(kNews) + "/vi.md " + old_title + " => " + new_title + "\n"
                                     "await item_title " + new_title + "\n"
                                     "expect screen article\n"
                                     "expect field item_id tin-to-cong-nghe-so-vneid\n"
                                     "expect greater preview_generation 1\n"
                                     "shot edited\n");
  INFO("stderr: " << p.r.err);
  CHECK_MESSAGE(p.r.status == 0, p.r.err);
  CHECK(p.r.out.find("scenario ok") != std::string::npos);
  REQUIRE(p.state.is_object());
  CHECK(p.state["item_title"] == new_title);
  CHECK(p.state["stack_depth"] == 3);  // home, news, the article: the author's place was kept
  const long latency = p.state["preview_latency_ms"].get<long>();
  const long cpu = p.state["preview_build_cpu_ms"].get<long>();
  const double load = load_average();
  MESSAGE("save to screen: " << latency << " ms; reading the tree and writing the cache: " << p.state["preview_build_ms"]
                              << " ms, of it CPU " << cpu << " ms; load average " << load);
  // How long from the save to the screen is a speed figure: tests/bench/bench_preview.cpp measures
  // it on a quiet machine (goal: under half a second). Here it is reported, and only held to be a
  // real measurement: a busy CI machine makes any wall-clock bound a coin toss.
  CHECK(latency >= 0);
  CHECK(cpu >= 0);
  CHECK(p.state["worker_running"] == false);  // the configured feed was never polled
  // The window is the kiosk and the panel beside it.
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(dir.str("shots/edited.png").c_str(), &w, &h, &n, 4);
  REQUIRE(px);
  stbi_image_free(px);
  CHECK(w > 1920);
  CHECK(h == 1080);
  check_nothing_left(dir);
}

TEST_CASE("preview: a validate error appears in the panel, opens its item, and goes away when fixed") {
  TempDir dir;
  set_up(dir);
  const std::string en = std::string(kNews) + "/en.md";
  const Preview p = run_preview(dir, "clock 2026-11-22T09:00\n"
                                     "expect screen home\n"
                                     "expect field preview_errors 0\n"
                                     "edit " + en + " title = \"Community => title = Community\n"
                                     "await preview_errors 1\n"
                                     "tap tin-to-cong-nghe-so-vneid/en.md\n"
                                     "expect screen article\n"
                                     "expect field item_id tin-to-cong-nghe-so-vneid\n"
                                     "tap preview-lang-en\n"
                                     "expect field language en\n"
                                     "shot panel-error\n"
                                     "remember broken preview_generation\n"
                                     "edit " + en + " title = Community => title = \"Community\n"
                                     "await preview_errors 0\n"
                                     "expect screen article\n"
                                     "expect field item_title Community digital teams help villagers set up VNeID\n");
  INFO("stderr: " << p.r.err);
  CHECK_MESSAGE(p.r.status == 0, p.r.err);
  REQUIRE(p.state.is_object());
  for (const auto& d : p.state["preview_diagnostics"])
    CHECK_MESSAGE(d.get<std::string>().find("en.md") == std::string::npos, d.get<std::string>());
  CHECK(p.state["preview_generation"].get<int>() >= 3);
  check_nothing_left(dir);
}

TEST_CASE("preview: the panel's switches · screen size, text size, contrast and the clock") {
  TempDir dir;
  set_up(dir);
  // tb-lich-lam-viec-dip-tet-duong-lich-2027 is for the New Year holiday (live from 15/12), the
  // vaccination day notice expires on 26/11.
  const Preview p = run_preview(dir, "clock 2026-11-22T09:00\n"
                                     "tap tile-notices\n"
                                     "expect no-field list_ids tb-lich-lam-viec-dip-tet-duong-lich-2027\n"
                                     "expect field list_ids tb-ngay-tiem-chung-tram-y-te\n"
                                     "tap preview-clock-plus-week\n"
                                     "tap preview-clock-plus-week\n"
                                     "tap preview-clock-plus-week\n"
                                     "tap preview-clock-plus-week\n"
                                     "tap preview-clock-plus-week\n"
                                     "expect field preview_clock_shift_s 3024000\n"
                                     // 27/12: the New Year notice is live, the vaccination one expired on 26/11.
                                     "expect field list_ids tb-lich-lam-viec-dip-tet-duong-lich-2027\n"
                                     "expect no-field list_ids tb-ngay-tiem-chung-tram-y-te\n"
                                     "tap preview-size-1080x1920\n"
                                     "expect field preview_size 1080x1920\n"
                                     "tap preview-text-A+\n"
                                     "expect field text_size A+\n"
                                     "tap preview-contrast\n"
                                     "expect field contrast high\n"
                                     "expect screen notices\n"
                                     "shot portrait\n"
                                     "tap preview-clock-now\n"
                                     "expect field preview_clock_shift_s 0\n");
  INFO("stderr: " << p.r.err);
  CHECK_MESSAGE(p.r.status == 0, p.r.err);
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(dir.str("shots/portrait.png").c_str(), &w, &h, &n, 4);
  REQUIRE(px);
  stbi_image_free(px);
  CHECK(h == 1920);
  CHECK(w > 1080);
  check_nothing_left(dir);
}

TEST_CASE("shots: one PNG per item and language of (part of) the sample pack, and the review sheet") {
  TempDir dir;
  // A part of the sample pack (civil status, the pages, the strings and synonyms), so the test stays
  // short under the sanitizers; `tramtin-publish shots content/sample OUT` draws all of it.
  const fs::path sample = fs::path(TRAMTIN_SOURCE_DIR) / "content/sample";
  const std::string src = dir.str("src");
  for (const char* part : {"strings", "search", "pages", "procedures/ho-tich"}) {
    fs::create_directories(fs::path(src) / part);
    fs::copy(sample / part, fs::path(src) / part, fs::copy_options::recursive);
  }
  // What the sheet must hold, counted from the tree itself: every item with a screen, in every
  // language some item has.
  std::set<std::string> ids, langs;
  for (const auto& e : fs::recursive_directory_iterator(src)) {
    if (e.path().filename() != "item.toml") continue;
    const std::string toml = tramtin::test::read_file(e.path());
    if (toml.find("kind = \"strings\"") != std::string::npos || toml.find("kind = \"synonyms\"") != std::string::npos) continue;
    ids.insert(e.path().parent_path().filename().string());
    for (const auto& f : fs::directory_iterator(e.path().parent_path()))
      if (f.path().extension() == ".md") langs.insert(f.path().stem().string());
  }
  REQUIRE(ids.size() > 15);
  REQUIRE(langs.size() >= 4);
  const std::string out = dir.str("shots");
  auto r = run("env -u DISPLAY " + std::string(TRAMTIN_PUBLISH_EXE) + " shots " + src + " " + out +
               " --kiosk " + TRAMTIN_KIOSK_EXE + " --size 1366x768");
  INFO("stderr: " << r.err);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  std::size_t pngs = 0;
  std::set<std::string> seen;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".png") {
      ++pngs;
      seen.insert(e.path().filename().string());
    }
  CHECK(pngs == ids.size() * langs.size());
  for (const auto& id : ids)
    for (const auto& l : langs) CHECK_MESSAGE(seen.count(id + "." + l + ".1366x768.png"), (id + " " + l));
  const std::string html = tramtin::test::read_file(fs::path(out) / "index.html");
  for (const auto& id : ids) CHECK_MESSAGE(html.find("id=\"item-" + id + "\"") != std::string::npos, id);
  CHECK(html.find("in Vietnamese") != std::string::npos);  // some items have no Thái text: fallbacks marked
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);  // self-contained: nothing fetched from elsewhere
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load((out + "/" + *seen.begin()).c_str(), &w, &h, &n, 4);
  REQUIRE(px);
  stbi_image_free(px);
  CHECK(w == 1366);
  CHECK(h == 768);
  MESSAGE(r.out);
}

TEST_CASE("shots: usage errors · and a missing kiosk program says what to do") {
  TempDir dir;
  auto bad = run(std::string(TRAMTIN_PUBLISH_EXE) + " shots src out --size big");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--size") != std::string::npos);
  auto nokiosk = run(std::string(TRAMTIN_PUBLISH_EXE) + " shots " + std::string(TRAMTIN_SOURCE_DIR) +
                     "/content/sample " + dir.str("out") + " --kiosk " + dir.str("no-such-kiosk"));
  CHECK(nokiosk.status == 1);
  CHECK(nokiosk.err.find("--kiosk") != std::string::npos);
}
