// Relevance benchmark (a program, not a test): reads the sample pack, builds a cache, runs every
// query of the relevance set (tests/bench/data/relevance_vi.tsv: how villagers ask, with the item
// that should come first) and prints the share found first and in the top 3, with the misses.
// Goal (issue 13): top 3 >= 95 %, first >= 80 %. Layer: tests/bench.
// Usage: bench_relevance [SAMPLE_DIR] [RELEVANCE_TSV]   (run from the source root by default)
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "content/authoring/reader.h"
#include "content/store/cache.h"
#include "content/store/search.h"

using namespace tramtin;

int main(int argc, char** argv) {
  const std::filesystem::path sample = argc > 1 ? argv[1] : "content/sample";
  const std::string set = argc > 2 ? argv[2] : "tests/bench/data/relevance_vi.tsv";
  SourceTree tree = read_source_tree(sample);
  if (!tree.ok()) {
    std::fprintf(stderr, "bench_relevance: %s has errors (run tramtin-publish validate)\n", sample.c_str());
    return 1;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("tramtin-relevance-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "r.db").string();
  {
    auto w = Cache::open(db, Cache::Mode::writer);
    if (!w) return std::fprintf(stderr, "bench_relevance: %s\n", w.error().c_str()), 1;
    Status s = (*w)->replace_all(tree.items, {}, ContentMeta{1, "bench", 1767225600, "bench_relevance"});
    if (!s) return std::fprintf(stderr, "bench_relevance: %s\n", s.message.c_str()), 1;
  }
  auto r = Cache::open(db, Cache::Mode::reader);
  if (!r) return std::fprintf(stderr, "bench_relevance: %s\n", r.error().c_str()), 1;
  Search search(**r);
  SearchOptions opt;
  for (const Item& it : tree.items) opt.now = std::max(opt.now, it.publish_at);   // every item published
  for (const Item& it : tree.items)                  // and none expired, if the pack allows it
    if (it.expire_at > opt.now) opt.now = std::min(opt.now, it.expire_at - 1);
  opt.limit = 10;

  std::ifstream in(set);
  if (!in) return std::fprintf(stderr, "bench_relevance: cannot read %s\n", set.c_str()), 1;
  std::string line;
  int total = 0, first = 0, top3 = 0;
  std::vector<std::string> misses;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string q = line.substr(0, tab), want = line.substr(tab + 1);
    auto res = search.run(q, opt);
    ++total;
    if (!res) {
      misses.push_back(q + " -> error: " + res.error());
      continue;
    }
    int pos = -1;
    for (std::size_t i = 0; i < res->hits.size(); ++i)
      if (res->hits[i].id == want) {
        pos = static_cast<int>(i);
        break;
      }
    if (pos == 0) ++first;
    if (pos >= 0 && pos < 3) ++top3;
    if (pos != 0)
      misses.push_back(q + " -> " + (pos < 0 ? std::string("not found") : "#" + std::to_string(pos + 1)) + " (first: " +
                       (res->hits.empty() ? std::string("nothing") : res->hits[0].id) + ", want " + want + ")");
  }
  std::filesystem::remove_all(dir);
  if (total == 0) return std::fprintf(stderr, "bench_relevance: no queries in %s\n", set.c_str()), 1;
  for (const auto& m : misses) std::printf("  miss: %s\n", m.c_str());
  std::printf("queries: %d\nfirst:   %d (%.1f %%)\ntop 3:   %d (%.1f %%)\n", total, first, 100.0 * first / total, top3,
              100.0 * top3 / total);
  return 0;
}
