// Image headers (see image_info.h). Layer: tramtin_content.
#include "content/authoring/image_info.h"

#include <cstdint>

namespace tramtin {

namespace {

std::uint32_t be16(std::string_view b, std::size_t at) {
  return (std::uint32_t(static_cast<unsigned char>(b[at])) << 8) | static_cast<unsigned char>(b[at + 1]);
}
std::uint32_t be32(std::string_view b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }

}  // namespace

std::optional<ImageSize> png_size(std::string_view b) {
  // signature (8), chunk length (4), "IHDR" (4), width (4), height (4)
  if (b.size() < 24 || b.substr(0, 8) != "\x89PNG\r\n\x1A\n" || b.substr(12, 4) != "IHDR") return std::nullopt;
  const std::uint32_t w = be32(b, 16), h = be32(b, 20);
  if (w == 0 || h == 0 || w > 0x7FFFFFFFu || h > 0x7FFFFFFFu) return std::nullopt;  // the PNG spec's own limits
  return ImageSize{static_cast<int>(w), static_cast<int>(h)};
}

std::optional<ImageSize> jpeg_size(std::string_view b) {
  if (b.size() < 4 || static_cast<unsigned char>(b[0]) != 0xFF || static_cast<unsigned char>(b[1]) != 0xD8)
    return std::nullopt;
  std::size_t at = 2;
  while (at + 1 < b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) return std::nullopt;  // markers only between segments
    const unsigned char marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) {  // fill byte before a marker
      ++at;
      continue;
    }
    at += 2;
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length field
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;            // end of image, or scan data before any frame
    if (at + 2 > b.size()) return std::nullopt;
    const std::uint32_t len = be16(b, at);
    if (len < 2 || at + len > b.size()) return std::nullopt;
    const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      if (len < 7) return std::nullopt;
      const std::uint32_t h = be16(b, at + 3), w = be16(b, at + 5);
      if (w == 0 || h == 0) return std::nullopt;  // height 0 (set later by a DNL marker) is not supported
      return ImageSize{static_cast<int>(w), static_cast<int>(h)};
    }
    at += len;
  }
  return std::nullopt;
}

}  // namespace tramtin
