// The window and renderer (see window.h). Layer: tramtin (SDL2).
#include "kiosk/platform/window.h"

#include <SDL.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "content/base/log.h"

namespace tramtin {

namespace {

// llvmpipe under Xvfb, or a board without a GPU driver: GL that rasterises on the CPU costs
// ~200 MB more than SDL's own software renderer and is no faster.
bool gl_is_software() {
  if (!SDL_GL_GetCurrentContext()) return false;
  using GetString = const unsigned char* (*)(unsigned int);
  auto get = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
  if (!get) return false;
  const unsigned int kGlRenderer = 0x1F01;
  const char* name = reinterpret_cast<const char*>(get(kGlRenderer));
  if (!name) return false;
  std::string n(name);
  log::debug("app", "OpenGL renderer: " + n);
  return n.find("llvmpipe") != std::string::npos || n.find("softpipe") != std::string::npos ||
         n.find("Software Rasterizer") != std::string::npos;
}

// A GPU the kernel drives shows up as a DRM node. Without one, GL could only be Mesa's software
// rasteriser: trying it would map libGL, libLLVM and the swrast driver (~33 MB) only to throw
// them away, so SDL's software renderer is taken at once.
bool has_gpu_node() {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/dev/dri", ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("renderD", 0) == 0 || n.rfind("card", 0) == 0) return true;
  }
  return false;
}

// TRAMTIN_RENDERER=software|accelerated overrides the guess (TRAMTIN_SOFTWARE_RENDERER=1 is the
// older spelling of software).
bool try_accelerated() {
  const char* want = std::getenv("TRAMTIN_RENDERER");
  if (want && std::string(want) == "software") return false;
  if (want && std::string(want) == "accelerated") return true;
  const char* sw = std::getenv("TRAMTIN_SOFTWARE_RENDERER");
  if (sw && *sw == '1') return false;
  if (!has_gpu_node()) {
    log::info("app", "no GPU (no render node in /dev/dri): SDL's software renderer, no GL loaded");
    return false;
  }
  return true;
}

Status no_display(const std::string& why) {
  return Status::error(ErrorKind::input, "no display: " + why +
                           ". Start TramTin in the kiosk session, or under a virtual display "
                           "(xvfb-run -a tramtin --windowed 1280x800), or take a picture with "
                           "tramtin --screenshot out.png");
}

}  // namespace

bool display_available() {
  return std::getenv("SDL_VIDEODRIVER") || std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
}

Window::~Window() { close(); }

Status Window::open(const WindowOptions& opt) {
  if (opt.headless) {
    // No display needed: the dummy video driver with the software renderer (see platform notes).
    if (!std::getenv("SDL_VIDEODRIVER")) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
  } else if (!display_available()) {
    display_missing_ = true;
    return no_display("DISPLAY and WAYLAND_DISPLAY are not set");
  }
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");       // ours: SIGTERM stops, a close request does not
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");       // fingers arrive once, as finger events
  SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0"); // software renderer without loading GL
  SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    display_missing_ = true;
    return no_display(std::string("SDL could not start video (") + SDL_GetError() + ")");
  }
  sdl_started_ = true;
  wake_event_ = SDL_RegisterEvents(1);

  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
  int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED, w = opt.width, h = opt.height;
  if (!opt.headless && opt.fullscreen) {
    // Cover the whole display even without a window manager (_NET_WM_STATE_FULLSCREEN needs one).
    SDL_DisplayMode mode{};
    if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
      x = y = 0;
      w = mode.w;
      h = mode.h;
    }
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
  }
  if (opt.headless) flags |= SDL_WINDOW_HIDDEN;
  window_ = SDL_CreateWindow("TramTin", x, y, w, h, flags);
  if (!window_) return Status::error(ErrorKind::input, std::string("cannot create the window: ") + SDL_GetError());

  // Accelerated when there is a GPU, software otherwise; the same binary runs on both.
  if (!opt.headless && try_accelerated()) {
    renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_ACCELERATED);
    if (renderer_ && gl_is_software()) {
      log::info("app", "OpenGL is a software rasteriser here; using SDL's software renderer instead");
      SDL_DestroyRenderer(renderer_);
      renderer_ = nullptr;
    }
  }
  if (!renderer_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
  if (!renderer_) return Status::error(ErrorKind::input, std::string("cannot create a renderer: ") + SDL_GetError());
  log::info("app", "renderer: " + renderer_name());
  if (!opt.headless && opt.fullscreen) SDL_ShowCursor(SDL_DISABLE);
  update_size();
  return {};
}

void Window::close() {
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
  renderer_ = nullptr;
  window_ = nullptr;
  if (sdl_started_) SDL_Quit();
  sdl_started_ = false;
}

void Window::push_wake() const {
  SDL_Event e{};
  e.type = wake_event_;
  SDL_PushEvent(&e);  // safe from any thread
}

void Window::update_size() {
  if (viewport_w_ > 0) {
    width_ = viewport_w_;
    height_ = viewport_h_;
    return;
  }
  if (renderer_) SDL_GetRendererOutputSize(renderer_, &width_, &height_);
}

void Window::set_viewport(int kiosk_w, int kiosk_h, int extra_w, bool fit_desktop) {
  viewport_w_ = kiosk_w;
  viewport_h_ = kiosk_h;
  extra_w_ = extra_w;
  const int lw = kiosk_w + extra_w, lh = kiosk_h;
  float zoom = 1.0f;
  SDL_Rect usable{};
  if (fit_desktop && SDL_GetDisplayUsableBounds(SDL_GetWindowDisplayIndex(window_), &usable) == 0 && usable.w > 0 &&
      usable.h > 0)
    zoom = std::min({1.0f, float(usable.w - 16) / float(lw), float(usable.h - 48) / float(lh)});
  SDL_SetWindowSize(window_, std::max(1, int(float(lw) * zoom)), std::max(1, int(float(lh) * zoom)));
  SDL_RenderSetLogicalSize(renderer_, lw, lh);
  update_size();
}

std::string Window::renderer_name() const {
  SDL_RendererInfo info{};
  if (!renderer_ || SDL_GetRendererInfo(renderer_, &info) != 0) return {};
  return info.name;
}

bool Window::size_mm(int* w_mm, int* h_mm) const {
  float hdpi = 0, vdpi = 0;
  if (!window_ || SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(window_), nullptr, &hdpi, &vdpi) != 0 || hdpi <= 0 ||
      vdpi <= 0)
    return false;
  *w_mm = int(width_ / hdpi * 25.4f);
  *h_mm = int(height_ / vdpi * 25.4f);
  return true;
}

// The whole window (with the preview's panel): headless, where pixels are read, it is not scaled.
void Window::read_pixels(std::vector<unsigned char>* rgba) const {
  const int w = width_ + extra_w_;
  rgba->assign(std::size_t(w) * std::size_t(height_) * 4, 0);
  SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGBA32, rgba->data(), w * 4);
}

bool Window::write_png(const std::string& path, const std::vector<unsigned char>& rgba) const {
  const int w = width_ + extra_w_;
  if (rgba.size() < std::size_t(w) * std::size_t(height_) * 4) return false;
  return stbi_write_png(path.c_str(), w, height_, 4, rgba.data(), w * 4) != 0;
}

}  // namespace tramtin
