// Search over the cache: query folding and quoting, FTS5 ranking, procedure-code lookup, the
// one-typo retry, and highlight ranges on the original text. Layer: tramtin_content.
//
// The query goes through the same "tramtin_fold" tokenizer as the index (fold.h), so whatever the
// user typed (NFD, upper case, đ or d, hòa or hoà) becomes the same keys as the content. Each key is
// then written as an FTS5 string ("khai"), so nothing the user types can be FTS5 syntax; the last
// key gets a * because the user is still typing it.
#include "content/store/search.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "content/store/cache_access.h"
#include "content/store/fold.h"
#include "content/store/sql.h"
#include "content/base/text.h"

namespace tramtin {

using sql::Stmt;

namespace {

constexpr std::size_t kMaxQueryBytes = 256;          // a longer "query" is a paste accident
constexpr std::size_t kMaxWords = 12;
constexpr std::size_t kTypoMinLetters = 4;           // shorter words have too many 1-edit neighbours...
constexpr std::size_t kTypoShortLetters = 3;         // ...except a swap or a dropped letter in 3 ("hno", "snh")
constexpr std::size_t kTypoTwoEditLetters = 8;       // a long word may hold two slips ("thuongtru" typed "thoungtr")


std::string quote(std::string_view word) {           // an FTS5 string: " doubled inside
  std::string q = "\"";
  for (char c : word) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

std::string join_words(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string s;
  for (std::size_t i = from; i < to; ++i) s += (i > from ? " " : "") + words[i];
  return s;
}

// One piece of a query: words [begin, end) as typed, and the phrases that may stand for them
// (from the synonyms; the typed phrase itself is always the first).
struct Piece {
  std::size_t begin = 0, end = 0;
  std::vector<std::string> phrases;                  // folded, words separated by one space
};

// `("so do" OR "giay chung nhan quyen su dung dat") AND "cap"*`: each piece a phrase or an OR of
// phrases; the piece that ends the query is a prefix only as typed (the user may still be typing).
std::string build_match(const std::vector<Piece>& pieces, std::size_t n_words) {
  // FTS5 has no implicit AND next to a parenthesis: say AND when there is one.
  const bool any_or = std::any_of(pieces.begin(), pieces.end(), [](const Piece& p) { return p.phrases.size() > 1; });
  std::string m;
  for (const Piece& p : pieces) {
    if (!m.empty()) m += any_or ? " AND " : " ";
    const bool last = p.end == n_words;
    if (p.phrases.size() > 1) m += '(';
    for (std::size_t k = 0; k < p.phrases.size(); ++k) {
      if (k) m += " OR ";
      m += quote(p.phrases[k]);
      if (last && k == 0) m += '*';
    }
    if (p.phrases.size() > 1) m += ')';
  }
  return m;
}

// "1.001193", "1.00", "2.000815." — a procedure code or the start of one. Needs a dot, so a lone
// "1" does not list every code.
bool looks_like_code(std::string_view q) {
  bool dot = false, digit_before_dot = false;
  for (char c : q) {
    if (c == '.') {
      if (!digit_before_dot) return false;
      dot = true;
    } else if (c >= '0' && c <= '9') {
      if (!dot) digit_before_dot = true;
    } else {
      return false;
    }
  }
  return dot && q.size() >= 3;
}

std::size_t codepoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool is_ascii_word(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

}  // namespace

// Searched in turn: a title hit (search_titles, a title-only index with the same row ids) always
// ranks above a hit found only in other columns (search_fts, all columns).
const char* const kTiers[] = {"search_titles", "search_fts"};

// Up to this many matches in a tier are ranked by score; beyond it the query is too generic for
// relevance to mean much ("d", "dang ky") and the static order of the row ids is used instead, so a
// keystroke never has to read and score 20 000 rows.
constexpr int kRankCap = 200;

// Column weights, in column order. search_fts: title, summary, body, proc (details), tags, code,
// aliases (the names people use: just below the title). search_titles: title, aliases.
constexpr int kColumns = 7;
struct Weights {
  double w[kColumns];
};
constexpr Weights kAllWeights{{10.0, 4.0, 1.0, 2.0, 5.0, 10.0, 8.0}};
constexpr Weights kTitleWeights{{10.0, 8.0, 0, 0, 0, 0, 0}};

// tramtin_rank(search_fts): bm25 without the IDF factor. FTS5's bm25() first scans every phrase's
// whole posting list to count documents (IDF); for a prefix like "s"* that is most of the index on
// every keystroke. Inside one tier every row matches every word anyway, so IDF changes little;
// term frequency, column weights and length normalisation are what order the rows. Higher is better.
void rank_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int, sqlite3_value**) noexcept {
  constexpr double k1 = 1.2, b = 0.75;
  const double* kWeights = static_cast<const Weights*>(api->xUserData(fts))->w;
  const int columns = std::min(api->xColumnCount(fts), kColumns);
  struct Averages {
    double avg[kColumns];
  };
  auto* avg = static_cast<Averages*>(api->xGetAuxdata(fts, 0));
  if (!avg) {                                        // once per query: average column lengths
    avg = static_cast<Averages*>(sqlite3_malloc(sizeof(Averages)));
    if (!avg) return sqlite3_result_error_nomem(ctx);
    sqlite3_int64 rows = 0;
    api->xRowCount(fts, &rows);
    for (int c = 0; c < columns; ++c) {
      sqlite3_int64 total = 0;
      api->xColumnTotalSize(fts, c, &total);
      avg->avg[c] = rows > 0 && total > 0 ? static_cast<double>(total) / static_cast<double>(rows) : 1.0;
    }
    if (api->xSetAuxdata(fts, avg, sqlite3_free) != SQLITE_OK) return sqlite3_result_error_nomem(ctx);
  }
  constexpr int kMaxPhrases = 16;
  int tf[kMaxPhrases][kColumns] = {};
  int n_inst = 0;
  if (api->xInstCount(fts, &n_inst) != SQLITE_OK) return sqlite3_result_double(ctx, 0);
  for (int i = 0; i < n_inst; ++i) {
    int phrase = 0, col = 0, off = 0;
    if (api->xInst(fts, i, &phrase, &col, &off) == SQLITE_OK && phrase < kMaxPhrases && col < kColumns)
      ++tf[phrase][col];
  }
  double score = 0;
  const int phrases = std::min(api->xPhraseCount(fts), kMaxPhrases);
  for (int c = 0; c < columns; ++c) {
    int len = 0;
    bool any = false;
    for (int p = 0; p < phrases && !any; ++p) any = tf[p][c] > 0;
    if (!any || api->xColumnSize(fts, c, &len) != SQLITE_OK) continue;
    const double norm = k1 * (1 - b + b * static_cast<double>(len) / avg->avg[c]);
    for (int p = 0; p < phrases; ++p)
      if (tf[p][c]) score += kWeights[c] * tf[p][c] * (k1 + 1) / (tf[p][c] + norm);
  }
  sqlite3_result_double(ctx, score);
}

Status register_rank_function(sqlite3* db) {
  fts5_api* api = nullptr;
  Stmt st(db, "SELECT fts5(?1)");
  if (!st.ok()) return st.status("finding FTS5");
  sqlite3_bind_pointer(st.get(), 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  st.step();
  if (!api) return Status::error(ErrorKind::storage, "this SQLite has no FTS5");
  int rc = api->xCreateFunction(api, "tramtin_rank", const_cast<Weights*>(&kAllWeights), rank_function, nullptr);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction(api, "tramtin_rank_titles", const_cast<Weights*>(&kTitleWeights), rank_function, nullptr);
  return rc == SQLITE_OK ? Status{} : Status::error(ErrorKind::storage, "registering the search rank function", rc);
}

struct Search::Impl {
  sqlite3* db = nullptr;
  std::unique_ptr<FoldTokenizer> tokenizer;
  bool ready = false;
  Stmt scan[2][2];                                   // prepared once: [tier][by_kind]
  Stmt lang_range;
  Stmt row_text;
  Stmt code_lookup;
  // Folded vocabulary of the index (term -> number of documents), for the typo pass and to skip a
  // search that cannot match. Reloaded when the content changes.
  std::map<std::string, int, std::less<>> vocab;
  // Synonyms per language (from the `synonyms` items): folded phrase -> the groups it is in; a
  // group is a list of folded phrases ("so do", "giay chung nhan quyen su dung dat").
  struct Synonyms {
    std::vector<std::vector<std::string>> groups;
    std::map<std::string, std::vector<std::size_t>, std::less<>> index;
    std::size_t longest = 0;                         // words in the longest phrase
    std::set<std::string, std::less<>> filler;       // folded phrases a question may drop ("o dau")
  };
  std::map<std::string, Synonyms, std::less<>> synonyms;
  bool vocab_loaded = false;
  std::pair<std::int64_t, std::int64_t> vocab_changes{-1, -1};  // (data_version, total_changes) at last check
  std::string vocab_content;                         // meta identity of the content it was loaded from

  Status ensure_ready() {
    if (ready) return {};
    auto t = FoldTokenizer::create(db);
    if (!t) return t.status();
    tokenizer = std::move(*t);
    if (Status s = register_rank_function(db); !s) return s;
    ready = true;
    return {};
  }

  Stmt& scan_stmt(int tier, bool by_kind) {
    Stmt& st = scan[tier][by_kind];
    if (st.get()) return st;
    // No ORDER BY: rows come in row-id (static rank) order and LIMIT stops the scan early.
    const std::string t = kTiers[tier];
    const std::string rank = tier == 0 ? "tramtin_rank_titles(" : "tramtin_rank(";
    std::string q = "SELECT " + t + ".rowid, r.item_id, r.kind, r.lang, " + rank + t + ") * r.boost\nFROM " + t +
                    " JOIN search_rows r ON r.rowid = " + t + ".rowid\nWHERE " + t + " MATCH :q AND " + t +
                    ".rowid BETWEEN :lo AND :hi\n  AND " + sql::visible("r");
    if (by_kind) q += " AND r.kind = :kind";
    q += " LIMIT :n";
    st = Stmt(db, q, /*persistent=*/true);
    return st;
  }

  // The row-id range of a language's search rows, or nullopt when no item has that language.
  Result<std::optional<std::pair<std::int64_t, std::int64_t>>> range_of(const std::string& lang) {
    if (!lang_range.get()) lang_range = Stmt(db, "SELECT first_rowid, last_rowid FROM search_langs WHERE lang = ?", true);
    if (!lang_range.ok()) return lang_range.status("preparing the search");
    lang_range.reset().bind(1, lang);
    int rc = lang_range.step();
    std::optional<std::pair<std::int64_t, std::int64_t>> r;
    if (rc == SQLITE_ROW) r = std::make_pair(lang_range.i64(0), lang_range.i64(1));
    else if (rc != SQLITE_DONE) return sql::error(db, "searching");
    lang_range.reset();
    return r;
  }

  struct Found {
    std::int64_t rowid;
    std::string id;
    Kind kind;
    std::string lang;
    double rank;
  };

  // One tier in one language: visible matches, best first, at most `want` new items.
  Status run_tier(int tier, const std::string& match, std::pair<std::int64_t, std::int64_t> range, const SearchOptions& opt,
                  int want, std::unordered_set<std::string>& seen, std::vector<Found>& out) {
    // Matches in static (row id) order, at most kRankCap+1 new items. A small tier is then ordered
    // by score; a big one keeps the static order (the scan stopped early).
    std::vector<Found> rows;
    Stmt& st = scan_stmt(tier, opt.kind.has_value());
    if (!st.ok()) return st.status("preparing the search");
    st.reset();
    st.bind(sqlite3_bind_parameter_index(st.get(), ":q"), match);
    st.bind(sqlite3_bind_parameter_index(st.get(), ":lo"), range.first);
    st.bind(sqlite3_bind_parameter_index(st.get(), ":hi"), range.second);
    st.bind(sqlite3_bind_parameter_index(st.get(), ":now"), static_cast<std::int64_t>(opt.now));
    if (opt.kind) st.bind(sqlite3_bind_parameter_index(st.get(), ":kind"), kind_name(*opt.kind));
    st.bind(sqlite3_bind_parameter_index(st.get(), ":n"), kRankCap + 1 + static_cast<int>(seen.size()));
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
      std::string id = st.str(1);
      if (seen.count(id)) continue;
      rows.push_back({st.i64(0), std::move(id), kind_from_name(st.str(2)).value_or(Kind::page), st.str(3), st.f64(4)});
    }
    Status s = rc == SQLITE_DONE ? Status{} : sql::error(db, "searching");
    st.reset();
    if (!s) return s;
    if (rows.size() <= static_cast<std::size_t>(kRankCap))
      std::stable_sort(rows.begin(), rows.end(), [](const Found& a, const Found& b) { return a.rank > b.rank; });
    for (Found& f : rows) {
      if (want <= 0) break;
      if (!seen.insert(f.id).second) continue;
      out.push_back(std::move(f));
      --want;
    }
    return {};
  }

  // All tiers, the requested language first and then vi.
  Status run_fts(const std::string& expr, const SearchOptions& opt, std::vector<SearchHit>& hits,
                 std::unordered_set<std::string>& seen) {
    std::vector<std::string> langs{opt.lang};
    if (opt.lang != "vi") langs.push_back("vi");
    std::vector<Found> found;
    for (const std::string& lang : langs) {
      auto range = range_of(lang);
      if (!range) return range.status();
      if (!*range) continue;
      for (int tier = 0; tier < 2; ++tier) {
        const int want = opt.limit - static_cast<int>(hits.size() + found.size());
        if (want <= 0) break;
        if (Status s = run_tier(tier, expr, **range, opt, want, seen, found); !s) return s;
      }
    }
    if (!row_text.get())
      row_text = Stmt(db, R"sql(SELECT t.title, t.summary, i.proc_code FROM item_texts t JOIN items i ON i.id = t.item_id
WHERE t.item_id = ? AND t.lang = ?)sql", true);
    if (!row_text.ok()) return row_text.status("preparing the search");
    const double n = static_cast<double>(found.size());
    for (std::size_t k = 0; k < found.size(); ++k) {
      Found& f = found[k];
      SearchHit h;
      h.id = std::move(f.id);
      h.kind = f.kind;
      h.lang = f.lang;
      h.fell_back = h.lang != opt.lang;
      h.score = n - static_cast<double>(k);        // position-based: tiers and languages are not bm25-comparable
      row_text.reset().bind(1, h.id).bind(2, h.lang);
      if (row_text.step() == SQLITE_ROW) {
        h.title = row_text.str(0);
        h.summary = row_text.str(1);
        h.code = row_text.str(2);
      }
      row_text.reset();
      hits.push_back(std::move(h));
    }
    return {};
  }

  // Loads the vocabulary if the content changed since the last load. Any commit bumps
  // data_version (feedback, sync state), so the content's identity in `meta` decides.
  Status load_vocab() {
    std::pair<std::int64_t, std::int64_t> changes{-1, sqlite3_total_changes64(db)};
    {
      Stmt st(db, "PRAGMA data_version");
      if (st.ok() && st.step() == SQLITE_ROW) changes.first = st.i64(0);
    }
    if (changes == vocab_changes && vocab_loaded) return {};
    std::string content;
    {
      Stmt st(db, "SELECT group_concat(key || '=' || value, ';') FROM meta WHERE key IN "
                  "('content_version', 'applied_at', 'source', 'item_count')");
      if (!st.ok() || st.step() != SQLITE_ROW) return sql::error(db, "reading the content version");
      content = st.str(0);
    }
    vocab_changes = changes;
    if (content == vocab_content && vocab_loaded) return {};
    vocab.clear();
    Stmt st(db, "SELECT term, doc FROM search_vocab");
    if (!st.ok()) return st.status("reading the search vocabulary");
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) vocab.emplace(st.str(0), st.i32(1));
    if (rc != SQLITE_DONE) return sql::error(db, "reading the search vocabulary");
    if (Status s = load_synonyms(); !s) return s;
    vocab_content = std::move(content);
    vocab_loaded = true;
    return {};
  }

  // Folded words of a phrase, as the index would key them.
  std::vector<std::string> fold_words(std::string_view phrase) {
    std::vector<std::string> out;
    auto toks = tokenizer->tokenize(phrase);
    if (toks)
      for (auto& t : *toks) out.push_back(std::move(t.folded));
    return out;
  }

  Status load_synonyms() {
    synonyms.clear();
    Stmt st(db, "SELECT doc FROM items WHERE kind = 'synonyms'");   // staff's word lists: always in force
    if (!st.ok()) return st.status("reading the synonyms");
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
      std::string err;
      auto item = item_from_json(st.str(0), &err);
      if (!item) continue;                           // a damaged document must not break search
      for (const ItemText& t : item->texts) {
        Synonyms& table = synonyms[t.lang];
        for (const auto& group : t.synonyms) {
          std::vector<std::string> phrases;
          for (const std::string& p : group) {
            auto words = fold_words(p);
            if (words.empty()) continue;
            std::string key = join_words(words, 0, words.size());
            if (std::find(phrases.begin(), phrases.end(), key) != phrases.end()) continue;
            table.longest = std::max(table.longest, words.size());
            phrases.push_back(std::move(key));
          }
          if (phrases.size() < 2) continue;
          const std::size_t g = table.groups.size();
          for (const std::string& p : phrases) table.index[p].push_back(g);
          table.groups.push_back(std::move(phrases));
        }
        for (const std::string& f : t.filler) {
          auto words = fold_words(f);
          if (words.empty()) continue;
          table.longest = std::max(table.longest, words.size());
          table.filler.insert(join_words(words, 0, words.size()));
        }
      }
    }
    if (rc != SQLITE_DONE) return sql::error(db, "reading the synonyms");
    return {};
  }

  // Splits the words into pieces, longest synonym phrase first, and lists each piece's alternatives
  // (the requested language's synonyms, then vi's).
  std::vector<const Synonyms*> tables_for(const std::string& lang) const {
    std::vector<const Synonyms*> tables;
    for (const std::string& l : {lang, std::string("vi")}) {
      auto it = synonyms.find(l);
      if (it != synonyms.end() && std::find(tables.begin(), tables.end(), &it->second) == tables.end())
        tables.push_back(&it->second);
    }
    return tables;
  }

  // The words without the filler of a question ("lay vo can giay gi" -> "lay vo"), longest filler
  // phrase first; a synonym phrase is never broken up. Empty when nothing was dropped.
  std::vector<std::string> without_filler(const std::vector<std::string>& words, const std::string& lang) const {
    const auto tables = tables_for(lang);
    std::vector<std::string> out;
    bool dropped = false;
    for (const Piece& p : pieces_of(words, lang)) {
      bool gone = false;
      if (p.phrases.size() == 1)
        for (const Synonyms* t : tables) gone = gone || t->filler.count(p.phrases[0]) != 0;
      if (gone) {
        dropped = true;
        continue;
      }
      for (std::size_t i = p.begin; i < p.end; ++i) out.push_back(words[i]);
    }
    return dropped ? out : std::vector<std::string>{};
  }

  std::vector<Piece> pieces_of(const std::vector<std::string>& words, const std::string& lang) const {
    const auto tables = tables_for(lang);
    std::size_t longest = 0;
    for (const Synonyms* t : tables) longest = std::max(longest, t->longest);
    std::vector<Piece> out;
    for (std::size_t i = 0; i < words.size();) {
      Piece p{i, i + 1, {words[i]}};
      for (std::size_t len = std::min(longest, words.size() - i); len >= 1; --len) {
        const std::string key = join_words(words, i, i + len);
        std::vector<std::string> alts{key};
        for (const Synonyms* t : tables) {
          auto it = t->index.find(key);
          if (it == t->index.end()) continue;
          for (std::size_t g : it->second)
            for (const std::string& ph : t->groups[g])
              if (std::find(alts.begin(), alts.end(), ph) == alts.end()) alts.push_back(ph);
        }
        bool filler = false;
        for (const Synonyms* t : tables) filler = filler || t->filler.count(key) != 0;
        if (alts.size() > 1 || (filler && len > 1)) {  // a filler phrase ("o dau") stays one piece
          p = Piece{i, i + len, std::move(alts)};
          break;
        }
      }
      i = p.end;
      out.push_back(std::move(p));
    }
    return out;
  }

  bool known(const std::string& w, bool prefix) const {
    if (!prefix) return vocab.count(w) != 0;
    auto it = vocab.lower_bound(w);
    return it != vocab.end() && it->first.compare(0, w.size(), w) == 0;
  }

  // Optimal-string-alignment distance (a swap of neighbours is one edit), or max+1 when over max.
  static int edit_distance(std::string_view a, std::string_view b, int max) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > static_cast<std::size_t>(max)) return max + 1;
    std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= n; ++i) {
      cur[0] = static_cast<int>(i);
      int row_min = cur[0];
      for (std::size_t j = 1; j <= m; ++j) {
        int c = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) c = std::min(c, prev2[j - 2] + 1);
        cur[j] = c;
        row_min = std::min(row_min, c);
      }
      if (row_min > max) return max + 1;
      std::swap(prev2, prev);
      std::swap(prev, cur);
    }
    return prev[m];
  }

  // The most common vocabulary word two edits away from a long word (it shares its first letter, or
  // its first two letters swapped), or "".
  std::string correct_twice(const std::string& w) const {
    std::string best;
    int best_d = 3, best_docs = 0;
    for (const auto& [term, docs] : vocab) {
      if (term.empty() || (term[0] != w[0] && !(w.size() > 1 && term[0] == w[1]))) continue;
      if (term.size() + 2 < w.size() || term.size() > w.size() + 2 || term.size() < kTypoMinLetters) continue;
      const int d = edit_distance(w, term, 2);
      if (d < best_d || (d == best_d && docs > best_docs)) {
        best = term;
        best_d = d;
        best_docs = docs;
      }
    }
    return best_d <= 2 ? best : std::string();
  }

  // The most common vocabulary word one edit (delete, insert, substitute, swap) away, or "". A word of
  // three letters only gets a swap or a dropped letter back ("hno" -> "hon", "snh" -> "sinh").
  std::string correct(const std::string& w) const {
    if (w.size() < kTypoMinLetters) return correct_short(w);
    static const char* alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    // A swap of neighbours is the commonest slip on a touch keyboard: it wins over the other edits
    // ("thoung" is "thuong", not "thong"); then the word in most documents.
    std::string best;
    int best_docs = 0, best_class = 2;
    auto consider = [&](const std::string& c, int cls) {
      auto it = vocab.find(c);
      if (it == vocab.end()) return;
      if (cls < best_class || (cls == best_class && (it->second > best_docs || (it->second == best_docs && c < best)))) {
        best = c;
        best_docs = it->second;
        best_class = cls;
      }
    };
    std::string c;
    for (std::size_t i = 0; i < w.size(); ++i) {
      c = w;
      c.erase(i, 1);
      consider(c, 1);
      if (i + 1 < w.size()) {
        c = w;
        std::swap(c[i], c[i + 1]);
        if (c != w) consider(c, 0);
      }
      for (const char* a = alphabet; *a; ++a) {
        if (*a == w[i]) continue;
        c = w;
        c[i] = *a;
        consider(c, 1);
      }
    }
    for (std::size_t i = 0; i <= w.size(); ++i)
      for (const char* a = alphabet; *a; ++a) {
        c = w;
        c.insert(c.begin() + static_cast<std::ptrdiff_t>(i), *a);
        consider(c, 1);
      }
    return best;
  }

  // Vocabulary words a swap or a dropped letter away from a three-letter word, most common first.
  std::vector<std::string> short_candidates(const std::string& w) const {
    static const char* alphabet = "abcdefghijklmnopqrstuvwxyz";
    std::vector<std::pair<int, std::string>> found;
    auto consider = [&](const std::string& c) {
      auto it = vocab.find(c);
      if (it == vocab.end()) return;
      for (auto& f : found)
        if (f.second == c) return;
      found.emplace_back(it->second, c);
    };
    std::string c;
    for (std::size_t i = 0; i + 1 < w.size(); ++i) {
      c = w;
      std::swap(c[i], c[i + 1]);
      if (c != w) consider(c);
    }
    for (std::size_t i = 0; i <= w.size(); ++i)
      for (const char* a = alphabet; *a; ++a) {
        c = w;
        c.insert(c.begin() + static_cast<std::ptrdiff_t>(i), *a);
        consider(c);
      }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
  }

  std::string correct_short(const std::string& w) const {
    auto c = short_candidates(w);
    return c.empty() ? std::string() : c.front();
  }

  // Words of `text` matching the query words (the last one as a prefix), as byte ranges.
  std::vector<TextRange> ranges(std::string_view text, const std::vector<std::string>& words) {
    std::vector<TextRange> out;
    if (words.empty() || text.empty() || !tokenizer) return out;
    auto toks = tokenizer->tokenize(text);
    if (!toks) return out;                           // highlighting is cosmetic: never fail a search on it
    for (const FoldedToken& t : *toks) {
      bool hit = false;
      for (std::size_t i = 0; i < words.size() && !hit; ++i)
        hit = (i + 1 == words.size()) ? t.folded.compare(0, words[i].size(), words[i]) == 0 : t.folded == words[i];
      if (hit) out.push_back({static_cast<std::uint32_t>(t.begin), static_cast<std::uint32_t>(t.end)});
    }
    return out;
  }

  // Procedure codes: exact first, then codes starting with what was typed.
  Status run_code(std::string_view code, const SearchOptions& opt, std::vector<SearchHit>& hits,
                  std::unordered_set<std::string>& seen) {
    if (!code_lookup.get())
      code_lookup = Stmt(db, R"sql(
SELECT i.id, i.proc_code, COALESCE(t.lang, v.lang), COALESCE(t.title, v.title), COALESCE(t.summary, v.summary)
FROM items i
JOIN item_texts v ON v.item_id = i.id AND v.lang = 'vi'
LEFT JOIN item_texts t ON t.item_id = i.id AND t.lang = :lang
WHERE i.proc_code >= :lo AND i.proc_code < :hi AND i.proc_code <> ''
  AND )sql" + sql::visible("i") + R"sql(
ORDER BY i.proc_code
LIMIT :n)sql",
                         true);
    if (!code_lookup.ok()) return code_lookup.status("preparing the code search");
    if (opt.kind && *opt.kind != Kind::procedure) return {};
    std::string lo(code), hi(code);
    hi.back() = static_cast<char>(hi.back() + 1);    // digits and '.': the successor stays ASCII
    auto& st = code_lookup;
    st.reset();
    st.bind(sqlite3_bind_parameter_index(st.get(), ":lang"), opt.lang.empty() ? std::string("vi") : opt.lang);
    st.bind(sqlite3_bind_parameter_index(st.get(), ":lo"), lo);
    st.bind(sqlite3_bind_parameter_index(st.get(), ":hi"), hi);
    st.bind(sqlite3_bind_parameter_index(st.get(), ":now"), static_cast<std::int64_t>(opt.now));
    st.bind(sqlite3_bind_parameter_index(st.get(), ":n"), opt.limit);
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
      SearchHit h;
      h.id = st.str(0);
      h.code = st.str(1);
      h.lang = st.str(2);
      h.fell_back = h.lang != (opt.lang.empty() ? std::string("vi") : opt.lang);
      h.title = st.str(3);
      h.summary = st.str(4);
      h.kind = Kind::procedure;
      h.code_match = true;
      h.score = h.code == code ? 1e9 : 1e6;          // above any text score; the exact code sorts first
      if (seen.insert(h.id).second) hits.push_back(std::move(h));
    }
    Status s = rc == SQLITE_DONE ? Status{} : sql::error(db, "searching by code");
    st.reset();
    return s;
  }
};

Search::Search(const Cache& cache) : impl_(std::make_unique<Impl>()) { impl_->db = CacheAccess::handle(cache); }
Search::~Search() = default;

Result<std::string> Search::match_expression(std::string_view query) {
  if (Status s = impl_->ensure_ready(); !s) return s;
  std::string_view q = query.substr(0, std::min(query.size(), kMaxQueryBytes));
  auto toks = impl_->tokenizer->tokenize(nfc(q));
  if (!toks) return toks.status();
  std::vector<std::string> words;
  for (auto& t : *toks)
    if (words.size() < kMaxWords) words.push_back(std::move(t.folded));
  if (Status s = impl_->load_vocab(); !s) return s;
  return build_match(impl_->pieces_of(words, "vi"), words.size());
}

Result<SearchResults> Search::run(std::string_view query, const SearchOptions& opt_in) {
  SearchOptions opt = opt_in;
  opt.limit = std::clamp(opt.limit, 1, 200);
  if (opt.lang.empty()) opt.lang = "vi";
  Impl& m = *impl_;
  if (Status s = m.ensure_ready(); !s) return s;

  // NFC first: the tokenizer would cope with NFD, but the code check and length cap are on bytes.
  std::string q = nfc(query.substr(0, std::min(query.size(), kMaxQueryBytes)));
  auto toks = m.tokenizer->tokenize(q);
  if (!toks) return toks.status();
  std::vector<std::string> words;
  for (auto& t : *toks)
    if (words.size() < kMaxWords) words.push_back(std::move(t.folded));

  SearchResults res;
  std::unordered_set<std::string> seen;
  const std::string trimmed = trim(q);
  if (looks_like_code(trimmed))
    if (Status s = m.run_code(trimmed, opt, res.hits, seen); !s) return s;
  if (words.empty()) return res;                     // "-", "(": nothing to look for, and no error
  if (!res.hits.empty()) return res;                 // typing a code: the code list is the answer

  // With the vocabulary at hand, a word that is in no document (or a last word that starts none)
  // means the exact query cannot match: go straight to the typo pass instead of scanning. A word
  // inside a synonym phrase counts as known: its alternatives may be in the index.
  if (Status s = m.load_vocab(); !s) return s;
  std::vector<Piece> pieces = m.pieces_of(words, opt.lang);
  auto all_known = [&](const std::vector<std::string>& ws, const std::vector<Piece>& ps) {
    for (const Piece& p : ps) {
      if (p.phrases.size() > 1) continue;
      if (!m.known(ws[p.begin], p.end == ws.size())) return false;
    }
    return true;
  };
  if (all_known(words, pieces))
    if (Status s = m.run_fts(build_match(pieces, words.size()), opt, res.hits, seen); !s) return s;
  // Few or no hits for the whole question ("lay vo can giay gi"): add what the question finds without
  // its filler words; with no hits at all, that is the answer.
  if (res.hits.size() < 3 && !res.hits.empty()) {
    std::vector<std::string> core = m.without_filler(words, opt.lang);
    if (!core.empty()) {
      std::vector<Piece> cp = m.pieces_of(core, opt.lang);
      if (all_known(core, cp))
        if (Status s = m.run_fts(build_match(cp, core.size()), opt, res.hits, seen); !s) return s;
    }
  }
  if (res.hits.empty()) {
    std::vector<std::string> core = m.without_filler(words, opt.lang);
    if (!core.empty()) {
      words = std::move(core);
      pieces = m.pieces_of(words, opt.lang);
      if (all_known(words, pieces))
        if (Status s = m.run_fts(build_match(pieces, words.size()), opt, res.hits, seen); !s) return s;
      res.dropped_filler = true;
      if (!res.hits.empty()) res.corrected_query = join_words(words, 0, words.size());
    }
  }

  if (res.hits.empty() && opt.typo_tolerance) {
    bool changed = false;
    std::vector<std::string> fixed = words;
    for (const Piece& p : pieces) {
      if (p.phrases.size() > 1) continue;            // a synonym or abbreviation: not a typo
      std::string& w = fixed[p.begin];
      const bool last = p.end == fixed.size();
      if (codepoints(w) < kTypoShortLetters || !is_ascii_word(w) || m.known(w, last)) continue;
      std::string c;
      if (w.size() < kTypoMinLetters) {
        // A three-letter word has several neighbours ("hno": "hon", "nho"): take the first that
        // goes with the other known words of the query ("dang ky ket hno" -> "hon").
        std::vector<std::string> others;
        for (const Piece& q : pieces)
          if (&q != &p && (q.phrases.size() > 1 || m.known(words[q.begin], q.end == words.size())))
            for (std::size_t k = q.begin; k < q.end; ++k) others.push_back(words[k]);
        std::size_t best_hits = 0;
        for (const std::string& cand : m.short_candidates(w)) {
          if (c.empty()) c = cand;
          if (others.empty()) break;
          std::vector<std::string> trial = others;
          trial.push_back(cand);
          std::vector<SearchHit> probe;
          std::unordered_set<std::string> probe_seen;
          SearchOptions few = opt;
          few.limit = 20;
          if (Status s = m.run_fts(build_match(m.pieces_of(trial, opt.lang), trial.size()), few, probe, probe_seen); !s)
            return s;
          if (probe.size() > best_hits) {            // the candidate that goes with the most items
            best_hits = probe.size();
            c = cand;
          }
        }
      } else {
        c = m.correct(w);
      }
      if (c.empty() && w.size() >= kTypoTwoEditLetters) c = m.correct_twice(w);
      if (!c.empty()) {
        w = std::move(c);
        changed = true;
      }
    }
    if (changed) {
      std::vector<Piece> fixed_pieces = m.pieces_of(fixed, opt.lang);
      if (Status s = m.run_fts(build_match(fixed_pieces, fixed.size()), opt, res.hits, seen); !s) return s;
      if (!res.hits.empty()) {
        res.corrected_query = join_words(fixed, 0, fixed.size());
        words = std::move(fixed);
        pieces = std::move(fixed_pieces);
      }
    }
  }
  // Highlight the typed words and every synonym the search used.
  std::vector<std::string> marks;
  for (const Piece& p : pieces)
    for (const std::string& ph : p.phrases)
      for (std::size_t a = 0, b; a <= ph.size(); a = b + 1) {
        b = ph.find(' ', a);
        if (b == std::string::npos) b = ph.size();
        if (b > a) marks.push_back(ph.substr(a, b - a));
      }
  if (!words.empty()) {                              // the word being typed, last: a prefix
    marks.erase(std::remove(marks.begin(), marks.end(), words.back()), marks.end());
    marks.push_back(words.back());
  }
  for (SearchHit& h : res.hits) {
    if (h.code_match) continue;
    h.title_ranges = m.ranges(h.title, marks);
    h.summary_ranges = m.ranges(h.summary, marks);
  }
  return res;
}

}  // namespace tramtin
