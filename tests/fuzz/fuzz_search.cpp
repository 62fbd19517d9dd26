// Fuzzes the search query path (fold, tokenise, FTS5 MATCH expression, typo pass, highlight ranges)
// against a cache built from the sample pack. Input: one byte choosing the language and kind, then
// the query. A query is never an error; highlight ranges stay inside the text they mark.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "content/authoring/reader.h"
#include "content/base/hash.h"
#include "content/store/cache.h"
#include "content/store/search.h"
#include "tests/fuzz/fuzz_support.h"

using namespace tramtin;

namespace {
std::unique_ptr<Cache> g_cache;
std::unique_ptr<Search> g_search;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  crypto_init();
  SourceTree tree = read_source_tree(std::string(TRAMTIN_SOURCE_DIR) + "/content/sample");
  std::vector<MediaBlob> blobs;  // the search reads no media
  auto cache = Cache::open((fuzz::scratch() / "content.db").string(), Cache::Mode::writer);
  if (!cache) {
    std::fprintf(stderr, "fuzz_search: %s\n", cache.error().c_str());
    std::abort();
  }
  g_cache = std::move(*cache);
  ContentMeta meta;
  meta.version = 1;
  meta.channel = "dev";
  meta.source = "fuzz";
  if (Status s = g_cache->replace_all(tree.items, blobs, meta); !s) {
    // Items with media need the blobs: drop the media references (search never reads them).
    for (auto& it : tree.items) it.media.clear();
    Status again = g_cache->replace_all(tree.items, blobs, meta);
    if (!again) {
      std::fprintf(stderr, "fuzz_search: %s\n", again.message.c_str());
      std::abort();
    }
  }
  g_search = std::make_unique<Search>(*g_cache);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* langs[] = {"vi", "en", "hmn", "blt", "zh-Hans", "xx"};
  SearchOptions opt;
  opt.lang = langs[data[0] % 6];
  opt.now = 1764540000;
  opt.limit = 1 + data[0] % 20;
  if (data[0] & 0x40) opt.kind = Kind::procedure;
  opt.typo_tolerance = !(data[0] & 0x80);
  const std::string_view q(reinterpret_cast<const char*>(data + 1), size - 1);
  auto r = g_search->run(q, opt);
  if (!r) std::fprintf(stderr, "search error: %s\n", r.error().c_str());
  FUZZ_EXPECT(r.ok());
  FUZZ_EXPECT(static_cast<int>(r->hits.size()) <= opt.limit);
  for (const auto& h : r->hits) {
    for (const auto& rg : h.title_ranges) FUZZ_EXPECT(rg.begin <= rg.end && rg.end <= h.title.size());
    for (const auto& rg : h.summary_ranges) FUZZ_EXPECT(rg.begin <= rg.end && rg.end <= h.summary.size());
  }
  auto m = g_search->match_expression(q);
  FUZZ_EXPECT(m.ok());
  return 0;
}
