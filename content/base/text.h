// UTF-8 text helpers shared by every layer: validation, NFC, case folding, code point iteration.
// Layer: tramtin_content. Vietnamese needs NFC everywhere: ImGui does no shaping, so decomposed
// (NFD) text draws with misplaced marks, and NFD and NFC strings never compare equal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tramtin {

bool is_valid_utf8(std::string_view s);
// NFC form of s. Invalid UTF-8 is returned unchanged (check is_valid_utf8 first where it matters).
std::string nfc(std::string_view s);
bool is_nfc(std::string_view s);
// Unicode case folding + NFC ("ĐĂNG KÝ" -> "đăng ký"). Keeps diacritics.
std::string casefold(std::string_view s);

// Decodes one code point at s[i], advances i; returns U+FFFD for a bad sequence (advancing 1 byte).
char32_t next_codepoint(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);
std::u32string to_u32(std::string_view s);
std::string to_utf8(std::u32string_view s);

std::string trim(std::string_view s);

// &, <, >, " and ' as entities: safe in HTML text and in a quoted attribute value (the fleet
// page, the exported website, the review sheet).
std::string html_escape(std::string_view s);

}  // namespace tramtin
