// ImGui draw data -> SDL_RenderGeometryRaw, splitting solid and textured runs. Layer: tramtin.
#include "kiosk/platform/renderer.h"

#include <SDL.h>
#include <cmath>
#include <cstddef>
#include <imgui.h>

namespace tramtin {
namespace {

// ImGui draws solid shapes with the atlas's white pixel as their texture coordinate.
bool is_solid(const ImDrawVert& v, ImVec2 white) {
  return std::fabs(v.uv.x - white.x) < 1e-6f && std::fabs(v.uv.y - white.y) < 1e-6f;
}

}  // namespace

void render_draw_data(SDL_Renderer* renderer, ImDrawData* dd) {
  float rsx = 1.0f, rsy = 1.0f;
  SDL_RenderGetScale(renderer, &rsx, &rsy);
  const ImVec2 scale(rsx == 1.0f ? dd->FramebufferScale.x : 1.0f, rsy == 1.0f ? dd->FramebufferScale.y : 1.0f);
  const int fb_w = int(dd->DisplaySize.x * scale.x), fb_h = int(dd->DisplaySize.y * scale.y);
  if (fb_w <= 0 || fb_h <= 0) return;

  SDL_Rect old_viewport;
  SDL_Rect old_clip;
  const SDL_bool old_clip_on = SDL_RenderIsClipEnabled(renderer);
  SDL_RenderGetViewport(renderer, &old_viewport);
  SDL_RenderGetClipRect(renderer, &old_clip);
  SDL_RenderSetViewport(renderer, nullptr);
  SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND);  // the fill path blends like the texture path

  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  const ImVec2 off = dd->DisplayPos;
  for (int n = 0; n < dd->CmdListsCount; ++n) {
    const ImDrawList* list = dd->CmdLists[n];
    const ImDrawVert* vtx = list->VtxBuffer.Data;
    const ImDrawIdx* idx = list->IdxBuffer.Data;
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      ImVec2 cmin((cmd.ClipRect.x - off.x) * scale.x, (cmd.ClipRect.y - off.y) * scale.y);
      ImVec2 cmax((cmd.ClipRect.z - off.x) * scale.x, (cmd.ClipRect.w - off.y) * scale.y);
      if (cmin.x < 0) cmin.x = 0;
      if (cmin.y < 0) cmin.y = 0;
      if (cmax.x > fb_w) cmax.x = float(fb_w);
      if (cmax.y > fb_h) cmax.y = float(fb_h);
      if (cmax.x <= cmin.x || cmax.y <= cmin.y) continue;
      SDL_Rect r{int(cmin.x), int(cmin.y), int(cmax.x - cmin.x), int(cmax.y - cmin.y)};
      SDL_RenderSetClipRect(renderer, &r);

      const ImDrawVert* v = vtx + cmd.VtxOffset;
      const ImDrawIdx* first = idx + cmd.IdxOffset;
      const unsigned count = cmd.ElemCount;
      auto* tex = static_cast<SDL_Texture*>(cmd.GetTexID());
      // Runs of whole triangles that are all solid or all textured, drawn in order.
      unsigned run_start = 0;
      bool run_solid = false;
      auto flush = [&](unsigned end) {
        if (end <= run_start) return;
        SDL_RenderGeometryRaw(renderer, run_solid ? nullptr : tex, &v->pos.x, sizeof(ImDrawVert),
                              reinterpret_cast<const SDL_Color*>(&v->col), sizeof(ImDrawVert), &v->uv.x,
                              sizeof(ImDrawVert), int(list->VtxBuffer.Size - int(cmd.VtxOffset)), first + run_start,
                              int(end - run_start), sizeof(ImDrawIdx));
      };
      for (unsigned i = 0; i + 2 < count; i += 3) {
        const bool solid = is_solid(v[first[i]], white) && is_solid(v[first[i + 1]], white) &&
                           is_solid(v[first[i + 2]], white);
        if (i == 0) {
          run_solid = solid;
        } else if (solid != run_solid) {
          flush(i);
          run_start = i;
          run_solid = solid;
        }
      }
      flush(count);
    }
  }
  SDL_RenderSetViewport(renderer, &old_viewport);
  SDL_RenderSetClipRect(renderer, old_clip_on ? &old_clip : nullptr);
}

}  // namespace tramtin
