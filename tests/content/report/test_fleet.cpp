// The fleet reader and `tramtin-publish fleet`: a reports folder written by hand from the examples
// of content/report/REPORTS.md (four kiosks, several days, a part sent twice, a stale kiosk, one
// that never got a good file through, and broken and hostile files), read back through read_fleet()
// and through the real binary (--json, --html, the table, the exit statuses).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "content/report/fleet.h"
#include "content/base/text.h"
#include "content/report/fleet_output.h"
#include "tests/support/source_fixture.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace tramtin;
using tramtin::test::run;
using tramtin::test::TempDir;

namespace {

// 2026-11-30 08:00 UTC = 15:00 in Vietnam.
constexpr std::int64_t kNow = 1796025600;
constexpr std::int64_t kHour = 3600, kDay = 86400;

// The examples of REPORTS.md, verbatim.
const char* kStatusExample = R"({
  "format": "tramtin-status/1",
  "kiosk_id": "laichau-binhlu-01",
  "app_version": "0.1.0",
  "sent_at": 1764540000,
  "uptime_seconds": 86400,
  "last_restart_reason": "boot",
  "content": {"version": 1764500000, "created_at": 1764500000, "applied_at": 1764503600, "channel": "lai-chau-commune"},
  "sync": {"last_attempt": 1764539990, "last_kind": "up_to_date", "last_cause": "", "last_reason": "",
           "last_success": 1764539990, "consecutive_failures": 0, "bytes_today": 356},
  "disk_free_bytes": 12884901888,
  "errors": {"log_errors": 0, "log_warnings": 2, "sync_failures_today": 0, "reports_dropped": 0, "reports_queued": 1},
  "screen": {"width": 1920, "height": 1080},
  "languages": ["vi", "hmn", "en"]
})";

const char* kUsageExample = R"({
  "format": "tramtin-usage/1",
  "kiosk_id": "laichau-binhlu-01",
  "app_version": "0.1.0",
  "content_version": 1764500000,
  "day": "2026-11-30",
  "seq": 42,
  "final": true,
  "hours": [0,0,0,0,0,0,0,3,9,12,4,2,0,5,7,6,2,1,0,0,0,0,0,0],
  "views":     [{"item": "proc-khai-sinh", "lang": "vi", "count": 7}],
  "listens":   [{"item": "proc-khai-sinh", "lang": "hmn", "count": 2}],
  "checklist": [{"item": "proc-khai-sinh", "count": 3}],
  "feedback":  [{"item": "proc-khai-sinh", "scores": [0,0,1,2,4], "reasons": {"unclear": 1}},
                {"item": "", "scores": [1,0,0,0,2], "reasons": {}}],
  "languages": {"vi": 12, "hmn": 3},
  "searches": {"total": 20, "zero_results": 4, "abandoned": 5},
  "zero_result_queries": [{"query": "so do", "count": 3}],
  "dropped": 0
})";

const std::string kScript = "<script>alert('x')</script>";

void set_mtime(const fs::path& p, std::int64_t t) {
  struct timespec ts[2] = {{static_cast<time_t>(t), 0}, {static_cast<time_t>(t), 0}};
  REQUIRE(::utimensat(AT_FDCWD, p.c_str(), ts, 0) == 0);
}

void put(const fs::path& p, const std::string& text, std::int64_t mtime) {
  test::write_file(p, text);
  set_mtime(p, mtime);
}

json status(const std::string& kiosk, std::int64_t sent_at) {
  json j = json::parse(kStatusExample);
  j["kiosk_id"] = kiosk;
  j["sent_at"] = sent_at;
  j["sync"]["last_attempt"] = sent_at - 10;
  j["sync"]["last_success"] = sent_at - 10;
  j["content"] = {{"version", 1796000000}, {"created_at", 1796000000}, {"applied_at", 1796003600}, {"channel", "lai-chau-commune"}};
  return j;
}

// A usage part with nothing counted yet.
json part(const std::string& kiosk, const std::string& day, int seq) {
  json j = json::parse(kUsageExample);
  j["kiosk_id"] = kiosk;
  j["day"] = day;
  j["seq"] = seq;
  j["final"] = false;
  j["hours"] = std::vector<int>(24, 0);
  for (const char* k : {"views", "listens", "checklist", "feedback", "zero_result_queries"}) j[k] = json::array();
  j["languages"] = json::object();
  j["searches"] = {{"total", 0}, {"zero_results", 0}, {"abandoned", 0}};
  return j;
}

json views(const std::string& item, const std::string& lang, int n) { return {{"item", item}, {"lang", lang}, {"count", n}}; }

const char* A = "laichau-binhlu-01";     // fresh, a part sent twice, one hostile part
const char* B = "laichau-muongte-02";    // stale three days, sync failing, older content
const char* C = "laichau-tamduong-03";   // fresh by the file time (its clock was never set), broken parts
const char* D = "laichau-sinho-04";      // never: its only files are broken

// Writes the reports folder. Expected figures for a 30-day window are in the tests below.
void write_fleet(const fs::path& root) {
  const fs::path a = root / A, b = root / B, c = root / C, d = root / D;
  put(a / "status.json", status(A, kNow - 2 * kHour).dump(2), kNow - 2 * kHour);

  json p = part(A, "2026-11-28", 40);
  p["views"] = {views("dang-ky-khai-sinh", "vi", 5), views("lam-the-can-cuoc", "vi", 2)};
  p["hours"][8] = 7;
  p["searches"] = {{"total", 4}, {"zero_results", 1}, {"abandoned", 1}};
  p["languages"] = {{"vi", 3}};
  put(a / "2026-11-28-40.json", p.dump(), kNow - 2 * kDay);

  p = part(A, "2026-11-29", 41);
  p["views"] = {views("dang-ky-khai-sinh", "hmn", 3)};
  p["listens"] = {{{"item", "dang-ky-khai-sinh"}, {"lang", "hmn"}, {"count", 2}}};
  p["feedback"] = {{{"item", "dang-ky-khai-sinh"}, {"scores", {0, 1, 0, 0, 1}}, {"reasons", {{"unclear", 1}}}}};
  p["hours"][9] = 3;
  // Sent twice: the second PUT overwrites the first (same name), and a copy under another name
  // (as when two servers' folders are merged) must still count once.
  put(a / "2026-11-29-41.json", p.dump(), kNow - kDay);
  put(a / "2026-11-29-41.json", p.dump(), kNow - kDay);
  put(a / "2026-11-30-41.json", p.dump(), kNow - kHour);

  // The example itself, with real item ids.
  std::string ex = kUsageExample;
  ex = std::regex_replace(ex, std::regex("proc-khai-sinh"), "dang-ky-khai-sinh");
  put(a / "2026-11-30-42.json", ex, kNow - 2 * kHour);

  // Hostile but well-formed: markup in an item id and a query, and queries that break the
  // privacy rule (they must never be shown).
  p = part(A, "2026-11-30", 43);
  p["views"] = {views(kScript, "vi", 1)};
  p["feedback"] = {{{"item", kScript}, {"scores", {1, 0, 0, 0, 0}}, {"reasons", {{"<img src=x>", 1}}}}};
  p["zero_result_queries"] = {{{"query", "<b>bold</b>"}, {"count", 4}},
                              {{"query", "nguyen van a 0912345678"}, {"count", 3}},
                              {{"query", "Nguyễn Văn Bình"}, {"count", 5}}};
  put(a / "2026-11-30-43.json", p.dump(), kNow - kHour);
  // Another kiosk's part in A's folder.
  p = part(B, "2026-11-30", 44);
  p["views"] = {views("dang-ky-khai-sinh", "vi", 50)};
  put(a / "2026-11-30-44.json", p.dump(), kNow - kHour);
  // Older than the window.
  p = part(A, "2026-10-01", 10);
  p["views"] = {views("dang-ky-khai-sinh", "vi", 100)};
  put(a / "2026-10-01-10.json", p.dump(), kNow - 60 * kDay);

  json s = status(B, kNow - 3 * kDay);
  s["content"]["version"] = 1795000000;
  s["content"]["created_at"] = 1795000000;
  s["sync"] = {{"last_attempt", kNow - 3 * kDay}, {"last_kind", "failed"}, {"last_cause", "transport"},
               {"last_reason", "Could not resolve host: tramtin.laichau.gov.vn"}, {"last_success", kNow - 9 * kDay},
               {"consecutive_failures", 5}, {"bytes_today", 0}};
  s["last_restart_reason"] = "restart";
  s["disk_free_bytes"] = 800LL * 1024 * 1024;
  put(b / "status.json", s.dump(), kNow - 3 * kDay);
  p = part(B, "2026-11-27", 7);
  p["views"] = {views("dang-ky-khai-sinh", "vi", 2)};
  p["final"] = true;
  p["zero_result_queries"] = {{{"query", "so do"}, {"count", 5}}};
  put(b / "2026-11-27-7.json", p.dump(), kNow - 3 * kDay);

  s = status(C, 86400);  // a board without a battery clock, before its first sync
  s["content"]["channel"] = "lai-chau-border";
  s["content"]["version"] = 1790000000;  // another channel: not "behind"
  s["languages"] = {"vi", "zh-Hans", "en"};
  put(c / "status.json", s.dump(), kNow - 10 * 60);
  p = part(C, "2026-11-30", 3);
  p["views"] = {views("che-shan-tuyet-suoi-giang", "zh-Hans", 4)};
  put(c / "2026-11-30-3.json", p.dump(), kNow - 10 * 60);
  p = part(C, "2026-11-30", 4);
  p["views"] = {views("che-shan-tuyet-suoi-giang", "vi", 1)};
  p["views"][0]["count"] = 1000000000000LL;
  put(c / "2026-11-30-4.json", p.dump(), kNow);
  p["views"][0]["count"] = "7";
  p["seq"] = 5;
  put(c / "2026-11-30-5.json", p.dump(), kNow);
  p["views"][0]["count"] = 7;
  p["seq"] = 6;
  p["format"] = "tramtin-usage/9";
  put(c / "2026-11-30-6.json", p.dump(), kNow);
  put(c / "2026-11-30-7.json", std::string(100000, '[') + std::string(100000, ']'), kNow);
  put(c / "notes.txt", "hello", kNow);
  put(c / "\x1b[31m\xff\xfe.json", "{}", kNow);  // a terminal escape and bytes that are not UTF-8

  put(d / "status.json", "{\"format\": \"tramtin-status/1\", \"kiosk_id\": \"laichau-sinho-04\",", kNow);
  put(d / "2026-11-30-1.json", "{" + std::string(5 * 1024 * 1024, ' ') + "}", kNow);

  put(root / "README.txt", "reports", kNow);
  fs::create_directories(root / "bad name");
}

const KioskReport* kiosk(const FleetReport& r, const std::string& id) {
  for (const auto& k : r.kiosks)
    if (k.id == id) return &k;
  return nullptr;
}

// The warnings about one file, joined.
std::string warnings_for(const FleetReport& r, const fs::path& p) {
  std::string out;
  for (const auto& w : r.warnings)
    if (w.path == p.string()) out += w.message + "\n";
  return out;
}

bool contains(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

const std::string kPublish = TRAMTIN_PUBLISH_EXE;

}  // namespace

TEST_CASE("fleet: the REPORTS.md examples are read as written") {
  TempDir dir;
  put(dir.path() / A / "status.json", kStatusExample, 1764540000);
  put(dir.path() / A / "2026-11-30-42.json", kUsageExample, 1764540000);
  FleetOptions opt;
  opt.now = kNow;
  auto r = read_fleet(dir.str(), opt);
  REQUIRE(r);
  CHECK(r->warnings.empty());
  REQUIRE(r->kiosks.size() == 1);
  const auto& k = r->kiosks[0];
  CHECK(k.has_status);
  CHECK(k.app_version == "0.1.0");
  CHECK(k.content_version == 1764500000);
  CHECK(k.channel == "lai-chau-commune");
  CHECK(k.sync_kind == "up_to_date");
  CHECK(k.disk_free_bytes == 12884901888LL);
  CHECK(k.reports_queued == 1);
  CHECK(k.screen_width == 1920);
  CHECK(k.languages == std::vector<std::string>{"vi", "hmn", "en"});
  CHECK(k.last_seen == 1764540000);
  CHECK(k.freshness == Freshness::stale);  // a year before kNow
  CHECK(k.usage_parts == 1);
  CHECK(r->items.at("proc-khai-sinh").views == 7);
  CHECK(r->items.at("proc-khai-sinh").listens == 2);
  CHECK(r->items.at("proc-khai-sinh").checklist == 3);
  CHECK(r->feedback.at("proc-khai-sinh").scores == std::array<std::int64_t, 5>{0, 0, 1, 2, 4});
  CHECK(r->feedback.at("proc-khai-sinh").mean() == doctest::Approx(31.0 / 7));
  CHECK(r->feedback.at("").answers() == 3);
  CHECK(r->zero_queries.at("so do").count == 3);
  CHECK(r->hours[9] == 12);
  CHECK(r->languages.at("vi").switches == 12);
  CHECK(r->languages.at("vi").views == 7);
  CHECK(r->searches == 20);
  CHECK(r->abandoned == 5);
}

TEST_CASE("fleet: kiosks, staleness, parts counted once, bad files warned about and skipped") {
  TempDir dir;
  write_fleet(dir.path());
  FleetOptions opt;
  opt.now = kNow;
  auto r = read_fleet(dir.str(), opt);
  REQUIRE(r);
  std::string all;
  for (const auto& w : r->warnings) all += format_diagnostic(w) + "\n";
  INFO(all);

  // Never seen first, then stale, then fresh by id.
  REQUIRE(r->kiosks.size() == 4);
  CHECK(r->kiosks[0].id == D);
  CHECK(r->kiosks[1].id == B);
  CHECK(r->kiosks[2].id == A);
  CHECK(r->kiosks[3].id == C);
  CHECK(r->count(Freshness::fresh) == 2);
  CHECK(r->count(Freshness::stale) == 1);
  CHECK(r->count(Freshness::never) == 1);

  const auto* a = kiosk(*r, A);
  const auto* b = kiosk(*r, B);
  const auto* c = kiosk(*r, C);
  const auto* d = kiosk(*r, D);
  REQUIRE((a && b && c && d));
  CHECK(a->freshness == Freshness::fresh);
  CHECK(a->last_seen == kNow - 2 * kHour);
  CHECK(a->last_seen_from == "sent_at");
  CHECK(a->usage_parts == 4);  // 40, 41 (twice on disk), 42, 43
  CHECK(a->usage_days == 3);
  CHECK(a->last_usage_day == "2026-11-30");
  CHECK_FALSE(a->content_behind);
  CHECK(b->freshness == Freshness::stale);
  CHECK(b->content_behind);
  CHECK(b->sync_kind == "failed");
  CHECK(b->sync_cause == "transport");
  CHECK(b->consecutive_failures == 5);
  CHECK(b->restart_reason == "restart");
  CHECK(c->freshness == Freshness::fresh);  // its sent_at is 1970: the server's file time counts
  CHECK(c->last_seen == kNow - 600);
  CHECK(c->last_seen_from == "mtime");
  CHECK_FALSE(c->content_behind);
  CHECK(c->usage_parts == 1);
  CHECK(d->freshness == Freshness::never);
  CHECK(d->status_unreadable);
  CHECK(d->last_seen == 0);

  // Staleness follows --stale-hours.
  opt.stale_hours = 73;
  auto r73 = read_fleet(dir.str(), opt);
  REQUIRE(r73);
  CHECK(kiosk(*r73, B)->freshness == Freshness::fresh);
  CHECK(r73->count(Freshness::stale) == 0);

  // Counts: part 41 once, the other kiosk's part and the October part not at all.
  CHECK(r->items.at("dang-ky-khai-sinh").views == 5 + 3 + 7 + 2);
  CHECK(r->items.at("dang-ky-khai-sinh").views_by_lang.at("hmn") == 3);
  CHECK(r->items.at("dang-ky-khai-sinh").listens == 2 + 2);
  CHECK(r->items.at("lam-the-can-cuoc").views == 2);
  CHECK(r->items.at("che-shan-tuyet-suoi-giang").views == 4);
  CHECK(r->items.at(kScript).views == 1);
  CHECK(r->total_views() == 24);
  CHECK(r->views_per_day == std::map<std::string, std::int64_t>{
                                {"2026-11-27", 2}, {"2026-11-28", 7}, {"2026-11-29", 3}, {"2026-11-30", 12}});
  CHECK(r->feedback.at("dang-ky-khai-sinh").scores == std::array<std::int64_t, 5>{0, 1, 1, 2, 5});
  CHECK(r->feedback.at("dang-ky-khai-sinh").reasons.at("unclear") == 2);
  CHECK(r->zero_queries.at("so do").count == 8);
  CHECK(r->zero_queries.at("so do").kiosks == 2);
  CHECK(r->zero_queries.at("<b>bold</b>").count == 4);
  CHECK(r->zero_queries.size() == 2);  // the name and the phone number were dropped
  CHECK(r->hours[8] == 7 + 9);
  CHECK(r->hours[9] == 3 + 12);
  CHECK(r->searches == 24);
  CHECK(r->zero_results == 5);
  CHECK(r->abandoned == 6);
  CHECK(r->languages.at("vi").views == 5 + 2 + 7 + 1 + 2);
  CHECK(r->languages.at("zh-Hans").views == 4);
  CHECK(r->languages.at("vi").switches == 15);

  // Each bad file is named, with what is wrong.
  const fs::path root = dir.path();
  CHECK(contains(warnings_for(*r, root / A / "2026-11-30-41.json"), "its name says day 2026-11-30 seq 41"));
  CHECK(contains(warnings_for(*r, root / A / "2026-11-29-41.json"), "holds the same part (seq 41)"));
  CHECK(contains(warnings_for(*r, root / A / "2026-11-29-41.json"), "counted once"));
  CHECK(contains(warnings_for(*r, root / A / "2026-11-30-43.json"), "a query with digits breaks the privacy rule"));
  CHECK(contains(warnings_for(*r, root / A / "2026-11-30-43.json"), "not folded"));
  CHECK(contains(warnings_for(*r, root / A / "2026-11-30-44.json"),
                 "kiosk_id 'laichau-muongte-02' does not match its folder 'laichau-binhlu-01'; skipped"));
  CHECK(warnings_for(*r, root / A / "2026-10-01-10.json").empty());  // outside the window: not read
  CHECK(contains(warnings_for(*r, root / C / "2026-11-30-4.json"), "'views[0].count' is 1000000000000"));
  CHECK(contains(warnings_for(*r, root / C / "2026-11-30-5.json"), "'views[0].count' must be a whole number, not a string"));
  CHECK(contains(warnings_for(*r, root / C / "2026-11-30-6.json"), "unknown format 'tramtin-usage/9'"));
  CHECK(contains(warnings_for(*r, root / C / "2026-11-30-7.json"), "nested more than 16 levels deep; skipped"));
  CHECK(contains(warnings_for(*r, root / C / "notes.txt"), "not a report file"));
  CHECK(contains(warnings_for(*r, root / D / "status.json"), "not valid JSON (at byte"));
  CHECK(contains(warnings_for(*r, root / D / "2026-11-30-1.json"), "larger than 4 MB"));
  CHECK(contains(warnings_for(*r, root / "README.txt"), "not a kiosk folder"));
  CHECK(contains(warnings_for(*r, root / "bad name"), "not a kiosk id"));
  CHECK(contains(warnings_for(*r, root / C / "?[31m??.json"), "not a report file"));
  for (const auto& w : r->warnings) {  // a warning never repeats what a person typed, nor escapes
    CHECK_FALSE(contains(w.path, "\x1b"));
    CHECK(is_valid_utf8(w.path));
    CHECK_FALSE(contains(w.message, "0912345678"));
    CHECK_FALSE(contains(w.message, "Bình"));
  }

  // A narrower window.
  opt.stale_hours = 26;
  opt.days = 2;
  auto r2 = read_fleet(dir.str(), opt);
  REQUIRE(r2);
  CHECK(r2->from_day == "2026-11-29");
  CHECK(r2->total_views() == 3 + 7 + 1 + 4);
  CHECK(kiosk(*r2, B)->usage_parts == 0);
  CHECK(r2->zero_queries.count("so do") == 1);
  CHECK(r2->zero_queries.at("so do").count == 3);
}

TEST_CASE("fleet: the HTML page escapes what the files say and needs nothing outside itself") {
  TempDir dir;
  write_fleet(dir.path());
  FleetOptions opt;
  opt.now = kNow;
  auto r = read_fleet(dir.str(), opt);
  REQUIRE(r);
  r->titles["dang-ky-khai-sinh"] = "Đăng ký khai sinh";
  const std::string page = fleet_html(*r);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK_FALSE(contains(page, "<script"));
  CHECK_FALSE(contains(page, "<b>bold"));
  CHECK_FALSE(contains(page, "<img"));
  CHECK(contains(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  CHECK(contains(page, "&lt;b&gt;bold&lt;/b&gt;"));
  // Self-contained: no link, stylesheet, script, image or font is fetched from anywhere.
  for (const char* outside : {"<link", "src=", "href=", "url(", "@import", "http://", "https://"}) {
    CAPTURE(outside);
    CHECK_FALSE(contains(page, outside));
  }
  CHECK(contains(page, "<svg"));
  CHECK(contains(page, "Đăng ký khai sinh"));
  CHECK(contains(page, "Mất liên lạc"));
  CHECK(contains(page, "Chưa từng báo cáo"));
  CHECK_FALSE(contains(page, "0912345678"));
  CHECK_FALSE(contains(page, "Bình"));
  // Every tag that opens is one this page writes.
  std::set<std::string> tags;
  static const std::regex tag("<([a-zA-Z][a-zA-Z0-9]*)");
  for (std::sregex_iterator it(page.begin(), page.end(), tag), end; it != end; ++it) tags.insert((*it)[1]);
  const std::set<std::string> allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "p",
                                         "main", "div", "section", "h2", "table", "thead", "tr", "th", "tbody",
                                         "td", "span", "br", "svg", "line", "text", "rect", "i", "code", "details",
                                         "summary", "ul", "li", "footer"};
  for (const auto& t : tags) {
    CAPTURE(t);
    CHECK(allowed.count(t) == 1);
  }
}

TEST_CASE("fleet: JSON, table and HTML from the tramtin-publish binary; exit statuses") {
  TempDir dir, out;
  write_fleet(dir.path() / "reports");
  const std::string reports = sh_quote(dir.str("reports"));
  const std::string now = " --now " + std::to_string(kNow);

  auto j = run(kPublish + " fleet " + reports + " --json" + now);
  INFO(j.err);
  REQUIRE(j.status == 0);
  json doc = json::parse(j.out, nullptr, false);
  REQUIRE(doc.is_object());
  CHECK(doc["format"] == "tramtin-fleet/1");
  CHECK(doc["summary"]["kiosks"] == 4);
  CHECK(doc["summary"]["fresh"] == 2);
  CHECK(doc["summary"]["stale"] == 1);
  CHECK(doc["summary"]["never"] == 1);
  CHECK(doc["summary"]["views"] == 24);
  CHECK(doc["summary"]["searches"]["zero_results"] == 5);
  REQUIRE(doc["kiosks"].size() == 4);
  CHECK(doc["kiosks"][0]["id"] == D);
  CHECK(doc["kiosks"][0]["state"] == "never");
  CHECK(doc["kiosks"][1]["id"] == B);
  CHECK(doc["kiosks"][1]["state"] == "stale");
  CHECK(doc["kiosks"][1]["content"]["behind"] == true);
  CHECK(doc["kiosks"][1]["sync"]["last_cause"] == "transport");
  CHECK(doc["kiosks"][2]["id"] == A);
  CHECK(doc["kiosks"][2]["content"]["version"] == 1796000000);
  CHECK(doc["kiosks"][2]["usage"]["parts"] == 4);
  CHECK(doc["kiosks"][3]["languages"] == json({"vi", "zh-Hans", "en"}));
  CHECK(doc["items"][0]["item"] == "dang-ky-khai-sinh");
  CHECK(doc["items"][0]["views"] == 17);
  CHECK(doc["zero_result_queries"][0] == json({{"query", "so do"}, {"count", 8}, {"kiosks", 2}}));
  CHECK(doc["views_per_day"].back() == json({{"day", "2026-11-30"}, {"views", 12}}));
  CHECK(doc["hours"][9] == 15);
  CHECK(doc["feedback"][0]["item"] == "dang-ky-khai-sinh");
  CHECK(doc["feedback"][0]["scores"] == json({0, 1, 1, 2, 5}));
  CHECK(doc["warnings"].size() >= 12);
  CHECK_FALSE(contains(j.out + j.err, "\x1b"));
  // The warnings also go to stderr as path: warning: message.
  CHECK(contains(j.err, (dir.path() / "reports" / C / "2026-11-30-6.json").string() +
                            ": warning: unknown format 'tramtin-usage/9'"));
  CHECK_FALSE(contains(j.out + j.err, "0912345678"));

  // --stale-hours moves the stale kiosk to fresh.
  auto j73 = run(kPublish + " fleet " + reports + " --json --stale-hours 73" + now);
  REQUIRE(j73.status == 0);
  CHECK(json::parse(j73.out)["summary"]["stale"] == 0);

  // The table: stale kiosks first, titles from --source.
  TempDir src;
  test::write_good_tree(src.path());  // holds dang-ky-khai-sinh, "Đăng ký khai sinh"
  const std::string html = out.str("fleet.html");
  auto t = run(kPublish + " fleet " + reports + now + " --source " + sh_quote(src.str()) + " --html " + sh_quote(html));
  INFO(t.out);
  REQUIRE(t.status == 0);
  const auto stale_at = t.out.find("stale " + std::string(B));
  const auto fresh_at = t.out.find("fresh " + std::string(A));
  CHECK(stale_at != std::string::npos);
  CHECK(fresh_at != std::string::npos);
  CHECK(stale_at < fresh_at);
  CHECK(contains(t.out, "dang-ky-khai-sinh  Đăng ký khai sinh"));
  CHECK(contains(t.out, "Could not resolve host"));
  CHECK(contains(t.out, "wrote " + html));
  const std::string page = test::read_file(html);
  CHECK(contains(page, "Đăng ký khai sinh"));
  CHECK_FALSE(contains(page, "<script"));
  if (const char* keep = std::getenv("TRAMTIN_FLEET_HTML")) test::write_file(keep, page);  // to look at it

  // Exit statuses.
  auto missing = run(kPublish + " fleet " + sh_quote(dir.str("nowhere")));
  CHECK(missing.status == 1);
  CHECK(contains(missing.err, "nowhere: no such folder"));
  auto file = run(kPublish + " fleet " + sh_quote(dir.str("reports/README.txt")));
  CHECK(file.status == 1);
  CHECK(contains(file.err, "not a folder"));
  CHECK(run(kPublish + " fleet").status == 2);
  CHECK(run(kPublish + " fleet " + reports + " --stale-hours 0").status == 2);
  CHECK(run(kPublish + " fleet " + reports + " --days x").status == 2);
  CHECK(run(kPublish + " fleet " + reports + " --frob").status == 2);
  CHECK(run(kPublish + " fleet a b").status == 2);
  auto help = run(kPublish + " fleet --help");
  CHECK(help.status == 0);
  CHECK(contains(help.out, "usage: tramtin-publish fleet REPORTS_DIR"));
  auto bad_out = run(kPublish + " fleet " + reports + now + " --html " + sh_quote(dir.str("no/such/dir/x.html")));
  CHECK(bad_out.status == 1);
  auto bad_src = run(kPublish + " fleet " + reports + now + " --source " + sh_quote(dir.str("nosrc")));
  CHECK(bad_src.status == 1);
}

TEST_CASE("fleet: an empty reports folder is a fleet of none, not an error") {
  TempDir dir;
  auto r = run(kPublish + " fleet " + sh_quote(dir.str()) + " --json --now " + std::to_string(kNow));
  REQUIRE(r.status == 0);
  json doc = json::parse(r.out);
  CHECK(doc["summary"]["kiosks"] == 0);
  CHECK(doc["kiosks"].empty());
  auto t = run(kPublish + " fleet " + sh_quote(dir.str()) + " --now " + std::to_string(kNow));
  CHECK(t.status == 0);
  CHECK(contains(t.out, "no kiosk folder yet"));
}

TEST_CASE("fleet: day numbers") {
  CHECK(day_number("1970-01-01") == 0);
  CHECK(day_number("2026-11-30") == 20787);
  CHECK(day_string(20787) == "2026-11-30");
  CHECK(day_number("2024-02-29") > 0);
  CHECK(day_number("2026-02-29") == -1);
  CHECK(day_number("2026-13-01") == -1);
  CHECK(day_number("2026-1-01x") == -1);
  for (std::int64_t d = 19000; d < 21000; d += 37) CHECK(day_number(day_string(d)) == d);
}
