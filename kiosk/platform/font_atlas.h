// Builds the font atlas for the current scale and languages and uploads it to the renderer,
// between frames only. Layer: tramtin (ImGui + its SDL renderer backend).
#pragma once

#include "kiosk/ui/fonts.h"

namespace tramtin {

// On failure logs why and falls back to ImGui's built-in font, so the kiosk still shows something.
void rebuild_font_atlas(const FontBuildInput& in, FontSet* fonts);

}  // namespace tramtin
