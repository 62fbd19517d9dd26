// Vietnamese input composer: direct diacritics, Telex and VNI over one syllable model and one
// tone-placement rule. Pure logic: no SDL, no ImGui. Layer: tramtin_kiosk_core.
//
// [SECTION] Letters: a code point <-> (base letter, shape, tone, case)
// [SECTION] Syllables: initial + nucleus + final, spelling checks, tone placement
// [SECTION] Shape modifiers (circumflex, breve, horn, stroke)
// [SECTION] Composer
// [SECTION] Free functions
#include "kiosk/core/vn_compose.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "content/base/text.h"

namespace tramtin {
namespace {

//-------------------------------------------------------------------------------------------------
// [SECTION] Letters
//-------------------------------------------------------------------------------------------------

// đ is a letter of its own in Unicode (no decomposition), so it is modelled as d + stroke here.
enum class Shape : std::uint8_t { none, breve, circumflex, horn, stroke };

struct Letter {
  char base = 0;  // 'a'..'z'
  Shape shape = Shape::none;
  Tone tone = Tone::none;
  bool upper = false;
};

bool is_vowel(const Letter& l) {
  switch (l.base) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return true;
    default: return false;
  }
}

// Each row: one vowel with its shape, in tone order none, sắc, huyền, hỏi, ngã, nặng (the order
// of enum Tone). All precomposed, so whatever we write is already NFC.
struct VowelRow {
  char base;
  Shape shape;
  std::u32string_view lower;
  std::u32string_view upper;
};
constexpr std::array<VowelRow, 12> kVowels{{
    {'a', Shape::none, U"aáàảãạ", U"AÁÀẢÃẠ"},
    {'a', Shape::breve, U"ăắằẳẵặ", U"ĂẮẰẲẴẶ"},
    {'a', Shape::circumflex, U"âấầẩẫậ", U"ÂẤẦẨẪẬ"},
    {'e', Shape::none, U"eéèẻẽẹ", U"EÉÈẺẼẸ"},
    {'e', Shape::circumflex, U"êếềểễệ", U"ÊẾỀỂỄỆ"},
    {'i', Shape::none, U"iíìỉĩị", U"IÍÌỈĨỊ"},
    {'o', Shape::none, U"oóòỏõọ", U"OÓÒỎÕỌ"},
    {'o', Shape::circumflex, U"ôốồổỗộ", U"ÔỐỒỔỖỘ"},
    {'o', Shape::horn, U"ơớờởỡợ", U"ƠỚỜỞỠỢ"},
    {'u', Shape::none, U"uúùủũụ", U"UÚÙỦŨỤ"},
    {'u', Shape::horn, U"ưứừửữự", U"ƯỨỪỬỮỰ"},
    {'y', Shape::none, U"yýỳỷỹỵ", U"YÝỲỶỸỴ"},
}};

std::optional<Letter> decode_letter(char32_t c) {
  if (c >= U'a' && c <= U'z') return Letter{static_cast<char>(c), Shape::none, Tone::none, false};
  if (c >= U'A' && c <= U'Z')
    return Letter{static_cast<char>(c - U'A' + U'a'), Shape::none, Tone::none, true};
  if (c == U'đ') return Letter{'d', Shape::stroke, Tone::none, false};
  if (c == U'Đ') return Letter{'d', Shape::stroke, Tone::none, true};
  if (c < 0xC0) return std::nullopt;
  for (const VowelRow& row : kVowels) {
    if (auto i = row.lower.find(c); i != std::u32string_view::npos)
      return Letter{row.base, row.shape, static_cast<Tone>(i), false};
    if (auto i = row.upper.find(c); i != std::u32string_view::npos)
      return Letter{row.base, row.shape, static_cast<Tone>(i), true};
  }
  return std::nullopt;
}

char32_t encode_letter(const Letter& l) {
  if (is_vowel(l)) {
    for (const VowelRow& row : kVowels)
      if (row.base == l.base && row.shape == l.shape)
        return (l.upper ? row.upper : row.lower)[static_cast<std::size_t>(l.tone)];
  }
  if (l.shape == Shape::stroke) return l.upper ? U'Đ' : U'đ';
  // Only the shape setters below change shapes, and they only make combinations in kVowels.
  return static_cast<char32_t>(l.upper ? l.base - 'a' + 'A' : l.base);
}

// The lower-case letter without its tone ("Ố" -> 'ô'), for spelling checks.
char32_t plain_lower(Letter l) {
  l.tone = Tone::none;
  l.upper = false;
  return encode_letter(l);
}

using Letters = std::vector<Letter>;

struct Word {
  std::size_t start = 0;  // byte offset of the word in the text; the word runs to the end
  Letters letters;
};

// The run of letters at the end of text (the word being typed; empty after a space or digit).
Word last_word(std::string_view text) {
  Word w;
  w.start = text.size();
  Letters reversed;
  while (w.start > 0) {
    std::size_t p = w.start - 1;
    while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
    std::size_t i = p;
    char32_t c = next_codepoint(text, i);
    if (i != w.start) break;  // not one well-formed code point: not part of a word
    auto l = decode_letter(c);
    if (!l) break;
    reversed.push_back(*l);
    w.start = p;
  }
  w.letters.assign(reversed.rbegin(), reversed.rend());
  return w;
}

std::string encode(const Letters& letters) {
  std::string s;
  for (const Letter& l : letters) append_utf8(s, encode_letter(l));
  return s;
}

void write_back(std::string& text, const Word& w) {
  text.resize(w.start);
  text += encode(w.letters);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Syllables
//-------------------------------------------------------------------------------------------------

// letters[0, nucleus) is the initial consonant, [nucleus, final) the vowels, [final, end) the
// final consonant.
struct Syllable {
  std::size_t nucleus = 0;
  std::size_t final = 0;
};

// Splits a word with exactly one group of vowels; nullopt for no vowel or two groups ("hello").
std::optional<Syllable> split(const Letters& w) {
  std::size_t i = 0;
  while (i < w.size() && !is_vowel(w[i])) ++i;
  if (i == w.size()) return std::nullopt;
  // "qu" and "gi" are initial consonants when another vowel follows: quý, giữ, giếng; but gì, gìn.
  if (i == 1 && i + 1 < w.size() && is_vowel(w[i + 1]) && w[i].shape == Shape::none &&
      w[0].shape == Shape::none &&
      ((w[0].base == 'q' && w[1].base == 'u') || (w[0].base == 'g' && w[1].base == 'i')))
    ++i;
  std::size_t j = i;
  while (j < w.size() && is_vowel(w[j])) ++j;
  for (std::size_t k = j; k < w.size(); ++k)
    if (is_vowel(w[k])) return std::nullopt;
  return Syllable{i, j};
}

std::u32string plain_range(const Letters& w, std::size_t from, std::size_t to) {
  std::u32string s;
  for (std::size_t k = from; k < to; ++k) s.push_back(plain_lower(w[k]));
  return s;
}

template <std::size_t N>
bool one_of(std::u32string_view s, const std::u32string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

constexpr std::u32string_view kInitials[] = {
    U"",  U"b",  U"c",  U"ch", U"d",  U"đ",  U"g",   U"gh", U"gi", U"h",
    U"k", U"kh", U"l",  U"m",  U"n",  U"ng", U"ngh", U"nh", U"p",  U"ph",
    U"qu", U"r", U"s",  U"t",  U"th", U"tr", U"v",   U"x"};
constexpr std::u32string_view kFinals[] = {U"", U"c", U"ch", U"m", U"n", U"ng", U"nh", U"p", U"t"};
// Vowel groups of Vietnamese spelling without their shapes: what Telex and VNI see before the
// modifier arrives ("duong" is on its way to "dương").
constexpr std::u32string_view kBareNuclei[] = {
    U"a",   U"e",   U"i",   U"o",   U"u",   U"y",   U"ai",  U"ao",  U"au",  U"ay",
    U"eo",  U"eu",  U"ia",  U"ie",  U"iu",  U"oa",  U"oe",  U"oi",  U"oo",  U"ua",
    U"ue",  U"ui",  U"uo",  U"uu",  U"uy",  U"ye",  U"ieu", U"yeu", U"oai", U"oao",
    U"oay", U"oeo", U"uay", U"uoi", U"uou", U"uya", U"uye", U"uyu"};
// The same with their shapes: a shape modifier must produce one of these (or a start of one:
// ươ, uyê, iê are starts of ương, uyên, tiên).
constexpr std::u32string_view kNuclei[] = {
    U"a",   U"ă",   U"â",   U"e",   U"ê",   U"i",   U"o",   U"ô",   U"ơ",   U"u",
    U"ư",   U"y",   U"ai",  U"ao",  U"au",  U"ay",  U"âu",  U"ây",  U"eo",  U"êu",
    U"ia",  U"iê",  U"iu",  U"oa",  U"oă",  U"oe",  U"oi",  U"ôi",  U"ơi",  U"oo",
    U"ua",  U"uâ",  U"uê",  U"ui",  U"uô",  U"uơ",  U"uy",  U"ưa",  U"ưi",  U"ươ",
    U"ưu",  U"yê",  U"iêu", U"yêu", U"oai", U"oao", U"oay", U"oeo", U"uây", U"uôi",
    U"ươi", U"ươu", U"uya", U"uyê", U"uyu"};

std::u32string bare_range(const Letters& w, std::size_t from, std::size_t to) {
  std::u32string s;
  for (std::size_t k = from; k < to; ++k) s.push_back(static_cast<char32_t>(w[k].base));
  return s;
}

// A Vietnamese syllable, or one on its way (shapes not typed yet): valid initial, vowel group
// and final. Telex and VNI keys act as modifiers only on these.
bool plausible(const Letters& w, const Syllable& s) {
  return one_of(plain_range(w, 0, s.nucleus), kInitials) &&
         one_of(plain_range(w, s.final, w.size()), kFinals) &&
         one_of(bare_range(w, s.nucleus, s.final), kBareNuclei);
}

bool shaped_nucleus_ok(const Letters& w, const Syllable& s) {
  return one_of(plain_range(w, s.nucleus, s.final), kNuclei);
}

// The one placement rule, for every mode:
//  1. a vowel with a shape (ă â ê ô ơ ư) takes the tone; of two (ươ), the last: người, thuở;
//  2. otherwise, with a final consonant, the last vowel: hoàn, quýt;
//  3. otherwise the first of two vowels (hòa, mía) — the second for oa/oe/uy in new style (hoà) —
//     and the middle of three (khuỷu, hoài).
// "qu" and "gi" were already taken as consonants by split(): quý, giữ.
std::size_t tone_index(const Letters& w, const Syllable& s, ToneStyle style) {
  for (std::size_t k = s.final; k-- > s.nucleus;)
    if (w[k].shape != Shape::none) return k;
  const std::size_t n = s.final - s.nucleus;
  if (s.final < w.size() || n == 1) return s.final - 1;
  if (n == 2) {
    const std::u32string pair = bare_range(w, s.nucleus, s.final);
    if (style == ToneStyle::new_style && (pair == U"oa" || pair == U"oe" || pair == U"uy"))
      return s.nucleus + 1;
    return s.nucleus;
  }
  return s.nucleus + 1;
}

Tone word_tone(const Letters& w) {
  Tone t = Tone::none;
  for (const Letter& l : w)
    if (l.tone != Tone::none) t = l.tone;
  return t;
}

void set_tone(Letters& w, const Syllable& s, Tone t, ToneStyle style) {
  for (Letter& l : w) l.tone = Tone::none;
  if (t != Tone::none) w[tone_index(w, s, style)].tone = t;
}

// After any change to the word being typed: a Vietnamese syllable gets its tone back where the
// rule puts it (hòa + n -> hoàn). When composing, a u-o pair with one horn becomes ươ as soon as
// a letter follows it: uơ only ever ends a word (thuở, huơ) and ưo never occurs, so "huơng",
// "đưong" and "ngưoi" can only mean hương, đương, người.
void normalize(Letters& w, ToneStyle style, bool fix_uo) {
  auto s = split(w);
  if (!s || !plausible(w, *s)) return;
  if (fix_uo)
    for (std::size_t k = s->nucleus; k + 1 < s->final; ++k)
      if (w[k].base == 'u' && w[k + 1].base == 'o' && k + 2 < w.size() &&
          (w[k].shape == Shape::horn) != (w[k + 1].shape == Shape::horn) &&
          (w[k].shape == Shape::none || w[k + 1].shape == Shape::none)) {
        w[k].shape = Shape::horn;
        w[k + 1].shape = Shape::horn;
      }
  if (Tone t = word_tone(w); t != Tone::none) set_tone(w, *s, t, style);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Shape modifiers
//-------------------------------------------------------------------------------------------------

enum class ShapeOp {
  circumflex_a,   // Telex aa
  circumflex_e,   // Telex ee
  circumflex_o,   // Telex oo
  circumflex,     // VNI 6, direct ^: whichever of a/e/o fits
  breve,          // VNI 8, direct breve
  horn,           // VNI 7, direct horn: o, u, uo
  telex_w,        // Telex w: horn or breve
  stroke,         // Telex dd, VNI 9, direct đ-stroke
};

enum class Outcome { not_applicable, applied, undone };

// strict: the result must be a plausible syllable (Telex, VNI); otherwise only the vowel group
// must be valid (direct mode, where the villager asked for exactly this shape).
bool acceptable(const Letters& w, bool strict) {
  auto s = split(w);
  if (!s || !shaped_nucleus_ok(w, *s)) return false;
  return !strict || plausible(w, *s);
}

// Sets letter k's shape if the result is acceptable; otherwise leaves w as it was.
bool try_shape(Letters& w, std::size_t k, Shape shape, bool strict) {
  const Shape old = w[k].shape;
  w[k].shape = shape;
  if (acceptable(w, strict)) return true;
  w[k].shape = old;
  return false;
}

Outcome apply_stroke(Letters& w) {
  // đ is only ever an initial consonant: the stroke goes on the word's first letter ("dd",
  // or later: "did" -> "đi"), or on a d just typed among consonants (acronyms: "HDDND" -> "HĐND").
  // Never on a d after a vowel ("add" stays "add").
  if (w.empty()) return Outcome::not_applicable;
  std::size_t k;
  if (w.back().base == 'd' && std::none_of(w.begin(), w.end(), is_vowel)) k = w.size() - 1;
  else if (w.front().base == 'd') k = 0;
  else return Outcome::not_applicable;
  if (w[k].shape == Shape::stroke) {
    w[k].shape = Shape::none;
    return Outcome::undone;
  }
  w[k].shape = Shape::stroke;
  return Outcome::applied;
}

Outcome apply_circumflex(Letters& w, const Syllable& s, std::u32string_view targets, bool strict) {
  for (std::size_t k = s.nucleus; k < s.final; ++k)
    if (targets.find(static_cast<char32_t>(w[k].base)) != targets.npos &&
        w[k].shape == Shape::circumflex) {
      w[k].shape = Shape::none;
      return Outcome::undone;
    }
  for (std::size_t k = s.final; k-- > s.nucleus;)  // the last vowel first: tiê, uô, uâ
    if (targets.find(static_cast<char32_t>(w[k].base)) != targets.npos &&
        try_shape(w, k, Shape::circumflex, strict))
      return Outcome::applied;
  return Outcome::not_applicable;
}

Outcome apply_horn(Letters& w, const Syllable& s, bool with_breve, bool strict) {
  // u + o -> ươ; but uơ at the very end after h, th, kh (thuở, huơ, khuơ). normalize() turns uơ
  // into ươ as soon as anything follows.
  for (std::size_t k = s.nucleus; k + 1 < s.final; ++k) {
    Letter& u = w[k];
    Letter& o = w[k + 1];
    if (u.base != 'u' || o.base != 'o' || (u.shape != Shape::none && u.shape != Shape::horn))
      continue;
    if (o.shape == Shape::horn) {
      o.shape = Shape::none;
      u.shape = Shape::none;
      return Outcome::undone;
    }
    const std::u32string initial = plain_range(w, 0, s.nucleus);
    const bool open_uo = k + 2 == w.size() && u.shape == Shape::none &&
                         (initial == U"h" || initial == U"th" || initial == U"kh");
    const Letters before = w;
    o.shape = Shape::horn;
    if (!open_uo) u.shape = Shape::horn;
    if (acceptable(w, strict)) return Outcome::applied;
    w = before;
    return Outcome::not_applicable;
  }
  if (with_breve) {
    for (std::size_t k = s.nucleus; k < s.final; ++k) {
      if (w[k].base != 'a') continue;
      if (k > s.nucleus && w[k - 1].base == 'u') {  // ua + w -> ưa (mưa), not uă
        if (w[k - 1].shape == Shape::horn) {
          w[k - 1].shape = Shape::none;
          return Outcome::undone;
        }
        return try_shape(w, k - 1, Shape::horn, strict) ? Outcome::applied
                                                        : Outcome::not_applicable;
      }
      if (w[k].shape == Shape::breve) {
        w[k].shape = Shape::none;
        return Outcome::undone;
      }
      return try_shape(w, k, Shape::breve, strict) ? Outcome::applied : Outcome::not_applicable;
    }
  }
  for (std::size_t k = s.nucleus; k < s.final; ++k) {
    if (w[k].base != 'u' && w[k].base != 'o') continue;
    if (w[k].shape == Shape::horn) {
      w[k].shape = Shape::none;
      return Outcome::undone;
    }
    return try_shape(w, k, Shape::horn, strict) ? Outcome::applied : Outcome::not_applicable;
  }
  return Outcome::not_applicable;
}

Outcome apply_breve(Letters& w, const Syllable& s, bool strict) {
  for (std::size_t k = s.nucleus; k < s.final; ++k) {
    if (w[k].base != 'a') continue;
    if (w[k].shape == Shape::breve) {
      w[k].shape = Shape::none;
      return Outcome::undone;
    }
    return try_shape(w, k, Shape::breve, strict) ? Outcome::applied : Outcome::not_applicable;
  }
  return Outcome::not_applicable;
}

Outcome apply_shape(Letters& w, ShapeOp op, bool strict) {
  if (op == ShapeOp::stroke) return apply_stroke(w);
  auto s = split(w);
  if (!s) return Outcome::not_applicable;
  if (strict && !plausible(w, *s)) return Outcome::not_applicable;
  switch (op) {
    case ShapeOp::circumflex_a: return apply_circumflex(w, *s, U"a", strict);
    case ShapeOp::circumflex_e: return apply_circumflex(w, *s, U"e", strict);
    case ShapeOp::circumflex_o: return apply_circumflex(w, *s, U"o", strict);
    case ShapeOp::circumflex: return apply_circumflex(w, *s, U"aeo", strict);
    case ShapeOp::breve: return apply_breve(w, *s, strict);
    case ShapeOp::horn: return apply_horn(w, *s, false, strict);
    case ShapeOp::telex_w: return apply_horn(w, *s, true, strict);
    case ShapeOp::stroke: break;
  }
  return Outcome::not_applicable;
}

// A Telex or VNI tone key on the word: applies, replaces an earlier tone, or — pressed again for
// the tone the word already has — undoes it so the caller types the key itself.
Outcome apply_modifier_tone(Letters& w, Tone t, ToneStyle style) {
  auto s = split(w);
  if (!s || !plausible(w, *s)) return Outcome::not_applicable;
  if (t == Tone::none) {
    if (word_tone(w) == Tone::none) return Outcome::not_applicable;
    set_tone(w, *s, Tone::none, style);
    return Outcome::applied;
  }
  if (word_tone(w) == t) {
    set_tone(w, *s, Tone::none, style);
    return Outcome::undone;
  }
  set_tone(w, *s, t, style);
  return Outcome::applied;
}

// The named keys and what they do, written once: tone_from_key and tone_key read the same table.
constexpr std::pair<std::string_view, Tone> kToneKeys[] = {
    {key::sac, Tone::sac}, {key::huyen, Tone::huyen}, {key::hoi, Tone::hoi},
    {key::nga, Tone::nga}, {key::nang, Tone::nang},   {key::remove_tone, Tone::none}};
constexpr std::pair<std::string_view, ShapeOp> kShapeKeys[] = {
    {key::circumflex, ShapeOp::circumflex}, {key::breve, ShapeOp::breve},
    {key::horn, ShapeOp::horn},             {key::stroke, ShapeOp::stroke}};

template <class T, std::size_t N>
std::optional<T> from_key(const std::pair<std::string_view, T> (&table)[N], std::string_view k) {
  for (const auto& [name, value] : table)
    if (name == k) return value;
  return std::nullopt;
}

std::optional<Tone> tone_from_key(std::string_view k) { return from_key(kToneKeys, k); }
std::optional<ShapeOp> shape_from_key(std::string_view k) { return from_key(kShapeKeys, k); }

// Applies tone t to the last word of an NFC text in place; false if the word has no vowel.
// Direct mode: any single group of vowels takes a tone, Vietnamese spelling or not (minority
// languages written with Vietnamese letters use the same keys).
bool tone_last_word(std::string& text, Tone t, ToneStyle style) {
  Word w = last_word(text);
  auto s = split(w.letters);
  if (!s) return false;
  set_tone(w.letters, *s, t, style);
  normalize(w.letters, style, true);
  const std::string before = text;
  write_back(text, w);
  return text != before;
}

}  // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] Composer
//-------------------------------------------------------------------------------------------------

const char* input_mode_name(InputMode m) {
  switch (m) {
    case InputMode::direct: return "direct";
    case InputMode::telex: return "telex";
    case InputMode::vni: return "vni";
  }
  return "direct";
}

bool input_mode_from_name(std::string_view name, InputMode* out) {
  for (InputMode m : {InputMode::direct, InputMode::telex, InputMode::vni})
    if (name == input_mode_name(m)) {
      *out = m;
      return true;
    }
  return false;
}

const char* tone_key(Tone t) {
  for (const auto& [name, tone] : kToneKeys)
    if (tone == t) return name.data();  // key:: names are string literals: NUL-terminated
  return key::remove_tone.data();
}

Composer::Composer(InputMode mode, ToneStyle style) : mode_(mode), style_(style) {}

void Composer::set_text(std::string_view text) {
  text_ = is_valid_utf8(text) ? nfc(text) : std::string();
  end_word();
}

void Composer::clear() {
  text_.clear();
  end_word();
}

void Composer::set_mode(InputMode m) {
  mode_ = m;
  end_word();
}

void Composer::end_word() {
  undone_.clear();
  lone_w_ = false;
}

void Composer::type(std::string_view chars) {
  for (std::size_t i = 0; i < chars.size();) {
    const std::size_t from = i;
    next_codepoint(chars, i);
    press(chars.substr(from, i - from));
  }
}

bool Composer::press(std::string_view k) {
  const bool after_lone_w = std::exchange(lone_w_, false);
  if (k.empty()) return false;
  if (k == key::backspace) {
    end_word();
    if (text_.empty()) return false;
    std::size_t p = text_.size() - 1;
    while (p > 0 && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) --p;
    text_.resize(p);
    return true;
  }
  if (k == key::clear) {
    const bool had_text = !text_.empty();
    clear();
    return had_text;
  }
  if (auto t = tone_from_key(k)) return tone_last_word(text_, *t, style_);
  if (auto op = shape_from_key(k)) {
    Word w = last_word(text_);
    if (apply_shape(w.letters, *op, false) == Outcome::not_applicable) return false;
    normalize(w.letters, style_, true);
    write_back(text_, w);
    return true;
  }
  if (!is_valid_utf8(k)) return false;
  const std::string one = nfc(k);
  std::size_t i = 0;
  const char32_t c = next_codepoint(one, i);
  if (i != one.size()) return false;  // neither one character nor a key name
  if (mode_ == InputMode::telex && press_telex(c, after_lone_w)) return true;
  if (mode_ == InputMode::vni && press_vni(c)) return true;
  append_literal(c);
  return true;
}

void Composer::append_literal(char32_t c) {
  auto l = decode_letter(c);
  if (!l) {
    end_word();
    append_utf8(text_, c);
    // A lone combining mark composes with what precedes it; keep the promise of NFC.
    if (c >= 0x300) text_ = nfc(text_);
    return;
  }
  Word w = last_word(text_);
  w.letters.push_back(*l);
  normalize(w.letters, style_, true);
  write_back(text_, w);
}

bool Composer::press_telex(char32_t c, bool after_lone_w) {
  if (c > 0x7F) return false;
  const char k = static_cast<char>(c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c);
  const bool upper = c >= U'A' && c <= U'Z';
  if (undone_.find(k) != std::string::npos) return false;
  Word w = last_word(text_);

  // ww -> w: undo a lone w.
  if (k == 'w' && after_lone_w && !w.letters.empty() && w.letters.back().base == 'u' &&
      w.letters.back().shape == Shape::horn) {
    w.letters.back() = Letter{'w', Shape::none, Tone::none, upper};
    write_back(text_, w);
    undone_.push_back('w');
    return true;
  }

  Outcome r = Outcome::not_applicable;
  switch (k) {
    case 's': r = apply_modifier_tone(w.letters, Tone::sac, style_); break;
    case 'f': r = apply_modifier_tone(w.letters, Tone::huyen, style_); break;
    case 'r': r = apply_modifier_tone(w.letters, Tone::hoi, style_); break;
    case 'x': r = apply_modifier_tone(w.letters, Tone::nga, style_); break;
    case 'j': r = apply_modifier_tone(w.letters, Tone::nang, style_); break;
    case 'z': r = apply_modifier_tone(w.letters, Tone::none, style_); break;
    case 'a': r = apply_shape(w.letters, ShapeOp::circumflex_a, true); break;
    case 'e': r = apply_shape(w.letters, ShapeOp::circumflex_e, true); break;
    case 'o': r = apply_shape(w.letters, ShapeOp::circumflex_o, true); break;
    case 'd': r = apply_shape(w.letters, ShapeOp::stroke, true); break;
    case 'w': {
      r = apply_shape(w.letters, ShapeOp::telex_w, true);
      if (r != Outcome::not_applicable) break;
      // A lone w is ư at the start of a word or after its initial consonant (tư, trư, giư).
      Letters with_u = w.letters;
      with_u.push_back(Letter{'u', Shape::horn, Tone::none, upper});
      auto s = split(with_u);
      if (s && s->nucleus + 1 == with_u.size() && plausible(with_u, *s)) {
        w.letters = std::move(with_u);
        write_back(text_, w);
        lone_w_ = true;
        return true;
      }
      return false;
    }
    default: return false;
  }
  switch (r) {
    case Outcome::not_applicable: return false;
    case Outcome::applied:
      normalize(w.letters, style_, true);
      write_back(text_, w);
      return true;
    case Outcome::undone:
      // The key pressed again: the modifier comes off and the key is typed as a letter, which
      // stays literal for the rest of this word ("herr" -> "her", "ddd" -> "dd").
      w.letters.push_back(Letter{k, Shape::none, Tone::none, upper});
      normalize(w.letters, style_, true);
      write_back(text_, w);
      undone_.push_back(k);
      return true;
  }
  return false;
}

bool Composer::press_vni(char32_t c) {
  if (c < U'0' || c > U'9') return false;
  Word w = last_word(text_);
  // A digit at the start of a word or after a non-letter is a digit: "1.001193", "Xã 3".
  if (w.letters.empty()) return false;
  Outcome r = Outcome::not_applicable;
  switch (c) {
    case U'1': r = apply_modifier_tone(w.letters, Tone::sac, style_); break;
    case U'2': r = apply_modifier_tone(w.letters, Tone::huyen, style_); break;
    case U'3': r = apply_modifier_tone(w.letters, Tone::hoi, style_); break;
    case U'4': r = apply_modifier_tone(w.letters, Tone::nga, style_); break;
    case U'5': r = apply_modifier_tone(w.letters, Tone::nang, style_); break;
    case U'0': r = apply_modifier_tone(w.letters, Tone::none, style_); break;
    case U'6': r = apply_shape(w.letters, ShapeOp::circumflex, true); break;
    case U'7': r = apply_shape(w.letters, ShapeOp::horn, true); break;
    case U'8': r = apply_shape(w.letters, ShapeOp::breve, true); break;
    case U'9': r = apply_shape(w.letters, ShapeOp::stroke, true); break;
    default: break;
  }
  if (r == Outcome::not_applicable) return false;
  normalize(w.letters, style_, true);
  write_back(text_, w);
  // Undone ("a11" -> "a1"): the digit itself follows, which ends the word.
  if (r == Outcome::undone) append_literal(c);
  return true;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Free functions
//-------------------------------------------------------------------------------------------------

std::string apply_tone_to_last_word(std::string_view text, Tone t, ToneStyle style) {
  if (!is_valid_utf8(text)) return std::string(text);
  std::string s = nfc(text);
  tone_last_word(s, t, style);
  return s;
}

std::string place_tones(std::string_view text, ToneStyle style) {
  if (!is_valid_utf8(text)) return std::string(text);
  const std::string s = nfc(text);
  std::string out;
  out.reserve(s.size());
  Letters word;
  auto flush = [&] {
    normalize(word, style, false);
    out += encode(word);
    word.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t from = i;
    const char32_t c = next_codepoint(s, i);
    if (auto l = decode_letter(c)) {
      word.push_back(*l);
      continue;
    }
    flush();
    out.append(s, from, i - from);
  }
  flush();
  return out;
}

std::string telex_to_text(std::string_view keys, ToneStyle style) {
  Composer c(InputMode::telex, style);
  c.type(keys);
  return c.text();
}

std::string vni_to_text(std::string_view keys, ToneStyle style) {
  Composer c(InputMode::vni, style);
  c.type(keys);
  return c.text();
}

}  // namespace tramtin
