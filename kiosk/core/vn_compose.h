// Vietnamese input composer for the on-screen keyboard: direct diacritics, Telex and VNI.
// Pure logic: no SDL, no ImGui. Layer: tramtin_kiosk_core.
//
// A Composer holds what the villager typed (UTF-8, always NFC) and takes one key press at a time,
// from the keyboard widget or from a scenario's `type TEXT`. Only the word being typed (the run
// of letters at the end of the text) is ever rewritten; a space, punctuation or a digit ends it.
// Every mode places the tone mark with the same rule, and moves it when the word grows, so
// "hoaf", h o a [huyền] and "hoa2" all give "hòa", and one more "n" gives "hoàn".
//
// Telex and VNI keys act as modifiers only where Vietnamese spelling allows them; anywhere else
// they are ordinary letters or digits ("sinh" keeps its s, "1.001193" stays as typed). Pressing a
// modifier twice gives the literal key ("herr" -> "her", "ddd" -> "dd", "a11" -> "a1").
#pragma once

#include <string>
#include <string_view>

namespace tramtin {

enum class InputMode { direct, telex, vni };
const char* input_mode_name(InputMode m);                          // "direct", "telex", "vni"
bool input_mode_from_name(std::string_view name, InputMode* out);  // false, out untouched: unknown

enum class Tone { none, sac, huyen, hoi, nga, nang };             // none = ngang (no mark)

// Where the tone goes on an open oa / oe / uy. Old style (hòa, hòe, thúy) is what government
// documents and the Launchpad/Keyman conventions use; new style gives hoà, hoè, thuý. Both are
// valid NFC and never compare equal, so search must fold them.
enum class ToneStyle { old_style, new_style };

// Names of the keys that are not characters. press() accepts them in every mode. The tone keys
// carry the names printed on the keyboard.
namespace key {
inline constexpr std::string_view backspace = "backspace";   // removes the last code point
inline constexpr std::string_view clear = "clear";           // empties the text
inline constexpr std::string_view sac = "sắc";               // tone keys: on the word being typed
inline constexpr std::string_view huyen = "huyền";
inline constexpr std::string_view hoi = "hỏi";
inline constexpr std::string_view nga = "ngã";
inline constexpr std::string_view nang = "nặng";
inline constexpr std::string_view remove_tone = "remove_tone";  // takes the tone off the word
inline constexpr std::string_view circumflex = "circumflex";    // ^ : a/e/o -> â/ê/ô (again: off)
inline constexpr std::string_view breve = "breve";              // a -> ă (again: off)
inline constexpr std::string_view horn = "horn";                // o/u -> ơ/ư, uo -> ươ (again: off)
inline constexpr std::string_view stroke = "stroke";            // d -> đ (again: off)
}  // namespace key

const char* tone_key(Tone t);  // key:: name of a tone key ("sắc" ...); key::remove_tone for none

class Composer {
 public:
  explicit Composer(InputMode mode = InputMode::direct, ToneStyle style = ToneStyle::old_style);

  // One key: a single character (letter, digit, space, punctuation; precomposed or not) or one of
  // the key:: names. Returns true if the text changed. A tone or shape key that cannot apply to
  // the word being typed, an unknown key name and an empty key change nothing. Tone keys are
  // idempotent (a second tap keeps the tone); shape keys toggle.
  bool press(std::string_view key);
  // Presses every code point of `chars` in turn in the current mode (a scenario's `type TEXT`).
  void type(std::string_view chars);

  const std::string& text() const { return text_; }  // always valid UTF-8 in NFC
  void set_text(std::string_view text);               // NFC of text (empty if not UTF-8); typing
                                                      // goes on at its end
  void clear();                                       // empties the text (idle reset)

  InputMode mode() const { return mode_; }
  void set_mode(InputMode m);                         // keeps the text
  ToneStyle tone_style() const { return style_; }
  void set_tone_style(ToneStyle s) { style_ = s; }    // applies from the next key press

 private:
  bool press_telex(char32_t c, bool after_lone_w);    // true if consumed as a modifier
  bool press_vni(char32_t c);                         // true if consumed as a modifier
  void append_literal(char32_t c);
  void end_word();

  std::string text_;
  InputMode mode_;
  ToneStyle style_;
  std::string undone_;                                // Telex modifier keys undone in this word
  bool lone_w_ = false;                               // the last key was a Telex lone w -> ư
};

// The text with tone t (Tone::none removes it) on its last word. Placement, as in every mode: a
// vowel with a shape takes it (người, thuở: ơ of ươ); else before a final consonant the last vowel
// (hoàn); else the first of two vowels (hòa; new style: hoà) or the middle of three (khuỷu); qu
// and gi count as consonants (quý, giữ, but gì). Unchanged when the text does not end with a word
// that has a vowel. Output is NFC.
std::string apply_tone_to_last_word(std::string_view text, Tone t,
                                    ToneStyle style = ToneStyle::old_style);
// Every Vietnamese syllable of text with its tone moved to where `style` puts it ("hoà" <-> "hòa");
// words that are not Vietnamese syllables are left alone. Output is NFC.
std::string place_tones(std::string_view text, ToneStyle style);

// The text produced by pressing each code point of keys in Telex / VNI mode on an empty Composer.
std::string telex_to_text(std::string_view keys, ToneStyle style = ToneStyle::old_style);
std::string vni_to_text(std::string_view keys, ToneStyle style = ToneStyle::old_style);

}  // namespace tramtin
