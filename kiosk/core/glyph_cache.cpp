// The characters the content uses, kept cheaply (see glyph_cache.h). Layer: tramtin_kiosk_core.
#include "kiosk/core/glyph_cache.h"

#include <cstdint>
#include <filesystem>

#include "content/base/files.h"
#include "content/base/text.h"

namespace tramtin {
namespace {

constexpr const char* kHeader = "tramtin glyph scan 1 ";

void mark(std::vector<std::uint64_t>& seen, std::size_t& count, std::string_view t) {
  for (std::size_t i = 0; i < t.size();) {
    const char32_t c = next_codepoint(t, i);
    if (c > 0x10FFFF) continue;
    std::uint64_t& w = seen[c >> 6];
    const std::uint64_t bit = std::uint64_t(1) << (c & 63);
    count += (w & bit) == 0;
    w |= bit;
  }
}

std::vector<char32_t> collect(const std::vector<std::uint64_t>& seen, std::size_t count) {
  std::vector<char32_t> out;
  out.reserve(count);
  for (std::size_t i = 0; i < seen.size(); ++i)
    for (std::uint64_t w = seen[i]; w; w &= w - 1) out.push_back(char32_t(i * 64 + std::size_t(__builtin_ctzll(w))));
  return out;
}

}  // namespace

std::vector<char32_t> distinct_codepoints(const std::vector<std::string>& texts) {
  std::vector<std::uint64_t> seen(0x110000 / 64, 0);
  std::size_t count = 0;
  for (const auto& t : texts) mark(seen, count, t);
  return collect(seen, count);
}

std::string distinct_text(std::string_view text) {
  std::vector<std::uint64_t> seen(0x110000 / 64, 0);
  std::size_t count = 0;
  mark(seen, count, text);
  std::string out;
  for (char32_t c : collect(seen, count))
    if (c != '\n' && c != '\t' && c != '\r') append_utf8(out, c);  // the file's separators: never drawn
  return out;
}

std::optional<std::map<std::string, std::string>> read_glyph_cache(const std::string& path, const std::string& identity) {
  auto text = read_file(path, 16 << 20);
  if (!text) return std::nullopt;
  const std::string head = kHeader + identity + "\n";
  if (text->compare(0, head.size(), head) != 0) return std::nullopt;
  std::map<std::string, std::string> out;
  std::size_t at = head.size();
  while (at < text->size()) {
    const std::size_t nl = text->find('\n', at);
    if (nl == std::string::npos) return std::nullopt;  // torn: the last line lacks its end
    const std::string_view line(text->data() + at, nl - at);
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || !is_valid_utf8(line.substr(tab + 1))) return std::nullopt;
    out.emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    at = nl + 1;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

Status write_glyph_cache(const std::string& path, const std::string& identity, const std::map<std::string, std::string>& texts) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::string out = kHeader + identity + "\n";
  for (const auto& [lang, chars] : texts) {
    if (lang.empty() || lang.find_first_of("\t\n") != std::string::npos) continue;
    out += lang + "\t" + distinct_text(chars) + "\n";
  }
  return write_file_atomic(path, out, false);
}

}  // namespace tramtin
