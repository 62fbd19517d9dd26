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
#include "content/publish/args.h"
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
  Args args("search", argc, argv, {"--db", "--lang", "--limit"}, {"-v", "--verbose"},
            " (use -- before a query that starts with -)");
  if (args.help()) {
    help(stdout);
    return 0;
  }
  SearchOptions opt;
  const bool verbose = args.has("-v") || args.has("--verbose");
  const std::string db = args.value("--db") ? args.value("--db") : "";
  if (const char* lang = args.value("--lang")) {
    if (is_plausible_language_tag(lang)) opt.lang = lang;
    else args.fail(std::string("--lang needs a BCP 47 tag such as vi, en, zh-Hans, not ") + lang);
  }
  opt.limit = static_cast<int>(args.integer("--limit", 1, 200, opt.limit, "a number from 1 to 200"));
  std::string query;  // the words joined; after "--" a word may start with '-'
  for (const char* w : args.positionals()) query += (query.empty() ? "" : " ") + std::string(w);
  if (args.bad()) return 2;
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
