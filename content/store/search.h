// Search over the content cache the way villagers type: without diacritics ("dang ky khai sinh"),
// with đ typed as d, either tone placement (hòa / hoà), decomposed input (Windows keyboards), upper
// case, half-typed last words ("khai s"), a one-letter typo in a long word ("khai sinhh"),
// procedure codes ("1.001193"), and stray FTS5 syntax ("AND (", "-", quotes) that must never raise
// an error. Layer: tramtin_content (SQLite FTS5 with the "tramtin_fold" tokenizer of fold.h).
//
// Ranking: procedure codes first (the exact code, then codes starting with what was typed); then
// hits in the requested language before hits that fell back to `vi`; within a language, title hits
// before hits in other columns; within those, a bm25-style score with column weights title 10,
// code 10, tags 5, summary 4, details (procedure fields, producer) 2, body 1. When a group has more
// than 200 matches (a generic query such as "d" or "dang ky"), it keeps the cache's static order
// instead (priority, then procedures, notices, products, news, then newest, then title), so no
// keystroke scores thousands of rows. Only items visible at the caller's `now` are returned.
// A Search borrows the Cache's connection and caches prepared statements: use it on the thread that
// owns that Cache, and keep the Cache alive longer than the Search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/store/cache.h"
#include "content/model/model.h"
#include "content/base/status.h"

namespace tramtin {

struct SearchOptions {
  std::string lang = "vi";                           // the UI language; other hits fall back to vi
  UnixTime now = 0;                                  // the caller's clock (visibility)
  int limit = 20;                                    // at most this many hits (1..200)
  std::optional<Kind> kind;                          // only this kind; nullopt = all kinds
  bool typo_tolerance = true;                        // retry with 1-edit corrections when nothing is found
};

struct TextRange {                                   // [begin, end) in BYTES of the ORIGINAL text
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool operator==(const TextRange&) const = default;
};

struct SearchHit {
  std::string id;
  Kind kind = Kind::page;
  std::string lang;                                  // language of title/summary below
  bool fell_back = false;                            // lang != requested (the item had no such text, or
                                                     // only its `vi` text matched)
  std::string title;                                 // original (unfolded) text, for display
  std::string summary;
  std::string code;                                  // procedure code, "" for other kinds
  double score = 0;                                  // higher is better; follows the order of `hits`
  bool code_match = false;                           // found by its procedure code
  std::vector<TextRange> title_ranges;               // words to highlight in `title`
  std::vector<TextRange> summary_ranges;             // words to highlight in `summary`
};

struct SearchResults {
  std::vector<SearchHit> hits;                       // best first
  std::string corrected_query;                       // non-empty when the typo pass rewrote the query:
                                                     // the folded words actually searched ("khai sinh")
  bool dropped_filler = false;                       // the question's filler words ("gì", "ở đâu") were left out
};

class Search {
 public:
  explicit Search(const Cache& cache);               // the cache must outlive the Search
  ~Search();
  Search(const Search&) = delete;
  Search& operator=(const Search&) = delete;

  // Runs one query (as typed so far). Empty or punctuation-only input gives no hits, not an error.
  // Errors are storage errors only (SQLite), never the user's input.
  Result<SearchResults> run(std::string_view query, const SearchOptions& opt);

  // The FTS5 MATCH expression built for `query` (folded, each word quoted, the last one a prefix):
  // `"khai" "s"*`. Empty when the query has no words. Exposed for tests and `tramtin-publish search -v`.
  Result<std::string> match_expression(std::string_view query);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tramtin
