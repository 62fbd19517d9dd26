// ImGui draw data -> SDL_RenderGeometryRaw, splitting solid and textured runs. Layer: tramtin.
#include "kiosk/platform/renderer.h"

#include <SDL.h>
#include <cmath>
#include <cstddef>
#include <imgui.h>
#include <vector>

namespace tramtin {
namespace {

// ImGui draws solid shapes with the atlas's white pixel as their texture coordinate.
bool is_solid(const ImDrawVert& v, ImVec2 white) {
  return std::fabs(v.uv.x - white.x) < 1e-6f && std::fabs(v.uv.y - white.y) < 1e-6f;
}

// What a triangle needs from the renderer. SDL's software renderer fills a blended triangle
// through a temporary surface the size of its bounding box, then blits it: a rounded panel drawn
// as a fan of thin triangles costs its area once per triangle. An opaque solid triangle blended
// gives the same pixels as one written directly, so those go without blending.
enum class Kind { textured, solid_blended, solid_opaque };

Kind kind_of(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c, ImVec2 white) {
  if (!is_solid(a, white) || !is_solid(b, white) || !is_solid(c, white)) return Kind::textured;
  const ImU32 alpha = IM_COL32_A_MASK;
  const bool all_opaque = (a.col & b.col & c.col & alpha) == alpha;
  return all_opaque ? Kind::solid_opaque : Kind::solid_blended;
}

// ImGui fills a convex shape (a rounded panel, a circle) as a fan around its first vertex. SDL's
// software rasteriser walks every triangle's bounding box, and the fan's triangles each reach
// across the whole shape: a rounded tile of 40 vertices is scanned about 40 times. The same
// polygon cut in a zig-zag from both ends gives thin triangles along its sides, and since the
// triangles of one colour tile the polygon exactly (SDL follows the top-left rule), the pixels
// are the same. Fans of one colour with at least `kMinFan` triangles are cut again; anything
// else (a two-colour gradient quad, a lone triangle) is copied as it is.
constexpr unsigned kMinFan = 4;

void add_zigzag(const ImDrawIdx* poly, unsigned m, std::vector<ImDrawIdx>* out) {
  unsigned lo = 0, hi = m - 1;
  for (bool from_lo = true; hi - lo >= 2; from_lo = !from_lo) {
    if (from_lo) {
      out->insert(out->end(), {poly[lo], poly[lo + 1], poly[hi]});
      ++lo;
    } else {
      out->insert(out->end(), {poly[lo], poly[hi - 1], poly[hi]});
      --hi;
    }
  }
}

// The triangles idx[0, count) (a multiple of 3) with their one-colour fans cut again; `poly` is
// scratch.
void untangle_fans(const ImDrawVert* v, const ImDrawIdx* idx, unsigned count, std::vector<ImDrawIdx>* out,
                   std::vector<ImDrawIdx>* poly) {
  out->clear();
  for (unsigned i = 0; i < count;) {
    const ImDrawIdx centre = idx[i];
    unsigned j = i + 3;
    while (j + 2 < count && idx[j] == centre && idx[j + 1] == idx[j - 1]) j += 3;
    const unsigned tris = (j - i) / 3;
    bool one_colour = tris >= kMinFan;
    if (one_colour) {
      poly->assign({centre, idx[i + 1]});
      for (unsigned t = i; t < j; t += 3) poly->push_back(idx[t + 2]);
      for (ImDrawIdx k : *poly)
        if (v[k].col != v[centre].col) {
          one_colour = false;
          break;
        }
    }
    if (one_colour)
      add_zigzag(poly->data(), unsigned(poly->size()), out);
    else
      out->insert(out->end(), idx + i, idx + j);
    i = j;
  }
}

}  // namespace

void render_draw_data(SDL_Renderer* renderer, ImDrawData* dd, RenderPath path) {
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

  static thread_local std::vector<ImDrawIdx> recut, poly;  // scratch kept between frames
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
      // Runs of whole triangles of one kind, drawn in order.
      unsigned run_start = 0;
      Kind run = Kind::textured;
      auto flush = [&](unsigned end) {
        if (end <= run_start) return;
        const bool solid = run != Kind::textured;
        const ImDrawIdx* tris = first + run_start;
        unsigned n_idx = end - run_start;
        if (solid) {
          SDL_SetRenderDrawBlendMode(renderer, run == Kind::solid_opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
          if (path == RenderPath::fast) {
            untangle_fans(v, tris, n_idx, &recut, &poly);
            tris = recut.data();
            n_idx = unsigned(recut.size());
          }
        }
        SDL_RenderGeometryRaw(renderer, solid ? nullptr : tex, &v->pos.x, sizeof(ImDrawVert),
                              reinterpret_cast<const SDL_Color*>(&v->col), sizeof(ImDrawVert), &v->uv.x,
                              sizeof(ImDrawVert), int(list->VtxBuffer.Size - int(cmd.VtxOffset)), tris, int(n_idx),
                              sizeof(ImDrawIdx));
      };
      for (unsigned i = 0; i + 2 < count; i += 3) {
        Kind k = kind_of(v[first[i]], v[first[i + 1]], v[first[i + 2]], white);
        if (path == RenderPath::plain && k == Kind::solid_opaque) k = Kind::solid_blended;
        if (i == 0) {
          run = k;
        } else if (k != run) {
          flush(i);
          run_start = i;
          run = k;
        }
      }
      flush(count);
    }
  }
  SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND);
  SDL_RenderSetViewport(renderer, &old_viewport);
  SDL_RenderSetClipRect(renderer, old_clip_on ? &old_clip : nullptr);
}

}  // namespace tramtin
