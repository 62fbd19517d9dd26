// Builds the font atlas for the current scale and languages and uploads it to the renderer,
// between frames only. Layer: tramtin (ImGui + its SDL renderer backend).
#pragma once

#include <string>

#include "kiosk/ui/fonts.h"

namespace tramtin {

// On failure logs why, sets *error and falls back to ImGui's built-in font, and returns false.
bool rebuild_font_atlas(const FontBuildInput& in, FontSet* fonts, std::string* error);

}  // namespace tramtin
