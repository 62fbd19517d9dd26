// Draws ImGui's draw data with SDL's renderer, sending untextured triangles (fills, borders) down
// SDL's colour-fill path and only glyphs and pictures down the texture path. With the software
// renderer that is several times cheaper for the large fills a kiosk screen is made of.
// Layer: tramtin (SDL2 + ImGui). Texture management stays with Debian's imgui_impl_sdlrenderer.
#pragma once

struct ImDrawData;
struct SDL_Renderer;

namespace tramtin {

void render_draw_data(SDL_Renderer* renderer, ImDrawData* draw_data);

}  // namespace tramtin
