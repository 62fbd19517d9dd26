// The "tramtin_fold" FTS5 tokenizer and the search fold it applies. Layer: tramtin_content.
// See fold.h for why it exists. Everything that crosses into SQLite's C callbacks is noexcept:
// an exception must never unwind through SQLite frames, so allocation failures become SQLITE_NOMEM.
#include "content/store/fold.h"

#include <sqlite3.h>
#include <utf8proc.h>

#include <cstdlib>
#include <new>

#include "content/base/text.h"

namespace tramtin {

namespace {

constexpr char32_t kDStroke = 0x0111;                // đ; Đ (U+0110) is case folded to it first

bool is_latin_combining_mark(char32_t c) { return c >= 0x0300 && c <= 0x036F; }

bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F);
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Decomposes and case folds with utf8proc, then drops Latin combining marks and maps đ -> d.
// Only combining marks of the Latin block are dropped: Tai Viet vowel signs are marks too, and
// dropping them would merge different words.
std::string slow_fold(std::string_view s) {
  utf8proc_uint8_t* buf = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                        static_cast<utf8proc_ssize_t>(s.size()), &buf,
                        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD));
  std::string decomposed;
  if (n >= 0) {
    decomposed.assign(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
    std::free(buf);
  } else {
    decomposed = std::string(s);                     // invalid UTF-8: fold what we can below
  }
  std::string out;
  out.reserve(decomposed.size());
  bool non_latin_left = false;
  for (std::size_t i = 0; i < decomposed.size();) {
    char32_t c = next_codepoint(decomposed, i);
    if (is_latin_combining_mark(c)) continue;
    if (c == kDStroke || c == 0x0110) c = U'd';
    if (c >= 0x80) non_latin_left = true;
    append_utf8(out, c);
  }
  return non_latin_left ? nfc(out) : out;            // recompose other scripts (Tai Viet, Han)
}

}  // namespace

std::string fold_text(std::string_view s) {
  if (is_ascii(s)) {                                 // the common case once unicode61 has run
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  return slow_fold(s);
}

// ---------------------------------------------------------------- the FTS5 tokenizer

namespace {

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

// Registered once per connection: how to reach unicode61.
struct Module {
  fts5_tokenizer unicode61{};
  void* unicode61_ctx = nullptr;
};

// One tokenizer instance (one per FTS5 table, plus short-lived ones for queries).
struct Instance {
  Module* module = nullptr;
  Fts5Tokenizer* inner = nullptr;                    // the wrapped unicode61 instance
};

struct Call {                                        // state of one xTokenize call
  const char* text = nullptr;
  int (*emit)(void*, int, const char*, int, int, int) = nullptr;
  void* emit_ctx = nullptr;
  std::string scratch;
};

int emit_folded(Call& call, int tflags, std::string_view piece, int begin, int end) {
  if (is_ascii(piece)) {                             // unicode61 already lower-cased it
    return call.emit(call.emit_ctx, tflags, piece.data(), static_cast<int>(piece.size()), begin, end);
  }
  call.scratch = fold_text(piece);
  if (call.scratch.empty()) return SQLITE_OK;        // a token of marks only: nothing to index
  return call.emit(call.emit_ctx, tflags, call.scratch.data(), static_cast<int>(call.scratch.size()), begin, end);
}

int on_token(void* ctx, int tflags, const char* token, int n_token, int begin, int end) noexcept {
  auto& call = *static_cast<Call*>(ctx);
  try {
    std::string_view tok(token, static_cast<std::size_t>(n_token));
    std::string_view orig(call.text + begin, static_cast<std::size_t>(end - begin));
    // Han runs: one token per ideograph, so a word inside a run is findable. Quick byte test
    // first: every Han code point starts with a lead byte of 0xE3..0xE9, or 0xF0 (supplementary).
    bool maybe_han = false;
    for (unsigned char c : orig)
      if ((c >= 0xE3 && c <= 0xE9) || c == 0xF0 || c == 0xEF) maybe_han = true;
    if (!maybe_han) return emit_folded(call, tflags, tok, begin, end);
    bool has_han = false;
    for (std::size_t i = 0; i < orig.size();)
      if (is_han(next_codepoint(orig, i))) has_han = true;
    if (!has_han) return emit_folded(call, tflags, tok, begin, end);
    std::size_t run_start = 0;                       // start of a pending non-Han run in `orig`
    for (std::size_t i = 0; i < orig.size();) {
      std::size_t at = i;
      char32_t c = next_codepoint(orig, i);
      if (!is_han(c)) continue;
      if (at > run_start) {
        int rc = emit_folded(call, tflags, fold_text(orig.substr(run_start, at - run_start)),
                             begin + static_cast<int>(run_start), begin + static_cast<int>(at));
        if (rc != SQLITE_OK) return rc;
      }
      int rc = call.emit(call.emit_ctx, tflags, orig.data() + at, static_cast<int>(i - at),
                         begin + static_cast<int>(at), begin + static_cast<int>(i));
      if (rc != SQLITE_OK) return rc;
      run_start = i;
    }
    if (run_start < orig.size())
      return emit_folded(call, tflags, fold_text(orig.substr(run_start)), begin + static_cast<int>(run_start), end);
    return SQLITE_OK;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

int x_create(void* module_ptr, const char** /*args*/, int /*n_args*/, Fts5Tokenizer** out) noexcept {
  // Arguments are ignored on purpose: the index and the query must always fold the same way, so the
  // settings are fixed here rather than in each table's declaration.
  auto* module = static_cast<Module*>(module_ptr);
  auto* inst = new (std::nothrow) Instance;
  if (!inst) return SQLITE_NOMEM;
  inst->module = module;
  const char* args[] = {"remove_diacritics", "2"};
  int rc = module->unicode61.xCreate(module->unicode61_ctx, args, 2, &inst->inner);
  if (rc != SQLITE_OK) {
    delete inst;
    return rc;
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(inst);
  return SQLITE_OK;
}

void x_delete(Fts5Tokenizer* t) noexcept {
  auto* inst = reinterpret_cast<Instance*>(t);
  if (!inst) return;
  if (inst->inner) inst->module->unicode61.xDelete(inst->inner);
  delete inst;
}

int x_tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int n_text,
               int (*emit)(void*, int, const char*, int, int, int)) noexcept {
  auto* inst = reinterpret_cast<Instance*>(t);
  Call call;
  call.text = text;
  call.emit = emit;
  call.emit_ctx = ctx;
  return inst->module->unicode61.xTokenize(inst->inner, &call, flags, text, n_text, on_token);
}

void destroy_module(void* p) noexcept { delete static_cast<Module*>(p); }

}  // namespace

Status register_fold_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (!api || api->iVersion < 2)
    return Status::error(ErrorKind::storage, "this SQLite has no FTS5 (needed for search); install Debian's libsqlite3-0");
  void* existing = nullptr;
  fts5_tokenizer tok{};
  if (api->xFindTokenizer(api, kFoldTokenizerName, &existing, &tok) == SQLITE_OK) return {};
  auto* module = new (std::nothrow) Module;
  if (!module) return Status::error(ErrorKind::storage, "out of memory registering the search tokenizer", SQLITE_NOMEM);
  int rc = api->xFindTokenizer(api, "unicode61", &module->unicode61_ctx, &module->unicode61);
  if (rc != SQLITE_OK) {
    delete module;
    return Status::error(ErrorKind::storage, "FTS5 tokenizer unicode61 not found", rc);
  }
  fts5_tokenizer mine{x_create, x_delete, x_tokenize};
  rc = api->xCreateTokenizer(api, kFoldTokenizerName, module, &mine, destroy_module);
  if (rc != SQLITE_OK) {
    delete module;
    return Status::error(ErrorKind::storage, std::string("registering the search tokenizer: ") + sqlite3_errstr(rc), rc);
  }
  return {};
}

struct FoldTokenizer::Impl {
  fts5_tokenizer api{};
  Fts5Tokenizer* inst = nullptr;
  ~Impl() {
    if (inst) api.xDelete(inst);
  }
};

Result<std::unique_ptr<FoldTokenizer>> FoldTokenizer::create(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (!api) return Status::error(ErrorKind::storage, "this SQLite has no FTS5");
  void* module = nullptr;
  auto impl = std::make_unique<Impl>();
  if (api->xFindTokenizer(api, kFoldTokenizerName, &module, &impl->api) != SQLITE_OK)
    return Status::error(ErrorKind::storage, "search tokenizer not registered on this connection");
  int rc = impl->api.xCreate(module, nullptr, 0, &impl->inst);
  if (rc != SQLITE_OK) return Status::error(ErrorKind::storage, "creating the search tokenizer failed", rc);
  std::unique_ptr<FoldTokenizer> t(new FoldTokenizer);
  t->impl_ = std::move(impl);
  return t;
}

FoldTokenizer::~FoldTokenizer() = default;

Result<std::vector<FoldedToken>> FoldTokenizer::tokenize(std::string_view text) {
  std::vector<FoldedToken> tokens;
  auto collect = [](void* ctx, int, const char* t, int n, int b, int e) noexcept -> int {
    try {
      static_cast<std::vector<FoldedToken>*>(ctx)->push_back(
          {std::string(t, static_cast<std::size_t>(n)), static_cast<std::size_t>(b), static_cast<std::size_t>(e)});
      return SQLITE_OK;
    } catch (...) {
      return SQLITE_NOMEM;
    }
  };
  int rc = impl_->api.xTokenize(impl_->inst, &tokens, FTS5_TOKENIZE_QUERY, text.data(),
                                static_cast<int>(text.size()), collect);
  if (rc != SQLITE_OK) return Status::error(ErrorKind::storage, std::string("tokenizing search text failed: ") + sqlite3_errstr(rc), rc);
  return tokens;
}

Result<std::vector<FoldedToken>> fold_tokenize(sqlite3* db, std::string_view text) {
  auto t = FoldTokenizer::create(db);
  if (!t) return t.status();
  return (*t)->tokenize(text);
}

}  // namespace tramtin
