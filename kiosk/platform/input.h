// Input: SDL events turned into pointer samples for ImGui. Our own platform layer (not ImGui's
// SDL backend) so that fingers, the mouse and scenario replay all take the same path, and so
// that virtual time works. Layer: tramtin (SDL2 + ImGui).
//
// ImGui 1.86 reads the pointer as state, so a tap (down and up before the next frame) would be
// lost: feed() hands ImGui at most one button change per frame and says when more are waiting.
#pragma once

#include <deque>
#include <functional>

union SDL_Event;

namespace tramtin {

struct PointerEvent {
  float x = 0, y = 0;
  int button = -1;        // -1: move only; 0: left button / finger
  bool down = false;
  float wheel = 0;
};

// What one SDL event means to the kiosk.
enum class EventMeaning {
  none,          // nothing that changes the screen
  input,         // a touch, a click, a wheel or a key: the visitor did something (idle clock)
  wake,          // a worker or a signal asked for frames: never counts as input
  resized,
  quit,          // a close request (ignored in kiosk mode)
  leave,         // Escape in a window: desktop testing only
};

class PointerInput {
 public:
  // Classifies `e` and queues its pointer samples. `width`/`height` turn finger coordinates
  // (0..1) into pixels; `wake_type` is the SDL user event workers push.
  EventMeaning translate(const SDL_Event& e, int width, int height, unsigned wake_type, bool windowed);
  void push(const PointerEvent& p);
  // The touch that wakes the slideshow presses nothing: drop what is queued and every sample
  // until the button or finger is released.
  void swallow_until_release();
  // Moves ImGui's pointer through queued samples, up to and including the first button change.
  // `on_sample(x, y, down)` sees each sample (the staff corner hold). True when more are queued.
  bool feed(const std::function<void(float x, float y, bool down)>& on_sample);

 private:
  std::deque<PointerEvent> queue_;
  bool swallowing_ = false;
};

}  // namespace tramtin
