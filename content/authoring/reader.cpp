// The authoring reader: source tree (content/FORMAT.md) -> Items + diagnostics.
// Layer: tramtin_content (toml++, md4c through content/authoring/markdown, hashes through content/base/hash).
//
// [SECTION] Diagnostics and small text helpers
// [SECTION] Dates
// [SECTION] Texts: UTF-8, NFC, front matter
// [SECTION] TableReader: typed, line-aware access to a TOML table
// [SECTION] Media
// [SECTION] item.toml
// [SECTION] <lang>.md
// [SECTION] Glyphs: every shown character drawable by the kiosk's fonts
// [SECTION] The tree walk
//
// Every check reports a line: toml++ keeps the source position of each key and value; a language
// file's front matter starts after its opening "+++" line, so its TOML lines are shifted by one,
// and its Markdown body by the line of the closing "+++".
#include "content/authoring/reader.h"
#include "content/authoring/reader_parts.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>

#include <toml++/toml.h>

#include "content/authoring/glyphs.h"
#include "content/authoring/image_info.h"
#include "content/authoring/markdown.h"
#include "content/base/files.h"
#include "content/base/format.h"
#include "content/base/hash.h"
#include "content/base/text.h"

namespace tramtin {

namespace fs = std::filesystem;

// =====================================================================================
// [SECTION] Diagnostics and small text helpers
// =====================================================================================

std::string format_diagnostic(const Diagnostic& d) {
  std::string s = d.path;
  if (d.line > 0) s += ":" + std::to_string(d.line);
  s += d.severity == Severity::error ? ": error: " : ": warning: ";
  s += d.message;
  return s;
}

int SourceTree::error_count() const {
  return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                        [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

int SourceTree::warning_count() const {
  return static_cast<int>(diagnostics.size()) - error_count();
}

namespace {

class Diags {
 public:
  explicit Diags(std::vector<Diagnostic>& out) : out_(out) {}
  void error(const std::string& path, int line, std::string msg) {
    out_.push_back({path, line, Severity::error, std::move(msg)});
  }
  void warning(const std::string& path, int line, std::string msg) {
    out_.push_back({path, line, Severity::warning, std::move(msg)});
  }

 private:
  std::vector<Diagnostic>& out_;
};

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

std::size_t codepoint_count(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

bool is_id(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// http:// or https:// followed by a host; no spaces or control characters anywhere. The kiosk
// turns these into QR codes, so anything else (mailto:, file:, a bare path) is a mistake.
bool is_http_url(std::string_view u) {
  std::string lower;
  for (char c : u.substr(0, 8)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t rest = 0;
  if (lower.rfind("https://", 0) == 0) rest = 8;
  else if (lower.rfind("http://", 0) == 0) rest = 7;
  else return false;
  if (rest >= u.size() || u[rest] == '/' || u[rest] == '?' || u[rest] == '#') return false;
  return std::none_of(u.begin(), u.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

// Edit distance counting a swap of two neighbours as one edit (optimal string alignment):
// "cdoe" is one slip away from "code", as a typist sees it.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> dp(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) dp[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) dp[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      dp[i][j] = std::min({dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        dp[i][j] = std::min(dp[i][j], dp[i - 2][j - 2] + 1);
    }
  return dp[n][m];
}

// "unknown key 'tittle' (did you mean 'title'?)", or the list of keys when nothing is close.
std::string unknown_key_message(std::string_view key, const std::vector<std::string_view>& allowed,
                                const std::string& context) {
  std::string msg = "unknown key " + in_quotes(key) + (context.empty() ? "" : " in " + context);
  std::string_view best;
  std::size_t best_d = 3;  // at most two edits, and fewer than the key's length, else the guess is noise
  for (auto a : allowed) {
    std::size_t d = edit_distance(key, a);
    if (d < best_d && d < a.size()) {
      best_d = d;
      best = a;
    }
  }
  if (!best.empty()) return msg + " (did you mean " + in_quotes(best) + "?)";
  std::vector<std::string> names(allowed.begin(), allowed.end());
  return msg + "; expected one of: " + join(names, ", ");
}

std::string canonical_case_tag(std::string_view tag) {
  std::string out;
  std::size_t i = 0, part = 0;
  while (i <= tag.size()) {
    std::size_t j = tag.find('-', i);
    if (j == std::string_view::npos) j = tag.size();
    std::string sub(tag.substr(i, j - i));
    for (auto& c : sub) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool alpha = std::all_of(sub.begin(), sub.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    if (part > 0 && alpha && sub.size() == 4) sub[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sub[0])));
    if (part > 0 && alpha && sub.size() == 2)
      for (auto& c : sub) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (part) out += '-';
    out += sub;
    ++part;
    i = j + 1;
  }
  return out;
}

}  // namespace

bool is_plausible_language_tag(std::string_view tag) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (true) {
    std::size_t j = tag.find('-', i);
    parts.push_back(tag.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  auto all = [](std::string_view s, auto pred) {
    return std::all_of(s.begin(), s.end(), [&](char c) { return pred(static_cast<unsigned char>(c)); });
  };
  auto lower = [](unsigned char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](unsigned char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  auto lower_alnum = [&](unsigned char c) { return lower(c) || digit(c); };

  // language: 2-3 letters (ISO 639-1/-2/-3); longer primary subtags are reserved or registered
  // oddities no content file should use.
  if (parts[0].size() < 2 || parts[0].size() > 3 || !all(parts[0], lower)) return false;
  std::size_t k = 1;
  if (k < parts.size() && parts[k].size() == 4 && upper(static_cast<unsigned char>(parts[k][0])) &&
      all(parts[k].substr(1), lower))
    ++k;  // script: Hans, Latn, Tavt
  if (k < parts.size() && ((parts[k].size() == 2 && all(parts[k], upper)) || (parts[k].size() == 3 && all(parts[k], digit))))
    ++k;  // region: VN, CN, 419
  for (; k < parts.size(); ++k) {  // variants
    auto p = parts[k];
    bool ok = (p.size() >= 5 && p.size() <= 8 && all(p, lower_alnum)) ||
              (p.size() == 4 && digit(static_cast<unsigned char>(p[0])) && all(p, lower_alnum));
    if (!ok) return false;
  }
  return true;
}

// =====================================================================================
// [SECTION] Dates
// =====================================================================================

UnixTime unix_time_from_civil(int year, int month, int day, int hour, int minute, int second,
                              int utc_offset_minutes) {
  // Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second - static_cast<std::int64_t>(utc_offset_minutes) * 60;
}

namespace {

std::string iso_date(const toml::date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", unsigned{d.year}, unsigned{d.month}, unsigned{d.day});
  return buf;
}

bool valid_civil_date(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// =====================================================================================
// [SECTION] Texts: UTF-8, NFC, front matter
// =====================================================================================

// The file's text, checked to be UTF-8 and normalised to NFC (a warning when it was not).
// nullopt after reporting an error. A UTF-8 byte-order mark is dropped: Notepad writes one.
std::optional<std::string> load_text(const fs::path& p, const std::string& shown, Diags& d) {
  auto bytes = read_file(p.string());
  if (!bytes) {
    d.error(shown, 0, "cannot read the file (" + bytes.error() + ")");
    return std::nullopt;
  }
  std::string text = std::move(*bytes);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);

  // A multi-byte sequence never spans '\n' (an ASCII byte ends it), so checking line by line finds
  // the exact line of the first bad byte.
  int line = 1, first_non_nfc = 0, non_nfc_lines = 0;
  for (std::size_t start = 0; start <= text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view l(text.data() + start, end - start);
    if (!is_valid_utf8(l)) {
      d.error(shown, line, "the file is not valid UTF-8 text here; save it as UTF-8 (legacy TCVN3/VNI "
                           "files must be converted to Unicode)");
      return std::nullopt;
    }
    if (!is_nfc(l)) {
      if (!first_non_nfc) first_non_nfc = line;
      ++non_nfc_lines;
    }
    start = end + 1;
  }
  if (first_non_nfc) {
    d.warning(shown, first_non_nfc,
              "text is not in Unicode NFC form (decomposed accents, " + std::to_string(non_nfc_lines) +
                  (non_nfc_lines == 1 ? " line" : " lines") +
                  " from here); it is normalised when read, but save the file precomposed (NFC)");
    text = nfc(text);
  }
  return text;
}

struct FrontMatterSplit {
  std::string toml;     // the lines between the two "+++" lines
  int toml_offset = 1;  // file line = TOML line + this
  std::string body;     // everything after the closing "+++" line
  int body_offset = 0;  // file line = Markdown line + this
};

bool is_fence_line(std::string_view l) {
  while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
  return l == "+++";
}

std::optional<FrontMatterSplit> split_front_matter(const std::string& text, const std::string& shown, Diags& d) {
  std::size_t first_end = text.find('\n');
  std::string_view first(text.data(), first_end == std::string::npos ? text.size() : first_end);
  if (!is_fence_line(first)) {
    d.error(shown, 1, "a language file must start with a '+++' line, then the front matter (title = \"…\"), "
                      "then a '+++' line and the Markdown body");
    return std::nullopt;
  }
  if (first_end == std::string::npos) {
    d.error(shown, 1, "the front matter opened here is never closed by a '+++' line");
    return std::nullopt;
  }
  int line = 2;
  for (std::size_t start = first_end + 1; start <= text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (is_fence_line(std::string_view(text.data() + start, end - start))) {
      FrontMatterSplit s;
      s.toml = text.substr(first_end + 1, start - (first_end + 1));
      s.toml_offset = 1;
      s.body = end < text.size() ? text.substr(end + 1) : std::string();
      s.body_offset = line;
      return s;
    }
    start = end + 1;
  }
  d.error(shown, 1, "the front matter opened here is never closed by a '+++' line");
  return std::nullopt;
}

// Parses TOML text; reports a syntax error at its line (shifted by `offset`).
std::optional<toml::table> parse_toml(const std::string& text, const std::string& shown, int offset, Diags& d) {
  try {
    return toml::parse(text, shown);
  } catch (const toml::parse_error& e) {
    d.error(shown, static_cast<int>(e.source().begin.line) + offset,
            "TOML syntax error: " + std::string(e.description()));
  }
  return std::nullopt;
}

// =====================================================================================
// [SECTION] TableReader: typed, line-aware access to a TOML table
// =====================================================================================

const char* toml_type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number with a fraction";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "nothing";
  }
}

enum class Need { optional, required };

class TableReader {
 public:
  // `missing_line`: where a missing key is reported (the table's header, or the file's first line).
  TableReader(const toml::table& t, const std::string& path, int offset, int missing_line, Diags& d,
              std::string context = {})
      : t_(t), path_(path), offset_(offset), missing_line_(missing_line), d_(d), context_(std::move(context)) {}

  const std::string& path() const { return path_; }
  int offset() const { return offset_; }
  Diags& diags() { return d_; }
  bool has(std::string_view key) const { return t_.contains(key); }

  int line_of(const toml::node& n) const { return static_cast<int>(n.source().begin.line) + offset_; }
  int key_line(std::string_view key) const {
    auto it = t_.find(key);
    if (it == t_.end()) return missing_line_;
    return static_cast<int>(it->first.source().begin.line) + offset_;
  }
  int missing_line() const { return missing_line_; }

  void error(std::string_view key, std::string msg) { d_.error(path_, key_line(key), std::move(msg)); }
  void warning(std::string_view key, std::string msg) { d_.warning(path_, key_line(key), std::move(msg)); }
  void error_at(int line, std::string msg) { d_.error(path_, line, std::move(msg)); }

  // The node, or nullptr (and an error when required).
  const toml::node* node(std::string_view key, Need need) {
    const toml::node* n = t_.get(key);
    if (!n && need == Need::required) d_.error(path_, missing_line_, "missing required key " + name(key));
    return n;
  }

  std::optional<std::string> string(std::string_view key, Need need = Need::optional) {
    const toml::node* n = node(key, need);
    if (!n) return std::nullopt;
    if (!n->is_string()) {
      type_error(key, *n, "a string in quotes");
      return std::nullopt;
    }
    std::string v = nfc(n->as_string()->get());  // "\u0301" escapes can still build decomposed text
    if (need == Need::required && trim(v).empty()) {
      error(key, name(key) + " is empty");
      return std::nullopt;
    }
    return v;
  }

  // A string that must be a http(s) link when not empty.
  std::optional<std::string> link(std::string_view key) {
    auto v = string(key);
    if (v && !v->empty() && !is_http_url(*v)) {
      error(key, name(key) + " must be a web address starting with http:// or https://, not " + in_quotes(*v));
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::int64_t> integer(std::string_view key, Need need = Need::optional) {
    const toml::node* n = node(key, need);
    if (!n) return std::nullopt;
    if (!n->is_integer()) {
      type_error(key, *n, "an integer");
      return std::nullopt;
    }
    return n->as_integer()->get();
  }

  // An integer within [lo, hi]; reports values outside with the range.
  std::optional<std::int64_t> integer_in(std::string_view key, std::int64_t lo, std::int64_t hi, Need need,
                                         std::string_view what = {}) {
    auto v = integer(key, need);
    if (v && (*v < lo || *v > hi)) {
      error(key, name(key) + " is " + std::to_string(*v) + "; it must be " + std::to_string(lo) + ".." +
                     std::to_string(hi) + (what.empty() ? "" : std::string(" (") + std::string(what) + ")"));
      return std::nullopt;
    }
    return v;
  }

  std::optional<bool> boolean(std::string_view key) {
    const toml::node* n = node(key, Need::optional);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) {
      type_error(key, *n, "true or false (no quotes)");
      return std::nullopt;
    }
    return n->as_boolean()->get();
  }

  // An array of non-empty strings.
  std::optional<std::vector<std::string>> strings(std::string_view key, Need need = Need::optional) {
    const toml::node* n = node(key, need);
    if (!n) return std::nullopt;
    const toml::array* a = n->as_array();
    if (!a) {
      type_error(key, *n, "an array of strings, like [\"a\", \"b\"]");
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (const toml::node& e : *a) {
      if (!e.is_string()) {
        error_at(line_of(e), name(key) + " must hold only strings, not " + toml_type_name(e));
        ok = false;
      } else if (trim(e.as_string()->get()).empty()) {
        error_at(line_of(e), name(key) + " holds an empty string");
        ok = false;
      } else {
        out.push_back(nfc(e.as_string()->get()));
      }
    }
    if (need == Need::required && ok && out.empty()) {
      error(key, name(key) + " is empty");
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // An array of groups, each an array of at least two non-empty strings: [["sổ đỏ", "giấy chứng nhận"]].
  std::optional<std::vector<std::vector<std::string>>> string_groups(std::string_view key) {
    const toml::node* n = node(key, Need::optional);
    if (!n) return std::nullopt;
    const toml::array* a = n->as_array();
    if (!a) {
      type_error(key, *n, "an array of groups, like [[\"sổ đỏ\", \"giấy chứng nhận quyền sử dụng đất\"]]");
      return std::nullopt;
    }
    std::vector<std::vector<std::string>> out;
    bool ok = true;
    for (const toml::node& g : *a) {
      const toml::array* ga = g.as_array();
      if (!ga) {
        error_at(line_of(g), name(key) + " must hold groups (arrays of strings), not " + toml_type_name(g));
        ok = false;
        continue;
      }
      std::vector<std::string> group;
      for (const toml::node& e : *ga) {
        if (!e.is_string() || trim(e.as_string()->get()).empty()) {
          error_at(line_of(e), name(key) + ": every entry of a group must be a non-empty string");
          ok = false;
        } else {
          group.push_back(nfc(trim(e.as_string()->get())));
        }
      }
      if (ok && group.size() < 2) {
        error_at(line_of(g), name(key) + ": a group needs at least two phrases (the word people use and what it means)");
        ok = false;
      }
      if (ok) out.push_back(std::move(group));
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // A moment: a TOML date-time with offset, a local date-time or a date alone (Vietnam time).
  std::optional<UnixTime> moment(std::string_view key) {
    const toml::node* n = node(key, Need::optional);
    if (!n) return std::nullopt;
    // Kiosks refuse an item dated before 1970 (a negative Unix time): a typo in the year must be
    // caught here, not by every kiosk rejecting the whole bundle (found by tests/fuzz/fuzz_item).
    auto checked = [&](UnixTime t, int year) -> std::optional<UnixTime> {
      if (t >= 0) return t;
      error(key, name(key) + " is in the year " + std::to_string(year) + ", before 1970; check the year");
      return std::nullopt;
    };
    if (auto d = n->as_date()) {
      const toml::date& v = d->get();
      return checked(unix_time_from_civil(v.year, v.month, v.day, 0, 0, 0, kVietnamUtcOffsetMinutes), v.year);
    }
    if (auto dt = n->as_date_time()) {
      const toml::date_time& v = dt->get();
      int off = v.offset ? v.offset->minutes : kVietnamUtcOffsetMinutes;
      return checked(unix_time_from_civil(v.date.year, v.date.month, v.date.day, v.time.hour, v.time.minute,
                                          v.time.second, off),
                     v.date.year);
    }
    if (n->is_string()) {
      error(key, name(key) + " must be a TOML date without quotes, e.g. 2026-12-01 or "
                              "2026-12-01T07:00:00+07:00");
    } else if (n->is_time()) {
      error(key, name(key) + " has a time of day but no date; write e.g. 2026-12-01T07:00:00+07:00");
    } else {
      type_error(key, *n, "a date such as 2026-12-01 or 2026-12-01T07:00:00+07:00");
    }
    return std::nullopt;
  }

  // A calendar date kept as ISO text: a TOML date, or a "YYYY-MM-DD" string.
  std::optional<std::string> date_text(std::string_view key) {
    const toml::node* n = node(key, Need::optional);
    if (!n) return std::nullopt;
    if (auto d = n->as_date()) return iso_date(d->get());
    if (n->is_string()) {
      const std::string& s = n->as_string()->get();
      int y = 0, m = 0, dd = 0;
      char tail = 0;
      if (s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &dd, &tail) == 3 && s[4] == '-' &&
          s[7] == '-' && valid_civil_date(y, m, dd))
        return s;
      error(key, name(key) + " " + in_quotes(s) + " is not a date; write it as 2027-06-30");
      return std::nullopt;
    }
    type_error(key, *n, "a date such as 2027-06-30");
    return std::nullopt;
  }

  const toml::table* table(std::string_view key, Need need = Need::optional) {
    const toml::node* n = node(key, need);
    if (!n) return nullptr;
    if (!n->is_table()) {
      type_error(key, *n, "a table ([" + std::string(key) + "])");
      return nullptr;
    }
    return n->as_table();
  }

  // [[key]] tables (or an array of inline tables).
  std::vector<const toml::table*> tables(std::string_view key, Need need = Need::optional) {
    std::vector<const toml::table*> out;
    const toml::node* n = node(key, need);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
      type_error(key, *n, "a list of [[" + std::string(key) + "]] tables");
      return out;
    }
    for (const toml::node& e : *a) {
      if (auto t = e.as_table()) out.push_back(t);
      else error_at(line_of(e), name(key) + " must hold only [[" + std::string(key) + "]] tables, not " + toml_type_name(e));
    }
    if (need == Need::required && out.empty() && a->empty()) error(key, name(key) + " is empty");
    return out;
  }

  // Reports every key not in `allowed`, at the key's line.
  void check_keys(const std::vector<std::string_view>& allowed) {
    for (auto&& [k, v] : t_) {
      std::string_view key = k.str();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      d_.error(path_, static_cast<int>(k.source().begin.line) + offset_,
               unknown_key_message(key, allowed, context_));
    }
  }

  // A reader for a sub-table, whose missing keys are reported at its header line.
  TableReader sub(const toml::table& t, std::string context) {
    return TableReader(t, path_, offset_, line_of(t), d_, std::move(context));
  }

  std::string name(std::string_view key) const {
    return context_.empty() ? in_quotes(key) : in_quotes(key) + " in " + context_;
  }

 private:
  void type_error(std::string_view key, const toml::node& n, const std::string& want) {
    error(key, name(key) + " must be " + want + ", not " + toml_type_name(n));
  }

  const toml::table& t_;
  const std::string& path_;
  int offset_;
  int missing_line_;
  Diags& d_;
  std::string context_;
};

// =====================================================================================
// [SECTION] Media
// =====================================================================================

// The type from the file's first bytes, never from its name: a renamed file still draws right.
std::string sniff_mime(std::string_view b) {
  if (b.rfind("\x89PNG\r\n\x1A\n", 0) == 0) return "image/png";
  if (b.rfind("\xFF\xD8\xFF", 0) == 0) return "image/jpeg";
  if (b.rfind("OggS", 0) == 0) return "audio/ogg";
  return {};
}

std::string mime_for_extension(std::string ext) {
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ogg" || ext == ".oga" || ext == ".opus") return "audio/ogg";
  return {};
}

void read_media(TableReader& r, const fs::path& dir, std::vector<SourceMedia>& found, Item& item) {
  MediaRef m;
  auto file = r.string("file", Need::required);
  auto role = r.string("role", Need::required);
  auto lang = r.string("lang");
  auto caption = r.string("caption");
  r.check_keys({"file", "role", "lang", "caption"});

  bool audio_role = false;
  if (role) {
    if (*role != "photo" && *role != "cover" && *role != "narration") {
      r.error("role", r.name("role") + " is " + in_quotes(*role) + "; expected photo, cover or narration");
      role.reset();
    } else {
      audio_role = *role == "narration";
      m.role = *role;
    }
  }
  if (lang && !lang->empty()) {
    if (role && !audio_role) r.error("lang", r.name("lang") + " is only for narration; leave it out for a " + *role);
    else if (!is_plausible_language_tag(*lang))
      r.error("lang", r.name("lang") + " " + in_quotes(*lang) + " is not a BCP 47 language tag (vi, en, zh-Hans, hmn, blt)");
    else m.lang = *lang;
  } else if (role && audio_role) {
    r.error(r.has("lang") ? "lang" : "role", "a narration needs 'lang', the language it speaks (vi, hmn, …)");
  }
  if (caption) m.caption = *caption;
  if (!file) return;

  const int line = r.key_line("file");
  fs::path rel = fs::path(*file).lexically_normal();
  if (rel.is_absolute() || rel.empty() || *rel.begin() == "..") {
    r.error_at(line, "media file " + in_quotes(*file) + " must be a path inside the item's folder");
    return;
  }
  fs::path p = dir / rel;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) {
    r.error_at(line, "media file " + in_quotes(*file) + " not found in " + dir.string());
    return;
  }
  // A symbolic link (the file, or a folder on the way) may lead anywhere: a file outside the item's
  // folder would be signed and published without anybody having looked at it.
  const fs::path real = fs::weakly_canonical(p, ec);
  const fs::path real_dir = ec ? fs::path() : fs::weakly_canonical(dir, ec);
  const fs::path inside = ec ? fs::path() : real.lexically_relative(real_dir);
  if (ec || inside.empty() || *inside.begin() == "..") {
    r.error_at(line, "media file " + in_quotes(*file) + " is a symbolic link to " +
                         in_quotes(ec ? std::string("?") : real.string()) +
                         ", outside the item's folder: copy the file into the folder instead");
    return;
  }
  const std::uint64_t size = fs::file_size(p, ec);
  if (ec) {
    r.error_at(line, "cannot read media file " + in_quotes(*file) + ": " + ec.message());
    return;
  }
  if (size > kMaxMediaBytes) {
    r.error_at(line, "media file " + in_quotes(*file) + " is " + format_bytes(size) +
                         "; the limit is 2 MB (kiosks sync over slow links): make it smaller");
    return;
  }
  auto bytes = read_file(p.string());
  if (!bytes) {
    r.error_at(line, "cannot read media file " + in_quotes(*file) + ": " + bytes.error());
    return;
  }
  std::string mime = sniff_mime(*bytes);
  if (mime.empty()) {
    r.error_at(line, "media file " + in_quotes(*file) + " is not a PNG, JPEG or Ogg audio file");
    return;
  }
  if (role && audio_role != (mime == "audio/ogg")) {
    r.error_at(line, "media file " + in_quotes(*file) + " holds " + mime + " but its role is " + *role +
                         (audio_role ? " (narration must be Ogg audio)" : " (photos and covers must be PNG or JPEG)"));
    return;
  }
  if (mime != "audio/ogg") {
    const auto px = mime == "image/png" ? png_size(*bytes) : jpeg_size(*bytes);
    if (!px) {
      r.error_at(line, "media file " + in_quotes(*file) + " is a " + mime +
                           " whose header is damaged (its size in pixels cannot be read)");
      return;
    }
    if (px->width > kMaxImageSide || px->height > kMaxImageSide) {
      r.error_at(line, "media file " + in_quotes(*file) + " is " + std::to_string(px->width) + " x " +
                           std::to_string(px->height) + " pixels; kiosks show pictures up to " +
                           std::to_string(kMaxImageSide) + " x " + std::to_string(kMaxImageSide) +
                           ": scale it down (1600 pixels wide is plenty for a kiosk)");
      return;
    }
  }
  std::string by_ext = mime_for_extension(p.extension().string());
  if (by_ext != mime)
    r.diags().warning(r.path(), line, "media file " + in_quotes(*file) + " holds " + mime +
                                          " data; its name suggests otherwise (rename it to avoid confusion)");
  m.sha256 = sha256_hex(*bytes);
  m.size = size;
  m.mime = mime;
  found.push_back(SourceMedia{m.sha256, mime, size, p});
  item.media.push_back(std::move(m));
}

// =====================================================================================
// [SECTION] item.toml
// =====================================================================================

const std::vector<std::string_view> kItemKeys = {"kind", "version", "publish_at", "expire_at", "priority",
                                                 "urgent", "featured", "tags", "targets", "procedure",
                                                 "product", "media"};
const std::vector<std::string_view> kProcedureKeys = {"code", "decision", "levels", "field", "online_url", "channels"};
const std::vector<std::string_view> kProductKeys = {"ocop_group", "stars", "certificate", "certificate_expiry",
                                                    "producer", "producer_commune", "producer_phone", "price",
                                                    "price_is_example", "shop_url", "trace_url"};

bool looks_like_procedure_code(std::string_view c) {
  return c.size() == 8 && c[0] >= '1' && c[0] <= '3' && c[1] == '.' &&
         std::all_of(c.begin() + 2, c.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

void read_procedure_info(TableReader r, Item& item) {
  ProcedureInfo& p = item.procedure;
  // A few commune procedures have no code in the national database (or staff have not found it
  // yet): `code = ""` says so explicitly, and inventing one would send villagers to the wrong page.
  if (!r.has("code"))
    r.error_at(r.missing_line(), "missing required key 'code' in [procedure] (the national procedure code, "
                                 "e.g. \"1.001193\"; write code = \"\" if it has none)");
  if (auto v = r.string("code"); v && !v->empty()) {
    p.code = *v;
    if (!looks_like_procedure_code(*v))
      r.warning("code", r.name("code") + " " + in_quotes(*v) +
                            " does not look like a national procedure code (1.001193, 2.000815)");
  }
  if (auto v = r.string("decision")) p.decision = *v;
  if (auto v = r.strings("levels")) {
    for (const auto& l : *v) {
      if (l != "xa" && l != "tinh") r.error("levels", r.name("levels") + " holds " + in_quotes(l) + "; expected xa or tinh");
      else p.levels.push_back(l);
    }
  }
  if (auto v = r.string("field", Need::required)) {
    if (!is_id(*v))
      r.error("field", r.name("field") + " " + in_quotes(*v) + " must be a key of a-z, 0-9 and '-', e.g. ho-tich");
    else p.field = *v;
  }
  if (auto v = r.link("online_url")) p.online_url = *v;
  if (auto v = r.strings("channels", Need::required)) {
    for (const auto& c : *v) {
      auto k = channel_kind_from_name(c);
      if (!k) r.error("channels", r.name("channels") + " holds " + in_quotes(c) + "; expected in_person, online or post");
      else if (std::find(p.channels.begin(), p.channels.end(), *k) != p.channels.end())
        r.error("channels", r.name("channels") + " lists " + in_quotes(c) + " twice");
      else p.channels.push_back(*k);
    }
  }
  r.check_keys(kProcedureKeys);
}

void read_product_info(TableReader r, Item& item) {
  ProductInfo& p = item.product;
  if (auto v = r.integer_in("ocop_group", 1, 6, Need::required, "the six OCOP groups of Quyết định 148/QĐ-TTg"))
    p.ocop_group = static_cast<int>(*v);
  if (auto v = r.integer_in("stars", 3, 5, Need::required, "OCOP products have 3, 4 or 5 stars"))
    p.stars = static_cast<int>(*v);
  if (auto v = r.string("certificate")) p.certificate = *v;
  if (auto v = r.date_text("certificate_expiry")) p.certificate_expiry = *v;
  if (auto v = r.string("producer", Need::required)) p.producer = *v;
  if (auto v = r.string("producer_commune")) p.producer_commune = *v;
  if (auto v = r.string("producer_phone")) p.producer_phone = *v;
  if (auto v = r.integer_in("price", 0, 1'000'000'000'000, Need::optional, "in đồng")) p.price = *v;
  if (auto v = r.boolean("price_is_example")) p.price_is_example = *v;
  if (auto v = r.link("shop_url")) p.shop_url = *v;
  if (auto v = r.link("trace_url")) p.trace_url = *v;
  r.check_keys(kProductKeys);
}

// Reads item.toml into `item`; false when the kind is unknown (the language files then cannot be
// checked against it).
bool read_item_toml(const toml::table& t, const std::string& shown, const fs::path& dir, std::vector<SourceMedia>& media,
                    Diags& d, Item& item) {
  TableReader r(t, shown, 0, 1, d);
  std::optional<Kind> kind;
  if (auto k = r.string("kind", Need::required)) {
    kind = kind_from_name(*k);
    if (!kind)
      r.error("kind", "unknown kind " + in_quotes(*k) + "; expected procedure, news, notice, product, page, strings or synonyms");
  }
  if (kind) item.kind = *kind;
  if (auto v = r.integer_in("version", 1, INT64_MAX, Need::optional, "raise it when the item changes")) item.version = *v;
  auto publish = r.moment("publish_at");
  auto expire = r.moment("expire_at");
  if (publish) item.publish_at = *publish;
  if (expire) item.expire_at = *expire;
  if (publish && expire && *expire <= *publish)
    r.error("expire_at", "'expire_at' is not after 'publish_at': the item would never be shown");
  if (auto v = r.integer_in("priority", -1'000'000, 1'000'000, Need::optional)) item.priority = static_cast<int>(*v);
  if (auto v = r.boolean("urgent")) {
    item.urgent = *v;
    if (*v && kind && *kind != Kind::notice)
      r.warning("urgent", "'urgent' only has an effect on notices (kind = \"notice\")");
  }
  if (auto v = r.boolean("featured")) item.featured = *v;
  if (auto v = r.strings("tags")) item.tags = *v;
  if (auto v = r.strings("targets")) {
    for (const auto& tg : *v) {
      if (tg != "province" && tg != "commune" && tg != "border-gate")
        r.error("targets", "'targets' holds " + in_quotes(tg) + "; expected province, commune or border-gate");
      else item.targets.push_back(tg);
    }
  }

  for (auto [key, k] : {std::pair<std::string_view, Kind>{"procedure", Kind::procedure}, {"product", Kind::product}}) {
    if (kind && *kind != k) {
      if (r.has(key))
        r.error(key, "[" + std::string(key) + "] is only for kind = \"" + std::string(key) + "\"; this item is a " +
                         kind_name(*kind));
      continue;
    }
    if (!kind && !r.has(key)) continue;
    if (const toml::table* sub = r.table(key, Need::required)) {
      if (k == Kind::procedure) read_procedure_info(r.sub(*sub, "[procedure]"), item);
      else read_product_info(r.sub(*sub, "[product]"), item);
    }
  }

  for (const toml::table* m : r.tables("media")) {
    TableReader mr = r.sub(*m, "[[media]]");
    read_media(mr, dir, media, item);
  }
  r.check_keys(kItemKeys);
  return kind.has_value();
}

// =====================================================================================
// [SECTION] <lang>.md
// =====================================================================================

const std::vector<std::string_view> kTextKeys = {"title", "summary", "field_name", "who", "agency", "address",
                                                 "result", "conditions", "steps", "channels", "cases", "legal",
                                                 "product", "strings", "aliases", "synonyms", "filler"};
const std::vector<std::string_view> kProcedureTextKeys = {"field_name", "who", "agency", "address", "result",
                                                          "conditions", "steps", "channels", "cases", "legal"};

bool starts_with_step_number(std::string_view s) {
  // "Bước 1:" — the kiosk numbers steps itself, so a typed number would show twice.
  static const std::string_view kBuoc = "Bước ";
  if (s.rfind(kBuoc, 0) != 0) return false;
  s.remove_prefix(kBuoc.size());
  return !s.empty() && s[0] >= '0' && s[0] <= '9';
}

void read_procedure_text(TableReader& r, const Item& item, bool is_vi, ProcedureText& p) {
  const Need need = is_vi ? Need::required : Need::optional;
  if (auto v = r.string("field_name", need)) p.field_name = *v;
  if (auto v = r.string("who")) p.who = *v;
  if (auto v = r.string("agency", need)) p.agency = *v;
  if (auto v = r.string("address")) p.address = *v;
  if (auto v = r.string("result", need)) p.result = *v;
  if (auto v = r.string("conditions")) p.conditions = *v;
  if (auto v = r.strings("steps", need)) {
    p.steps = *v;
    for (const auto& s : *v)
      if (starts_with_step_number(s)) {
        r.warning("steps", "'steps' are numbered by the kiosk; drop the \"Bước n:\" prefix");
        break;
      }
  }

  const auto& item_channels = item.procedure.channels;
  std::vector<std::string> listed;
  for (auto c : item_channels) listed.push_back(channel_kind_name(c));
  std::vector<ChannelKind> seen;
  for (const toml::table* t : r.tables("channels", need)) {
    TableReader cr = r.sub(*t, "[[channels]]");
    Channel ch;
    bool valid_kind = false;
    if (auto k = cr.string("kind", Need::required)) {
      auto ck = channel_kind_from_name(*k);
      if (!ck) {
        cr.error("kind", cr.name("kind") + " is " + in_quotes(*k) + "; expected in_person, online or post");
      } else if (std::find(item_channels.begin(), item_channels.end(), *ck) == item_channels.end()) {
        cr.error("kind", "channel " + in_quotes(*k) + " is not among item.toml's channels (" +
                             (listed.empty() ? std::string("none") : join(listed, ", ")) + ")");
      } else if (std::find(seen.begin(), seen.end(), *ck) != seen.end()) {
        cr.error("kind", "a second [[channels]] row for " + in_quotes(*k));
      } else {
        ch.kind = *ck;
        seen.push_back(*ck);
        valid_kind = true;
      }
    }
    if (auto v = cr.string("time_limit", Need::required)) ch.time_limit = *v;
    if (auto v = cr.string("fee", Need::required)) ch.fee = *v;
    if (auto v = cr.string("note")) ch.note = *v;
    cr.check_keys({"kind", "time_limit", "fee", "note"});
    if (valid_kind) p.channels.push_back(std::move(ch));
  }
  if (is_vi) {
    for (auto c : item_channels)
      if (std::find(seen.begin(), seen.end(), c) == seen.end() && r.has("channels"))
        r.error("channels", std::string("no [[channels]] row for '") + channel_kind_name(c) +
                                "', which item.toml lists: give its time limit and fee");
  }

  for (const toml::table* t : r.tables("cases", need)) {
    TableReader cr = r.sub(*t, "[[cases]]");
    DocumentCase dc;
    if (auto v = cr.string("title")) dc.title = *v;
    for (const toml::table* dt : cr.tables("documents", Need::required)) {
      TableReader dr = cr.sub(*dt, "[[cases.documents]]");
      Document doc;
      if (auto v = dr.string("name", Need::required)) doc.name = *v;
      if (auto v = dr.string("copies")) doc.copies = *v;
      if (auto v = dr.link("form_url")) doc.form_url = *v;
      dr.check_keys({"name", "copies", "form_url"});
      dc.documents.push_back(std::move(doc));
    }
    cr.check_keys({"title", "documents"});
    p.cases.push_back(std::move(dc));
  }

  for (const toml::table* t : r.tables("legal")) {
    TableReader lr = r.sub(*t, "[[legal]]");
    LegalRef ref;
    if (auto v = lr.string("number", Need::required)) ref.number = *v;
    if (auto v = lr.string("title", Need::required)) ref.title = *v;
    if (auto v = lr.date_text("date")) ref.date = *v;
    if (auto v = lr.string("issuer")) ref.issuer = *v;
    lr.check_keys({"number", "title", "date", "issuer"});
    p.legal.push_back(std::move(ref));
  }
}

void check_glyphs(GlyphChecker* glyphs, const std::vector<const std::string*>& shown_texts, std::string_view raw,
                  const std::string& path, const std::string& language, Diags& d);
std::vector<const std::string*> shown_texts(const ItemText& t);

std::optional<ItemText> read_language_file(const fs::path& file, const std::string& lang, const Item& item,
                                           bool kind_known, GlyphChecker* glyphs, Diags& d) {
  const std::string shown = file.string();
  auto text = load_text(file, shown, d);
  if (!text) return std::nullopt;
  auto split = split_front_matter(*text, shown, d);
  if (!split) return std::nullopt;
  auto table = parse_toml(split->toml, shown, split->toml_offset, d);
  if (!table) return std::nullopt;

  const bool is_vi = lang == "vi";
  ItemText t;
  t.lang = lang;
  // Missing keys are reported at the opening "+++" line: the front matter as a whole lacks them.
  TableReader r(*table, shown, split->toml_offset, 1, d);
  if (auto v = r.string("title", Need::required)) {
    t.title = *v;
    if (codepoint_count(*v) > kMaxTitleChars)
      r.error("title", "'title' is " + std::to_string(codepoint_count(*v)) + " characters; at most " +
                           std::to_string(kMaxTitleChars) + " fit on a kiosk card");
  }
  if (auto v = r.string("summary")) {
    t.summary = *v;
    if (codepoint_count(*v) > kMaxSummaryChars)
      r.error("summary", "'summary' is " + std::to_string(codepoint_count(*v)) + " characters; keep it under " +
                             std::to_string(kMaxSummaryChars) + " (one or two sentences)");
  }

  const Kind kind = item.kind;
  if (kind_known) {
    // Keys of another kind are errors, not silently ignored: the text would never be shown.
    for (auto key : kProcedureTextKeys)
      if (kind != Kind::procedure && r.has(key))
        r.error(key, in_quotes(key) + " is only for procedures; this item is a " + kind_name(kind));
    if (kind != Kind::product && r.has("product"))
      r.error("product", "[product] is only for products; this item is a " + std::string(kind_name(kind)));
    if (kind != Kind::strings && r.has("strings"))
      r.error("strings", "[strings] is only for kind = \"strings\"; this item is a " + std::string(kind_name(kind)));
  }
  if (kind_known && kind == Kind::procedure) read_procedure_text(r, item, is_vi, t.procedure);
  if (kind_known && kind == Kind::product) {
    if (const toml::table* pt = r.table("product")) {
      TableReader pr = r.sub(*pt, "[product]");
      if (auto v = pr.string("unit")) t.product.unit = *v;
      if (auto v = pr.string("ingredients")) t.product.ingredients = *v;
      if (auto v = pr.string("shelf_life")) t.product.shelf_life = *v;
      pr.check_keys({"unit", "ingredients", "shelf_life"});
    }
  }
  if (kind_known && kind == Kind::strings) {
    if (const toml::table* st = r.table("strings")) {
      for (auto&& [k, v] : *st) {
        int line = static_cast<int>(k.source().begin.line) + r.offset();
        if (!v.is_string()) {
          d.error(shown, line, "[strings] value for " + in_quotes(k.str()) + " must be a string, not " + toml_type_name(v));
          continue;
        }
        t.strings.emplace(std::string(k.str()), nfc(v.as_string()->get()));
      }
    }
  }
  if (auto v = r.strings("aliases")) {
    t.aliases = *v;
    if (kind_known && (kind == Kind::strings || kind == Kind::synonyms))
      r.error("aliases", "'aliases' are names people search for; a " + std::string(kind_name(kind)) + " item is never a search result");
  }
  for (const char* key : {"synonyms", "filler"})
    if (kind_known && kind != Kind::synonyms && r.has(key))
      r.error(key, in_quotes(key) + " is only for kind = \"synonyms\"; this item is a " + std::string(kind_name(kind)));
  if (kind_known && kind == Kind::synonyms) {
    if (auto v = r.string_groups("synonyms")) t.synonyms = *v;
    if (auto v = r.strings("filler")) t.filler = *v;
  }
  r.check_keys(kTextKeys);

  MarkdownResult md = parse_markdown(split->body);
  if (!md.error.empty()) d.error(shown, split->body_offset + 1, md.error);
  for (const auto& l : md.links)
    if (!is_http_url(l.href))
      d.error(shown, l.line + split->body_offset,
              "link " + in_quotes(l.href) + " must be a web address starting with http:// or https://");
  for (const auto& n : md.notes) d.warning(shown, n.line + split->body_offset, n.message);
  t.body = std::move(md.body);
  if (glyphs) check_glyphs(glyphs, shown_texts(t), *text, shown, "language " + lang, d);
  return t;
}

// =====================================================================================
// [SECTION] Glyphs: every shown character drawable by the kiosk's fonts
// =====================================================================================

// What the kiosk draws of one language's text: the same fields its font atlas is built from
// (kiosk/core/view_model.cpp, texts_by_language). Aliases, synonyms and filler are search-only.
std::vector<const std::string*> shown_texts(const ItemText& t) {
  std::vector<const std::string*> out = {&t.title, &t.summary};
  for (const auto& b : t.body)
    for (const auto& sp : b.spans) out.push_back(&sp.text);
  const ProcedureText& p = t.procedure;
  for (const auto* x : {&p.field_name, &p.who, &p.agency, &p.address, &p.result, &p.conditions}) out.push_back(x);
  for (const auto& x : p.steps) out.push_back(&x);
  for (const auto& c : p.channels)
    for (const auto* x : {&c.time_limit, &c.fee, &c.note}) out.push_back(x);
  for (const auto& c : p.cases) {
    out.push_back(&c.title);
    for (const auto& doc : c.documents)
      for (const auto* x : {&doc.name, &doc.copies}) out.push_back(x);
  }
  for (const auto& l : p.legal)
    for (const auto* x : {&l.number, &l.title, &l.date, &l.issuer}) out.push_back(x);
  for (const auto* x : {&t.product.unit, &t.product.ingredients, &t.product.shelf_life}) out.push_back(x);
  for (const auto& [k, v] : t.strings) out.push_back(&v);
  return out;
}

// The language-neutral fields of item.toml a kiosk shows in every language.
std::vector<const std::string*> shown_texts(const Item& item) {
  std::vector<const std::string*> out = {&item.procedure.code, &item.procedure.decision};
  const ProductInfo& p = item.product;
  for (const auto* x : {&p.certificate, &p.certificate_expiry, &p.producer, &p.producer_commune, &p.producer_phone})
    out.push_back(x);
  for (const auto& m : item.media) out.push_back(&m.caption);
  return out;
}

// One error per line and character the fonts lack. The parsed texts say which characters are shown
// (a comment or a key is not); the file's own lines say where they are.
void check_glyphs(GlyphChecker* glyphs, const std::vector<const std::string*>& texts, std::string_view raw,
                  const std::string& path, const std::string& language, Diags& d) {
  std::set<char32_t> seen, missing;
  for (const std::string* s : texts)
    for (std::size_t i = 0; i < s->size();) {
      const char32_t c = next_codepoint(*s, i);
      if (is_control_codepoint(c) || !seen.insert(c).second) continue;
      if (!glyphs->drawable(c)) missing.insert(c);
    }
  if (missing.empty()) return;
  const std::string tail = " (" + language + ") has no glyph in the kiosk's fonts (" + glyphs->manifest_path() + ": " +
                           glyphs->font_names() + ")";
  constexpr int kMaxPerFile = 20;  // a pasted page of emoji needs one look, not a thousand lines
  int reported = 0, more = 0;
  std::set<char32_t> located;
  int line = 1;
  for (std::size_t start = 0; start <= raw.size(); ++line) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string_view l = raw.substr(start, end - start);
    std::set<char32_t> on_line;
    for (std::size_t i = 0; i < l.size();) {
      const char32_t c = next_codepoint(l, i);
      if (!missing.count(c) || !on_line.insert(c).second) continue;
      located.insert(c);
      if (reported < kMaxPerFile) {
        d.error(path, line, describe_codepoint(c) + tail);
        ++reported;
      } else {
        ++more;
      }
    }
    start = end + 1;
  }
  // Written as an escape ("\U00020000"): not on any line as such.
  for (char32_t c : missing)
    if (!located.count(c)) d.error(path, 1, describe_codepoint(c) + tail + "; it is written as an escape");
  if (more > 0)
    d.error(path, 0, "and " + std::to_string(more) + " more places in this file with a character the kiosk's fonts "
                     "cannot draw (the first " + std::to_string(kMaxPerFile) + " are listed)");
}

// =====================================================================================
// [SECTION] The tree walk
// =====================================================================================

std::vector<fs::directory_entry> sorted_entries(const fs::path& dir, Diags& d) {
  std::vector<fs::directory_entry> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind('.', 0) == 0) continue;  // .git, .DS_Store, editor swap files
    out.push_back(*it);
  }
  if (ec) d.error(dir.string(), 0, "cannot list the folder: " + ec.message());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return out;
}

// One item folder, on its own: everything read_source_tree says about it but the checks across
// items (the duplicate id), which assemble() adds.
struct ItemWalk {
  reader_parts::ItemFolder& out;
  Diags& d;
  GlyphChecker* glyphs = nullptr;

  void nested_items(const fs::path& dir, const fs::path& item_dir) {
    for (const auto& e : sorted_entries(dir, d)) {
      std::error_code ec;
      if (!e.is_directory(ec) || e.is_symlink(ec)) continue;
      if (fs::is_regular_file(e.path() / "item.toml", ec))
        d.error((e.path() / "item.toml").string(), 0,
                "an item folder cannot hold another item (this is inside " + item_dir.string() +
                    "); move this folder beside it");
      nested_items(e.path(), item_dir);
    }
  }

  void item(const fs::path& dir) {
    const fs::path toml_path = dir / "item.toml";
    const std::string shown = toml_path.string();

    Item& item = out.item;
    item.id = dir.filename().string();
    out.valid_id = valid_item_id(item.id);
    // The duplicate id check goes here too (assemble() puts its error first, where this one is).
    if (!out.valid_id)
      d.error(shown, 1, "the folder name " + in_quotes(item.id) +
                            " is the item id and must use only a-z, 0-9 and '-', at most " +
                            std::to_string(kMaxItemIdLength) + " characters (e.g. dang-ky-khai-sinh)");

    nested_items(dir, dir);

    auto text = load_text(toml_path, shown, d);
    if (!text) return;
    auto table = parse_toml(*text, shown, 0, d);
    if (!table) return;
    const bool kind_known = read_item_toml(*table, shown, dir, out.media, d, item);
    if (glyphs) check_glyphs(glyphs, shown_texts(item), *text, shown, "shown in every language", d);

    bool have_vi = false;
    std::vector<ItemText> others;
    for (const auto& e : sorted_entries(dir, d)) {
      std::error_code ec;
      if (!e.is_regular_file(ec) || e.path().extension() != ".md") continue;
      const std::string lang = e.path().stem().string();
      if (!is_plausible_language_tag(lang)) {
        std::string canon = canonical_case_tag(lang);
        std::string hint = is_plausible_language_tag(canon) ? " (did you mean " + canon + ".md?)"
                                                            : "; name language files vi.md, en.md, zh-Hans.md, hmn.md, blt.md";
        d.error(e.path().string(), 0,
                "the file name " + in_quotes(lang) + " is not a BCP 47 language tag" + hint);
        continue;
      }
      if (!is_known_language(lang)) {
        std::vector<std::string> known(std::begin(kKnownLanguages), std::end(kKnownLanguages));
        // Tai Dam's ISO 639-3 code is blt; tdd is Tai Nüa, a different language (and script).
        std::string hint = lang == "tdd" ? "; Thái (Tai Dam) is blt.md"
                           : lang.rfind("zh", 0) == 0 ? "; Simplified Chinese is zh-Hans.md"
                           : lang.rfind("hmn", 0) == 0 || lang == "hnj" || lang == "blu" ? "; Hmong is hmn.md"
                                                                                           : "";
        d.warning(e.path().string(), 0,
                  "no kiosk knows the language " + in_quotes(lang) + " (known: " + join(known, ", ") +
                      "): this text is published but never shown" + hint);
      }
      auto t = read_language_file(e.path(), lang, item, kind_known, glyphs, d);
      if (lang == "vi") have_vi = true;
      if (!t) continue;
      if (lang == "vi") item.texts.insert(item.texts.begin(), std::move(*t));
      else others.push_back(std::move(*t));
    }
    for (auto& t : others) item.texts.push_back(std::move(t));
    if (!have_vi)
      d.error(shown, 1, "missing vi.md: every item needs its Vietnamese text (other languages fall back to it)");

    // Best effort when there are errors (the caller must check ok()), but an item without a kind
    // or a readable vi text would only confuse whoever looks at the list.
    out.keep = kind_known && item.text("vi");
  }
};

// The folders of the tree down to the item folders (which are not entered).
struct LayoutWalk {
  reader_parts::Layout& out;
  std::vector<Diagnostic> found;
  Diags d{found};

  void folder(const fs::path& dir) {
    std::error_code ec;
    if (fs::is_regular_file(dir / "item.toml", ec)) {
      out.entries.push_back({true, dir, {}});
      return;
    }
    const auto entries = sorted_entries(dir, d);
    for (auto& diag : found) out.entries.push_back({false, dir, std::move(diag)});
    found.clear();
    for (const auto& e : entries) {
      std::error_code ec2;
      // Symlinked folders are not followed: a link back up the tree would loop forever.
      if (e.is_directory(ec2) && !e.is_symlink(ec2)) folder(e.path());
    }
  }
};

}  // namespace

namespace reader_parts {

Layout read_layout(const fs::path& root) {
  Layout out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    out.root_error = Diagnostic{root.string(), 0, Severity::error, fs::exists(root, ec) ? "not a folder" : "no such folder"};
    return out;
  }
  LayoutWalk w{out, {}};
  w.folder(root);
  return out;
}

ItemFolder read_item_folder(const fs::path& dir, GlyphChecker* glyphs) {
  ItemFolder out;
  out.dir = dir;
  Diags d(out.diagnostics);
  ItemWalk w{out, d, glyphs};
  w.item(dir);
  return out;
}

SourceTree assemble(const fs::path& root, const Layout& layout, const std::vector<const ItemFolder*>& folders) {
  SourceTree out;
  if (layout.root_error) {
    out.diagnostics.push_back(*layout.root_error);
    return out;
  }
  std::map<std::string, std::string> ids;  // id -> item.toml path of its first use
  std::size_t next = 0;
  for (const LayoutEntry& e : layout.entries) {
    if (!e.is_item) {
      out.diagnostics.push_back(e.diagnostic);
      continue;
    }
    const ItemFolder& f = *folders.at(next++);
    ++out.item_folders;
    const std::string shown = (f.dir / "item.toml").string();
    if (f.valid_id)
      if (auto [it, fresh] = ids.emplace(f.item.id, shown); !fresh)
        out.diagnostics.push_back({shown, 1, Severity::error,
                                   "duplicate item id " + in_quotes(f.item.id) + ": " + it->second + " has the same folder name"});
    out.diagnostics.insert(out.diagnostics.end(), f.diagnostics.begin(), f.diagnostics.end());
    for (const SourceMedia& m : f.media) out.media.emplace(m.sha256, m);
    if (f.keep) out.items.push_back(f.item);
  }
  if (out.item_folders == 0)
    out.diagnostics.push_back({root.string(), 0, Severity::error,
                               "no items found: an item is a folder holding an item.toml (see content/FORMAT.md)"});
  // Checks run field by field, not line by line: sort so a file's problems read top to bottom.
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.path != b.path ? a.path < b.path : a.line < b.line;
  });
  return out;
}

}  // namespace reader_parts

SourceTree read_source_tree(const fs::path& root, const ReadOptions& options) {
  const reader_parts::Layout layout = reader_parts::read_layout(root);
  std::vector<reader_parts::ItemFolder> folders;
  for (const auto& e : layout.entries)
    if (e.is_item) folders.push_back(reader_parts::read_item_folder(e.dir, options.glyphs));
  std::vector<const reader_parts::ItemFolder*> ptrs;
  for (const auto& f : folders) ptrs.push_back(&f);
  return reader_parts::assemble(root, layout, ptrs);
}

Result<std::string> read_media_bytes(const SourceMedia& media) {
  auto bytes = read_file(media.path.string());
  if (!bytes) return bytes.status();
  if (bytes->size() != media.size || sha256_hex(*bytes) != media.sha256)
    return Status::error(ErrorKind::input,
                         media.path.string() + ": the file changed after it was validated; run the command again");
  return std::move(*bytes);
}

}  // namespace tramtin
