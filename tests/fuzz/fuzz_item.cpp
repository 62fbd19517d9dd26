// Fuzzes the authoring reader on one item folder: item.toml (TOML) and vi.md (TOML front matter
// between "+++" lines, then Markdown). Input: item.toml bytes, "\n--md--\n", vi.md bytes. The reader
// must report problems as diagnostics and never crash; an item it accepts must survive the
// canonical JSON round trip the bundle relies on.
#include <cstddef>
#include <cstdint>

#include "content/authoring/reader.h"
#include "content/base/text.h"
#include "content/model/model.h"
#include "tests/fuzz/fuzz_support.h"

using namespace tramtin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto [toml, md] = fuzz::split(in, "\n--md--\n");
  const auto root = fuzz::scratch() / "tree";
  const auto dir = root / "procedures" / "item";
  fuzz::write_file(dir / "item.toml", toml);
  fuzz::write_file(dir / "vi.md", md);
  SourceTree tree = read_source_tree(root);
  for (const auto& d : tree.diagnostics) FUZZ_EXPECT(is_valid_utf8(d.message) || !is_valid_utf8(in));
  if (tree.ok()) {
    for (const auto& item : tree.items) {
      const std::string canon = item_to_json(item);
      std::string error;
      auto again = item_from_json(canon, &error);
      if (!again) std::fprintf(stderr, "round trip: %s\n", error.c_str());
      FUZZ_EXPECT(again.has_value());
      FUZZ_EXPECT(item_to_json(*again) == canon);
      for (const auto& t : item.texts) FUZZ_EXPECT(is_valid_utf8(t.title) && is_nfc(t.title));
    }
  }
  return 0;
}
