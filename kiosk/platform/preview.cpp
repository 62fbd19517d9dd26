// `tramtin --preview SRC` (see preview.h): App's side. Set-up (a temporary data folder, the first
// reading), the window wider than the kiosk, what the panel asked for (between frames), the panel
// itself, the scenario hooks and `--render-items`.
// Layer: tramtin (SDL2 + ImGui; part of App, see app_impl.h).
//
// [SECTION] Helpers
// [SECTION] Set-up
// [SECTION] Between frames
// [SECTION] The side panel
// [SECTION] Scenario hooks and the state dump
// [SECTION] --render-items
#include "kiosk/platform/preview.h"

#include <imgui.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "content/base/files.h"
#include "content/base/log.h"
#include "content/base/time.h"
#include "kiosk/platform/app_impl.h"

namespace tramtin {

// ---- [SECTION] Helpers -------------------------------------------------------------------------

namespace {

namespace fs = std::filesystem;

// Long enough that the preview never goes home or to the slideshow while the author edits.
constexpr int kPreviewIdleSeconds = 100000000;

std::string size_name(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

// A diagnostic as the panel shows it: the path relative to the tree, so lines stay short.
std::string short_diagnostic(const Diagnostic& d, const std::string& src) {
  Diagnostic c = d;
  std::string root = src;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (c.path.rfind(root + "/", 0) == 0) c.path = c.path.substr(root.size() + 1);
  return format_diagnostic(c);
}

// Item ids are folder names (content/FORMAT.md), so a file name is kept as it is.
std::string file_safe(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += (std::isalnum(c) || c == '-' || c == '_') ? char(c) : '_';
  return out;
}

}  // namespace

Preview::~Preview() {
  if (source) source->stop();
  source.reset();
  if (!tmp_dir.empty()) {
    std::error_code ec;
    fs::remove_all(tmp_dir, ec);
  }
}

ScreenId preview_screen_for(Kind kind) {
  switch (kind) {
    case Kind::procedure: return ScreenId::procedure;
    case Kind::product: return ScreenId::product;
    default: return ScreenId::article;
  }
}

std::string preview_item_of(const Diagnostic& d, const std::map<std::string, Kind>& items) {
  fs::path p(d.path);
  // The folder itself (a problem with the folder), or the folder of the file (item.toml, vi.md).
  for (int up = 0; up < 2 && !p.empty(); ++up, p = p.parent_path())
    if (items.count(p.filename().string())) return p.filename().string();
  return {};
}

int preview_panel_width(int kiosk_w, int kiosk_h) {
  (void)kiosk_w;
  return int(std::lround(600.0 * kiosk_h / 1080.0));
}

// ---- [SECTION] Set-up --------------------------------------------------------------------------

// First thing at start: the preview's own data folder (a new temporary one), a configuration
// that polls nothing, and the first reading of the tree, before the kiosk opens the cache.
Status App::Impl::prepare_preview() {
  preview = std::make_unique<Preview>();
  Preview& p = *preview;
  p.src = opt.preview_src;
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/tramtin-preview-XXXXXX";
  if (!::mkdtemp(tmpl.data()))
    return Status::error(ErrorKind::storage, "cannot make a temporary folder for the preview in " +
                                                 std::string(tmp && *tmp ? tmp : "/tmp"));
  p.tmp_dir = tmpl;
  config.data_dir = p.tmp_dir;
  config.database = p.tmp_dir + "/content.db";
  config.sample_source = p.src;
  config.feeds.clear();
  config.import_watch.clear();
  config.report_url.clear();
  config.urgent_poll_minutes = 0;
  config.urgent_poll_seconds = 0;
  config.kiosk_mode = false;
  config.idle_timeout_seconds = kPreviewIdleSeconds;
  config.attract_after_seconds = kPreviewIdleSeconds + 1;
  p.kiosk_w = opt.width;
  p.kiosk_h = opt.height;
  p.panel_w = opt.render_items_dir.empty() ? preview_panel_width(p.kiosk_w, p.kiosk_h) : 0;
  opt.width = p.kiosk_w + p.panel_w;  // the window: the kiosk and the panel beside it
  p.source = std::make_unique<PreviewSource>(p.src, config.database, opt.fonts_manifest);
  auto first = p.source->build_now();
  if (!first) return first.status();
  p.shown = std::move(*first);
  p.known_items = p.shown.items;
  p.readings_taken = 1;
  std::set<std::string> seen;
  for (const auto& l : config.languages) {
    if (seen.insert(l).second) p.languages.push_back(l);
  }
  for (const auto& l : p.shown.languages)
    if (seen.insert(l).second) p.languages.push_back(l);
  log::info("preview", "previewing " + p.src + " (" + std::to_string(p.shown.item_folders) + " items, " +
                           std::to_string(p.shown.errors) + " errors, " + std::to_string(p.shown.warnings) +
                           " warnings) from the temporary cache " + config.database);
  return {};
}

// The kiosk's screen size: the window is the kiosk plus the panel, scaled down to fit the
// desktop (SDL scales the drawing and the pointer, so the kiosk draws at its true size).
void App::Impl::set_preview_size(int w, int h) {
  Preview& p = *preview;
  p.kiosk_w = w;
  p.kiosk_h = h;
  p.panel_w = opt.render_items_dir.empty() ? preview_panel_width(w, h) : 0;
  window.set_viewport(w, h, p.panel_w, !headless);
  metrics = make_metrics(window.width(), window.height());
  corner.set_corner_px(120 * metrics.scale);
  drag.stop();
  want_frames(3, "preview");
}

// Where the kiosk would start its sync worker: the preview watches the tree instead.
void App::Impl::start_preview_watch() {
  set_preview_size(preview->kiosk_w, preview->kiosk_h);
  if (!opt.render_items_dir.empty()) return;
  if (Status st = preview->source->start([w = &window] { w->push_wake(); }); !st) {
    log::error("preview", st.message + ": edits will not show until the preview is started again");
    preview->shown.notes.push_back(st.message);
  }
}

// ---- [SECTION] Between frames ------------------------------------------------------------------

void App::Impl::preview_between_frames() {
  Preview& p = *preview;
  if (p.source) {
    if (auto s = p.source->take()) {
      // The cache was committed before the reading was handed over: the content refresh that
      // follows in this same pass sees it, and the frame after it shows it.
      p.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s->changed_at).count();
      p.shown = std::move(*s);
      for (const auto& [id, kind] : p.shown.items) p.known_items[id] = kind;
      ++p.readings_taken;
      want_frames(2, "preview");
      log::info("preview", "reading " + std::to_string(p.shown.generation) + " on screen " +
                               std::to_string(int(p.latency_ms)) + " ms after the save");
    }
  }
  if (p.actions.empty()) return;
  std::vector<PreviewAction> actions;
  actions.swap(p.actions);
  for (const auto& a : actions) {
    switch (a.type) {
      case PreviewAction::Type::open_item: {
        auto it = p.known_items.find(a.arg);
        const ScreenId screen = preview_screen_for(it == p.known_items.end() ? Kind::page : it->second);
        if (!(session.current() == Route{screen, a.arg}))
          apply_intent(session, make_intent(Intent::Type::open, Route{screen, a.arg}));
        break;
      }
      case PreviewAction::Type::size:
        set_preview_size(int(a.number), a.height);
        break;
      case PreviewAction::Type::language:
        apply_intent(session, make_intent(Intent::Type::set_language, a.arg));
        break;
      case PreviewAction::Type::text_size:
        apply_intent(session, make_intent(Intent::Type::set_text_size, {}, int(a.number)));
        break;
      case PreviewAction::Type::contrast:
        apply_intent(session, make_intent(Intent::Type::toggle_contrast));
        break;
      case PreviewAction::Type::clock_shift:
        clock_shift_s += a.number;
        break;
      case PreviewAction::Type::clock_now:
        clock_shift_s = 0;
        break;
    }
  }
  want_frames(3, "preview");
}

// ---- [SECTION] The side panel ------------------------------------------------------------------

void App::Impl::draw_preview_panel(Ui& ui) {
  Preview& p = *preview;
  if (p.panel_w <= 0) return;
  // The frame's viewport is the kiosk; the panel lies beyond it, so the viewport (what ImGui
  // clips windows to and what the renderer draws) is widened for this window only.
  ImGuiViewport* vp = ImGui::GetMainViewport();
  const float x0 = float(p.kiosk_w), pw = float(p.panel_w), h = float(p.kiosk_h);
  vp->Size.x = x0 + pw;
  vp->WorkSize.x = vp->Size.x;
  const float u = h / 1080.0f;  // the panel's unit: it reads the same at every kiosk size
  const ImU32 bg = IM_COL32(38, 42, 50, 255), surface = IM_COL32(58, 64, 76, 255), on = IM_COL32(33, 99, 191, 255);
  const ImU32 text = IM_COL32(240, 242, 245, 255), muted = IM_COL32(170, 178, 190, 255);
  const ImU32 red = IM_COL32(232, 80, 70, 255), amber = IM_COL32(240, 180, 40, 255), green = IM_COL32(90, 200, 120, 255);

  ImGui::SetNextWindowPos(ImVec2(x0, 0));
  ImGui::SetNextWindowSize(ImVec2(pw, h));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, bg);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
  ImGui::PushStyleColor(ImGuiCol_Text, text);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * u, 16 * u));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(10 * u, 10 * u));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(10 * u, 6 * u));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 6 * u);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::Begin("###preview-panel", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoScrollWithMouse);
  ImFont* font = fonts.bold ? fonts.bold : ImGui::GetFont();
  ImGui::PushFont(font);
  ImGui::SetWindowFontScale(26 * u / std::max(1.0f, font->FontSize));
  const float inner = pw - 40 * u;
  const float bh = ImGui::GetFrameHeight();

  auto button = [&](const std::string& id, const std::string& label, bool selected, float w) {
    ImGui::PushStyleColor(ImGuiCol_Button, selected ? on : surface);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, selected ? on : IM_COL32(74, 82, 96, 255));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(20, 70, 150, 255));
    const bool pressed = ImGui::Button((label + "###" + id).c_str(), ImVec2(w, bh));
    ui.targets.push_back({id, label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    ImGui::PopStyleColor(3);
    return pressed;
  };
  auto heading = [&](const char* s) {
    ImGui::Dummy(ImVec2(0, 4 * u));
    ImGui::PushStyleColor(ImGuiCol_Text, muted);
    ImGui::TextUnformatted(s);
    ImGui::PopStyleColor();
  };

  ImGui::TextUnformatted("TramTin preview");
  ImGui::PushStyleColor(ImGuiCol_Text, muted);
  ImGui::PushTextWrapPos(x0 + pw - 20 * u);
  ImGui::TextUnformatted(p.src.c_str());
  std::string status = "reading " + std::to_string(p.shown.generation) + ", " + std::to_string(int(p.shown.build_ms)) + " ms";
  if (p.latency_ms >= 0) status += "; on screen " + std::to_string(int(p.latency_ms)) + " ms after the save";
  ImGui::TextUnformatted(status.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();

  heading("Screen");
  for (std::size_t i = 0; i < std::size(kPreviewSizes); ++i) {
    const auto [w, hh] = kPreviewSizes[i];
    if (i) ImGui::SameLine();
    const std::string name = size_name(w, hh);
    if (button("preview-size-" + name, name, w == p.kiosk_w && hh == p.kiosk_h, (inner - 20 * u) / 3))
      p.actions.push_back({PreviewAction::Type::size, {}, w, hh});
  }

  heading("Language");
  {
    float line = 0;
    for (const auto& l : p.languages) {
      const float w = ImGui::CalcTextSize(l.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x + 12 * u;
      if (line > 0 && line + w <= inner) ImGui::SameLine();
      else line = 0;
      line += w + ImGui::GetStyle().ItemSpacing.x;
      if (button("preview-lang-" + l, l, session.language == l, w))
        p.actions.push_back({PreviewAction::Type::language, l, 0, 0});
    }
  }

  heading("Text size and contrast");
  for (int t = 0; t <= 3; ++t) {
    if (t) ImGui::SameLine();
    const char* name = text_size_name(static_cast<TextSize>(t));
    if (button(std::string("preview-text-") + name, name, int(session.text_size) == t, (inner - 50 * u) / 6))
      p.actions.push_back({PreviewAction::Type::text_size, {}, t, 0});
  }
  ImGui::SameLine();
  if (button("preview-contrast", "High contrast", session.high_contrast, ImGui::GetContentRegionAvail().x))
    p.actions.push_back({PreviewAction::Type::contrast, {}, 0, 0});

  heading("Clock");
  {
    const std::int64_t now = wall();
    std::string clock = format_clock(now) + " " + format_date(now);
    if (clock_shift_s != 0) {
      const std::int64_t d = clock_shift_s / 86400, hrs = (std::llabs(clock_shift_s) % 86400) / 3600;
      clock += "  (" + std::string(clock_shift_s > 0 ? "+" : "-") + std::to_string(std::llabs(d)) + " d " +
               std::to_string(hrs) + " h)";
    }
    ImGui::TextUnformatted(clock.c_str());
    struct Shift {
      const char* id;
      const char* label;
      std::int64_t s;
    };
    const Shift shifts[] = {{"preview-clock-minus-day", "-1 day", -86400},
                            {"preview-clock-plus-hour", "+1 hour", 3600},
                            {"preview-clock-plus-day", "+1 day", 86400},
                            {"preview-clock-plus-week", "+1 week", 7 * 86400}};
    const float w = (inner - 40 * u) / 5;
    for (const auto& s : shifts) {
      if (button(s.id, s.label, false, w)) p.actions.push_back({PreviewAction::Type::clock_shift, {}, s.s, 0});
      ImGui::SameLine();
    }
    if (button("preview-clock-now", "Now", clock_shift_s == 0, w)) p.actions.push_back({PreviewAction::Type::clock_now, {}, 0, 0});
  }

  heading("Validate");
  {
    const bool clean = p.shown.errors == 0 && p.shown.warnings == 0;
    ImGui::PushStyleColor(ImGuiCol_Text, p.shown.errors ? red : clean ? green : amber);
    const std::string line = std::to_string(p.shown.item_folders) + " items, " + std::to_string(p.shown.errors) +
                             (p.shown.errors == 1 ? " error, " : " errors, ") + std::to_string(p.shown.warnings) +
                             (p.shown.warnings == 1 ? " warning" : " warnings");
    ImGui::TextUnformatted(line.c_str());
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, amber);
    ImGui::PushTextWrapPos(x0 + pw - 20 * u);
    for (const auto& n : p.shown.notes) ImGui::TextUnformatted(n.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }

  // Each diagnostic is a button that opens its item; the list scrolls with the wheel.
  ImGui::BeginChild("preview-diagnostics", ImVec2(0, 0), false);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = 8 * u, wrap = ImGui::GetContentRegionAvail().x - 3 * pad - 6 * u;
  const float fs = ImGui::GetFontSize();
  for (std::size_t i = 0; i < p.shown.diagnostics.size(); ++i) {
    const Diagnostic& d = p.shown.diagnostics[i];
    const std::string line = short_diagnostic(d, p.src);
    const ImVec2 ts = font->CalcTextSizeA(fs, FLT_MAX, wrap, line.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, ts.y + 2 * pad);
    ImGui::PushID(line.c_str());
    const bool pressed = ImGui::InvisibleButton("diag", size);
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    const ImVec2 end(at.x + size.x, at.y + size.y);
    dl->AddRectFilled(at, end, held ? IM_COL32(84, 92, 108, 255) : surface, 6 * u);
    dl->AddRectFilled(at, ImVec2(at.x + 6 * u, end.y), d.severity == Severity::error ? red : amber, 6 * u);
    dl->AddText(font, fs, ImVec2(at.x + 6 * u + 2 * pad, at.y + pad), text, line.c_str(), nullptr, wrap);
    ui.targets.push_back({"preview-diag-" + std::to_string(i), line, at, end});
    if (pressed) {
      const std::string id = preview_item_of(d, p.known_items);
      if (!id.empty()) p.actions.push_back({PreviewAction::Type::open_item, id, 0, 0});
    }
  }
  ImGui::EndChild();
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleVar(5);
  ImGui::PopStyleColor(3);
}

// ---- [SECTION] Scenario hooks and the state dump -----------------------------------------------

// `edit PATH OLD => NEW`: replace the first OLD in the tree's file PATH by NEW and save it in
// place, as an editor does (tests of the preview; the watcher sees the save).
bool App::Impl::extra_command(const std::string& cmd, const std::string& rest, std::string* error) {
  if (!preview) return false;
  if (cmd == "edit") {
    const auto sp = rest.find(' ');
    const auto arrow = rest.find(" => ");
    if (sp == std::string::npos || arrow == std::string::npos || arrow < sp) {
      *error = "edit wants PATH OLD => NEW (PATH inside the previewed tree)";
      return true;
    }
    const std::string path = preview->src + "/" + rest.substr(0, sp);
    const std::string old_text = rest.substr(sp + 1, arrow - sp - 1), new_text = rest.substr(arrow + 4);
    auto body = read_file(path, 16 << 20);
    if (!body) {
      *error = "edit: cannot read " + path;
      return true;
    }
    const auto at = body->find(old_text);
    if (at == std::string::npos) {
      *error = "edit: \"" + old_text + "\" is not in " + path;
      return true;
    }
    body->replace(at, old_text.size(), new_text);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << *body;
    if (!out) *error = "edit: cannot write " + path;
    return true;
  }
  return false;
}

void App::Impl::preview_state(nlohmann::json& j) {
  const Preview& p = *preview;
  j["preview"] = true;
  j["preview_generation"] = p.shown.generation;
  j["preview_errors"] = p.shown.errors;
  j["preview_warnings"] = p.shown.warnings;
  auto diags = nlohmann::json::array();
  for (const auto& d : p.shown.diagnostics) diags.push_back(short_diagnostic(d, p.src));
  j["preview_diagnostics"] = diags;
  j["preview_notes"] = p.shown.notes;
  j["preview_latency_ms"] = p.latency_ms < 0 ? -1 : std::lround(p.latency_ms);
  j["preview_build_ms"] = std::lround(p.shown.build_ms);
  j["preview_build_cpu_ms"] = std::lround(p.shown.build_cpu_ms);
  j["preview_size"] = size_name(p.kiosk_w, p.kiosk_h);
  j["preview_clock_shift_s"] = clock_shift_s;
  j["preview_watched_folders"] = p.source ? p.source->watched_folders() : 0;
}

// ---- [SECTION] --render-items ------------------------------------------------------------------

// Every item's screen in every language: DIR/<id>.<lang>.<WxH>.png, and DIR/shots-<WxH>.json
// saying what each shows (the title, whether it fell back to Vietnamese and which fields did).
int App::Impl::render_items() {
  start_preview_watch();
  Preview& p = *preview;
  std::error_code ec;
  fs::create_directories(opt.render_items_dir, ec);
  if (ec) {
    log::error("preview", "cannot make " + opt.render_items_dir + ": " + ec.message());
    return kExitFailure;
  }
  std::vector<std::string> langs = opt.render_languages;
  if (langs.empty()) langs = p.shown.languages;
  const std::string size = size_name(p.kiosk_w, p.kiosk_h);
  nlohmann::json shots = nlohmann::json::array();
  int written = 0;
  // Language by language: the font atlas is built once per language, not once per screen.
  for (const auto& lang : langs) {
    for (const auto& [id, kind] : p.shown.items) {
      if (kind == Kind::strings || kind == Kind::synonyms) continue;  // data for the kiosk, no screen of their own
      // A notice not live now is drawn as on a day it is: the translator must see it too.
      clock_shift_s = 0;
      if (auto sch = p.shown.schedule.find(id); sch != p.shown.schedule.end()) {
        const auto [from, until] = sch->second;
        const std::int64_t now = wall();
        if (from > now) clock_shift_s = from + 60 - now;
        else if (until != 0 && until <= now) clock_shift_s = std::max<std::int64_t>(from, until - 3600) - now;
      }
      reset_session(session, defaults);
      apply_intent(session, make_intent(Intent::Type::set_language, lang));
      apply_intent(session, make_intent(Intent::Type::open, Route{preview_screen_for(kind), id}));
      drag.stop();
      std::vector<unsigned char> pixels;
      // A few frames: the layout settles, the atlas gets this language's letters, pictures decode.
      for (int i = 0; i < 12; ++i) {
        render_frame(1.0f / 60.0f, nullptr);
        if (i >= 1 && !(media && media->pending() > 0)) break;
      }
      render_frame(1.0f / 60.0f, &pixels);
      const std::string file = file_safe(id) + "." + file_safe(lang) + "." + size + ".png";
      if (!window.write_png(opt.render_items_dir + "/" + file, pixels)) {
        log::error("preview", "cannot write " + opt.render_items_dir + "/" + file);
        return kExitFailure;
      }
      ++written;
      const ViewModel& view = content.view();
      nlohmann::json s;
      s["id"] = id;
      s["kind"] = kind_name(kind);
      s["lang"] = lang;
      s["size"] = size;
      s["file"] = file;
      s["shown"] = view.item && view.item->item.id == id;
      s["title"] = view.item ? view.item->text().title : "";
      s["fell_back"] = view.item ? view.item->fell_back : false;
      s["fell_back_fields"] = view.fell_back_fields;
      s["drawn_at"] = clock_shift_s != 0 ? format_date_time(wall()) : "";
      shots.push_back(std::move(s));
    }
  }
  clock_shift_s = 0;
  nlohmann::json doc;
  doc["source"] = p.src;
  doc["size"] = size;
  doc["languages"] = langs;
  doc["shots"] = std::move(shots);
  const std::string manifest = opt.render_items_dir + "/shots-" + size + ".json";
  if (Status st = write_file_atomic(manifest, doc.dump(1) + "\n"); !st) {
    log::error("preview", "cannot write " + manifest + ": " + st.message);
    return kExitFailure;
  }
  std::printf("rendered %d screens (%s) into %s\n", written, size.c_str(), opt.render_items_dir.c_str());
  return kExitOk;
}

}  // namespace tramtin
