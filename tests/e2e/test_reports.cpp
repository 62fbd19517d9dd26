// End-to-end reports: real kiosks (headless, scenario replay) sync from a real nginx on 127.0.0.1,
// record what villagers do, and send their heartbeat and day usage back with WebDAV PUT; the test
// reads the files nginx stored (content/report/REPORTS.md is the contract).
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/support/sync_fixtures.h"
#include "tests/support/test_support.h"

using tramtin::test::run;
using tramtin::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kVersion = 1764500000;

// The bundled sample pack, signed and served by nginx under /feed (so the scenarios' items exist).
struct Server {
  TempDir dir;
  tramtin::synctest::Nginx nginx;
  std::string pub;

  Server() {
    const std::string publish = TRAMTIN_PUBLISH_EXE;
    auto k = run(publish + " keygen " + dir.str("key"));
    REQUIRE_MESSAGE(k.status == 0, k.err);
    pub = tramtin::test::read_file(dir.path() / "key.pub");
    while (!pub.empty() && (pub.back() == '\n' || pub.back() == ' ')) pub.pop_back();
    auto b = run(publish + " build " + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample " + nginx.www() +
                 "/feed --channel lai-chau-commune --key " + dir.str("key.key") + " --version " +
                 std::to_string(kVersion));
    REQUIRE_MESSAGE(b.status == 0, b.out << b.err);
  }

  // A kiosk's folder and configuration.
  std::string kiosk(const TempDir& k, const std::string& id) const {
    tramtin::test::write_file(k.path() / "kiosk.toml",
                              "[kiosk]\nid = \"" + id + "\"\n"
                              "[content]\ndata_dir = \"" + k.str("data") + "\"\n"
                              "sample_source = \"" + std::string(TRAMTIN_SOURCE_DIR) + "/content/sample\"\n"
                              "[sync]\nfeeds = [\"" + nginx.url("/feed") + "\"]\nchannel = \"lai-chau-commune\"\n"
                              "trusted_keys = [\"" + pub + "\"]\nretry_seconds = 1\njitter_percent = 0\n"
                              "import_watch = \"\"\nreport_url = \"" + nginx.url("/reports") + "\"\n"
                              "[ui]\nidle_timeout_seconds = 90\nattract_after_seconds = 180\n");
    return k.str("kiosk.toml");
  }
};

void run_kiosk(const std::string& config, const std::string& scenario) {
  const std::string scn = std::string(TRAMTIN_SOURCE_DIR) + "/tests/e2e/scenarios/" + scenario + ".scn";
  auto r = run("env -u DISPLAY " + std::string(TRAMTIN_KIOSK_EXE) + " --config " + config +
               " --size 1920x1080 --scenario " + scn);
  INFO("stderr: " << r.err);
  REQUIRE_MESSAGE(r.status == 0, r.err);
}

std::vector<fs::path> files_of(const fs::path& dir) {
  std::vector<fs::path> v;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

// Every usage part of `day` in a kiosk's report folder, parsed.
std::vector<json> parts_of(const fs::path& dir, const std::string& day) {
  std::vector<json> out;
  for (const auto& p : files_of(dir))
    if (p.filename().string().rfind(day + "-", 0) == 0) out.push_back(json::parse(tramtin::test::read_file(p)));
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TEST_CASE("e2e: reports: two kiosks send their heartbeat and day usage to nginx, with the User-Agent in its log") {
  Server server;
  TempDir a, b;
  const std::string cfg_a = server.kiosk(a, "e2e-kiosk-a");
  const std::string cfg_b = server.kiosk(b, "e2e-kiosk-b");
  run_kiosk(cfg_a, "31_reports_usage");
  run_kiosk(cfg_b, "32_reports_privacy");

  const fs::path reports = fs::path(server.nginx.www()) / "reports";
  for (const std::string id : {"e2e-kiosk-a", "e2e-kiosk-b"}) {
    INFO("kiosk " << id);
    const fs::path st_path = reports / id / "status.json";
    REQUIRE(fs::exists(st_path));
    json st = json::parse(tramtin::test::read_file(st_path));
    CHECK(st["format"] == "tramtin-status/1");
    CHECK(st["kiosk_id"] == id);
    CHECK(st["app_version"] == TRAMTIN_VERSION);
    CHECK(st["content"]["version"] == kVersion);
    CHECK(st["content"]["channel"] == "lai-chau-commune");
    CHECK(st["sync"]["last_kind"] == "up_to_date");
    CHECK(st["screen"] == json::parse(R"({"width":1920,"height":1080})"));
    CHECK(st["languages"] == json::parse(R"(["vi","en","zh-Hans","hmn","blt"])"));
    CHECK(st["errors"]["reports_queued"] == 0);
    // A plain access log is a fleet list.
    CHECK(server.nginx.log_count("\"tramtin/" TRAMTIN_VERSION " (" + id + "; content " + std::to_string(kVersion) +
                                 ")\"") >= 1);
  }

  // Kiosk A: the day (2026-11-22, over on the kiosk's clock) in one final part.
  auto parts = parts_of(reports / "e2e-kiosk-a", "2026-11-22");
  REQUIRE(parts.size() == 1);
  const json& p = parts[0];
  CHECK(p["format"] == "tramtin-usage/1");
  CHECK(p["kiosk_id"] == "e2e-kiosk-a");
  CHECK(p["content_version"] == kVersion);
  CHECK(p["final"] == true);
  CHECK(p["views"] == json::parse(R"([{"item":"dang-ky-ket-hon","lang":"vi","count":1}])"));
  CHECK(p["checklist"] == json::parse(R"([{"item":"dang-ky-ket-hon","count":1}])"));
  CHECK(p["feedback"] == json::parse(R"([{"item":"","scores":[0,0,0,1,0],"reasons":{"reason_found":1}}])"));
  CHECK(p["searches"] == json::parse(R"({"total":3,"zero_results":3,"abandoned":0})"));
  CHECK(p["zero_result_queries"] == json::parse(R"([{"query":"qqqzzk","count":3}])"));
  CHECK(p["hours"][9].get<int>() >= 4);
  int other_hours = 0;
  for (int h = 0; h < 24; ++h)
    if (h != 9) other_hours += p["hours"][h].get<int>();
  CHECK(other_hours == 0);
  CHECK(p["dropped"] == 0);

  // What staff read on the server: `tramtin-publish fleet --json` on the folder nginx wrote, with
  // "now" the day after the kiosks' (virtual) day so the 30-day window holds it whatever the date.
  const std::int64_t day_after = 1795366800;  // 2026-11-23 00:00 in Vietnam
  auto fleet = run(std::string(TRAMTIN_PUBLISH_EXE) + " fleet " + reports.string() + " --json --now " +
                   std::to_string(day_after));
  INFO("fleet stderr: " << fleet.err);
  REQUIRE(fleet.status == 0);
  json f = json::parse(fleet.out);
  CHECK(f["summary"]["kiosks"] == 2);
  REQUIRE(f["kiosks"].size() == 2);
  std::set<std::string> ids;
  for (const auto& k : f["kiosks"]) {
    ids.insert(k["id"].get<std::string>());
    CHECK(k["content"]["version"] == kVersion);
    CHECK(k["content"]["channel"] == "lai-chau-commune");
    CHECK(k["usage"]["parts"].get<int>() >= 1);
  }
  CHECK(ids == std::set<std::string>{"e2e-kiosk-a", "e2e-kiosk-b"});
  // Kiosk A's view and its zero-result query (seen 3 times that day) are in the fleet's lists.
  bool viewed = false;
  for (const auto& it : f["items"]) viewed |= it["item"] == "dang-ky-ket-hon" && it["views"].get<int>() >= 1;
  CHECK(viewed);
  bool query = false;
  for (const auto& q : f["zero_result_queries"]) query |= q["query"] == "qqqzzk" && q["count"] == 3 && q["kiosks"] == 1;
  CHECK(query);
}

TEST_CASE("e2e: reports privacy: a name and an ID number typed into search reach no report and not the database") {
  Server server;
  TempDir k;
  const std::string cfg = server.kiosk(k, "e2e-privacy");
  run_kiosk(cfg, "32_reports_privacy");

  const fs::path folder = fs::path(server.nginx.www()) / "reports" / "e2e-privacy";
  auto files = files_of(folder);
  REQUIRE(files.size() >= 2);  // status.json and the day's part
  auto parts = parts_of(folder, "2026-11-22");
  REQUIRE(parts.size() == 1);
  CHECK(parts[0]["searches"]["total"].get<int>() == 7);
  CHECK(parts[0]["zero_result_queries"].is_array());

  const std::string number = "012345678901";
  auto leaks = [&](const std::string& text) {
    std::vector<std::string> found;
    const std::string l = lower(text);
    for (const char* name : {"nguyễn", "nguyen", "minh", "văn minh", "van minh"})
      if (l.find(name) != std::string::npos) found.push_back(name);
    for (std::size_t i = 0; i + 6 <= number.size(); ++i)  // any run of six digits from the number
      if (text.find(number.substr(i, 6)) != std::string::npos) found.push_back(number.substr(i, 6));
    return found;
  };
  for (const auto& f : files) {
    INFO("report file " << f);
    CHECK(leaks(tramtin::test::read_file(f)).empty());
  }
  // The kiosk's own database (and its WAL) holds neither: only cleaned queries are ever stored.
  for (const char* name : {"content.db", "content.db-wal"}) {
    const fs::path db = k.path() / "data" / name;
    if (!fs::exists(db)) continue;
    INFO("database file " << db);
    const std::string bytes = tramtin::test::read_file(db);
    for (std::size_t i = 0; i + 6 <= number.size(); ++i) CHECK(bytes.find(number.substr(i, 6)) == std::string::npos);
    // ("minh" alone is in the content: "chứng minh")
    for (const char* name : {"nguyễn văn minh", "nguyen van minh", "văn minh", "van minh"})
      CHECK(lower(bytes).find(name) == std::string::npos);
  }
}
