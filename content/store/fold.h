// Search folding for Vietnamese: the FTS5 tokenizer "tramtin_fold" and the same fold for queries.
// Layer: tramtin_content (SQLite, utf8proc; no SDL, no ImGui).
//
// Why a tokenizer of our own: unicode61 with remove_diacritics 2 strips tones and vowel shapes
// ("thủ tục" -> "thu tuc", "Hà Nội" -> "ha noi") but keeps đ, because U+0111 has no Unicode
// decomposition: "dang ky" would never find "Đăng ký". And NFC does not make tone placement equal
// (hòa = h ò a, hoà = h o à). "tramtin_fold" runs unicode61 (remove_diacritics 2) and then folds each
// token: đ -> d and every remaining mark is dropped, so tone position cannot matter and the index key
// of both spellings is "hoa". Token byte offsets are the ones unicode61 reports on the ORIGINAL text,
// so highlight() and our highlight ranges point into the unfolded text. Han ideographs are emitted
// one per token (unicode61 would keep a whole run of Chinese as one token, unfindable by a word).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "content/base/status.h"

struct sqlite3;

namespace tramtin {

inline constexpr const char* kFoldTokenizerName = "tramtin_fold";   // tokenize='tramtin_fold'

// Folds one word or a whole text for search keys: NFC, case fold, đ -> d, all combining marks
// removed. "Đăng ký" -> "dang ky"; "hòa" and "hoà" -> "hoa"; "THÚY" -> "thuy". Non-Latin letters
// (Tai Viet, Han) are case folded only. Invalid UTF-8 bytes become U+FFFD.
std::string fold_text(std::string_view s);

// Registers "tramtin_fold" on this connection (must happen before any statement touches a table
// that uses it; FTS5 tokenizers are per connection). Safe to call more than once.
Status register_fold_tokenizer(sqlite3* db);

struct FoldedToken {
  std::string folded;                                // the index key: "dang"
  std::size_t begin = 0;                             // byte offsets into the ORIGINAL text
  std::size_t end = 0;
};

// A reusable instance of the registered tokenizer on one connection (same thread as the connection).
// Splits and folds text exactly as the index does, so query words and index keys never disagree.
class FoldTokenizer {
 public:
  static Result<std::unique_ptr<FoldTokenizer>> create(sqlite3* db);  // needs register_fold_tokenizer(db)
  ~FoldTokenizer();
  FoldTokenizer(const FoldTokenizer&) = delete;
  FoldTokenizer& operator=(const FoldTokenizer&) = delete;
  Result<std::vector<FoldedToken>> tokenize(std::string_view text);

 private:
  FoldTokenizer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tramtin
