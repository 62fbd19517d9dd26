// `tramtin-publish search --db DB [--lang L] [--limit N] QUERY`: runs the kiosk's own search over a
// cache and prints "id<TAB>title" per hit, best first, so staff see what villagers will find.
// Layer: tramtin-publish (staff tool). Exit status: 0 searched (even with no hits), 1 the cache
// could not be read, 2 usage.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "content/store/cache.h"
#include "content/publish/commands.h"
#include "content/authoring/reader.h"
#include "content/store/search.h"

namespace {

void help(std::FILE* out) {
  std::fprintf(out,
               "usage: tramtin-publish search --db DB [--lang L] [--limit N] [-v] QUERY...\n"
               "  Searches the cache DB exactly as the kiosk does (no accents needed, half-typed last word,\n"
               "  one-letter typos, procedure codes) and prints id<TAB>title per hit, best first.\n"
               "  Only items visible now are found (not scheduled, not expired).\n"
               "  --db DB      the cache, e.g. one written by `tramtin-publish build-db`\n"
               "  --lang L     the kiosk language (default vi); other hits fall back to vi\n"
               "  --limit N    at most N hits, 1..200 (default 20)\n"
               "  -v           also print the FTS5 query and any typo correction (to stderr)\n"
               "  QUERY words are joined with spaces: search --db c.db khai sinh\n");
}

}  // namespace

int cmd_search(int argc, char** argv) {
  using namespace tramtin;
  std::string db, query;
  SearchOptions opt;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      help(stdout);
      return 0;
    }
    if (a == "-v" || a == "--verbose") {
      verbose = true;
      continue;
    }
    if (a == "--db" || a == "--lang" || a == "--limit") {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "tramtin-publish search: %s needs a value\n", a.c_str());
        return 2;
      }
      const std::string v = argv[++i];
      if (a == "--db") {
        db = v;
      } else if (a == "--lang") {
        if (!is_plausible_language_tag(v)) {
          std::fprintf(stderr, "tramtin-publish search: --lang needs a BCP 47 tag such as vi, en, zh-Hans, not %s\n",
                       v.c_str());
          return 2;
        }
        opt.lang = v;
      } else {
        char* end = nullptr;
        errno = 0;
        long n = std::strtol(v.c_str(), &end, 10);
        if (errno || end == v.c_str() || *end || n < 1 || n > 200) {
          std::fprintf(stderr, "tramtin-publish search: --limit needs a number from 1 to 200, not %s\n", v.c_str());
          return 2;
        }
        opt.limit = static_cast<int>(n);
      }
      continue;
    }
    if (a == "--") {  // everything after is query text, even "-" or "--x"
      for (++i; i < argc; ++i) query += (query.empty() ? "" : " ") + std::string(argv[i]);
      break;
    }
    if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "tramtin-publish search: unknown option %s (use -- before a query that starts with -)\n",
                   a.c_str());
      return 2;
    }
    query += (query.empty() ? "" : " ") + a;
  }
  if (db.empty() || query.empty()) {
    help(stderr);
    return 2;
  }

  auto cache = Cache::open(db, Cache::Mode::reader);
  if (!cache) {
    std::fprintf(stderr, "tramtin-publish search: cannot open %s: %s\n", db.c_str(), cache.error().c_str());
    return 1;
  }
  Search search(**cache);
  opt.now = static_cast<UnixTime>(std::time(nullptr));
  if (verbose) {
    auto m = search.match_expression(query);
    if (m) std::fprintf(stderr, "match: %s\n", m->c_str());
  }
  auto r = search.run(query, opt);
  if (!r) {
    std::fprintf(stderr, "tramtin-publish search: %s\n", r.error().c_str());
    return 1;
  }
  if (!r->corrected_query.empty())
    std::fprintf(stderr, "no exact match; showing results for \"%s\"\n", r->corrected_query.c_str());
  for (const auto& h : r->hits) std::printf("%s\t%s\n", h.id.c_str(), h.title.c_str());
  if (verbose) std::fprintf(stderr, "%zu hits\n", r->hits.size());
  return 0;
}
