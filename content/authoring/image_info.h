// The pixel size a PNG or JPEG file claims in its header, read without decoding anything, so the
// staff tool can refuse a picture a kiosk would refuse (or choke on) before it is signed.
// Layer: tramtin_content, content/authoring/ (no dependencies).
#pragma once

#include <optional>
#include <string_view>

namespace tramtin {

struct ImageSize {
  int width = 0;
  int height = 0;
};

// The kiosk decodes no picture wider or taller than this (kiosk/ui/media.cpp refuses it undecoded).
inline constexpr int kMaxImageSide = 4096;

// PNG: the IHDR chunk; JPEG: the first start-of-frame marker. nullopt when the header is missing,
// cut short or damaged (never reads past `bytes`).
std::optional<ImageSize> png_size(std::string_view bytes);
std::optional<ImageSize> jpeg_size(std::string_view bytes);

}  // namespace tramtin
