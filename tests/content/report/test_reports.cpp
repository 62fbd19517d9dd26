// The kiosk's reports (content/report/REPORTS.md): the privacy rule for zero-result queries, the
// parts sealed from the day counters, the bounded queues, and the round after each sync attempt
// against a real nginx on 127.0.0.1 (WebDAV PUT), real libcurl and real SQLite files.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "content/base/time.h"
#include "content/report/reporter.h"
#include "content/report/usage.h"
#include "content/sync/worker.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;
using nlohmann::json;

namespace {

constexpr UnixTime kDay1 = 1795312800;  // 2026-11-22 09:00 Vietnam time (02:00 UTC)

std::unique_ptr<Cache> writer(const std::string& path) {
  auto c = Cache::open(path, Cache::Mode::writer);
  REQUIRE_MESSAGE(c.ok(), c.error());
  return std::move(*c);
}

UsageCount uc(const std::string& day, const std::string& kind, const std::string& item, const std::string& lang,
              const std::string& key, std::int64_t n) {
  return UsageCount{day, kind, item, lang, key, n};
}

std::vector<fs::path> files_in(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Waits until the worker has finished `n` attempts (each with its report round).
bool wait_attempts(const sync::SyncWorker& w, int n, double seconds = 30) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (w.attempts() < n && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return w.attempts() >= n;
}

sync::WorkerOptions quick_worker() {
  sync::WorkerOptions wo;
  wo.first_delay = std::chrono::milliseconds(10);
  wo.retry_base = std::chrono::milliseconds(200);
  wo.interval = std::chrono::hours(1);
  wo.sync = fast_options();
  wo.seed = 7;
  return wo;
}

}  // namespace

TEST_CASE("reports: a zero-result query keeps no name, no digit, at most 40 characters") {
  using report::clean_zero_result_query;
  CHECK(clean_zero_result_query("Sổ đỏ") == "so do");
  CHECK(clean_zero_result_query("  GIẤY   phép, lái xe!! ") == "giay phep lai xe");
  CHECK(clean_zero_result_query("cccd 012345678901") == "cccd");
  CHECK(clean_zero_result_query("012345678901").empty());
  CHECK(clean_zero_result_query("0912 345 678").empty());
  // People's names: by the family name with its marks, or the common shape of a full name.
  CHECK(clean_zero_result_query("Nguyễn Văn Minh").empty());
  CHECK(clean_zero_result_query("nguyen van minh").empty());
  CHECK(clean_zero_result_query("Đặng Thị Hoa").empty());
  CHECK(clean_zero_result_query("giàng a páo").empty());
  CHECK(clean_zero_result_query("lo thi mai").empty());
  // ... while ordinary words that fold like family names stay ("đăng ký", "lệ phí").
  CHECK(clean_zero_result_query("đăng ký tạm trú") == "dang ky tam tru");
  CHECK(clean_zero_result_query("lệ phí") == "le phi");
  const std::string long_q = clean_zero_result_query(
      "thủ tục xin cấp giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình");
  CHECK(long_q.size() <= 40);
  CHECK(long_q.rfind("thu tuc xin cap giay chung nhan", 0) == 0);
  CHECK(long_q.back() != ' ');
  CHECK(clean_zero_result_query("\xff\xfe").empty());
}

TEST_CASE("reports: a part carries the day's counts · zero-result queries only in the final part, seen 3 times") {
  Dir dir;
  auto c = writer(dir.str("c.db"));
  const std::string d = "2026-11-22";
  REQUIRE(c->add_usage({uc(d, "hour", "", "", "9", 4), uc(d, "view", "dang-ky-khai-sinh", "vi", "", 2),
                        uc(d, "view", "dang-ky-khai-sinh", "hmn", "", 1), uc(d, "listen", "dang-ky-khai-sinh", "hmn", "", 1),
                        uc(d, "tick", "dang-ky-khai-sinh", "", "", 3), uc(d, "lang", "", "hmn", "", 1),
                        uc(d, "search", "", "", "total", 6), uc(d, "search", "", "", "zero", 5),
                        uc(d, "search", "", "", "abandoned", 1), uc(d, "zq", "", "", "so do", 3),
                        uc(d, "zq", "", "", "xyz", 2)})
              .ok());
  REQUIRE(c->insert_feedback("", 5, "", kDay1).ok());
  REQUIRE(c->insert_feedback("dang-ky-khai-sinh", 1, "unclear", kDay1).ok());
  REQUIRE(c->add_usage({uc(d, "view", "dang-ky-khai-sinh", "vi", "", 1)}).ok());  // summed

  auto build = [&](bool final) {
    return [final, d](const std::vector<UsageCount>& rows, std::int64_t seq, std::int64_t dropped) -> Result<std::string> {
      return report::usage_part_json({"kiosk-a", "9.9.9", 42, d, final}, rows, seq, dropped);
    };
  };
  // Not final: everything but the queries, which wait for the end of the day.
  auto p1 = c->seal_usage(d, false, kDay1 + 60, build(false));
  REQUIRE(p1.ok());
  REQUIRE(p1->has_value());
  CHECK((*p1)->name() == "2026-11-22-1.json");
  json j1 = json::parse((*p1)->body);
  CHECK(j1["format"] == "tramtin-usage/1");
  CHECK(j1["kiosk_id"] == "kiosk-a");
  CHECK(j1["content_version"] == 42);
  CHECK(j1["seq"] == 1);
  CHECK(j1["final"] == false);
  CHECK(j1["hours"][9] == 4);
  CHECK(j1["hours"].size() == 24);
  CHECK(j1["views"] == json::parse(R"([{"item":"dang-ky-khai-sinh","lang":"hmn","count":1},{"item":"dang-ky-khai-sinh","lang":"vi","count":3}])"));
  CHECK(j1["listens"][0]["count"] == 1);
  CHECK(j1["checklist"] == json::parse(R"([{"item":"dang-ky-khai-sinh","count":3}])"));
  CHECK(j1["feedback"] == json::parse(R"([{"item":"","scores":[0,0,0,0,1],"reasons":{}},
                                          {"item":"dang-ky-khai-sinh","scores":[1,0,0,0,0],"reasons":{"unclear":1}}])"));
  CHECK(j1["languages"] == json::parse(R"({"hmn":1})"));
  CHECK(j1["searches"] == json::parse(R"({"total":6,"zero_results":5,"abandoned":1})"));
  CHECK_FALSE(j1.contains("zero_result_queries"));
  CHECK(j1["dropped"] == 0);
  CHECK(*c->meta_value("report.last_seal_at") == std::optional<std::string>(std::to_string(kDay1 + 60)));

  // More of the day after the first part, then the final part with the queries seen 3 times.
  REQUIRE(c->add_usage({uc(d, "zq", "", "", "xyz", 0), uc(d, "view", "tin-moi", "vi", "", 1)}).ok());
  auto p2 = c->seal_usage(d, true, kDay1 + 86400, build(true));
  REQUIRE(p2.ok());
  REQUIRE(p2->has_value());
  json j2 = json::parse((*p2)->body);
  CHECK(j2["seq"] == 2);
  CHECK(j2["final"] == true);
  CHECK(j2["views"] == json::parse(R"([{"item":"tin-moi","lang":"vi","count":1}])"));
  CHECK(j2["zero_result_queries"] == json::parse(R"([{"query":"so do","count":3}])"));
  CHECK(j2["searches"]["total"] == 0);
  CHECK(c->usage_days()->empty());
  // Nothing left: nothing sealed, seq not used.
  auto p3 = c->seal_usage(d, true, kDay1 + 86400, build(true));
  REQUIRE(p3.ok());
  CHECK_FALSE(p3->has_value());
  auto out = c->outbox();
  REQUIRE(out.ok());
  REQUIRE(out->size() == 2);
  CHECK((*out)[0].seq == 1);
  CHECK((*out)[1].seq == 2);
  // A builder that fails leaves everything as it was.
  REQUIRE(c->add_usage({uc(d, "view", "x", "vi", "", 1)}).ok());
  auto bad = c->seal_usage(d, true, kDay1, [](const std::vector<UsageCount>&, std::int64_t, std::int64_t) -> Result<std::string> {
    return Status::error(ErrorKind::input, "no");
  });
  CHECK_FALSE(bad.ok());
  CHECK(c->usage_for_day(d)->size() == 1);
  CHECK(c->outbox()->size() == 2);
  CHECK(*c->meta_value("report.seq") == std::optional<std::string>("2"));
}

TEST_CASE("reports: full queues drop the oldest first and count the drop") {
  Dir dir;
  auto c = writer(dir.str("c.db"));
  ReportLimits lim;
  lim.max_counter_rows = 5;
  lim.max_parts = 2;
  // Six rows over three days: the oldest day's first row goes.
  std::vector<UsageCount> rows;
  for (int i = 0; i < 2; ++i) rows.push_back(uc("2026-11-20", "view", "old-" + std::to_string(i), "vi", "", 1));
  for (int i = 0; i < 2; ++i) rows.push_back(uc("2026-11-21", "view", "mid-" + std::to_string(i), "vi", "", 1));
  REQUIRE(c->add_usage(rows, lim).ok());
  REQUIRE(c->add_usage({uc("2026-11-22", "view", "new-0", "vi", "", 1), uc("2026-11-22", "view", "new-1", "vi", "", 1)}, lim).ok());
  CHECK(c->report_queue()->counter_rows == 5);
  auto first = c->usage_for_day("2026-11-20");
  REQUIRE(first->size() == 1);
  CHECK(first->front().item == "old-1");  // old-0 was the oldest
  CHECK(c->report_queue()->dropped_total == 1);

  auto build = [](const std::string& d) {
    return [d](const std::vector<UsageCount>& r, std::int64_t seq, std::int64_t dropped) -> Result<std::string> {
      return report::usage_part_json({"k", "1", 1, d, true}, r, seq, dropped);
    };
  };
  // The first part reports the dropped row; three parts into an outbox of two: the oldest goes.
  auto a = c->seal_usage("2026-11-20", true, kDay1, build("2026-11-20"), lim);
  CHECK(json::parse((*a)->body)["dropped"] == 1);
  auto b = c->seal_usage("2026-11-21", true, kDay1, build("2026-11-21"), lim);
  CHECK(json::parse((*b)->body)["dropped"] == 0);
  auto d3 = c->seal_usage("2026-11-22", true, kDay1, build("2026-11-22"), lim);
  REQUIRE(d3.ok());
  auto out = c->outbox();
  REQUIRE(out->size() == 2);
  CHECK((*out)[0].seq == 2);
  CHECK((*out)[1].seq == 3);
  CHECK(c->report_queue()->dropped_total == 2);
  // The next part says one part was dropped since the previous one.
  REQUIRE(c->add_usage({uc("2026-11-23", "hour", "", "", "8", 1)}, lim).ok());
  auto e = c->seal_usage("2026-11-23", true, kDay1, build("2026-11-23"), lim);
  CHECK(json::parse((*e)->body)["dropped"] == 1);
}

TEST_CASE("reports: an upload that fails keeps the outbox · the next attempt sends the same parts once") {
  Dir dir;
  Nginx nginx;
  Publisher pub;
  pub.out_dir = dir.str("bundle");
  const auto version = pub.publish(make_items(6)).manifest.version;
  copy_bundle(pub.out_dir, nginx.www() + "/feed");
  Config cfg = kiosk_config(dir.str("kiosk"), {nginx.url("/feed")}, {pub.public_key()});
  cfg.kiosk_id = "laichau-test-01";
  {
    auto c = writer(cfg.database);
    REQUIRE(c->add_usage({uc("2026-11-22", "view", "muc-1", "vi", "", 2), uc("2026-11-22", "hour", "", "", "9", 2)}).ok());
  }

  // 1. The report server is down (nothing listens on the port): the part is sealed and kept.
  Config down = cfg;
  down.report_url = "http://kiosk:secret@127.0.0.1:" + std::to_string(free_port()) + "/reports";
  {
    sync::SyncWorker w(down, quick_worker());
    report::Reporter rep(down);
    w.on_attempt_finished = [&rep](Cache& c, const sync::SyncOutcome& o) { rep.after_attempt(c, o); };
    w.start();
    REQUIRE(wait_attempts(w, 1));
    w.stop();
    CHECK(rep.status().queued == 1);
    CHECK(rep.status().last_error.find("2026-11-22-1.json") != std::string::npos);
    INFO("error: " << rep.status().last_error);
    CHECK(rep.status().last_error.find("secret") == std::string::npos);  // never the password
  }
  // 2. A server that answers with an error status: still kept, same part.
  {
    FaultServer bad(dir.str("empty"));
    bad.set_fault("/", FaultServer::Fault::status500);
    Config c2 = cfg;
    c2.report_url = bad.url() + "/reports";
    sync::SyncWorker w(c2, quick_worker());
    report::Reporter rep(c2);
    w.on_attempt_finished = [&rep](Cache& c, const sync::SyncOutcome& o) { rep.after_attempt(c, o); };
    w.start();
    REQUIRE(wait_attempts(w, 1));
    w.stop();
    CHECK(bad.requests("/reports/laichau-test-01/2026-11-22-1.json") == 1);
    CHECK(bad.requests("/reports/laichau-test-01/status.json") == 1);  // the server answered: heartbeat tried
    CHECK(rep.status().queued == 1);
    CHECK(rep.status().last_error.find("HTTP 404") != std::string::npos);
  }
  auto kept = writer(cfg.database)->outbox();
  REQUIRE(kept->size() == 1);
  CHECK(kept->front().seq == 1);

  // 3. The server is back: the same part goes up under the same name, once, then the heartbeat.
  Config up = cfg;
  up.report_url = nginx.url("/reports/");
  {
    sync::SyncWorker w(up, quick_worker());
    report::Reporter rep(up);
    rep.set_facts({1920, 1080, {"vi", "hmn"}, "boot"});
    w.on_attempt_finished = [&rep](Cache& c, const sync::SyncOutcome& o) { rep.after_attempt(c, o); };
    w.start();
    REQUIRE(wait_attempts(w, 1));
    w.stop();
    CHECK(rep.status().queued == 0);
    CHECK(rep.status().last_error == "");
    CHECK(rep.status().last_sent > 0);
  }
  const std::string folder = nginx.www() + "/reports/laichau-test-01";
  auto files = files_in(folder);
  REQUIRE(files.size() == 2);
  CHECK(files[0].filename() == "2026-11-22-1.json");
  CHECK(files[1].filename() == "status.json");
  json part = json::parse(read_bytes(files[0].string()));
  CHECK(part["views"] == json::parse(R"([{"item":"muc-1","lang":"vi","count":2}])"));
  CHECK(part["final"] == true);
  CHECK(nginx.log_count("PUT /reports/laichau-test-01/2026-11-22-1.json") == 1);
  json st = json::parse(read_bytes(files[1].string()));
  CHECK(st["format"] == "tramtin-status/1");
  CHECK(st["kiosk_id"] == "laichau-test-01");
  CHECK(st["content"]["version"] == version);
  CHECK(st["content"]["created_at"].get<std::int64_t>() > 0);
  CHECK(st["sync"]["last_kind"] == "up_to_date");  // the first round applied it
  CHECK(st["sync"]["last_success"].get<std::int64_t>() > 0);
  CHECK(st["screen"] == json::parse(R"({"width":1920,"height":1080})"));
  CHECK(st["languages"] == json::parse(R"(["vi","hmn"])"));
  CHECK(st["last_restart_reason"] == "boot");
  CHECK(st["errors"]["reports_queued"] == 0);
  CHECK(st["errors"]["sync_failures_today"] == 0);
  CHECK(st["disk_free_bytes"].get<std::uint64_t>() > 0);

  // 4. Nothing new: the next round sends only the heartbeat; the part is not sent again.
  {
    sync::SyncWorker w(up, quick_worker());
    report::Reporter rep(up);
    w.on_attempt_finished = [&rep](Cache& c, const sync::SyncOutcome& o) { rep.after_attempt(c, o); };
    w.start();
    REQUIRE(wait_attempts(w, 1));
    w.stop();
  }
  CHECK(nginx.log_count("PUT /reports/laichau-test-01/2026-11-22-1.json") == 1);
  CHECK(nginx.log_count("PUT /reports/laichau-test-01/status.json") == 2);
  CHECK(json::parse(read_bytes(folder + "/status.json"))["sync"]["last_kind"] == "up_to_date");
}

TEST_CASE("reports: the feed sees the kiosk id and the content version in the User-Agent") {
  CHECK(sync::user_agent("laichau-binhlu-01", 1764500000) ==
        "tramtin/" TRAMTIN_VERSION " (laichau-binhlu-01; content 1764500000)");
  CHECK(sync::user_agent("bad id\r\nX: y", 0) == "tramtin/" TRAMTIN_VERSION " (bad_id__X__y; content 0)");

  Dir dir;
  Nginx nginx;
  Publisher pub;
  pub.out_dir = dir.str("bundle");
  const auto version = pub.publish(make_items(3)).manifest.version;
  copy_bundle(pub.out_dir, nginx.www());
  Config cfg = kiosk_config(dir.str("kiosk"), {nginx.url()}, {pub.public_key()});
  cfg.kiosk_id = "laichau-ua-07";
  sync::SyncWorker w(cfg, quick_worker());
  w.start();
  REQUIRE(wait_attempts(w, 1));
  w.request_sync_now();
  REQUIRE(wait_attempts(w, 2));
  w.stop();
  // First poll: nothing applied yet (content 0); the next one carries the version it applied.
  CHECK(nginx.log_count("\"tramtin/" TRAMTIN_VERSION " (laichau-ua-07; content 0)\"") >= 1);
  CHECK(nginx.log_count("\"tramtin/" TRAMTIN_VERSION " (laichau-ua-07; content " + std::to_string(version) + ")\"") >= 1);
}
