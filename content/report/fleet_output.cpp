// Text, JSON and HTML views of a FleetReport (fleet_output.h). Layer: tramtin_content, content/report/.
//
// [SECTION] shared: sorting, numbers, ages
// [SECTION] plain text (English, like the rest of the staff tool's terminal output)
// [SECTION] JSON
// [SECTION] HTML (Vietnamese, for district staff): page, kiosk table, SVG charts
#include "content/report/fleet_output.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "content/base/format.h"
#include "content/base/text.h"
#include "content/base/time.h"

namespace tramtin {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] shared: sorting, numbers, ages

constexpr std::int64_t kLowDiskBytes = 1LL << 30;     // under 1 GB free: worth a visit
constexpr std::int64_t kClockNoteSeconds = 3600;      // a kiosk clock further off than this is noted

template <class Map, class Key>
std::vector<typename Map::const_iterator> sorted_by(const Map& m, Key key) {
  std::vector<typename Map::const_iterator> out;
  for (auto it = m.begin(); it != m.end(); ++it) out.push_back(it);
  std::stable_sort(out.begin(), out.end(), [&](auto a, auto b) { return key(a->second) > key(b->second); });
  return out;
}

auto items_by_views(const FleetReport& r) {
  return sorted_by(r.items, [](const ItemUsage& u) { return std::pair(u.views, u.listens + u.checklist); });
}
auto feedback_by_answers(const FleetReport& r) {
  return sorted_by(r.feedback, [](const ItemFeedback& f) { return f.answers(); });
}
auto queries_by_count(const FleetReport& r) {
  return sorted_by(r.zero_queries, [](const QueryCount& q) { return q.count; });
}
auto languages_by_use(const FleetReport& r) {
  return sorted_by(r.languages, [](const LanguageUse& l) { return std::pair(l.views, l.switches); });
}

std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) next_codepoint(s, i);
  return n;
}

std::string cut(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t i = 0, n = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    next_codepoint(s, i);
    if (++n > max_chars) return out + "…";
    out.append(s.substr(start, i - start));
  }
  return out;
}

// Strings from report files are checked UTF-8 but may hold control characters: never send those
// to a terminal.
std::string safe(std::string_view s, std::size_t max_chars = 80) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    char32_t cp = next_codepoint(s, i);
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029)
      out += '?';
    else
      out.append(s.substr(start, i - start));
  }
  return cut(out, max_chars);
}

std::string pad(const std::string& s, std::size_t w) {
  const std::size_t n = width(s);
  return n >= w ? s : s + std::string(w - n, ' ');
}
std::string lpad(const std::string& s, std::size_t w) {
  const std::size_t n = width(s);
  return n >= w ? s : std::string(w - n, ' ') + s;
}

std::string num(std::int64_t n) { return std::to_string(n); }

// 1234567 -> "1.234.567" (Vietnamese groups thousands with '.')
std::string vn_num(std::int64_t n) {
  std::string d = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out += '.';
    out += d[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string fixed1(double v, char point) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  for (char& c : s)
    if (c == '.') c = point;
  return s;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "0%";
  return std::to_string(static_cast<int>(std::lround(100.0 * static_cast<double>(part) / static_cast<double>(whole)))) + "%";
}

std::string en_age(std::int64_t now, std::int64_t t) {
  if (t <= 0) return "";
  const std::int64_t s = now - t;
  if (s < -300) return "in the future";
  if (s < 3600) return std::to_string(std::max<std::int64_t>(0, s / 60)) + " min ago";
  if (s < 2 * 86400) return std::to_string(s / 3600) + " h ago";
  return std::to_string(s / 86400) + " d ago";
}

std::string vn_age(std::int64_t now, std::int64_t t) {
  if (t <= 0) return "";
  const std::int64_t s = now - t;
  if (s < -300) return "thời gian ở tương lai";
  if (s < 3600) return std::to_string(std::max<std::int64_t>(0, s / 60)) + " phút trước";
  if (s < 2 * 86400) return std::to_string(s / 3600) + " giờ trước";
  return std::to_string(s / 86400) + " ngày trước";
}

std::string en_duration(std::int64_t s) {
  s = s < 0 ? -s : s;
  if (s < 2 * 86400) return std::to_string(s / 3600) + " h";
  return std::to_string(s / 86400) + " d";
}

std::string vn_duration(std::int64_t s) {
  s = s < 0 ? -s : s;
  if (s < 2 * 86400) return std::to_string(s / 3600) + " giờ";
  return std::to_string(s / 86400) + " ngày";
}

// "2026-11-30" -> "30/11"
std::string short_day(const std::string& day) {
  return day.size() == 10 ? day.substr(8, 2) + "/" + day.substr(5, 2) : day;
}
std::string vn_day(const std::string& day) {
  return day.size() == 10 ? day.substr(8, 2) + "/" + day.substr(5, 2) + "/" + day.substr(0, 4) : day;
}

// The days of the window that have data or lie between days with data, oldest first.
std::vector<std::pair<std::string, std::int64_t>> day_series(const FleetReport& r) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  std::int64_t first = day_number(r.from_day), last = day_number(r.today);
  if (!r.views_per_day.empty()) {
    // Trim empty days before the first report (a new fleet), keep the rest of the window visible.
    first = std::max(first, std::min(last, day_number(r.views_per_day.begin()->first)));
    last = std::max(last, day_number(r.views_per_day.rbegin()->first));  // a kiosk clock ahead
  }
  if (last - first > 3660) first = last - 3660;
  for (std::int64_t d = first; d <= last; ++d) {
    const std::string day = day_string(d);
    auto it = r.views_per_day.find(day);
    out.emplace_back(day, it == r.views_per_day.end() ? 0 : it->second);
  }
  return out;
}

bool sync_bad(const KioskReport& k) { return k.sync_kind == "failed" || k.sync_kind == "rejected"; }

// ---------------------------------------------------------------------------------------------
// [SECTION] plain text

std::string en_notes(const KioskReport& k) {
  std::vector<std::string> n;
  if (k.status_unreadable) n.push_back("status.json skipped (see warnings)");
  else if (k.status_missing) n.push_back("no status.json");
  if (k.content_behind) n.push_back("content older than others on its channel");
  if (k.has_status && k.content_version == 0) n.push_back("sample pack only");
  if (k.clock_unset())
    n.push_back("kiosk clock not set (its times are wrong)");
  else if (k.has_status && std::llabs(k.clock_skew_seconds) > kClockNoteSeconds)
    n.push_back(std::string("clock ") + en_duration(k.clock_skew_seconds) +
                (k.clock_skew_seconds > 0 ? " ahead of" : " behind") + " the server");
  if (k.disk_free_bytes >= 0 && k.disk_free_bytes < kLowDiskBytes) n.push_back("low disk");
  if (k.consecutive_failures > 1) n.push_back(num(k.consecutive_failures) + " syncs failed in a row");
  if (k.reports_dropped > 0 || k.dropped > 0) n.push_back("dropped reports (queue full)");
  if (sync_bad(k) && !k.sync_reason.empty()) n.push_back(safe(k.sync_reason, 80));
  std::string out;
  for (const auto& s : n) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
  std::vector<std::size_t> w;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (w.size() <= i) w.push_back(0);
      w[i] = std::max(w[i], width(row[i]));
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool last = i + 1 == row.size();
      line += " " + (i < right.size() && right[i] ? lpad(row[i], w[i]) : last ? row[i] : pad(row[i], w[i]));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string fleet_text(const FleetReport& r, int top) {
  const std::int64_t now = r.options.now;
  std::string out;
  out += "TramTin fleet at " + format_date_time(now) + " (Vietnam time): " + num(static_cast<std::int64_t>(r.kiosks.size())) +
         " kiosks, " + num(r.count(Freshness::fresh)) + " fresh, " + num(r.count(Freshness::stale)) + " stale (not heard from for " +
         num(r.options.stale_hours) + " h), " + num(r.count(Freshness::never)) + " never seen\n\n";

  std::vector<std::vector<std::string>> rows = {
      {"STATE", "KIOSK", "LAST SEEN", "CONTENT", "DATE", "APP", "LAST SYNC", "RESTART", "DISK FREE", "ERR", "VIEWS", "NOTES"}};
  for (const auto& k : r.kiosks) {
    std::string sync = k.sync_kind.empty() ? "-" : safe(k.sync_kind, 20);
    if (!k.sync_cause.empty()) sync += " (" + safe(k.sync_cause, 20) + ")";
    if (k.sync_last_attempt >= kSaneReportTime) sync += " " + en_age(now, k.sync_last_attempt);
    rows.push_back({freshness_name(k.freshness), k.id,
                    k.last_seen > 0 ? format_date_time(k.last_seen) + " (" + en_age(now, k.last_seen) + ")" : "-",
                    k.has_status ? num(k.content_version) : "-",
                    k.content_created_at > 0 ? format_date(k.content_created_at) : "-",
                    k.app_version.empty() ? "-" : safe(k.app_version, 20), sync,
                    k.restart_reason.empty() ? "-" : safe(k.restart_reason, 20),
                    k.disk_free_bytes >= 0 ? format_bytes(static_cast<std::uint64_t>(k.disk_free_bytes)) : "-",
                    k.has_status ? num(k.log_errors) : "-", num(k.views), en_notes(k)});
  }
  if (r.kiosks.empty()) out += "  (no kiosk folder yet: kiosks send reports once [sync] report_url is set)\n";
  else out += table(rows, {false, false, false, true, false, false, false, false, true, true, true, false});

  out += "\nUsage " + vn_day(r.from_day) + " – " + vn_day(r.today) + " (" + num(r.options.days) + " days, Vietnam time): " +
         num(r.total_views()) + " views, " + num(r.searches) + " searches, " + num(r.zero_results) + " found nothing (" +
         percent(r.zero_results, r.searches) + "), " + num(r.abandoned) + " with nothing opened (" +
         percent(r.abandoned, r.searches) + ")";
  std::int64_t listens = 0, ticks = 0;
  for (const auto& [id, u] : r.items) listens += u.listens, ticks += u.checklist;
  out += ", " + num(listens) + " listens, " + num(ticks) + " checklist ticks";
  if (r.dropped > 0) out += ", " + num(r.dropped) + " records dropped by full kiosk queues";
  out += "\n";

  const auto days = day_series(r);
  std::int64_t day_max = 1, hour_max = 1;
  for (const auto& [d, v] : days) day_max = std::max(day_max, v);
  for (auto v : r.hours) hour_max = std::max(hour_max, v);
  auto bar = [](std::int64_t v, std::int64_t max, int cols) {
    const int n = static_cast<int>(std::lround(static_cast<double>(v) * cols / static_cast<double>(max)));
    std::string s;
    for (int i = 0; i < n; ++i) s += "#";
    return s;
  };
  if (r.total_views() > 0) {
    out += "\nViews per day:\n";
    for (const auto& [d, v] : days) out += "  " + short_day(d) + " " + lpad(num(v), 6) + " " + bar(v, day_max, 50) + "\n";
  }
  int first_hour = 24, last_hour = -1;
  for (int h = 0; h < 24; ++h)
    if (r.hours[h] > 0) first_hour = std::min(first_hour, h), last_hour = h;
  if (last_hour >= 0) {
    out += "\nTouches by hour of day:\n";
    for (int h = first_hour; h <= last_hour; ++h) {
      char hh[8];
      std::snprintf(hh, sizeof hh, "%02dh", h);
      out += std::string("  ") + hh + " " + lpad(num(r.hours[h]), 6) + " " + bar(r.hours[h], hour_max, 50) + "\n";
    }
  }

  auto label = [&](const std::string& id) {
    if (id.empty()) return std::string("(the kiosk in general)");
    const std::string t = r.title(id);
    return t.empty() ? safe(id, 60) : safe(id, 60) + "  " + safe(t, 60);
  };
  if (!r.items.empty()) {
    out += "\nMost viewed items:\n";
    std::vector<std::vector<std::string>> t = {{"VIEWS", "LISTENS", "CHECKLIST", "ITEM"}};
    int n = 0;
    for (auto it : items_by_views(r)) {
      if (n++ >= top) break;
      t.push_back({num(it->second.views), num(it->second.listens), num(it->second.checklist), label(it->first)});
    }
    out += table(t, {true, true, true, false});
  }
  if (!r.feedback.empty()) {
    out += "\nWas this useful? (answers per score, 1 = not at all … 5 = very):\n";
    std::vector<std::vector<std::string>> t = {{"ANSWERS", "1", "2", "3", "4", "5", "MEAN", "ITEM"}};
    int n = 0;
    for (auto it : feedback_by_answers(r)) {
      if (n++ >= top) break;
      const auto& f = it->second;
      t.push_back({num(f.answers()), num(f.scores[0]), num(f.scores[1]), num(f.scores[2]), num(f.scores[3]),
                   num(f.scores[4]), fixed1(f.mean(), '.'), label(it->first)});
    }
    out += table(t, {true, true, true, true, true, true, true, false});
  }
  if (!r.zero_queries.empty()) {
    out += "\nSearches that found nothing (add these words as aliases):\n";
    std::vector<std::vector<std::string>> t = {{"COUNT", "KIOSKS", "QUERY"}};
    int n = 0;
    for (auto it : queries_by_count(r)) {
      if (n++ >= top) break;
      t.push_back({num(it->second.count), num(it->second.kiosks), safe(it->first, 40)});
    }
    out += table(t, {true, true, false});
  }
  if (!r.languages.empty()) {
    out += "\nLanguages:\n";
    std::vector<std::vector<std::string>> t = {{"LANG", "VIEWS", "SWITCHES"}};
    for (auto it : languages_by_use(r)) t.push_back({safe(it->first, 35), num(it->second.views), num(it->second.switches)});
    out += table(t, {false, true, true});
  }
  if (!r.warnings.empty())
    out += "\n" + num(static_cast<std::int64_t>(r.warnings.size())) + " warning" + (r.warnings.size() == 1 ? "" : "s") +
           " about report files (printed on stderr)\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] JSON

std::string fleet_json(const FleetReport& r) {
  using json = nlohmann::ordered_json;
  json doc;
  doc["format"] = "tramtin-fleet/1";
  doc["now"] = r.options.now;
  doc["stale_hours"] = r.options.stale_hours;
  doc["days"] = r.options.days;
  doc["from_day"] = r.from_day;
  doc["to_day"] = r.today;
  doc["summary"] = {{"kiosks", r.kiosks.size()},
                    {"fresh", r.count(Freshness::fresh)},
                    {"stale", r.count(Freshness::stale)},
                    {"never", r.count(Freshness::never)},
                    {"views", r.total_views()},
                    {"searches", {{"total", r.searches}, {"zero_results", r.zero_results}, {"abandoned", r.abandoned}}},
                    {"dropped", r.dropped},
                    {"warnings", r.warnings.size()}};
  std::int64_t listens = 0, ticks = 0;
  for (const auto& [id, u] : r.items) listens += u.listens, ticks += u.checklist;
  doc["summary"]["listens"] = listens;
  doc["summary"]["checklist"] = ticks;

  json kiosks = json::array();
  for (const auto& k : r.kiosks) {
    json j;
    j["id"] = k.id;
    j["state"] = freshness_name(k.freshness);
    j["last_seen"] = k.last_seen;
    j["last_seen_from"] = k.last_seen_from;
    j["has_status"] = k.has_status;
    j["status_problem"] = k.status_unreadable ? "unreadable" : k.status_missing ? "missing" : "";
    j["app_version"] = k.app_version;
    j["sent_at"] = k.sent_at;
    j["clock_skew_seconds"] = k.clock_skew_seconds;
    j["uptime_seconds"] = k.uptime_seconds;
    j["restart_reason"] = k.restart_reason;
    j["content"] = {{"version", k.content_version},   {"created_at", k.content_created_at},
                    {"applied_at", k.content_applied_at}, {"channel", k.channel},
                    {"behind", k.content_behind}};
    j["sync"] = {{"last_kind", k.sync_kind},
                 {"last_cause", k.sync_cause},
                 {"last_reason", k.sync_reason},
                 {"last_attempt", k.sync_last_attempt},
                 {"last_success", k.sync_last_success},
                 {"consecutive_failures", k.consecutive_failures},
                 {"bytes_today", k.sync_bytes_today}};
    j["disk_free_bytes"] = k.disk_free_bytes;
    j["errors"] = {{"log_errors", k.log_errors},
                   {"log_warnings", k.log_warnings},
                   {"sync_failures_today", k.sync_failures_today},
                   {"reports_dropped", k.reports_dropped},
                   {"reports_queued", k.reports_queued}};
    j["screen"] = {{"width", k.screen_width}, {"height", k.screen_height}};
    j["languages"] = k.languages;
    j["usage"] = {{"parts", k.usage_parts},   {"days", k.usage_days},         {"last_day", k.last_usage_day},
                  {"views", k.views},         {"searches", k.searches},       {"dropped", k.dropped}};
    kiosks.push_back(std::move(j));
  }
  doc["kiosks"] = std::move(kiosks);

  json per_day = json::array();
  for (const auto& [d, v] : day_series(r)) per_day.push_back({{"day", d}, {"views", v}});
  doc["views_per_day"] = std::move(per_day);
  doc["hours"] = r.hours;

  json items = json::array();
  for (auto it : items_by_views(r)) {
    const auto& u = it->second;
    items.push_back({{"item", it->first},
                     {"title", r.title(it->first)},
                     {"views", u.views},
                     {"listens", u.listens},
                     {"checklist", u.checklist},
                     {"views_by_lang", u.views_by_lang}});
  }
  doc["items"] = std::move(items);
  json feedback = json::array();
  for (auto it : feedback_by_answers(r)) {
    const auto& f = it->second;
    feedback.push_back({{"item", it->first},
                        {"title", r.title(it->first)},
                        {"answers", f.answers()},
                        {"scores", f.scores},
                        {"mean", std::round(f.mean() * 100) / 100},
                        {"reasons", f.reasons}});
  }
  doc["feedback"] = std::move(feedback);
  json queries = json::array();
  for (auto it : queries_by_count(r))
    queries.push_back({{"query", it->first}, {"count", it->second.count}, {"kiosks", it->second.kiosks}});
  doc["zero_result_queries"] = std::move(queries);
  json langs = json::array();
  for (auto it : languages_by_use(r))
    langs.push_back({{"lang", it->first}, {"views", it->second.views}, {"switches", it->second.switches}});
  doc["languages"] = std::move(langs);
  json warnings = json::array();
  for (const auto& w : r.warnings) warnings.push_back({{"path", w.path}, {"message", w.message}});
  doc["warnings"] = std::move(warnings);
  // replace: a path with bytes that are not UTF-8 must not stop the document.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] HTML

namespace {

// Escaped, control characters replaced, cut to max_chars.
std::string h(std::string_view s, std::size_t max_chars = 200) { return html_escape(safe(s, max_chars)); }

const char* vn_state(Freshness f) {
  switch (f) {
    case Freshness::fresh: return "Đang liên lạc";
    case Freshness::stale: return "Mất liên lạc";
    case Freshness::never: return "Chưa từng báo cáo";
  }
  return "";
}

std::string vn_sync(const std::string& kind) {
  if (kind == "up_to_date") return "Đã mới nhất";
  if (kind == "applied") return "Đã cập nhật";
  if (kind == "rejected") return "Bị từ chối";
  if (kind == "failed") return "Thất bại";
  if (kind == "none") return "Chưa đồng bộ";
  return kind.empty() ? "—" : h(kind, 30);
}

std::string vn_cause(const std::string& cause) {
  if (cause == "transport") return "mạng";
  if (cause == "protocol") return "máy chủ trả lời sai";
  if (cause == "signature") return "chữ ký";
  if (cause == "storage") return "ổ đĩa";
  if (cause == "input") return "cấu hình";
  return h(cause, 30);
}

std::string vn_restart(const std::string& reason) {
  if (reason == "boot") return "Bật máy";
  if (reason == "restart") return "Chương trình chạy lại";
  if (reason == "maintenance") return "Màn hình bảo trì";
  if (reason == "unknown") return "Không rõ";
  return reason.empty() ? "—" : h(reason, 30);
}

std::string vn_lang(const std::string& tag) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"vi", "Tiếng Việt"},        {"en", "Tiếng Anh"},  {"zh-Hans", "Tiếng Trung"}, {"zh", "Tiếng Trung"},
      {"hmn", "Tiếng H'Mông"},     {"blt", "Tiếng Thái"}, {"tdd", "Tiếng Thái"},      {"ium", "Tiếng Dao"},
      {"lo", "Tiếng Lào"},         {"km", "Tiếng Khmer"}};
  for (const auto& [t, n] : kNames)
    if (tag == t) return html_escape(n) + " <span class=\"muted\">(" + h(tag, 35) + ")</span>";
  return h(tag, 35);
}

std::string vn_notes(const KioskReport& k) {
  std::vector<std::string> n;
  if (k.status_unreadable) n.push_back("status.json hỏng, đã bỏ qua (xem cảnh báo)");
  else if (k.status_missing) n.push_back("Chưa có status.json");
  if (k.content_behind) n.push_back("Nội dung cũ hơn các trạm cùng kênh");
  if (k.has_status && k.content_version == 0) n.push_back("Chỉ có nội dung mẫu");
  if (k.clock_unset())
    n.push_back("Đồng hồ của trạm chưa được đặt đúng");
  else if (k.has_status && std::llabs(k.clock_skew_seconds) > kClockNoteSeconds)
    n.push_back("Đồng hồ của trạm " + std::string(k.clock_skew_seconds > 0 ? "nhanh " : "chậm ") +
                vn_duration(k.clock_skew_seconds));
  if (k.disk_free_bytes >= 0 && k.disk_free_bytes < kLowDiskBytes) n.push_back("Sắp hết dung lượng");
  if (k.consecutive_failures > 1) n.push_back(num(k.consecutive_failures) + " lần đồng bộ lỗi liên tiếp");
  if (k.reports_dropped > 0 || k.dropped > 0) n.push_back("Hàng đợi báo cáo đầy, đã bỏ bớt");
  if (sync_bad(k) && !k.sync_reason.empty()) n.push_back("Lỗi: " + h(k.sync_reason, 120));
  std::string out;
  for (const auto& s : n) out += (out.empty() ? "" : "<br>") + s;
  return out;
}

const char* kScoreColour[5] = {"#d7301f", "#fc8d59", "#f2c744", "#91cf60", "#1a9850"};
const char* kScoreLabel[5] = {"1 · Không có ích", "2", "3", "4", "5 · Rất có ích"};

// A rounded-up axis maximum: 1, 2, 5, 10, 20, 50, …
std::int64_t nice_max(std::int64_t v) {
  std::int64_t m = 1;
  while (true) {
    for (std::int64_t f : {1, 2, 5})
      if (m * f >= v) return m * f;
    m *= 10;
  }
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Vertical bars with a y axis; labels[i] under bar i (every `label_every`-th shown).
std::string bar_chart(const std::vector<std::pair<std::string, std::int64_t>>& bars, const std::string& aria,
                      const std::string& unit, const char* colour, int label_every, bool value_labels) {
  const double W = 1000, H = 230, left = 48, right = 8, top = 18, bottom = 30;
  const double plot_w = W - left - right, plot_h = H - top - bottom;
  std::int64_t max = 0;
  for (const auto& b : bars) max = std::max(max, b.second);
  const std::int64_t axis = nice_max(std::max<std::int64_t>(max, 1));
  std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + fmt(W) + " " + fmt(H) +
                  "\" role=\"img\" aria-label=\"" + html_escape(aria) + "\">";
  for (int g = 0; g <= 4; ++g) {
    const double y = top + plot_h - plot_h * g / 4.0;
    s += "<line x1=\"" + fmt(left) + "\" x2=\"" + fmt(W - right) + "\" y1=\"" + fmt(y) + "\" y2=\"" + fmt(y) +
         "\" class=\"grid\"/>";
    const std::int64_t v = axis * g / 4;
    if (axis * g % 4 == 0 || g == 4)
      s += "<text x=\"" + fmt(left - 6) + "\" y=\"" + fmt(y + 4) + "\" class=\"axis\" text-anchor=\"end\">" + vn_num(v) +
           "</text>";
  }
  const double slot = plot_w / static_cast<double>(std::max<std::size_t>(bars.size(), 1));
  const double bw = std::clamp(slot * 0.72, 1.0, 44.0);  // a few days must not look like a wall
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double x = left + slot * static_cast<double>(i) + (slot - bw) / 2;
    const double bh = plot_h * static_cast<double>(bars[i].second) / static_cast<double>(axis);
    const double y = top + plot_h - bh;
    s += "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"" + fmt(bw) + "\" height=\"" + fmt(bh) +
         "\" rx=\"2\" fill=\"" + colour + "\"><title>" + html_escape(bars[i].first) + ": " + vn_num(bars[i].second) + " " +
         html_escape(unit) + "</title></rect>";
    if (value_labels && bars[i].second > 0)
      s += "<text x=\"" + fmt(x + bw / 2) + "\" y=\"" + fmt(y - 4) + "\" class=\"val\" text-anchor=\"middle\">" +
           vn_num(bars[i].second) + "</text>";
    if (static_cast<int>(i) % label_every == 0)
      s += "<text x=\"" + fmt(x + bw / 2) + "\" y=\"" + fmt(H - 10) + "\" class=\"axis\" text-anchor=\"middle\">" +
           html_escape(bars[i].first) + "</text>";
  }
  s += "<line x1=\"" + fmt(left) + "\" x2=\"" + fmt(W - right) + "\" y1=\"" + fmt(top + plot_h) + "\" y2=\"" +
       fmt(top + plot_h) + "\" class=\"base\"/></svg>";
  return s;
}

std::string item_label(const FleetReport& r, const std::string& id, std::size_t max_chars) {
  if (id.empty()) return "Trạm nói chung (trang chủ, chân trang)";
  const std::string t = r.title(id);
  return t.empty() ? cut(safe(id, 200), max_chars) : cut(safe(t, 200), max_chars);
}

std::string satisfaction_chart(const FleetReport& r, int top) {
  std::vector<std::map<std::string, ItemFeedback>::const_iterator> rows;
  for (auto it : feedback_by_answers(r))
    if (it->second.answers() > 0 && static_cast<int>(rows.size()) < top) rows.push_back(it);
  if (rows.empty()) return "<p class=\"empty\">Chưa có câu trả lời nào.</p>";
  const double W = 1000, row_h = 34, label_w = 360, bar_x = 370, bar_w = 470, top_pad = 6;
  const double H = top_pad * 2 + row_h * static_cast<double>(rows.size());
  std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + fmt(W) + " " + fmt(H) +
                  "\" role=\"img\" aria-label=\"Mức hài lòng theo mục\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [id, f] = *rows[i];
    const double y = top_pad + row_h * static_cast<double>(i);
    s += "<text x=\"" + fmt(label_w) + "\" y=\"" + fmt(y + 21) + "\" class=\"lbl\" text-anchor=\"end\">" +
         html_escape(item_label(r, id, 44)) + "<title>" + html_escape(id.empty() ? "(chung)" : safe(id, 200)) +
         "</title></text>";
    double x = bar_x;
    const double n = static_cast<double>(f.answers());
    for (int k = 0; k < 5; ++k) {
      if (f.scores[k] == 0) continue;
      const double w = bar_w * static_cast<double>(f.scores[k]) / n;
      s += "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y + 5) + "\" width=\"" + fmt(w) + "\" height=\"22\" fill=\"" +
           kScoreColour[k] + "\"><title>" + std::to_string(k + 1) + " điểm: " + vn_num(f.scores[k]) + "</title></rect>";
      if (w >= 22)
        s += "<text x=\"" + fmt(x + w / 2) + "\" y=\"" + fmt(y + 21) + "\" class=\"seg" + (k == 2 ? " dark" : "") +
             "\" text-anchor=\"middle\">" + vn_num(f.scores[k]) + "</text>";
      x += w;
    }
    s += "<text x=\"" + fmt(bar_x + bar_w + 12) + "\" y=\"" + fmt(y + 21) + "\" class=\"lbl\">TB " +
         fixed1(f.mean(), ',') + " · " + vn_num(f.answers()) + " lượt</text>";
  }
  return s + "</svg>";
}

std::string css() {
  return R"(
:root{--ink:#1d2733;--muted:#5f6b7a;--line:#dde3ea;--bg:#f4f6f8;--card:#fff;--blue:#1565c0;
--fresh:#2e7d32;--fresh-bg:#e6f4ea;--stale:#c62828;--stale-bg:#fdecea;--never:#6b7280;--never-bg:#eef0f3;--warn:#b45309;--warn-bg:#fff4e5}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 "Noto Sans","Segoe UI",Roboto,Arial,sans-serif}
header{background:#123c69;color:#fff;padding:22px 32px 18px}
header h1{margin:0 0 4px;font-size:26px;font-weight:700}
header p{margin:0;color:#d6e4f2}
main{max-width:1240px;margin:0 auto;padding:20px 24px 40px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin-bottom:18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.card .n{font-size:28px;font-weight:700;line-height:1.2}
.card .t{color:var(--muted);font-size:13.5px}
.card.fresh{border-left:6px solid var(--fresh)}.card.stale{border-left:6px solid var(--stale)}.card.never{border-left:6px solid var(--never)}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin-bottom:18px}
h2{font-size:19px;margin:0 0 4px}
.sub{color:var(--muted);margin:0 0 12px;font-size:13.5px}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12.5px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);font-weight:600;background:#fafbfc}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.kiosks td{font-size:14px}
.kiosks tr.fresh td:first-child{border-left:6px solid var(--fresh)}
.kiosks tr.stale td:first-child{border-left:6px solid var(--stale)}
.kiosks tr.never td:first-child{border-left:6px solid var(--never)}
.kiosks tr.stale{background:var(--stale-bg)}.kiosks tr.never{background:var(--never-bg)}
.pill{display:inline-block;margin-bottom:3px;padding:1px 9px;border-radius:99px;font-size:12.5px;font-weight:600;white-space:nowrap}
.pill.fresh{background:var(--fresh-bg);color:var(--fresh)}.pill.stale{background:#f9d4d0;color:var(--stale)}
.pill.never{background:#dfe3e8;color:#374151}
.bad{color:var(--stale);font-weight:600}.warnc{color:var(--warn);font-weight:600}
.id{font-family:"Noto Sans Mono","DejaVu Sans Mono",monospace;font-size:13px;white-space:nowrap}
.notes{font-size:13px;color:var(--warn);min-width:190px}
.small{font-size:12.5px}
.wrap{overflow-x:auto}
.nw{white-space:nowrap}
.chart{width:100%;height:auto;display:block}
.chart .grid{stroke:#e6eaef;stroke-width:1}.chart .base{stroke:#9aa5b1;stroke-width:1}
.chart text{font-family:"Noto Sans","Segoe UI",Arial,sans-serif}
.chart .axis{font-size:12px;fill:#5f6b7a}.chart .val{font-size:11.5px;fill:#1d2733}
.chart .lbl{font-size:14px;fill:#1d2733}.chart .seg{font-size:12px;fill:#fff;font-weight:600}.chart .seg.dark{fill:#3b3b00}
.legend{display:flex;gap:14px;flex-wrap:wrap;margin:4px 0 8px;font-size:13px;color:var(--muted)}
.legend i{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:5px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.cols section{margin-bottom:0}
.hbar{display:inline-block;height:10px;border-radius:5px;background:#90caf9;vertical-align:middle;margin-right:6px}
.empty{color:var(--muted);font-style:italic;margin:6px 0}
details summary{cursor:pointer;font-weight:600}
.warnings li{font-size:13px;margin:3px 0}
.warnings code{font-family:"Noto Sans Mono","DejaVu Sans Mono",monospace;font-size:12.5px;word-break:break-all}
footer{color:var(--muted);font-size:12.5px;text-align:center;margin-top:8px}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
@media print{body{background:#fff}section,.card{break-inside:avoid}}
)";
}

std::string kiosk_table(const FleetReport& r) {
  const std::int64_t now = r.options.now;
  if (r.kiosks.empty())
    return "<p class=\"empty\">Chưa có trạm nào gửi báo cáo. Trạm gửi báo cáo khi có <code>report_url</code> trong "
           "cấu hình.</p>";
  std::string s =
      "<div class=\"wrap\"><table class=\"kiosks\"><thead><tr><th>Trạm</th><th>Liên lạc lần cuối</th>"
      "<th>Nội dung</th><th>Đồng bộ lần cuối</th><th>Khởi động</th><th class=\"num\">Ổ đĩa trống</th>"
      "<th class=\"num\">Lỗi</th><th class=\"num\">Lượt xem</th><th>Ghi chú</th></tr></thead><tbody>";
  for (const auto& k : r.kiosks) {
    const char* cls = freshness_name(k.freshness);
    s += std::string("<tr class=\"") + cls + "\">";
    std::string about;  // app version, screen, languages: small, under the id
    if (!k.app_version.empty()) about += "phần mềm " + h(k.app_version, 20);
    if (k.screen_width > 0 && k.screen_height > 0)
      about += (about.empty() ? "" : " · ") + num(k.screen_width) + "×" + num(k.screen_height);
    std::string langs;
    for (const auto& l : k.languages) langs += (langs.empty() ? "" : ", ") + h(l, 35);
    if (!langs.empty()) about += (about.empty() ? "" : " · ") + langs;
    s += std::string("<td><span class=\"pill ") + cls + "\">" + vn_state(k.freshness) + "</span><br><span class=\"id\">" +
         html_escape(k.id) + "</span>" +
         (about.empty() ? "" : "<br><span class=\"muted small\">" + about + "</span>") + "</td>";
    s += "<td class=\"nw\">" + (k.last_seen > 0 ? format_date_time(k.last_seen) + "<br><span class=\"muted\">" +
                                         vn_age(now, k.last_seen) + "</span>"
                                   : std::string("—")) +
         "</td>";
    if (k.has_status) {
      s += "<td class=\"nw\">" + std::string(k.content_version == 0 ? "Nội dung mẫu" : "Bản " + format_version(k.content_version)) +
           (k.content_created_at > 0 ? "<br><span class=\"muted\">ngày " + format_date(k.content_created_at) + "</span>"
                                     : "") +
           (k.channel.empty() ? "" : "<br><span class=\"muted small\">kênh " + h(k.channel, 40) + "</span>") +
           (k.content_behind ? "<br><span class=\"warnc\">cũ hơn trạm khác</span>" : "") + "</td>";
      std::string sync = vn_sync(k.sync_kind);
      if (!k.sync_cause.empty()) sync += " (" + vn_cause(k.sync_cause) + ")";
      s += "<td class=\"nw\"><span class=\"" + std::string(sync_bad(k) ? "bad" : "") + "\">" + sync + "</span>" +
           (k.sync_last_attempt >= kSaneReportTime ? "<br><span class=\"muted\">" + vn_age(now, k.sync_last_attempt) + "</span>" : "") +
           "</td>";
      s += "<td>" + vn_restart(k.restart_reason) + "</td>";
      s += "<td class=\"num" + std::string(k.disk_free_bytes >= 0 && k.disk_free_bytes < kLowDiskBytes ? " bad" : "") +
           "\">" +
           (k.disk_free_bytes >= 0 ? format_bytes(static_cast<std::uint64_t>(k.disk_free_bytes), ',') : std::string("—")) +
           "</td>";
      s += "<td class=\"num" + std::string(k.log_errors > 0 ? " warnc" : "") + "\">" + vn_num(k.log_errors) + "</td>";
    } else {
      s += "<td>—</td><td>—</td><td>—</td><td class=\"num\">—</td><td class=\"num\">—</td>";
    }
    s += "<td class=\"num\">" + vn_num(k.views) + "</td><td class=\"notes\">" + vn_notes(k) + "</td></tr>";
  }
  return s + "</tbody></table></div>";
}

}  // namespace

std::string fleet_html(const FleetReport& r, int top) {
  const std::int64_t now = r.options.now;
  std::int64_t listens = 0, ticks = 0, answers = 0;
  double score_sum = 0;
  for (const auto& [id, u] : r.items) listens += u.listens, ticks += u.checklist;
  for (const auto& [id, f] : r.feedback) {
    answers += f.answers();
    score_sum += f.mean() * static_cast<double>(f.answers());
  }

  std::string s = "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
                  "<title>Báo cáo các trạm tin — " +
                  format_date_time(now) + "</title><style>" + css() + "</style></head><body>";
  s += "<header><h1>Báo cáo các trạm tin</h1><p>Lập lúc " + format_date_time(now) + " (giờ Việt Nam) · số liệu sử dụng " +
       num(r.options.days) + " ngày, từ " + vn_day(r.from_day) + " đến " + vn_day(r.today) +
       " · trạm không liên lạc quá " + num(r.options.stale_hours) + " giờ được coi là mất liên lạc</p></header><main>";

  // Summary cards.
  auto card = [](const std::string& cls, const std::string& n, const std::string& t) {
    return "<div class=\"card " + cls + "\"><div class=\"n\">" + n + "</div><div class=\"t\">" + t + "</div></div>";
  };
  s += "<div class=\"cards\">";
  s += card("", vn_num(static_cast<std::int64_t>(r.kiosks.size())), "trạm có thư mục báo cáo");
  s += card("fresh", vn_num(r.count(Freshness::fresh)), "đang liên lạc");
  s += card("stale", vn_num(r.count(Freshness::stale)), "mất liên lạc quá " + num(r.options.stale_hours) + " giờ");
  s += card("never", vn_num(r.count(Freshness::never)), "chưa từng báo cáo được");
  s += card("", vn_num(r.total_views()), "lượt xem mục");
  s += card("", vn_num(r.searches), "lượt tìm kiếm, " + percent(r.zero_results, r.searches) + " không thấy gì");
  s += card("", answers > 0 ? fixed1(score_sum / static_cast<double>(answers), ',') + "<span class=\"muted\" style=\"font-size:16px\"> / 5</span>" : "—",
            "mức hài lòng trung bình (" + vn_num(answers) + " lượt)");
  s += "</div>";

  s += "<section><h2>Các trạm</h2><p class=\"sub\">Trạm mất liên lạc và trạm chưa từng báo cáo đứng đầu. "
       "“Liên lạc lần cuối” là lúc trạm gửi báo cáo tình trạng gần nhất.</p>" +
       kiosk_table(r) + "</section>";

  // Views per day and by hour.
  const auto days = day_series(r);
  std::vector<std::pair<std::string, std::int64_t>> day_bars;
  for (const auto& [d, v] : days) day_bars.emplace_back(short_day(d), v);
  s += "<section><h2>Lượt xem theo ngày</h2><p class=\"sub\">Số lần mở một mục (thủ tục, tin, sản phẩm…) trên tất cả "
       "các trạm, theo ngày giờ Việt Nam.</p>";
  s += r.total_views() > 0 ? bar_chart(day_bars, "Lượt xem theo ngày", "lượt xem", "#1565c0",
                                       std::max<int>(1, static_cast<int>((day_bars.size() + 14) / 15)), day_bars.size() <= 31)
                           : "<p class=\"empty\">Chưa có lượt xem nào trong khoảng này.</p>";
  s += "</section>";
  std::vector<std::pair<std::string, std::int64_t>> hour_bars;
  std::int64_t hour_total = 0;
  for (int hh = 0; hh < 24; ++hh) {
    hour_bars.emplace_back(std::to_string(hh) + "h", r.hours[hh]);
    hour_total += r.hours[hh];
  }
  s += "<section><h2>Sử dụng theo giờ trong ngày</h2><p class=\"sub\">Số lần chạm mở một màn hình, cộng dồn theo giờ "
       "(giờ Việt Nam): cho biết lúc nào người dân đến trạm.</p>";
  s += hour_total > 0 ? bar_chart(hour_bars, "Sử dụng theo giờ", "lượt chạm", "#00897b", 1, true)
                      : "<p class=\"empty\">Chưa có số liệu.</p>";
  s += "</section>";

  // Satisfaction.
  s += "<section><h2>Mức hài lòng theo mục</h2><p class=\"sub\">Câu trả lời cho “Thông tin này có ích không?”, "
       "theo điểm từ 1 đến 5; TB = điểm trung bình.</p><div class=\"legend\">";
  for (int k = 0; k < 5; ++k)
    s += std::string("<span><i style=\"background:") + kScoreColour[k] + "\"></i>" + kScoreLabel[k] + "</span>";
  s += "</div>" + satisfaction_chart(r, top) + "</section>";

  // Most viewed items | zero-result queries.
  s += "<div class=\"cols\"><section><h2>Mục được xem nhiều nhất</h2><p class=\"sub\">Nghe: số lần bấm đọc to; "
       "Đánh dấu: số lần đánh dấu giấy tờ cần mang.</p>";
  if (r.items.empty()) {
    s += "<p class=\"empty\">Chưa có lượt xem nào.</p>";
  } else {
    std::int64_t max_views = 1;
    for (const auto& [id, u] : r.items) max_views = std::max(max_views, u.views);
    s += "<table><thead><tr><th>Mục</th><th class=\"num\">Lượt xem</th><th class=\"num\">Nghe</th>"
         "<th class=\"num\">Đánh dấu</th></tr></thead><tbody>";
    int n = 0;
    for (auto it : items_by_views(r)) {
      if (n++ >= top) break;
      const auto& u = it->second;
      const std::string t = r.title(it->first);
      s += "<tr><td>" + (t.empty() ? std::string() : h(t, 90) + "<br>") + "<span class=\"id muted\">" +
           h(it->first, 90) + "</span></td><td class=\"num\"><span class=\"hbar\" style=\"width:" +
           std::to_string(static_cast<int>(60.0 * static_cast<double>(u.views) / static_cast<double>(max_views))) +
           "px\"></span>" + vn_num(u.views) + "</td><td class=\"num\">" + vn_num(u.listens) + "</td><td class=\"num\">" +
           vn_num(u.checklist) + "</td></tr>";
    }
    s += "</tbody></table>";
  }
  s += "</section><section><h2>Tìm mà không thấy</h2><p class=\"sub\">Những từ người dân gõ nhiều lần mà không tìm "
       "thấy gì (đã bỏ dấu, bỏ chữ số). Nên thêm chúng làm tên gọi khác (<code>aliases</code>) cho mục phù hợp.</p>";
  if (r.zero_queries.empty()) {
    s += "<p class=\"empty\">Không có.</p>";
  } else {
    s += "<table><thead><tr><th>Từ tìm kiếm</th><th class=\"num\">Số lần</th><th class=\"num\">Số trạm</th></tr></thead><tbody>";
    int n = 0;
    for (auto it : queries_by_count(r)) {
      if (n++ >= top) break;
      s += "<tr><td>" + h(it->first, 40) + "</td><td class=\"num\">" + vn_num(it->second.count) +
           "</td><td class=\"num\">" + vn_num(it->second.kiosks) + "</td></tr>";
    }
    s += "</tbody></table>";
  }
  s += "<p class=\"sub\" style=\"margin-top:12px\">Tổng: " + vn_num(r.searches) + " lượt tìm, " + vn_num(r.zero_results) +
       " lượt không thấy gì (" + percent(r.zero_results, r.searches) + "), " + vn_num(r.abandoned) +
       " lượt có kết quả nhưng không mở mục nào (" + percent(r.abandoned, r.searches) + ").</p></section></div>";

  // Languages | other figures.
  s += "<div class=\"cols\" style=\"margin-top:18px\"><section><h2>Ngôn ngữ</h2><p class=\"sub\">Lượt xem mục theo ngôn "
       "ngữ hiển thị, và số lần người dùng chuyển sang ngôn ngữ đó.</p>";
  if (r.languages.empty()) {
    s += "<p class=\"empty\">Chưa có số liệu.</p>";
  } else {
    std::int64_t max_views = 1;
    for (const auto& [l, u] : r.languages) max_views = std::max(max_views, u.views);
    s += "<table><thead><tr><th>Ngôn ngữ</th><th class=\"num\">Lượt xem</th><th class=\"num\">Chuyển sang</th></tr></thead><tbody>";
    for (auto it : languages_by_use(r))
      s += "<tr><td>" + vn_lang(it->first) + "</td><td class=\"num\"><span class=\"hbar\" style=\"width:" +
           std::to_string(static_cast<int>(80.0 * static_cast<double>(it->second.views) / static_cast<double>(max_views))) +
           "px\"></span>" + vn_num(it->second.views) + "</td><td class=\"num\">" + vn_num(it->second.switches) + "</td></tr>";
    s += "</tbody></table>";
  }
  s += "</section><section><h2>Số liệu khác</h2><table><tbody>";
  s += "<tr><td>Lượt nghe đọc to</td><td class=\"num\">" + vn_num(listens) + "</td></tr>";
  s += "<tr><td>Lượt đánh dấu giấy tờ cần mang</td><td class=\"num\">" + vn_num(ticks) + "</td></tr>";
  s += "<tr><td>Lượt trả lời “có ích không?”</td><td class=\"num\">" + vn_num(answers) + "</td></tr>";
  s += "<tr><td>Bản ghi trạm phải bỏ vì hàng đợi đầy</td><td class=\"num" + std::string(r.dropped > 0 ? " warnc" : "") +
       "\">" + vn_num(r.dropped) + "</td></tr>";
  s += "<tr><td>Tệp báo cáo có vấn đề</td><td class=\"num" + std::string(r.warnings.empty() ? "" : " warnc") + "\">" +
       vn_num(static_cast<std::int64_t>(r.warnings.size())) + "</td></tr>";
  s += "</tbody></table></section></div>";

  if (!r.warnings.empty()) {
    s += "<section style=\"margin-top:18px\"><details><summary>Cảnh báo khi đọc tệp báo cáo (" +
         vn_num(static_cast<std::int64_t>(r.warnings.size())) +
         ")</summary><p class=\"sub\">Các tệp này bị bỏ qua hoặc chỉ đọc một phần; phần còn lại vẫn được tính.</p>"
         "<ul class=\"warnings\">";
    constexpr std::size_t kShown = 300;  // all of them are on stderr and in --json
    for (std::size_t i = 0; i < r.warnings.size() && i < kShown; ++i)
      s += "<li><code>" + h(r.warnings[i].path, 300) + "</code>: " + h(r.warnings[i].message, 300) + "</li>";
    if (r.warnings.size() > kShown)
      s += "<li>… và " + vn_num(static_cast<std::int64_t>(r.warnings.size() - kShown)) +
           " cảnh báo khác (chạy lệnh trong cửa sổ dòng lệnh để xem hết)</li>";
    s += "</ul></details></section>";
  }
  s += "<footer>Tạo bởi tramtin-publish fleet " TRAMTIN_VERSION ". Không có dữ liệu cá nhân: số liệu chỉ đếm theo giờ "
       "và theo ngày.</footer></main></body></html>\n";
  return s;
}

}  // namespace tramtin
