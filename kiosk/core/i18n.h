// UI string lookup per language: built-in Vietnamese and English defaults, overridden by the
// `strings` items of the content (so a translation can be fixed remotely without reinstalling).
// Layer: tramtin_kiosk_core (std only).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tramtin {

class Strings {
 public:
  Strings();                                                     // loads the built-in defaults
  // Adds or replaces translations for one language (from a `strings` item).
  void add(const std::string& lang, const std::map<std::string, std::string>& table);
  // The label for key in lang; falls back to vi, then to the key itself (never empty). A copy:
  // two lookups in one expression never share a buffer.
  std::string get(std::string_view lang, std::string_view key) const;
  // The label for key in lang or, failing that, vi, without copying; nullptr when neither has it.
  // Points into this object: valid until the next add() or assignment (the app does both between
  // frames only, so a frame may hold it).
  const std::string* find(std::string_view lang, std::string_view key) const;
  bool has(std::string_view lang, std::string_view key) const;
  // Every string in every language (for building the font atlas's glyph set).
  std::vector<std::string> all_text() const;
  std::vector<std::string> texts_of(std::string_view lang) const;  // one language's strings
  std::vector<std::string> keys_of(std::string_view lang) const;   // one language's keys, sorted

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> tables_;
};

// The language's own name in its own script ("Tiếng Việt", "English", "中文", "Hmoob", "ꪼꪕ").
std::string language_autonym(std::string_view lang);

}  // namespace tramtin
