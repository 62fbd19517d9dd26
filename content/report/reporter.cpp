// The report round after each sync attempt: seal, upload the outbox, the heartbeat. Layer:
// tramtin_content, content/report/ (see reporter.h).
#include "content/report/reporter.h"

#include <sys/statvfs.h>

#include <nlohmann/json.hpp>

#include "content/base/files.h"
#include "content/base/log.h"
#include "content/base/time.h"
#include "content/report/usage.h"
#include "content/sync/apply.h"
#include "content/sync/worker.h"

namespace tramtin::report {

namespace {

std::string safe_id(std::string id) {
  for (char& c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) c = '_';
  return id;
}

std::int64_t meta_int(const Cache& cache, const char* key) {
  auto v = cache.meta_value(key);
  return v && *v ? std::strtoll((*v)->c_str(), nullptr, 10) : 0;
}

std::string meta_str(const Cache& cache, const char* key) {
  auto v = cache.meta_value(key);
  return v && *v ? **v : std::string();
}

const char* kind_key(const std::optional<sync::SyncOutcome::Kind>& k) {
  if (!k) return "none";
  switch (*k) {
    case sync::SyncOutcome::Kind::up_to_date: return "up_to_date";
    case sync::SyncOutcome::Kind::applied: return "applied";
    case sync::SyncOutcome::Kind::rejected: return "rejected";
    case sync::SyncOutcome::Kind::failed: return "failed";
  }
  return "none";
}

std::uint64_t disk_free(const std::string& path) {
  struct statvfs v{};
  if (::statvfs(path.c_str(), &v) != 0) return 0;
  return static_cast<std::uint64_t>(v.f_bavail) * v.f_frsize;
}

// The signed creation time of the content in place: the last good bundle's manifest.
std::int64_t content_created_at(const Config& cfg) {
  auto text = read_file(sync::last_good_bundle_dir(cfg) + "/manifest.json", 4 * 1024 * 1024);
  if (!text) return 0;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return 0;
  auto it = j.find("created_at");
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

std::string redact_url(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto host_start = scheme + 3;
  const auto path = url.find('/', host_start);
  const auto at = url.rfind('@', path == std::string::npos ? url.size() : path);
  if (at == std::string::npos || at < host_start) return url;
  return url.substr(0, host_start) + url.substr(at + 1);
}

Reporter::Reporter(Config cfg, ReporterOptions opt) : cfg_(std::move(cfg)), opt_(std::move(opt)) {
  resolve_config_paths(cfg_);
  if (!opt_.clock) opt_.clock = sync::system_now;
  facts_.languages = cfg_.languages;
}

void Reporter::set_facts(KioskFacts facts) {
  std::lock_guard lock(mu_);
  facts_ = std::move(facts);
}

ReportStatus Reporter::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

Status Reporter::seal_due(Cache& cache) {
  const UnixTime now = opt_.clock();
  const std::string today = vietnam_iso_day(now);
  auto days = cache.usage_days();
  if (!days) return days.status();
  const std::int64_t version = [&] {
    auto cm = cache.content_meta();
    return cm ? cm->version : 0;
  }();
  const bool today_due = now - meta_int(cache, "report.last_seal_at") >= opt_.seal_today_after_seconds;
  for (const auto& day : *days) {
    const bool final = day < today;  // a day after today (a clock set back) waits like today
    if (!final && !today_due) continue;
    PartHeader h{cfg_.kiosk_id, TRAMTIN_VERSION, version, day, final};
    auto part = cache.seal_usage(
        day, final, now,
        [&h](const std::vector<UsageCount>& rows, std::int64_t seq, std::int64_t dropped) -> Result<std::string> {
          return usage_part_json(h, rows, seq, dropped);
        },
        opt_.limits);
    if (!part) return part.status();
    if (*part) log::info("reports", "sealed " + (*part)->name() + (final ? " (final)" : ""));
  }
  return {};
}

std::string Reporter::status_json(const Cache& cache, const sync::SyncOutcome* outcome) {
  using nlohmann::json;
  const UnixTime now = opt_.clock();
  KioskFacts f;
  {
    std::lock_guard lock(mu_);
    f = facts_;
  }
  const sync::SyncState st = sync::read_sync_state(cache);
  auto cm = cache.content_meta();
  auto q = cache.report_queue();
  const auto logs = log::counts();
  json j;
  j["format"] = "tramtin-status/1";
  j["kiosk_id"] = cfg_.kiosk_id;
  j["app_version"] = TRAMTIN_VERSION;
  j["sent_at"] = now;
  j["uptime_seconds"] =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
  j["last_restart_reason"] = f.last_restart_reason;
  j["content"] = {{"version", cm ? cm->version : 0},
                  {"created_at", cm && cm->version > 0 ? content_created_at(cfg_) : 0},
                  {"applied_at", cm ? cm->applied_at : 0},
                  {"channel", cm ? cm->channel : std::string()}};
  const bool rejected_or_failed =
      st.last_kind && (*st.last_kind == sync::SyncOutcome::Kind::rejected || *st.last_kind == sync::SyncOutcome::Kind::failed);
  j["sync"] = {{"last_attempt", st.last_attempt},
               {"last_kind", kind_key(st.last_kind)},
               {"last_cause", rejected_or_failed ? error_kind_name(st.last_cause) : ""},
               {"last_reason", redact_url(st.last_reason)},
               {"last_success", st.last_success},
               {"consecutive_failures", st.consecutive_failures},
               {"bytes_today", st.bytes_day == sync::budget_day(now) ? st.bytes_today : 0}};
  (void)outcome;
  j["disk_free_bytes"] = disk_free(cfg_.data_dir);
  const std::int64_t fail_day = meta_int(cache, "report.fail_day");
  j["errors"] = {{"log_errors", logs.errors},
                 {"log_warnings", logs.warnings},
                 {"sync_failures_today", fail_day == vietnam_day(now) ? meta_int(cache, "report.fail_count") : 0},
                 {"reports_dropped", q ? q->dropped_total : 0},
                 {"reports_queued", q ? q->parts : 0}};
  j["screen"] = {{"width", f.screen_w}, {"height", f.screen_h}};
  j["languages"] = f.languages;
  return j.dump(2) + "\n";
}

void Reporter::after_attempt(Cache& cache, const sync::SyncOutcome& outcome) {
  if (cfg_.report_url.empty()) return;
  try {
    const UnixTime now = opt_.clock();
    std::vector<std::pair<std::string, std::string>> meta;
    // Failed network attempts of the day, for the heartbeat.
    {
      const std::int64_t day = vietnam_day(now);
      std::int64_t n = meta_int(cache, "report.fail_day") == day ? meta_int(cache, "report.fail_count") : 0;
      if (!outcome.ok()) ++n;
      cache.set_meta_values({{"report.fail_day", std::to_string(day)}, {"report.fail_count", std::to_string(n)}});
    }
    std::string error;
    if (Status s = seal_due(cache); !s) error = "sealing usage: " + s.message;

    std::string base = cfg_.report_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    base += "/" + safe_id(cfg_.kiosk_id) + "/";
    http::Options ho = opt_.http;
    auto cm = cache.content_meta();
    ho.user_agent = sync::user_agent(cfg_.kiosk_id, cm ? cm->version : 0);
    if (ho.username.empty()) ho.use_netrc = true;  // a login in the URL wins; else ~/.netrc if it has one
    http::Client client(ho);

    UnixTime sent_at = 0;
    int sent = 0;
    bool link_down = false;
    auto parts = cache.outbox(1000);
    if (!parts) {
      error = "reading the report outbox: " + parts.error();
    } else {
      for (const auto& p : *parts) {
        const std::string url = base + p.name();
        http::Result r = client.put_data(url, p.body, "application/json");
        if (!r.ok()) {
          error = "sending " + p.name() + ": " + r.describe(redact_url(url));
          link_down = !r.transport_ok();
          break;  // the rest waits for the next attempt, in order
        }
        if (Status s = cache.remove_part(p.seq); !s) {
          error = "a sent part stays queued (it will be sent again, same name): " + s.message;
          break;
        }
        sent_at = now;
        ++sent;
      }
    }
    if (!link_down) {
      const std::string url = base + "status.json";
      http::Result r = client.put_data(url, status_json(cache, &outcome), "application/json");
      if (r.ok()) sent_at = now;
      else if (error.empty()) error = "sending status.json: " + r.describe(redact_url(url));
    }
    if (sent_at) meta.push_back({"report.last_sent_at", std::to_string(sent_at)});
    meta.push_back({"report.last_error", error});
    meta.push_back({"report.last_round_at", std::to_string(now)});
    cache.set_meta_values(meta);
    if (!error.empty()) log::warn("reports", error);
    else if (sent > 0) log::info("reports", "sent " + std::to_string(sent) + " usage part(s) and the status");
    ReportStatus rs = read_report_status(cache);
    std::lock_guard lock(mu_);
    status_ = rs;
  } catch (const std::exception& e) {
    log::error("reports", std::string("internal error in the report round: ") + e.what());
  }
}

ReportStatus read_report_status(const Cache& cache) {
  ReportStatus rs;
  if (auto q = cache.report_queue()) rs.queued = q->parts;
  rs.last_sent = meta_int(cache, "report.last_sent_at");
  rs.last_error = meta_str(cache, "report.last_error");
  return rs;
}

}  // namespace tramtin::report
