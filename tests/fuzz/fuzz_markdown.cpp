// Fuzzes the Markdown renderer (md4c -> the kiosk's block model): never crashes, every string it
// produces is valid UTF-8 in NFC (the kiosk draws them as they are), lines are within the input.
#include <cstddef>
#include <cstdint>

#include "content/authoring/markdown.h"
#include "content/base/text.h"
#include "tests/fuzz/fuzz_support.h"

using namespace tramtin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  MarkdownResult r = parse_markdown(in);
  const bool utf8 = is_valid_utf8(in);
  std::size_t lines = 1;
  for (char c : in) lines += c == '\n';
  for (const auto& l : r.links) {
    FUZZ_EXPECT(l.line >= 1 && static_cast<std::size_t>(l.line) <= lines + 1);
    if (utf8) FUZZ_EXPECT(is_valid_utf8(l.href));
  }
  for (const auto& n : r.notes) FUZZ_EXPECT(n.line >= 0 && static_cast<std::size_t>(n.line) <= lines + 1);
  if (utf8) {
    for (const auto& b : r.body)
      for (const auto& s : b.spans) FUZZ_EXPECT(is_valid_utf8(s.text) && is_nfc(s.text));
  }
  return 0;
}
