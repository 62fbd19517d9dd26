// Usage report parts: the zero-result query rule and a part's JSON. Layer: tramtin_content,
// content/report/.
#include "content/report/usage.h"

#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "content/base/text.h"
#include "content/store/fold.h"

namespace tramtin::report {

namespace {

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (c == ' ') {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// Family names as typed with their marks (case folded, NFC). Kept with marks: folded, many are
// ordinary words ("đặng" → "dang" as in "đăng ký", "lê" → "le" as in "lệ phí").
bool family_name_with_marks(const std::string& w) {
  static const char* const names[] = {
      "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
      "dương", "lý", "đinh", "trịnh", "lò", "cầm", "lường", "quàng", "giàng", "sùng", "vàng", "thào", "mùa",
      "lầu", "hạng", "tráng", "chảo", "triệu", "bàn", "hầu", "sần", "tẩn"};
  for (const char* n : names)
    if (w == n) return true;
  return false;
}

bool family_name_folded(const std::string& w) {
  return w == "nguyen" || w == "tran" || w == "pham" || w == "huynh";
}

}  // namespace

std::string clean_zero_result_query(std::string_view typed) {
  if (!is_valid_utf8(typed)) return {};
  const std::vector<std::string> marked = words_of(casefold(typed));
  if (!marked.empty() && family_name_with_marks(marked.front())) return {};

  // Fold, then keep letters (any script) and single spaces; digits and punctuation go.
  const std::string folded = fold_text(typed);
  std::string out;
  int chars = 0;
  bool space = false;
  for (std::size_t i = 0; i < folded.size();) {
    const char32_t cp = next_codepoint(folded, i);
    const bool digit = cp < 0x80 ? (cp >= '0' && cp <= '9') : false;
    const bool letter = cp < 0x80 ? ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) : cp != 0xFFFD;
    if (digit) continue;  // removed outright: "cccd 0123" -> "cccd", never "cccd  "
    if (!letter) {
      space = !out.empty();
      continue;
    }
    if (space) {
      if (chars + 1 >= kMaxQueryChars) break;
      out += ' ';
      ++chars;
      space = false;
    }
    if (chars >= kMaxQueryChars) break;
    append_utf8(out, cp < 0x80 && cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    ++chars;
  }
  const std::vector<std::string> w = words_of(out);
  if (w.empty()) return {};
  if (family_name_folded(w.front())) return {};
  if ((w.size() == 3 || w.size() == 4) && (w[1] == "van" || w[1] == "thi")) return {};
  return out;
}

std::string usage_part_json(const PartHeader& h, const std::vector<UsageCount>& rows, std::int64_t seq,
                            std::int64_t dropped) {
  using nlohmann::json;
  std::array<std::int64_t, 24> hours{};
  json views = json::array(), listens = json::array(), checklist = json::array();
  std::map<std::string, std::array<std::int64_t, 5>> scores;
  std::map<std::string, std::map<std::string, std::int64_t>> reasons;
  std::map<std::string, std::int64_t> languages, zq;
  std::int64_t total = 0, zero = 0, abandoned = 0;
  for (const auto& r : rows) {
    if (r.kind == "hour") {
      const int hr = std::atoi(r.key.c_str());
      if (hr >= 0 && hr < 24) hours[static_cast<std::size_t>(hr)] += r.count;
    } else if (r.kind == "view") {
      views.push_back({{"item", r.item}, {"lang", r.lang}, {"count", r.count}});
    } else if (r.kind == "listen") {
      listens.push_back({{"item", r.item}, {"lang", r.lang}, {"count", r.count}});
    } else if (r.kind == "tick") {
      checklist.push_back({{"item", r.item}, {"count", r.count}});
    } else if (r.kind == "score") {
      const int s = std::atoi(r.key.c_str());
      if (s >= 1 && s <= 5) scores[r.item][static_cast<std::size_t>(s - 1)] += r.count;
    } else if (r.kind == "reason") {
      scores.try_emplace(r.item);
      reasons[r.item][r.key] += r.count;
    } else if (r.kind == "lang") {
      languages[r.lang] += r.count;
    } else if (r.kind == "search") {
      if (r.key == "total") total += r.count;
      else if (r.key == "zero") zero += r.count;
      else if (r.key == "abandoned") abandoned += r.count;
    } else if (r.kind == "zq") {
      const std::string q = clean_zero_result_query(r.key);
      if (!q.empty()) zq[q] += r.count;
    }
  }
  json feedback = json::array();
  for (const auto& [item, s] : scores) {
    json rs = json::object();
    if (auto it = reasons.find(item); it != reasons.end())
      for (const auto& [k, n] : it->second) rs[k] = n;
    feedback.push_back({{"item", item}, {"scores", s}, {"reasons", rs}});
  }
  json j;
  j["format"] = "tramtin-usage/1";
  j["kiosk_id"] = h.kiosk_id;
  j["app_version"] = h.app_version;
  j["content_version"] = h.content_version;
  j["day"] = h.day;
  j["seq"] = seq;
  j["final"] = h.final;
  j["hours"] = hours;
  j["views"] = views;
  j["listens"] = listens;
  j["checklist"] = checklist;
  j["feedback"] = feedback;
  j["languages"] = languages.empty() ? json::object() : json(languages);
  j["searches"] = {{"total", total}, {"zero_results", zero}, {"abandoned", abandoned}};
  if (h.final) {
    json q = json::array();
    std::vector<std::pair<std::string, std::int64_t>> sorted(zq.begin(), zq.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [text, n] : sorted)
      if (n >= kMinQueryCount) q.push_back({{"query", text}, {"count", n}});
    j["zero_result_queries"] = q;
  }
  j["dropped"] = dropped;
  return j.dump(2) + "\n";
}

}  // namespace tramtin::report
