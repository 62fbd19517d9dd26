// The kiosk's window and SDL renderer: start SDL (a display, or the dummy driver when headless),
// create a fullscreen or windowed window, pick a renderer, read pixels back for screenshots.
// Layer: tramtin (SDL2).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "content/base/status.h"

struct SDL_Window;
struct SDL_Renderer;

namespace tramtin {

struct WindowOptions {
  bool headless = false;              // no display: the dummy video driver, a hidden window
  bool fullscreen = true;             // cover the whole display (a bare kiosk session has no WM)
  int width = 1280, height = 800;     // when windowed or headless
};

class Window {
 public:
  Window() = default;
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // Starts SDL video and events, creates the window and a renderer. When it fails for want of a
  // display, display_missing() is true and the message says how to get one.
  Status open(const WindowOptions& opt);
  bool display_missing() const { return display_missing_; }
  void close();

  SDL_Window* sdl_window() const { return window_; }
  SDL_Renderer* renderer() const { return renderer_; }
  std::uint32_t wake_event() const { return wake_event_; }  // the SDL user event workers push
  void push_wake() const;                                   // thread-safe: asks the loop for a frame

  void update_size();                 // after a resize: output size in pixels
  int width() const { return width_; }
  int height() const { return height_; }
  // The preview (preview.h): the kiosk draws in kiosk_w x kiosk_h (width() and height()) and the
  // window holds `extra_w` more on the right (the side panel). SDL scales the drawing and the
  // pointer, so with `fit_desktop` the window shrinks to fit the screen it is on.
  void set_viewport(int kiosk_w, int kiosk_h, int extra_w, bool fit_desktop);
  int extra_width() const { return extra_w_; }
  std::string renderer_name() const;
  bool size_mm(int* w_mm, int* h_mm) const;  // from the display's DPI; false when unknown

  // The back buffer as RGBA (read before present), and a PNG of it.
  void read_pixels(std::vector<unsigned char>* rgba) const;
  bool write_png(const std::string& path, const std::vector<unsigned char>& rgba) const;

 private:
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  std::uint32_t wake_event_ = 0;
  bool sdl_started_ = false;
  bool display_missing_ = false;
  int width_ = 0, height_ = 0;
  int viewport_w_ = 0, viewport_h_ = 0, extra_w_ = 0;  // set_viewport; 0: the window is the kiosk
};

// A display is needed for a real window: DISPLAY, WAYLAND_DISPLAY or SDL_VIDEODRIVER set.
bool display_available();

}  // namespace tramtin
