// The kiosk application: window, event-driven loop, frame composition and headless screenshots.
// Layer: tramtin (SDL2 + Dear ImGui).
//
// [SECTION] Data files
// [SECTION] Input: SDL events -> ImGui IO (our own platform layer, so touch and virtual time work)
// [SECTION] Frame: header, banner, content area with drag-to-scroll, footer
// [SECTION] Loop: block until input, a deadline or a worker event; render a few frames, then sleep
// [SECTION] Screenshot
#include "kiosk/app.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <filesystem>

#include "content/log.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/session.h"
#include "kiosk/fonts.h"
#include "kiosk/screens.h"
#include "kiosk/theme.h"
#include "kiosk/ui.h"

namespace tramtin {

// ---------------------------------------------------------------------------------------------
// [SECTION] Data files
// ---------------------------------------------------------------------------------------------

std::string find_data_file(const std::string& relative) {
  namespace fs = std::filesystem;
  std::vector<std::string> roots;
  if (const char* env = std::getenv("TRAMTIN_DATA_DIR"); env && *env) roots.emplace_back(env);
  roots.emplace_back(TRAMTIN_SOURCE_DIR);
  roots.emplace_back("/usr/share/tramtin");
  for (const auto& r : roots) {
    fs::path p = fs::path(r) / relative;
    std::error_code ec;
    if (fs::exists(p, ec)) return p.string();
  }
  return {};
}

namespace {

std::atomic<bool> g_stop_signal{false};
std::uint32_t g_wake_event_type = 0;

extern "C" void on_stop_signal(int) {
  g_stop_signal = true;
  // SDL's own signal handler pushes SDL_QUIT the same way; SDL_PushEvent is safe from any thread.
  SDL_Event e{};
  e.type = g_wake_event_type;
  SDL_PushEvent(&e);
}

// A pointer event waiting to reach ImGui. ImGui 1.86 reads the pointer as state, so a tap
// (down and up before the next frame) would be lost: we feed at most one button change per frame.
struct PointerEvent {
  float x = 0, y = 0;
  int button = -1;        // -1: move only; 0: left button / finger
  bool down = false;
  float wheel = 0;
};

std::string format_freshness(const Strings& strings, const std::string& lang, std::int64_t applied_at) {
  if (applied_at <= 0) return {};
  std::time_t t = static_cast<std::time_t>(applied_at);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%H:%M, %d/%m", &tm);
  return strings.get(lang, "updated_at") + " " + buf;
}

}  // namespace

struct App::Impl {
  Config config;
  AppOptions opt;
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  bool imgui_ready = false;
  bool headless = false;

  Strings strings;
  Session session;
  SessionDefaults defaults;
  FontSet fonts;
  float fonts_built_for = -1.0f;
  Metrics metrics;
  int width = 0, height = 0;

  std::deque<PointerEvent> pointer_queue;
  int frames_pending = 3;             // render this many more frames, then sleep
  bool running = true;
  std::uint32_t wake_event = 0;       // SDL user event type the workers push
  std::chrono::steady_clock::time_point last_input = std::chrono::steady_clock::now();

  // Drag-to-scroll with inertia for the content area.
  float scroll_velocity = 0.0f;
  bool scrolling_by_drag = false;

  std::int64_t content_applied_at = 0;

  // ---- [SECTION] Input -------------------------------------------------------------------------

  void handle_event(const SDL_Event& e) {
    ImGuiIO& io = ImGui::GetIO();
    if (log::level() == log::Level::debug) log::debug("event", std::to_string(e.type));
    switch (e.type) {
      case SDL_QUIT:
        if (config.kiosk_mode && !opt.screenshot_path.size() && !session.staff_unlocked && opt.fullscreen) {
          log::info("app", "close request ignored in kiosk mode (unlock the staff screen to exit)");
        } else {
          running = false;
        }
        break;
      case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e.window.event == SDL_WINDOWEVENT_RESIZED)
          update_size();
        break;
      case SDL_MOUSEMOTION:
        if (e.motion.which == SDL_TOUCH_MOUSEID) break;  // fingers come as finger events
        pointer_queue.push_back({float(e.motion.x), float(e.motion.y), -1, false, 0});
        break;
      case SDL_MOUSEBUTTONDOWN:
      case SDL_MOUSEBUTTONUP:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) break;
        pointer_queue.push_back({float(e.button.x), float(e.button.y), 0, e.type == SDL_MOUSEBUTTONDOWN, 0});
        break;
      case SDL_MOUSEWHEEL:
        pointer_queue.push_back({io.MousePos.x, io.MousePos.y, -1, false, float(e.wheel.y)});
        break;
      case SDL_FINGERDOWN:
      case SDL_FINGERUP:
      case SDL_FINGERMOTION: {
        const float x = e.tfinger.x * float(width), y = e.tfinger.y * float(height);
        if (e.type == SDL_FINGERMOTION) {
          pointer_queue.push_back({x, y, -1, false, 0});
        } else {
          pointer_queue.push_back({x, y, -1, false, 0});  // move first so the press lands where the finger is
          pointer_queue.push_back({x, y, 0, e.type == SDL_FINGERDOWN, 0});
        }
        break;
      }
      case SDL_KEYDOWN: {
        const bool alt = (e.key.keysym.mod & KMOD_ALT) != 0;
        if (alt && (e.key.keysym.sym == SDLK_F4 || e.key.keysym.sym == SDLK_TAB)) {
          log::info("app", "Alt+F4/Alt+Tab ignored in kiosk mode");
        } else if (e.key.keysym.sym == SDLK_ESCAPE && !opt.fullscreen) {
          running = false;  // desktop testing only: a windowed kiosk closes with Escape
        }
        break;
      }
      default:
        if (e.type == wake_event) break;  // a worker asked for a frame
        return;                           // nothing that changes the screen
    }
    last_input = std::chrono::steady_clock::now();
    frames_pending = std::max(frames_pending, 3);
  }

  // Feeds queued pointer events to ImGui: moves until (and including) the first button change.
  void feed_pointer() {
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheel = 0;
    while (!pointer_queue.empty()) {
      PointerEvent p = pointer_queue.front();
      pointer_queue.pop_front();
      io.MousePos = ImVec2(p.x, p.y);
      io.MouseWheel += p.wheel;
      if (p.button == 0) {
        io.MouseDown[0] = p.down;
        break;
      }
    }
    if (!pointer_queue.empty()) frames_pending = std::max(frames_pending, 2);
  }

  void update_size() {
    SDL_GetRendererOutputSize(renderer, &width, &height);
    metrics = make_metrics(width, height);
  }

  // ---- Fonts (between frames only) -------------------------------------------------------------

  void ensure_fonts() {
    const float want = metrics.scale * text_size_factor(session.text_size);
    if (std::fabs(want - fonts_built_for) < 0.001f) return;
    FontBuildInput in;
    in.manifest_path = opt.fonts_manifest;
    in.scale = want;
    in.texts = strings.all_text();
    for (const auto& l : config.languages) in.texts.push_back(language_autonym(l));
    in.texts.push_back(config.commune);
    in.texts.push_back(config.province);
    auto t0 = std::chrono::steady_clock::now();
    if (imgui_ready) ImGui_ImplSDLRenderer_DestroyFontsTexture();
    std::string err;
    if (!build_fonts(in, &fonts, &err)) {
      log::error("fonts", err);
      ImGui::GetIO().Fonts->Clear();
      ImGui::GetIO().Fonts->AddFontDefault();
      fonts = FontSet{};
      ImFont* d = ImGui::GetIO().Fonts->Fonts[0];
      fonts.small = fonts.body = fonts.bold = fonts.heading = fonts.title = fonts.icon_large = d;
    }
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    ImGui::GetIO().Fonts->ClearTexData();  // the texture holds the pixels now
    fonts_built_for = want;
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    log::debug("fonts", "atlas built: " + std::to_string(fonts.glyph_count) + " glyphs, scale " +
                            std::to_string(want) + ", " + std::to_string(int(ms)) + " ms");
  }

  // ---- [SECTION] Frame ---------------------------------------------------------------------------

  void draw_header(Ui& ui) {
    const Metrics& m = metrics;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a(0, 0), b(float(width), m.header_h);
    dl->AddRectFilled(a, b, ui.theme.high_contrast ? IM_COL32(0, 0, 0, 255) : ui.theme.primary);
    if (ui.theme.high_contrast) dl->AddLine(ImVec2(0, b.y - 1), ImVec2(b.x, b.y - 1), ui.theme.border, 2);
    const ImU32 fg = ui.theme.high_contrast ? ui.theme.text : ui.theme.primary_text;
    ImFont* hf = fonts.heading;
    std::string place = config.commune;
    dl->AddText(hf, hf->FontSize, ImVec2(m.pad, (m.header_h - hf->FontSize) * 0.5f), fg, place.c_str());

    // Right side: language, text size, contrast — same place on every screen.
    const float h = m.header_h - 2 * 12 * m.scale;
    const float y = 12 * m.scale;
    float x = float(width) - m.pad;
    auto place_button = [&](const char* id, const char* icon, const std::string& label, float w, bool selected,
                            auto on_tap) {
      x -= w;
      ImGui::SetCursorScreenPos(ImVec2(x, y));
      if (touch_button(ui, id, icon, label.c_str(), ImVec2(w, h), false, selected)) on_tap();
      x -= m.gap * 0.75f;
    };
    place_button("contrast", icon::adjust, "", h * 1.2f, session.high_contrast,
                 [&] { ui.emit(Intent{Intent::Type::toggle_contrast, {}, {}, 0}); });
    for (int sz = 2; sz >= 0; --sz) {
      const char* name = sz == 0 ? "A-" : sz == 1 ? "A" : "A+";
      std::string id = std::string("size-") + name;
      place_button(id.c_str(), nullptr, name, h * 1.15f, int(session.text_size) == sz,
                   [&, sz] { ui.emit(Intent{Intent::Type::set_text_size, {}, {}, sz}); });
    }
    const std::string lang_label = language_autonym(session.language);
    ImFont* bf = fonts.bold;
    float lw = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, (std::string(icon::globe) + "  " + lang_label).c_str()).x +
               2 * m.pad;
    place_button("language", icon::globe, lang_label, std::max(lw, h * 3), false,
                 [&] { ui.open(ScreenId::language); });

    // Date and time, between the commune name and the buttons.
    std::time_t now = static_cast<std::time_t>(ui.now);
    std::tm tm{};
    localtime_r(&now, &tm);
    char clock[32];
    std::strftime(clock, sizeof clock, "%d/%m  %H:%M", &tm);
    ImVec2 cs = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, clock);
    float cx = x - cs.x - m.pad;
    float name_end = m.pad + hf->CalcTextSizeA(hf->FontSize, FLT_MAX, 0, place.c_str()).x;
    if (cx > name_end + m.pad) dl->AddText(bf, bf->FontSize, ImVec2(cx, (m.header_h - cs.y) * 0.5f), fg, clock);
  }

  void draw_footer(Ui& ui) {
    const Metrics& m = metrics;
    const float top = float(height) - m.footer_h;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, top), ImVec2(float(width), float(height)), ui.theme.surface);
    dl->AddLine(ImVec2(0, top), ImVec2(float(width), top), ui.theme.border, 2 * m.scale);
    const float h = m.footer_h - 2 * 20 * m.scale;
    const float y = top + 20 * m.scale;
    const float w = std::max(300 * m.scale, h * 3);
    ImGui::SetCursorScreenPos(ImVec2(m.pad, y));
    if (touch_button(ui, "home", icon::home, ui.tr("home"), ImVec2(w, h), true))
      ui.emit(Intent{Intent::Type::home, {}, {}, 0});
    ImGui::SetCursorScreenPos(ImVec2(m.pad + w + m.gap * 2, y));
    if (touch_button(ui, "back", icon::arrow_left, ui.tr("back"), ImVec2(w, h)))
      ui.emit(Intent{Intent::Type::back, {}, {}, 0});
    ImGui::SetCursorScreenPos(ImVec2(float(width) - m.pad - w, y));
    if (touch_button(ui, "feedback", icon::smile, ui.tr("feedback"), ImVec2(w, h)))
      ui.open(ScreenId::feedback);
  }

  // The content area: the current screen, inside a child window that scrolls by dragging.
  void draw_content(Ui& ui) {
    const Metrics& m = metrics;
    const float top = m.header_h;
    const float bottom = float(height) - m.footer_h;
    ImGui::SetCursorScreenPos(ImVec2(0, top));
    ImGui::BeginChild("content", ImVec2(float(width), bottom - top), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::SetCursorPos(ImVec2(m.pad, m.pad));
    ImGui::BeginGroup();
    draw_screen(ui, session.current());
    ImGui::EndGroup();
    ImGui::Dummy(ImVec2(1, m.pad));
    drag_to_scroll();
    ImGui::EndChild();
  }

  void drag_to_scroll() {
    ImGuiIO& io = ImGui::GetIO();
    const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    if (io.MouseDown[0] && hovered && ImGui::IsMouseDragging(0, 24.0f)) {
      scrolling_by_drag = true;
      ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
      if (io.DeltaTime > 0) scroll_velocity = 0.7f * scroll_velocity + 0.3f * (-io.MouseDelta.y / io.DeltaTime);
    } else if (!io.MouseDown[0]) {
      if (scrolling_by_drag) scrolling_by_drag = false;
      if (std::fabs(scroll_velocity) > 20.0f) {  // inertia: the list keeps gliding, then stops
        ImGui::SetScrollY(ImGui::GetScrollY() + scroll_velocity * io.DeltaTime);
        scroll_velocity *= std::pow(0.05f, io.DeltaTime);
        frames_pending = std::max(frames_pending, 2);
      } else {
        scroll_velocity = 0;
      }
    }
    if (io.MouseWheel != 0 && hovered) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * 120 * metrics.scale);
  }

  void render_frame(std::int64_t now_unix, float dt, std::vector<unsigned char>* capture) {
    ensure_fonts();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(width), float(height));
    io.DeltaTime = dt > 0 ? dt : 1.0f / 60.0f;
    feed_pointer();
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui::NewFrame();

    Ui ui;
    ui.config = &config;
    ui.session = &session;
    ui.strings = &strings;
    ui.fonts = &fonts;
    ui.theme = make_theme(session.high_contrast);
    ui.m = metrics;
    ui.now = now_unix;
    ui.freshness = format_freshness(strings, session.language, content_applied_at);
    apply_imgui_style(ui.theme, metrics.scale);

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("root", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PushFont(fonts.body);
    draw_content(ui);
    draw_header(ui);
    draw_footer(ui);
    ImGui::PopFont();
    ImGui::End();
    ImGui::Render();

    const ImU32 bg = ui.theme.bg;
    SDL_SetRenderDrawColor(renderer, bg & 0xFF, (bg >> 8) & 0xFF, (bg >> 16) & 0xFF, 255);
    SDL_RenderClear(renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    if (capture) {  // read before present: with the software renderer the back buffer is ours
      capture->assign(std::size_t(width) * height * 4, 0);
      SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGBA32, capture->data(), width * 4);
    }
    SDL_RenderPresent(renderer);

    for (const auto& in : ui.intents) apply_intent(session, in);
    if (!ui.intents.empty()) frames_pending = std::max(frames_pending, 2);
  }

  // ---- Setup -------------------------------------------------------------------------------------

  static bool gl_is_software() {
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

  bool init(std::string* error) {
    headless = !opt.screenshot_path.empty();
    if (headless) {
      // No display needed: the dummy video driver with the software renderer (see platform notes).
      if (!std::getenv("SDL_VIDEODRIVER")) SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    } else if (!std::getenv("SDL_VIDEODRIVER") && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
      *error = "no display: DISPLAY and WAYLAND_DISPLAY are not set. Start TramTin in the kiosk session, "
               "or under a virtual display (xvfb-run -a tramtin --windowed 1280x800), or take a picture "
               "with tramtin --screenshot out.png";
      return false;
    }
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");      // ours: SIGTERM stops, a close request does not
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");       // fingers arrive once, as finger events
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0"); // software renderer without loading GL
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
      *error = std::string("no display: SDL could not start video (") + SDL_GetError() +
               "). Start TramTin in the kiosk session, or under xvfb-run -a, or use --screenshot out.png";
      return false;
    }
    wake_event = SDL_RegisterEvents(1);
    g_wake_event_type = wake_event;
    struct sigaction sa{};
    sa.sa_handler = on_stop_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED, w = opt.width, h = opt.height;
    if (!headless && opt.fullscreen) {
      // The window covers the whole display even without a window manager (a bare X kiosk session
      // has none, and _NET_WM_STATE_FULLSCREEN needs one).
      SDL_DisplayMode mode{};
      if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
        x = y = 0;
        w = mode.w;
        h = mode.h;
      }
      flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    }
    if (headless) flags |= SDL_WINDOW_HIDDEN;
    window = SDL_CreateWindow("TramTin", x, y, w, h, flags);
    if (!window) {
      *error = std::string("cannot create the window: ") + SDL_GetError();
      return false;
    }
    // SDL's renderer: accelerated when there is a GPU, software otherwise; the same binary runs on both.
    const char* want_sw = std::getenv("TRAMTIN_SOFTWARE_RENDERER");
    if (!headless && !(want_sw && *want_sw == '1')) {
      renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED);
      // A GL driver that rasterises on the CPU (llvmpipe under Xvfb or on a board without a GPU
      // driver) costs ~200 MB more than SDL's own software renderer and is no faster.
      if (renderer && gl_is_software()) {
        log::info("app", "OpenGL is a software rasteriser here; using SDL's software renderer instead");
        SDL_DestroyRenderer(renderer);
        renderer = nullptr;
      }
    }
    if (!renderer) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer) {
      *error = std::string("cannot create a renderer: ") + SDL_GetError();
      return false;
    }
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(renderer, &info);
    log::info("app", std::string("renderer: ") + info.name);
    if (!headless && opt.fullscreen) SDL_ShowCursor(SDL_DISABLE);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // never write imgui.ini on a kiosk
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would keep the loop awake
    io.MouseDragThreshold = 24.0f;
    ImGui_ImplSDLRenderer_Init(renderer);
    imgui_ready = true;
    update_size();

    defaults.language = config.default_language;
    defaults.high_contrast = config.high_contrast;
    reset_session(session, defaults);
    return true;
  }

  void shutdown() {
    if (imgui_ready) {
      ImGui_ImplSDLRenderer_Shutdown();
      ImGui::DestroyContext();
      imgui_ready = false;
    }
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    renderer = nullptr;
    window = nullptr;
    SDL_Quit();
  }

  // ---- [SECTION] Loop ----------------------------------------------------------------------------

  // Milliseconds until the next thing that changes the picture without input: the clock's minute.
  int ms_until_deadline() const {
    using namespace std::chrono;
    auto now = system_clock::now();
    auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
    int to_minute = int(60000 - ms % 60000) + 5;
    return to_minute;
  }

  int loop() {
    using clock = std::chrono::steady_clock;
    auto last_frame = clock::now();
    while (running) {
      SDL_Event e;
      const int timeout = frames_pending > 0 ? 0 : ms_until_deadline();
      if (SDL_WaitEventTimeout(&e, timeout)) {
        handle_event(e);
        while (SDL_PollEvent(&e)) handle_event(e);
      }
      if (g_stop_signal) {
        log::info("app", "stop signal received; exiting");
        break;
      } else if (frames_pending == 0) {
        frames_pending = 1;  // the minute changed: redraw the clock once
      }
      if (frames_pending > 0 && running) {
        auto now = clock::now();
        float dt = std::chrono::duration<float>(now - last_frame).count();
        last_frame = now;
        render_frame(std::time(nullptr), std::min(dt, 0.1f), nullptr);
        --frames_pending;
      }
    }
    return kExitOk;
  }

  // ---- [SECTION] Screenshot ----------------------------------------------------------------------

  int screenshot() {
    std::vector<unsigned char> pixels;
    const int n = std::max(1, opt.frames);
    for (int i = 0; i < n; ++i) render_frame(std::time(nullptr), 1.0f / 60.0f, i == n - 1 ? &pixels : nullptr);
    if (!stbi_write_png(opt.screenshot_path.c_str(), width, height, 4, pixels.data(), width * 4)) {
      log::error("screenshot", "cannot write " + opt.screenshot_path);
      return kExitFailure;
    }
    log::info("screenshot", "wrote " + opt.screenshot_path + " (" + std::to_string(width) + "x" +
                                std::to_string(height) + ")");
    return kExitOk;
  }
};

App::App(Config config, AppOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->opt = std::move(options);
  if (impl_->opt.fonts_manifest.empty()) impl_->opt.fonts_manifest = find_data_file("fonts/fonts.toml");
}

App::~App() { impl_->shutdown(); }

int App::run() {
  std::string err;
  if (!impl_->init(&err)) {
    std::fprintf(stderr, "tramtin: %s\n", err.c_str());
    return err.rfind("no display", 0) == 0 ? kExitNoDisplay : kExitFailure;
  }
  return impl_->opt.screenshot_path.empty() ? impl_->loop() : impl_->screenshot();
}

}  // namespace tramtin
