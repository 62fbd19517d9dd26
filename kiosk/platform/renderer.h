// Draws ImGui's draw data with SDL's renderer, sending untextured triangles (fills, borders) down
// SDL's colour-fill path and only glyphs and pictures down the texture path. With the software
// renderer that is several times cheaper for the large fills a kiosk screen is made of.
// Layer: tramtin (SDL2 + ImGui). The font texture is FontAtlas's (font_atlas.h); Debian's
// imgui_impl_sdlrenderer is only a test's reference for the pictures this draws.
#pragma once

struct ImDrawData;
struct SDL_Renderer;

namespace tramtin {

// `fast` sends opaque fills down SDL's unblended path and cuts ImGui's triangle fans into thin
// triangles (see renderer.cpp); `plain` draws every untextured triangle blended, as ImGui gave it.
// Both give the same pixels; plain is there to prove it and to time the difference.
enum class RenderPath { fast, plain };

void render_draw_data(SDL_Renderer* renderer, ImDrawData* draw_data, RenderPath path = RenderPath::fast);

}  // namespace tramtin
