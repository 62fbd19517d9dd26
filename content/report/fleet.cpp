// The fleet reader (fleet.h): walks REPORTS_DIR/<kiosk-id>/, checks every report file against
// content/report/REPORTS.md and adds up what the good ones say. Layer: tramtin_content, content/report/.
//
// The files come from the network: a broken kiosk, a wrong version or someone with a kiosk's login
// may have written them. So each file is read with a size cap, parsed once by a SAX pass that
// refuses deep nesting (a 4 MB "[[[[…" would cost hundreds of MB as a tree), and every field is
// checked for its type and a sane range before anything is counted. Nothing a file says is printed
// unsanitised: warnings carry the path and what was wrong, never the hostile text itself.
#include "content/report/fleet.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>
#include <utility>

#include "content/base/files.h"
#include "content/base/text.h"
#include "content/base/time.h"

namespace tramtin {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kStatusFormat = "tramtin-status/1";
constexpr const char* kUsageFormat = "tramtin-usage/1";
constexpr int kMaxDepth = 16;                         // the formats nest 3 deep
constexpr std::int64_t kMaxCount = 1'000'000;         // one counter of one day on one kiosk
constexpr std::int64_t kMaxTime = 4'102'444'800;      // 2100-01-01
constexpr std::int64_t kDay = 86'400;
constexpr std::size_t kMaxQueryChars = 40;            // REPORTS.md: the privacy rule

// Text fit for a terminal line and a log: invalid UTF-8 and control characters become '?'.
std::string printable(std::string_view s, std::size_t max_chars = 120) {
  std::string out;
  std::size_t i = 0, n = 0;
  while (i < s.size()) {
    if (++n > max_chars) {
      out += "…";
      break;
    }
    const std::size_t start = i;
    char32_t cp = next_codepoint(s, i);
    if (cp == 0xFFFD || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))  // also bidi overrides
      out += '?';
    else
      out.append(s.substr(start, i - start));
  }
  return out;
}

std::size_t codepoints(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) next_codepoint(s, i);
  return n;
}

bool is_kiosk_id(std::string_view s) {
  if (s.empty() || s.size() > 100 || s[0] == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

// ---- JSON: one SAX pass for depth and the error position, then the tree.

struct DepthCheck : nlohmann::json_sax<json> {
  int depth = 0;
  bool too_deep = false;
  std::size_t error_at = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return enter(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return --depth, true; }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return --depth, true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    error_at = position;
    return false;
  }
  bool enter() {
    if (++depth > kMaxDepth) too_deep = true;
    return !too_deep;
  }
};

// The file's JSON object, or the reason it is not one.
Result<json> load_json(const std::string& path) {
  auto text = read_file(path, kMaxReportFileBytes);
  if (!text) {
    if (text.error().find("larger than") != std::string::npos)
      return Status::error(ErrorKind::input, "larger than " + std::to_string(kMaxReportFileBytes / (1024 * 1024)) +
                                                 " MB (a report is a few KB)");
    return Status::error(ErrorKind::storage, "cannot be read: " + text.error().substr(text.error().rfind(": ") + 2));
  }
  if (text->empty()) return Status::error(ErrorKind::input, "empty file");
  DepthCheck check;
  if (!json::sax_parse(*text, &check)) {
    if (check.too_deep)
      return Status::error(ErrorKind::input, "nested more than " + std::to_string(kMaxDepth) + " levels deep");
    return Status::error(ErrorKind::input, "not valid JSON (at byte " + std::to_string(check.error_at) + ")");
  }
  json doc = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::error(ErrorKind::input, "not valid JSON");
  if (!doc.is_object()) return Status::error(ErrorKind::input, "not a JSON object");
  return doc;
}

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "true/false";
    case json::value_t::number_float: return "a fraction";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "a number";
    default: return "something else";
  }
}

// Typed, range-checked field access. The first problem is kept; later calls do nothing, so a
// reader writes its fields straight down and asks ok() at the end.
class Checker {
 public:
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void fail(std::string m) {
    if (error_.empty()) error_ = std::move(m);
  }

  // obj[key] when present and of type `t` (else nullptr; a wrong type fails).
  const json* get(const json& obj, const std::string& name, const char* key, json::value_t t, bool required = false) {
    if (!ok()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) fail("'" + name + "' is missing");
      return nullptr;
    }
    const bool match = t == json::value_t::number_integer ? it->is_number_integer() : it->type() == t;
    if (!match) {
      fail("'" + name + "' must be " +
           (t == json::value_t::number_integer ? std::string("a whole number") : std::string(type_name(json(t)))) +
           ", not " + type_name(*it));
      return nullptr;
    }
    return &*it;
  }

  void number(const json& v, const std::string& name, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
    if (!ok()) return;
    if (!v.is_number_integer()) {
      fail("'" + name + "' must be a whole number, not " + std::string(type_name(v)));
      return;
    }
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) {
      fail("'" + name + "' is " + std::to_string(v.get<std::uint64_t>()) + ", more than " + std::to_string(hi) +
           " (not a real value)");
      return;
    }
    const std::int64_t n = v.get<std::int64_t>();
    if (n < lo || n > hi) {
      fail("'" + name + "' is " + std::to_string(n) + ", outside " + std::to_string(lo) + ".." + std::to_string(hi) +
           " (not a real value)");
      return;
    }
    out = n;
  }

  void number(const json& obj, const std::string& prefix, const char* key, std::int64_t lo, std::int64_t hi,
              std::int64_t& out, bool required = false) {
    const std::string name = prefix + key;
    if (const json* v = get(obj, name, key, json::value_t::number_integer, required)) number(*v, name, lo, hi, out);
  }

  void text(const json& v, const std::string& name, std::size_t max_chars, std::string& out) {
    if (!ok()) return;
    if (!v.is_string()) {
      fail("'" + name + "' must be a string, not " + std::string(type_name(v)));
      return;
    }
    const auto& s = v.get_ref<const std::string&>();
    if (codepoints(s) > max_chars) {
      fail("'" + name + "' is longer than " + std::to_string(max_chars) + " characters");
      return;
    }
    out = s;
  }

  void text(const json& obj, const std::string& prefix, const char* key, std::size_t max_chars, std::string& out,
            bool required = false) {
    const std::string name = prefix + key;
    if (const json* v = get(obj, name, key, json::value_t::string, required)) text(*v, name, max_chars, out);
  }

  void language(const json& v, const std::string& name, std::string& out) {
    text(v, name, 35, out);
    if (ok() && !is_plausible_language_tag(out)) fail("'" + name + "' is not a language tag (vi, hmn, zh-Hans, …)");
  }

 private:
  std::string error_;
};

// The `format` and `kiosk_id` every report starts with.
void check_header(Checker& c, const json& doc, const char* format, const std::string& kiosk) {
  std::string f, id;
  c.text(doc, "", "format", 60, f, true);
  if (c.ok() && f != format)
    c.fail("unknown format '" + printable(f, 40) + "' (this tramtin-publish reads " + format +
           "; a newer kiosk may need a newer tramtin-publish)");
  c.text(doc, "", "kiosk_id", 100, id, true);
  if (c.ok() && id != kiosk)
    c.fail("kiosk_id '" + printable(id, 40) + "' does not match its folder '" + kiosk + "'");
}

void read_status(Checker& c, const json& doc, const std::string& kiosk, KioskReport& k) {
  check_header(c, doc, kStatusFormat, kiosk);
  c.text(doc, "", "app_version", 40, k.app_version);
  c.number(doc, "", "sent_at", 0, kMaxTime, k.sent_at);
  c.number(doc, "", "uptime_seconds", 0, 100LL * 365 * kDay, k.uptime_seconds);
  c.text(doc, "", "last_restart_reason", 40, k.restart_reason);
  if (const json* content = c.get(doc, "content", "content", json::value_t::object)) {
    c.number(*content, "content.", "version", 0, std::int64_t{1} << 62, k.content_version);
    c.number(*content, "content.", "created_at", 0, kMaxTime, k.content_created_at);
    c.number(*content, "content.", "applied_at", 0, kMaxTime, k.content_applied_at);
    c.text(*content, "content.", "channel", 100, k.channel);
  }
  if (const json* sync = c.get(doc, "sync", "sync", json::value_t::object)) {
    c.number(*sync, "sync.", "last_attempt", 0, kMaxTime, k.sync_last_attempt);
    c.text(*sync, "sync.", "last_kind", 40, k.sync_kind);
    c.text(*sync, "sync.", "last_cause", 40, k.sync_cause);
    c.text(*sync, "sync.", "last_reason", 500, k.sync_reason);
    c.number(*sync, "sync.", "last_success", 0, kMaxTime, k.sync_last_success);
    c.number(*sync, "sync.", "consecutive_failures", 0, 1'000'000'000, k.consecutive_failures);
    c.number(*sync, "sync.", "bytes_today", 0, std::int64_t{1} << 50, k.sync_bytes_today);
  }
  c.number(doc, "", "disk_free_bytes", 0, std::int64_t{1} << 60, k.disk_free_bytes);
  if (const json* e = c.get(doc, "errors", "errors", json::value_t::object)) {
    c.number(*e, "errors.", "log_errors", 0, 1'000'000'000, k.log_errors);
    c.number(*e, "errors.", "log_warnings", 0, 1'000'000'000, k.log_warnings);
    c.number(*e, "errors.", "sync_failures_today", 0, 1'000'000'000, k.sync_failures_today);
    c.number(*e, "errors.", "reports_dropped", 0, 1'000'000'000, k.reports_dropped);
    c.number(*e, "errors.", "reports_queued", 0, 1'000'000'000, k.reports_queued);
  }
  if (const json* s = c.get(doc, "screen", "screen", json::value_t::object)) {
    std::int64_t w = 0, h = 0;
    c.number(*s, "screen.", "width", 0, 100'000, w);
    c.number(*s, "screen.", "height", 0, 100'000, h);
    k.screen_width = static_cast<int>(w);
    k.screen_height = static_cast<int>(h);
  }
  if (const json* langs = c.get(doc, "languages", "languages", json::value_t::array)) {
    if (langs->size() > 64) c.fail("'languages' lists more than 64 languages");
    for (std::size_t i = 0; i < langs->size() && c.ok(); ++i) {
      std::string l;
      c.language((*langs)[i], "languages[" + std::to_string(i) + "]", l);
      if (c.ok()) k.languages.push_back(l);
    }
  }
}

// One usage part as read; counted only after duplicates are removed.
struct UsagePart {
  std::string path;
  std::int64_t mtime = 0;
  std::string day;
  std::int64_t seq = -1;
  std::array<std::int64_t, 24> hours{};
  std::map<std::pair<std::string, std::string>, std::int64_t> views;  // (item, lang)
  std::map<std::string, std::int64_t> listens, checklist;
  std::map<std::string, ItemFeedback> feedback;
  std::map<std::string, std::int64_t> languages, queries;
  std::int64_t searches = 0, zero_results = 0, abandoned = 0, dropped = 0;
  std::vector<std::string> privacy_drops;                                // what was dropped, in words
};

std::string at(const char* array, std::size_t i) { return std::string(array) + "[" + std::to_string(i) + "]"; }

void item_id(Checker& c, const json& entry, const std::string& name, bool allow_empty, std::string& out) {
  c.text(entry, name + ".", "item", 200, out, true);
  if (c.ok() && out.empty() && !allow_empty) c.fail("'" + name + ".item' is empty");
}

// A query may be shown to staff only if it keeps the privacy rule of REPORTS.md.
const char* privacy_problem(const std::string& q, std::int64_t count) {
  if (q.empty()) return "an empty query";
  if (codepoints(q) > kMaxQueryChars) return "a query longer than 40 characters";
  for (std::size_t i = 0; i < q.size();) {
    char32_t cp = next_codepoint(q, i);
    if (cp >= '0' && cp <= '9') return "a query with digits";
    if (cp < 0x20 || cp == 0x7F || cp == 0xFFFD) return "a query with control characters";
    if (cp >= 'A' && cp <= 'Z') return "a query that is not folded (capitals)";
    if (cp >= 0x80 && cp != 0xFFFD) return "a query that is not folded (tone marks or non-ASCII letters)";
  }
  if (count < 3) return "a query seen fewer than 3 times";
  return nullptr;
}

void read_usage(Checker& c, const json& doc, const std::string& kiosk, UsagePart& p) {
  check_header(c, doc, kUsageFormat, kiosk);
  c.text(doc, "", "day", 10, p.day, true);
  if (c.ok() && day_number(p.day) < 0) c.fail("'day' is '" + printable(p.day, 10) + "', not a date yyyy-mm-dd");
  c.number(doc, "", "seq", 0, std::int64_t{1} << 53, p.seq, true);
  std::string ignored;
  c.text(doc, "", "app_version", 40, ignored);
  std::int64_t ignored_n = 0;
  c.number(doc, "", "content_version", 0, std::int64_t{1} << 62, ignored_n);
  c.get(doc, "final", "final", json::value_t::boolean);
  if (const json* h = c.get(doc, "hours", "hours", json::value_t::array)) {
    if (h->size() != 24) c.fail("'hours' has " + std::to_string(h->size()) + " entries, not 24");
    for (std::size_t i = 0; i < h->size() && c.ok(); ++i) c.number((*h)[i], at("hours", i), 0, kMaxCount, p.hours[i]);
  }
  auto entries = [&](const char* key, auto each) {
    const json* a = c.get(doc, key, key, json::value_t::array);
    for (std::size_t i = 0; a && i < a->size() && c.ok(); ++i) {
      const std::string name = at(key, i);
      const json& e = (*a)[i];
      if (!e.is_object()) c.fail("'" + name + "' must be an object, not " + std::string(type_name(e)));
      else each(e, name);
    }
  };
  entries("views", [&](const json& e, const std::string& name) {
    std::string item, lang = "vi";
    std::int64_t n = 0;
    item_id(c, e, name, false, item);
    if (const json* l = c.get(e, name + ".lang", "lang", json::value_t::string)) c.language(*l, name + ".lang", lang);
    c.number(e, name + ".", "count", 0, kMaxCount, n, true);
    if (c.ok()) p.views[{item, lang}] += n;
  });
  for (const char* key : {"listens", "checklist"}) {
    auto& into = std::string_view(key) == "listens" ? p.listens : p.checklist;
    entries(key, [&](const json& e, const std::string& name) {
      std::string item, lang;
      std::int64_t n = 0;
      item_id(c, e, name, false, item);
      if (const json* l = c.get(e, name + ".lang", "lang", json::value_t::string)) c.language(*l, name + ".lang", lang);
      c.number(e, name + ".", "count", 0, kMaxCount, n, true);
      if (c.ok()) into[item] += n;
    });
  }
  entries("feedback", [&](const json& e, const std::string& name) {
    std::string item;
    item_id(c, e, name, true, item);
    ItemFeedback f;
    if (const json* s = c.get(e, name + ".scores", "scores", json::value_t::array, true)) {
      if (s->size() != 5) c.fail("'" + name + ".scores' has " + std::to_string(s->size()) + " entries, not 5");
      for (std::size_t i = 0; i < s->size() && c.ok(); ++i)
        c.number((*s)[i], name + ".scores[" + std::to_string(i) + "]", 0, kMaxCount, f.scores[i]);
    }
    if (const json* r = c.get(e, name + ".reasons", "reasons", json::value_t::object)) {
      if (r->size() > 32) c.fail("'" + name + ".reasons' has more than 32 keys");
      for (auto it = r->begin(); it != r->end() && c.ok(); ++it) {
        if (codepoints(it.key()) > 40) c.fail("a key of '" + name + ".reasons' is longer than 40 characters");
        c.number(it.value(), name + ".reasons." + printable(it.key(), 40), 0, kMaxCount, f.reasons[it.key()]);
      }
    }
    if (!c.ok()) return;
    auto& into = p.feedback[item];
    for (int i = 0; i < 5; ++i) into.scores[i] += f.scores[i];
    for (const auto& [reason, n] : f.reasons) into.reasons[reason] += n;
  });
  if (const json* l = c.get(doc, "languages", "languages", json::value_t::object)) {
    if (l->size() > 64) c.fail("'languages' has more than 64 languages");
    for (auto it = l->begin(); it != l->end() && c.ok(); ++it) {
      const std::string name = "languages." + printable(it.key(), 35);
      std::string lang;
      c.language(json(it.key()), name, lang);
      c.number(it.value(), name, 0, kMaxCount, p.languages[it.key()]);
    }
  }
  if (const json* s = c.get(doc, "searches", "searches", json::value_t::object)) {
    c.number(*s, "searches.", "total", 0, kMaxCount, p.searches);
    c.number(*s, "searches.", "zero_results", 0, kMaxCount, p.zero_results);
    c.number(*s, "searches.", "abandoned", 0, kMaxCount, p.abandoned);
  }
  entries("zero_result_queries", [&](const json& e, const std::string& name) {
    std::string q;
    std::int64_t n = 0;
    const json* qv = c.get(e, name + ".query", "query", json::value_t::string, true);
    if (qv) q = qv->get<std::string>();  // no length check here: a long one is a privacy drop below
    c.number(e, name + ".", "count", 0, kMaxCount, n, true);
    if (!c.ok()) return;
    if (const char* why = privacy_problem(q, n)) p.privacy_drops.push_back(why);
    else p.queries[q] += n;
  });
  c.number(doc, "", "dropped", 0, 1'000'000'000, p.dropped);
}

std::int64_t mtime_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtime);
}

// "2026-11-30-42.json" -> day and seq; false for any other name.
bool parse_part_name(const std::string& name, std::string& day, std::int64_t& seq) {
  if (name.size() < 17 || name.size() > 30 || name.compare(name.size() - 5, 5, ".json") != 0 || name[10] != '-')
    return false;
  day = name.substr(0, 10);
  const std::string digits = name.substr(11, name.size() - 16);
  if (digits.empty() || digits.size() > 15 || day_number(day) < 0) return false;
  if (!std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return false;
  seq = std::stoll(digits);
  return true;
}

class FleetReader {
 public:
  FleetReader(const fs::path& root, FleetReport& r) : root_(root), r_(r) {
    from_day_ = vietnam_day(r.options.now) - (r.options.days - 1);
  }

  void warn(const fs::path& p, const std::string& message, Severity sev = Severity::warning) {
    r_.warnings.push_back({printable(p.string(), 300), 0, sev, message});
  }

  void kiosk(const std::string& id, const fs::path& dir) {
    KioskReport k;
    k.id = id;
    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      warn(dir, "cannot be read: " + ec.message());
    }
    for (; !ec && it != end; it.increment(ec)) names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end());

    bool status_seen = false, status_bad = false;
    std::vector<std::pair<std::string, std::string>> parts;  // name, day
    for (const auto& name : names) {
      if (name.empty() || name[0] == '.') continue;  // temporary and hidden files
      const fs::path p = dir / name;
      std::error_code sec;
      const auto st = fs::symlink_status(p, sec);
      std::string day;
      std::int64_t seq = 0;
      const bool is_status = name == "status.json", is_part = parse_part_name(name, day, seq);
      if (!is_status && !is_part) {
        warn(p, "not a report file (status.json or yyyy-mm-dd-seq.json); ignored");
        continue;
      }
      if (sec || !fs::is_regular_file(st)) {
        warn(p, fs::is_symlink(st) ? "a symbolic link, not a file a kiosk sent; ignored" : "not a regular file; ignored");
        if (is_status) status_seen = status_bad = true;
        continue;
      }
      if (is_status) {
        status_seen = true;
        status_bad = !status(p, k);
      } else if (day_number(day) >= from_day_) {
        parts.emplace_back(name, day);
      }
    }
    if (parts.size() > kMaxReportFilesPerKiosk) {
      std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      warn(dir, std::to_string(parts.size()) + " usage files in the window; only the newest " +
                    std::to_string(kMaxReportFilesPerKiosk) + " were read");
      parts.resize(kMaxReportFilesPerKiosk);
    }

    // Read every part, then keep one per seq: a part sent twice is counted once.
    std::map<std::int64_t, UsagePart> by_seq;
    std::int64_t newest_part_mtime = 0;
    for (const auto& [name, name_day] : parts) {
      const fs::path p = dir / name;
      UsagePart part;
      if (!usage(p, id, part)) continue;
      std::string ignored_day;
      std::int64_t name_seq = -1;
      parse_part_name(name, ignored_day, name_seq);
      if (part.day != name_day || part.seq != name_seq)
        warn(p, "its name says day " + name_day + " seq " + std::to_string(name_seq) + " but it holds day " +
                    part.day + " seq " + std::to_string(part.seq) + "; counted as what it holds");
      if (day_number(part.day) < from_day_) continue;
      newest_part_mtime = std::max(newest_part_mtime, part.mtime);
      auto [slot, fresh] = by_seq.try_emplace(part.seq);
      if (fresh) {
        slot->second = std::move(part);
        continue;
      }
      // Two files hold the same part: the newer one is what the kiosk sent last.
      const bool newer = part.mtime > slot->second.mtime;
      const std::string kept = newer ? part.path : slot->second.path;
      const std::string other = newer ? slot->second.path : part.path;
      warn(other, "holds the same part (seq " + std::to_string(part.seq) + ") as " + kept + "; counted once");
      if (newer) slot->second = std::move(part);
    }
    std::set<std::string> days;
    for (auto& [seq, part] : by_seq) {
      add(k, part);
      days.insert(part.day);
    }
    k.usage_parts = static_cast<int>(by_seq.size());
    k.usage_days = static_cast<int>(days.size());
    if (!days.empty()) k.last_usage_day = *days.rbegin();

    if (!k.has_status && newest_part_mtime > 0) {
      k.last_seen = newest_part_mtime;
      k.last_seen_from = "mtime";
    }
    k.status_missing = !status_seen;
    k.status_unreadable = status_bad;
    r_.kiosks.push_back(std::move(k));
  }

 private:
  bool status(const fs::path& p, KioskReport& k) {
    auto doc = load_json(p.string());
    if (!doc) {
      warn(p, doc.error() + "; skipped");
      return false;
    }
    Checker c;
    KioskReport s;
    s.id = k.id;
    read_status(c, *doc, k.id, s);
    if (!c.ok()) {
      warn(p, c.error() + "; skipped");
      return false;
    }
    k = std::move(s);
    k.has_status = true;
    const std::int64_t mtime = mtime_of(p);
    k.status_mtime = mtime;
    // The kiosk's clock may be wrong (a board without a battery clock before its first sync): a
    // time before 2020 or ahead of the server's file time cannot be when it was sent.
    if (k.sent_at >= kSaneReportTime && (mtime == 0 || k.sent_at <= mtime + kDay)) {
      k.last_seen = k.sent_at;
      k.last_seen_from = "sent_at";
    } else {
      k.last_seen = mtime;
      k.last_seen_from = "mtime";
    }
    if (k.sent_at > 0 && mtime > 0) k.clock_skew_seconds = k.sent_at - mtime;
    return true;
  }

  bool usage(const fs::path& p, const std::string& kiosk, UsagePart& part) {
    auto doc = load_json(p.string());
    if (!doc) {
      warn(p, doc.error() + "; skipped");
      return false;
    }
    Checker c;
    read_usage(c, *doc, kiosk, part);
    if (!c.ok()) {
      warn(p, c.error() + "; skipped");
      return false;
    }
    for (const auto& why : part.privacy_drops)
      warn(p, std::string("zero_result_queries: ") + why + " breaks the privacy rule of REPORTS.md; not shown");
    part.path = printable(p.string(), 300);
    part.mtime = mtime_of(p);
    return true;
  }

  void add(KioskReport& k, const UsagePart& p) {
    std::int64_t views = 0;
    for (const auto& [key, n] : p.views) {
      auto& item = r_.items[key.first];
      item.views += n;
      item.views_by_lang[key.second] += n;
      r_.languages[key.second].views += n;
      views += n;
    }
    for (const auto& [id, n] : p.listens) r_.items[id].listens += n;
    for (const auto& [id, n] : p.checklist) r_.items[id].checklist += n;
    for (const auto& [id, f] : p.feedback) {
      auto& into = r_.feedback[id];
      for (int i = 0; i < 5; ++i) into.scores[i] += f.scores[i];
      for (const auto& [reason, n] : f.reasons) into.reasons[reason] += n;
    }
    for (const auto& [lang, n] : p.languages) r_.languages[lang].switches += n;
    for (const auto& [q, n] : p.queries) {
      auto& qc = r_.zero_queries[q];
      qc.count += n;
      if (queried_.insert({k.id, q}).second) ++qc.kiosks;
    }
    for (int h = 0; h < 24; ++h) r_.hours[h] += p.hours[h];
    r_.views_per_day[p.day] += views;
    r_.searches += p.searches;
    r_.zero_results += p.zero_results;
    r_.abandoned += p.abandoned;
    r_.dropped += p.dropped;
    k.views += views;
    k.searches += p.searches;
    k.dropped += p.dropped;
  }

  fs::path root_;
  FleetReport& r_;
  std::int64_t from_day_ = 0;
  std::set<std::pair<std::string, std::string>> queried_;  // (kiosk, query): kiosks per query
};

int freshness_rank(Freshness f) { return f == Freshness::never ? 0 : f == Freshness::stale ? 1 : 2; }

}  // namespace

const char* freshness_name(Freshness f) {
  switch (f) {
    case Freshness::fresh: return "fresh";
    case Freshness::stale: return "stale";
    case Freshness::never: return "never";
  }
  return "?";
}

std::int64_t ItemFeedback::answers() const {
  std::int64_t n = 0;
  for (auto s : scores) n += s;
  return n;
}

double ItemFeedback::mean() const {
  const std::int64_t n = answers();
  if (n == 0) return 0;
  double sum = 0;
  for (int i = 0; i < 5; ++i) sum += static_cast<double>(scores[i]) * (i + 1);
  return sum / static_cast<double>(n);
}

int FleetReport::count(Freshness f) const {
  return static_cast<int>(std::count_if(kiosks.begin(), kiosks.end(), [f](const auto& k) { return k.freshness == f; }));
}

std::int64_t FleetReport::total_views() const {
  std::int64_t n = 0;
  for (const auto& [day, v] : views_per_day) n += v;
  return n;
}

std::string FleetReport::title(const std::string& item) const {
  auto it = titles.find(item);
  return it == titles.end() ? std::string() : it->second;
}

std::int64_t day_number(const std::string& day) {
  // yyyy-mm-dd, a real date (days_from_civil, Howard Hinnant's algorithm).
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return -1;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (day[i] < '0' || day[i] > '9') return -1;
  const int y0 = std::stoi(day.substr(0, 4)), m = std::stoi(day.substr(5, 2)), d = std::stoi(day.substr(8, 2));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y0 % 4 == 0 && y0 % 100 != 0) || y0 % 400 == 0;
  if (y0 < 1970 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || (m == 2 && d == 29 && !leap)) return -1;
  const int y = m <= 2 ? y0 - 1 : y0;
  const int era = y / 400, yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

std::string day_string(std::int64_t n) {
  if (n < 0) return {};
  std::tm tm = vietnam_tm(n * kDay);  // midnight Vietnam time is 17:00 UTC the day before: same date
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Result<FleetReport> read_fleet(const std::string& reports_dir, const FleetOptions& options) {
  FleetReport r;
  r.options = options;
  r.options.days = std::max(1, options.days);
  r.today = day_string(vietnam_day(options.now));
  r.from_day = day_string(vietnam_day(options.now) - (r.options.days - 1));

  std::error_code ec;
  const auto st = fs::status(reports_dir, ec);
  if (!fs::exists(st))
    return Status::error(ErrorKind::input, reports_dir + ": no such folder (the folder the server receives reports into, e.g. /srv/tramtin/reports)");
  if (!fs::is_directory(st)) return Status::error(ErrorKind::input, reports_dir + ": not a folder");
  fs::directory_iterator it(reports_dir, ec), end;
  if (ec) return Status::error(ErrorKind::storage, reports_dir + ": cannot be read: " + ec.message());

  std::vector<std::string> names;
  for (; !ec && it != end; it.increment(ec)) names.push_back(it->path().filename().string());
  if (ec) return Status::error(ErrorKind::storage, reports_dir + ": cannot be read: " + ec.message());
  std::sort(names.begin(), names.end());

  FleetReader reader(reports_dir, r);
  std::size_t kiosks = 0;
  for (const auto& name : names) {
    if (name.empty() || name[0] == '.') continue;
    const fs::path p = fs::path(reports_dir) / name;
    std::error_code sec;
    const auto s = fs::symlink_status(p, sec);
    if (sec || !fs::is_directory(s)) {
      reader.warn(p, fs::is_symlink(s) ? "a symbolic link, not a kiosk folder; ignored"
                                       : "not a kiosk folder (reports are REPORTS_DIR/<kiosk-id>/…); ignored");
      continue;
    }
    if (!is_kiosk_id(name)) {
      reader.warn(p, "not a kiosk id (letters, digits, '.', '_' and '-'); ignored");
      continue;
    }
    if (++kiosks > kMaxKiosks) {
      reader.warn(p, "more than " + std::to_string(kMaxKiosks) + " kiosk folders; the rest were not read");
      break;
    }
    reader.kiosk(name, p);
  }

  // Freshness, and which kiosks lag behind the newest content of their channel.
  std::map<std::string, std::int64_t> newest;
  for (const auto& k : r.kiosks)
    if (k.has_status) newest[k.channel] = std::max(newest[k.channel], k.content_version);
  const std::int64_t stale_after = static_cast<std::int64_t>(r.options.stale_hours) * 3600;
  for (auto& k : r.kiosks) {
    k.freshness = k.last_seen <= 0                               ? Freshness::never
                  : options.now - k.last_seen > stale_after      ? Freshness::stale
                                                                 : Freshness::fresh;
    k.content_behind = k.has_status && k.content_version < newest[k.channel];
  }
  std::stable_sort(r.kiosks.begin(), r.kiosks.end(), [](const KioskReport& a, const KioskReport& b) {
    if (a.freshness != b.freshness) return freshness_rank(a.freshness) < freshness_rank(b.freshness);
    if (a.freshness == Freshness::stale && a.last_seen != b.last_seen) return a.last_seen < b.last_seen;
    return a.id < b.id;
  });
  std::stable_sort(r.warnings.begin(), r.warnings.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.path < b.path; });
  return r;
}

void add_titles(FleetReport& report, const SourceTree& tree, const std::string& source_path) {
  for (const auto& item : tree.items) {
    const ItemText* t = item.text_or_vi("vi");
    if (!t && !item.texts.empty()) t = &item.texts.front();
    if (t && !t->title.empty()) report.titles[item.id] = t->title;
  }
  if (!tree.ok())
    report.warnings.push_back({source_path, 0, Severity::warning,
                               std::to_string(tree.error_count()) +
                                   " errors in the source tree (see `tramtin-publish validate`); some titles may be missing"});
}

}  // namespace tramtin
