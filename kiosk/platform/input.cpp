// SDL events → pointer samples → ImGui (see input.h). Layer: tramtin (SDL2 + ImGui).
#include "kiosk/platform/input.h"

#include <SDL.h>
#include <imgui.h>

#include "content/base/log.h"

namespace tramtin {

EventMeaning PointerInput::translate(const SDL_Event& e, int width, int height, unsigned wake_type, bool windowed) {
  switch (e.type) {
    case SDL_QUIT:
      return EventMeaning::quit;
    case SDL_WINDOWEVENT:
      if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e.window.event == SDL_WINDOWEVENT_RESIZED)
        return EventMeaning::resized;
      return EventMeaning::wake;  // exposed, focus: redraw, but nobody touched anything
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID) return EventMeaning::none;  // fingers come as finger events
      push({float(e.motion.x), float(e.motion.y), -1, false, 0});
      return EventMeaning::input;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return EventMeaning::none;
      push({float(e.button.x), float(e.button.y), 0, e.type == SDL_MOUSEBUTTONDOWN, 0});
      return EventMeaning::input;
    case SDL_MOUSEWHEEL: {
      const ImVec2 at = ImGui::GetIO().MousePos;
      push({at.x, at.y, -1, false, float(e.wheel.y)});
      return EventMeaning::input;
    }
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: {
      const float x = e.tfinger.x * float(width), y = e.tfinger.y * float(height);
      push({x, y, -1, false, 0});  // move first so the press lands where the finger is
      if (e.type != SDL_FINGERMOTION) push({x, y, 0, e.type == SDL_FINGERDOWN, 0});
      return EventMeaning::input;
    }
    case SDL_KEYDOWN: {
      const bool alt = (e.key.keysym.mod & KMOD_ALT) != 0;
      if (alt && (e.key.keysym.sym == SDLK_F4 || e.key.keysym.sym == SDLK_TAB)) {
        log::info("app", "Alt+F4/Alt+Tab ignored in kiosk mode");
      } else if (e.key.keysym.sym == SDLK_ESCAPE && windowed) {
        return EventMeaning::leave;
      }
      return EventMeaning::input;
    }
    default:
      return e.type == wake_type ? EventMeaning::wake : EventMeaning::none;
  }
}

void PointerInput::push(const PointerEvent& p) {
  if (swallowing_) {
    if (p.button == 0 && !p.down) swallowing_ = false;  // the finger that woke the kiosk lifted
    return;
  }
  queue_.push_back(p);
}

void PointerInput::swallow_until_release() {
  queue_.clear();
  swallowing_ = true;
}

bool PointerInput::feed(const std::function<void(float, float, bool)>& on_sample) {
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheel = 0;
  while (!queue_.empty()) {
    const PointerEvent p = queue_.front();
    queue_.pop_front();
    io.MousePos = ImVec2(p.x, p.y);
    io.MouseWheel += p.wheel;
    if (p.button == 0) io.MouseDown[0] = p.down;
    if (on_sample) on_sample(p.x, p.y, io.MouseDown[0]);
    if (p.button == 0) break;
  }
  return !queue_.empty();
}

}  // namespace tramtin
