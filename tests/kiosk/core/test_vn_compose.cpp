// Tests for the Vietnamese input composer (kiosk/core/vn_compose.h): Telex, VNI, direct
// diacritics, tone placement (old and new style), backspace/clear, and that the text stays NFC.
#include <doctest/doctest.h>

#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>

#include "content/base/text.h"
#include "kiosk/core/vn_compose.h"

using namespace tramtin;

namespace {

// Presses each key of a direct-mode sequence ("đ", "ă", ..., "sắc").
std::string direct(std::initializer_list<std::string_view> keys,
                   ToneStyle style = ToneStyle::old_style) {
  Composer c(InputMode::direct, style);
  for (std::string_view k : keys) c.press(k);
  CHECK(is_nfc(c.text()));
  return c.text();
}

std::string telex(std::string_view keys, ToneStyle style = ToneStyle::old_style) {
  std::string out = telex_to_text(keys, style);
  CHECK(is_nfc(out));
  return out;
}

std::string vni(std::string_view keys, ToneStyle style = ToneStyle::old_style) {
  std::string out = vni_to_text(keys, style);
  CHECK(is_nfc(out));
  return out;
}

}  // namespace

TEST_CASE("compose: telex examples from the issue") {
  CHECK(telex("ddawng kys") == "đăng ký");
  CHECK(telex("tieengs vieetj") == "tiếng việt");
  CHECK(telex("dduwowngf") == "đường");
  CHECK(telex("hoaf") == "hòa");
  CHECK(telex("quys") == "quý");
  CHECK(telex("gif") == "gì");
  CHECK(telex("giuwx") == "giữ");
  CHECK(telex("thuowr") == "thuở");
  CHECK(telex("khoer") == "khỏe");
  CHECK(telex("ddawng kys khai sinh") == "đăng ký khai sinh");
}

TEST_CASE("compose: telex shapes") {
  CHECK(telex("aa") == "â");
  CHECK(telex("aw") == "ă");
  CHECK(telex("ee") == "ê");
  CHECK(telex("oo") == "ô");
  CHECK(telex("ow") == "ơ");
  CHECK(telex("uw") == "ư");
  CHECK(telex("dd") == "đ");
  CHECK(telex("uow") == "ươ");
  CHECK(telex("duongw") == "dương");
  CHECK(telex("nguowif") == "người");
  CHECK(telex("muaw") == "mưa");
  CHECK(telex("hoawcj") == "hoặc");
  CHECK(telex("muoons") == "muốn");
  CHECK(telex("thuee") == "thuê");
  CHECK(telex("khuyeens") == "khuyến");
  CHECK(telex("ruwowuj") == "rượu");
  CHECK(telex("gheee") == "ghee");
  CHECK(telex("gheees") == "ghees");  // after the undo, "ghee" is no syllable: s stays a letter
  CHECK(telex("dduwongf") == "đường");  // ưo followed by a letter can only be ươ
  // The modifier may come after the final consonant.
  CHECK(telex("taan") == "tân");
  CHECK(telex("tana") == "tân");
  CHECK(telex("dongd") == "đong");
  // Shapes replace one another.
  CHECK(telex("awa") == "â");
  CHECK(telex("aaw") == "ă");
  CHECK(telex("owo") == "ô");
}

TEST_CASE("compose: telex lone w") {
  CHECK(telex("w") == "ư");
  CHECK(telex("tw") == "tư");
  CHECK(telex("trw") == "trư");
  CHECK(telex("ngwoif") == "người");
  CHECK(telex("giwx") == "giữ");
  CHECK(telex("W") == "Ư");
  CHECK(telex("ww") == "w");
  CHECK(telex("qw") == "qw");  // q is not an initial without u
  CHECK(telex("iw") == "iw");  // nothing here can take a horn
}

TEST_CASE("compose: telex undo by pressing the modifier again") {
  CHECK(telex("herr") == "her");
  CHECK(telex("ddd") == "dd");
  CHECK(telex("aaa") == "aa");
  CHECK(telex("aww") == "aw");
  CHECK(telex("ass") == "as");
  CHECK(telex("uoww") == "uow");
  // After an undo the key stays literal for the rest of the word, then works again.
  CHECK(telex("herrr") == "herr");
  CHECK(telex("ddd dd") == "dd đ");
}

TEST_CASE("compose: telex tones replace · remove · and move as the word grows") {
  CHECK(telex("asf") == "à");
  CHECK(telex("asfrxj") == "ạ");
  CHECK(telex("asz") == "a");
  CHECK(telex("z") == "z");
  CHECK(telex("az") == "az");  // nothing to remove: a literal z
  CHECK(telex("hoafn") == "hoàn");
  CHECK(telex("hoafi") == "hoài");
  CHECK(telex("tieesng") == "tiếng");
  CHECK(telex("dduowngf") == "đường");
  CHECK(telex("ddu7") == "đu7");
  CHECK(telex("vieejt") == "việt");
}

TEST_CASE("compose: telex keys stay letters where Vietnamese cannot use them") {
  CHECK(telex("sinh") == "sinh");  // s at the start of a word
  CHECK(telex("xa") == "xa");
  CHECK(telex("rau") == "rau");
  CHECK(telex("ts") == "ts");
  CHECK(telex("hello") == "hello");
  CHECK(telex("hellos") == "hellos");  // two vowel groups: not a syllable
  CHECK(telex("add") == "add");        // đ is only an initial consonant
  CHECK(telex("HDDND") == "HĐND");
  CHECK(telex("hoaa") == "hoaa");      // no "hoâ" in Vietnamese
  CHECK(telex("dang ky khai sinh") == "dang ky khai sinh");
}

TEST_CASE("compose: telex keeps capitals") {
  CHECK(telex("DDawng") == "Đăng");
  CHECK(telex("DDAWNG KYS") == "ĐĂNG KÝ");
  CHECK(telex("Nguyeenx Vawn Aan") == "Nguyễn Văn Ân");
  CHECK(telex("Vieejt Nam") == "Việt Nam");
  CHECK(telex("HOAF") == "HÒA");
  CHECK(telex("Quys") == "Quý");
  CHECK(telex("DDuwowngf") == "Đường");
}

TEST_CASE("compose: vni") {
  CHECK(vni("d9a8ng ky1") == "đăng ký");
  CHECK(vni("tie6ng1 vie6t5") == "tiếng việt");
  CHECK(vni("d9uong72") == "đường");
  CHECK(vni("d9u7o7ng2") == "đường");
  CHECK(vni("hoa2") == "hòa");
  CHECK(vni("thuo73") == "thuở");
  CHECK(vni("uo7") == "ươ");
  CHECK(vni("o7") == "ơ");
  CHECK(vni("u7") == "ư");
  CHECK(vni("a6 e6 o6 a8") == "â ê ô ă");
  CHECK(vni("qui1") == "quí");
  CHECK(vni("gi4") == "gĩ");
  CHECK(vni("Nguye6n4 Va8n A6n") == "Nguyễn Văn Ân");
  CHECK(vni("a12") == "à");   // a later tone replaces an earlier one
  CHECK(vni("a10") == "a");   // 0 removes the tone
  CHECK(vni("a0") == "a0");   // nothing to remove: a literal 0
  CHECK(vni("a11") == "a1");  // pressed again: the digit itself
  CHECK(vni("a66") == "a6");
  CHECK(vni("d99") == "d9");
  CHECK(vni("hoa2n") == "hoàn");
  CHECK(vni("h2") == "h2");   // no vowel: the digit is a digit
  CHECK(vni("xa4 3") == "xã 3");
}

TEST_CASE("compose: a procedure code survives every mode") {
  CHECK(telex("1.001193") == "1.001193");
  CHECK(vni("1.001193") == "1.001193");
  CHECK(direct({"1", ".", "0", "0", "1", "1", "9", "3"}) == "1.001193");
  CHECK(vni("ma4 1.001193") == "mã 1.001193");
  CHECK(telex("max 1.001193") == "mã 1.001193");
}

TEST_CASE("compose: direct diacritics") {
  CHECK(direct({"đ", "ă", "n", "g", " ", "k", "y", "sắc"}) == "đăng ký");
  CHECK(direct({"h", "o", "a", "huyền"}) == "hòa");
  CHECK(direct({"t", "h", "u", "ơ", "hỏi"}) == "thuở");
  CHECK(direct({"q", "u", "y", "sắc"}) == "quý");
  CHECK(direct({"g", "i", "ư", "ngã"}) == "giữ");
  CHECK(direct({"v", "i", "ê", "t", "nặng"}) == "việt");
  // Shape keys apply to the word being typed, and toggle.
  CHECK(direct({"d", "stroke", "a", "breve", "n", "g"}) == "đăng");
  CHECK(direct({"t", "i", "e", "n", "g", "circumflex", "sắc"}) == "tiếng");
  CHECK(direct({"d", "u", "o", "n", "g", "horn", "huyền", "stroke"}) == "đường");
  CHECK(direct({"t", "h", "u", "o", "horn", "hỏi"}) == "thuở");
  CHECK(direct({"a", "circumflex", "circumflex"}) == "a");
  CHECK(direct({"d", "stroke", "stroke"}) == "d");
  // A tone typed early moves as the word grows.
  CHECK(direct({"h", "o", "a", "huyền", "n"}) == "hoàn");
  CHECK(direct({"h", "u", "ơ", "n", "g"}) == "hương");  // uơ never has a final
}

TEST_CASE("compose: direct tone keys replace · repeat and remove") {
  CHECK(direct({"a", "sắc", "huyền"}) == "à");
  CHECK(direct({"a", "sắc", "sắc"}) == "á");  // a double tap keeps the tone
  CHECK(direct({"m", "a", "ngã", "remove_tone"}) == "ma");
  Composer c;
  c.type("ha");
  CHECK_FALSE(c.press(key::remove_tone));  // nothing to remove
  CHECK(c.press(key::nang));
  CHECK(c.text() == "hạ");
  CHECK_FALSE(c.press(key::nang));
  c.type(" ");
  CHECK_FALSE(c.press(key::sac));  // no word before the cursor
  CHECK_FALSE(c.press(key::breve));
  CHECK(c.text() == "hạ ");
  c.type("tr");
  CHECK_FALSE(c.press(key::huyen));  // no vowel yet
  CHECK(c.text() == "hạ tr");
  c.type("a");
  CHECK_FALSE(c.press(key::horn));    // a takes no horn
  CHECK_FALSE(c.press("no_such_key"));
  CHECK_FALSE(c.press(""));
  CHECK(c.text() == "hạ tra");
}

TEST_CASE("compose: direct typing of precomposed and decomposed characters") {
  Composer c;
  c.type("Đăng ký khai sinh");
  CHECK(c.text() == "Đăng ký khai sinh");
  c.clear();
  // Decomposed input (Windows' Vietnamese keyboard, macOS names) comes out precomposed.
  c.type("a\xCC\x80");  // a + U+0300
  CHECK(c.text() == "à");
  c.type(" h");
  CHECK(c.press("o\xCC\x9B"));  // o + U+031B as one key: ơ
  CHECK(c.text() == "à hơ");
}

TEST_CASE("compose: tone placement old and new style") {
  const auto old_s = ToneStyle::old_style;
  const auto new_s = ToneStyle::new_style;
  CHECK(telex("hoaf", old_s) == "hòa");
  CHECK(telex("hoaf", new_s) == "hoà");
  CHECK(telex("khoer", new_s) == "khoẻ");
  CHECK(telex("thuys", old_s) == "thúy");
  CHECK(telex("thuys", new_s) == "thuý");
  CHECK(telex("quys", new_s) == "quý");
  CHECK(telex("hoafng", new_s) == "hoàng");
  CHECK(telex("khuyur") == "khuỷu");
  CHECK(telex("ngoays") == "ngoáy");
  CHECK(telex("mias") == "mía");
  CHECK(telex("muaf") == "mùa");
  CHECK(telex("huee") == "huê");
  CHECK(telex("hueej") == "huệ");
  CHECK(telex("giuwax") == "giữa");
  CHECK(telex("gieengs") == "giếng");
  CHECK(telex("ginf") == "gìn");
  CHECK(telex("quoocs") == "quốc");
  CHECK(telex("hoachj") == "hoạch");
  CHECK(direct({"h", "o", "a", "huyền"}, new_s) == "hoà");

  CHECK(apply_tone_to_last_word("thu tuc hoa", Tone::huyen) == "thu tuc hòa");
  CHECK(apply_tone_to_last_word("thu tuc hoa", Tone::huyen, new_s) == "thu tuc hoà");
  CHECK(apply_tone_to_last_word("hòa", Tone::none) == "hoa");
  CHECK(apply_tone_to_last_word("hoa ", Tone::sac) == "hoa ");
  CHECK(apply_tone_to_last_word("", Tone::sac).empty());
  CHECK(apply_tone_to_last_word("nguoi", Tone::huyen) == "nguòi");  // no shape typed yet

  CHECK(place_tones("hoà thuý khoẻ", old_s) == "hòa thúy khỏe");
  CHECK(place_tones("hòa thúy khỏe", new_s) == "hoà thuý khoẻ");
  CHECK(place_tones("Hoàn, quý; giữ. hello 1.001193", old_s) == "Hoàn, quý; giữ. hello 1.001193");
  // Decomposed input is normalised first.
  CHECK(place_tones("hoa\xCC\x80", old_s) == "hòa");
}

TEST_CASE("compose: backspace · clear and punctuation") {
  Composer c(InputMode::telex);
  c.type("tieengs");
  CHECK(c.text() == "tiếng");
  CHECK(c.press(key::backspace));
  CHECK(c.text() == "tiến");
  CHECK(c.press(key::backspace));
  CHECK(c.press(key::backspace));
  CHECK(c.text() == "ti");  // "ế" is one code point after NFC
  c.type("eengs");
  CHECK(c.text() == "tiếng");
  CHECK(c.press(key::clear));
  CHECK(c.text().empty());
  CHECK_FALSE(c.press(key::clear));
  CHECK_FALSE(c.press(key::backspace));

  // Punctuation ends the word: the tone key after it is a letter again.
  c.type("hoa,s");
  CHECK(c.text() == "hoa,s");
  c.clear();
  c.type("ddaau?");
  CHECK(c.text() == "đâu?");
  c.type(" ddaau.");
  CHECK(c.text() == "đâu? đâu.");

  // The undone state belongs to the word: after a backspace the modifier works again.
  c.clear();
  c.type("herr");
  CHECK(c.text() == "her");
  c.press(key::backspace);
  c.type("r");
  CHECK(c.text() == "hẻ");
}

TEST_CASE("compose: mixed words and modes") {
  Composer c(InputMode::telex);
  c.type("Thur tucj ");
  c.set_mode(InputMode::vni);
  c.type("ho65 ti5ch ");
  c.set_mode(InputMode::direct);
  for (std::string_view k : {"x", "a", "ngã", " ", "1", ".", "0", "0", "1", "1", "9", "3"})
    c.press(k);
  CHECK(c.text() == "Thủ tục hộ tịch xã 1.001193");
  CHECK(c.mode() == InputMode::direct);

  c.set_text("Nguye\xCC\x82\xCC\x83n");  // decomposed "Nguyễn"
  CHECK(c.text() == "Nguyễn");
  c.set_mode(InputMode::telex);
  c.type(" Vawn");
  CHECK(c.text() == "Nguyễn Văn");

  InputMode m = InputMode::direct;
  CHECK(input_mode_from_name("vni", &m));
  CHECK(m == InputMode::vni);
  CHECK_FALSE(input_mode_from_name("viqr", &m));
  CHECK(m == InputMode::vni);
  CHECK(std::string(input_mode_name(InputMode::telex)) == "telex");
  CHECK(std::string(tone_key(Tone::hoi)) == "hỏi");
  CHECK(std::string(tone_key(Tone::none)) == key::remove_tone);
  // The keyboard compares its labels with these names: they must be NFC like every label.
  for (std::string_view k : {key::sac, key::huyen, key::hoi, key::nga, key::nang}) CHECK(is_nfc(k));
}

TEST_CASE("compose: every toned vowel round-trips through the tone keys") {
  // For each base vowel and tone, direct typing + tone key gives the precomposed letter, and
  // Telex gives the same; removing the tone gives the bare vowel back.
  const std::string_view vowels[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"};
  const std::string_view telex_vowels[] = {"a", "aw", "aa", "e", "ee", "i",
                                           "o", "oo", "ow", "u", "uw", "y"};
  const std::string_view tone_keys[] = {"s", "f", "r", "x", "j"};
  const Tone tones[] = {Tone::sac, Tone::huyen, Tone::hoi, Tone::nga, Tone::nang};
  for (std::size_t v = 0; v < std::size(vowels); ++v)
    for (std::size_t t = 0; t < std::size(tones); ++t) {
      const std::string d = direct({vowels[v], tone_key(tones[t])});
      const std::string tx = telex(std::string(telex_vowels[v]) + std::string(tone_keys[t]));
      CAPTURE(vowels[v]);
      CAPTURE(t);
      CHECK(to_u32(d).size() == 1);
      CHECK(d != vowels[v]);
      CHECK(d == tx);
      CHECK(apply_tone_to_last_word(d, Tone::none) == vowels[v]);
      CHECK(casefold(telex(std::string(1, static_cast<char>(telex_vowels[v][0] - 'a' + 'A')) +
                           std::string(telex_vowels[v].substr(1)) +
                           std::string(tone_keys[t]))) == d);
    }
}
