// Read-aloud: what to say for an item or a home tile, section by section, and in which voice.
// Pure logic (no SDL, no audio): the platform's speech worker synthesises or decodes what this
// decides. Layer: tramtin_kiosk_core.
//
// A recorded narration in the visitor's language wins. Otherwise the text is spoken by espeak-ng
// in a voice it has for the language (vi, en, Mandarin for zh-Hans). A field that fell back to
// Vietnamese is spoken with the Vietnamese voice (an English voice reading "Giấy khai sinh" helps
// nobody). A language with neither narration nor voice (Hmong, Thái) hears the Vietnamese text,
// and the screen says so (ReadAloudScript::spoken_in_vi).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/store/cache.h"
#include "kiosk/core/i18n.h"

namespace tramtin {

struct SpeechPart {
  std::string section;       // "title", "summary", "what_to_bring", "steps", … (the highlight)
  std::string lang;          // the language of `text` (picks the voice)
  std::string text;
};

struct ReadAloudScript {
  std::string item;          // an item id, or "tile:<key>" for a home tile
  std::string language;      // the visitor's language when it was asked for
  std::string narration_sha256;  // not empty: play this recorded narration (Ogg Vorbis) instead
  std::vector<SpeechPart> parts; // speech, in reading order (also kept with a narration: a fallback)
  bool spoken_in_vi = false;     // the language has no narration and no voice: Vietnamese is read
  bool empty() const { return narration_sha256.empty() && parts.empty(); }
};

// True when espeak-ng has a voice for the language (vi, en, zh-Hans/zh).
bool has_speech_voice(std::string_view lang);
// espeak-ng's voice name for a language with a voice ("vi", "en", "cmn"); "vi" otherwise.
std::string speech_voice(std::string_view lang);

// The script for an item screen (procedure, news/notice, product, page) in `lang`.
ReadAloudScript read_aloud_item(const ItemView& view, const Strings& strings, const std::string& lang);
// The script for a home tile: its name and its one-line description ("procedures", "news", …).
ReadAloudScript read_aloud_tile(const std::string& key, const Strings& strings, const std::string& lang);

}  // namespace tramtin
