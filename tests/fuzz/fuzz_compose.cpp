// Fuzzes the Telex/VNI/direct composer of the on-screen keyboard. Input: one byte for the mode and
// tone style, then keys: a byte below 0x0e names a special key (backspace, tones, shapes, mode
// changes), anything else starts one UTF-8 code point pressed as a character. The text is valid
// UTF-8 in NFC after every key, and the one-shot helpers agree with typing.
#include <cstddef>
#include <cstdint>

#include "content/base/text.h"
#include "kiosk/core/vn_compose.h"
#include "tests/fuzz/fuzz_support.h"

using namespace tramtin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const InputMode modes[] = {InputMode::direct, InputMode::telex, InputMode::vni};
  const ToneStyle style = data[0] & 4 ? ToneStyle::new_style : ToneStyle::old_style;
  Composer c(modes[data[0] % 3], style);
  static const std::string_view specials[] = {key::backspace, key::clear, key::sac, key::huyen, key::hoi,
                                              key::nga, key::nang, key::remove_tone, key::circumflex,
                                              key::breve, key::horn, key::stroke};
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t i = 0;
  while (i < in.size()) {
    const auto b = static_cast<unsigned char>(in[i]);
    if (b < 0x0c) {
      c.press(specials[b]);
      ++i;
    } else if (b == 0x0c || b == 0x0d) {
      c.set_mode(modes[(b + i) % 3]);
      ++i;
    } else {
      std::size_t start = i;
      next_codepoint(in, i);
      if (i == start) ++i;
      c.press(in.substr(start, i - start));
    }
    FUZZ_EXPECT(is_valid_utf8(c.text()));
    FUZZ_EXPECT(is_nfc(c.text()));
  }
  const std::string telex = telex_to_text(in, style), vni = vni_to_text(in, style);
  FUZZ_EXPECT(is_valid_utf8(telex) && is_valid_utf8(vni));
  (void)place_tones(c.text(), style);
  (void)apply_tone_to_last_word(c.text(), Tone::nga, style);
  return 0;
}
