// Scenario replay: App's side of the ScenarioDriver interface (scenario.h). Frames run on a
// virtual clock, through the same between-frames path as the real loop, and the SDL queue is
// pumped at every step, so worker reports reach the app exactly as they do on a kiosk.
// Layer: tramtin (SDL2 + ImGui).
#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "content/authoring/glyphs.h"
#include "content/base/text.h"
#include "kiosk/platform/app_impl.h"
#include "kiosk/ui/layout_check.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

// Frames that settle a scenario step (what a tap or a wait changed is then on screen for the
// expectations): counted in frames_drawn, not as frames the loop asked for.
void App::Impl::frames(int n) {
  settling = true;
  for (int i = 0; i < n; ++i) scenario_frame();
  settling = false;
}

void App::Impl::scenario_frame() {
  pump_events(0);
  // On virtual time a background atlas build is as good as instant: the next frame has it.
  if (font_atlas.building()) font_atlas.wait();
  vclock_s += 1.0 / 60.0;
  render_frame(1.0f / 60.0f, nullptr);
  if (frames_pending > 0) --frames_pending;
}

void App::Impl::advance(double seconds) {
  // The real loop, on virtual time: frames while something is pending, else sleep (jump) to the
  // next deadline, and draw there only what the real loop would draw (deadline_passed).
  const double end = vclock_s + seconds;
  for (int guard = 0; vclock_s < end && guard < 1000000; ++guard) {
    pump_events(0);
    tick_idle();
    if (frames_pending > 0) {
      scenario_frame();
    } else {
      const Deadline d = next_deadline();
      const double step = std::min(end - vclock_s, std::max(1.0 / 60.0, d.in_s));
      vclock_s += step;
      ++ui_wakes;
      if (step >= d.in_s) deadline_passed(d);
      else tick_idle();
    }
  }
  frames(2);
}

// Real time passes (virtual time stands still) until the start's background work is done (the
// glyph scan, an atlas build, the audio probe) and its wake-ups are taken: a slow machine finishes them later in
// real time, and a count of idle frames must not see them as idle wake-ups.
bool App::Impl::settle(double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    frames(1);
    // The audio probe wakes the loop once when it ends (the listen buttons appear or stay hidden).
    if (!content.glyphs_pending() && !font_atlas.building() && (!audio || audio->probed())) break;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  frames(2);  // the wake events they pushed before finishing, and what they changed
  return true;
}

// What a real window does after its first frame (between_frames.cpp), done now and waited for.
bool App::Impl::prewarm_fonts(double timeout_s) {
  if (!settle(timeout_s)) return false;
  start_prewarm();
  return font_atlas.wait_prewarm(timeout_s);
}

// Real time passes (virtual time stands still) until the worker has woken the loop `events`
// more times: what the worker does to the screen is then seen by the next expectations.
bool App::Impl::await_worker(int events, double timeout_s) {
  if (!worker) return false;
  const int target = worker_reports + events;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (worker_reports < target && std::chrono::steady_clock::now() < deadline) pump_events(50);
  frames(2);
  return worker_reports >= target;
}

// Real time passes until a state field has a value: what another thread does (the read-aloud
// player) is then seen by the next expectations. Frames are drawn as on a kiosk: when woken.
bool App::Impl::await_state(const std::string& field, const std::string& value, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  auto matches = [&] {
    nlohmann::json st = state();
    if (!st.contains(field)) return false;
    const nlohmann::json& v = st[field];
    const std::string got = v.is_string() ? v.get<std::string>() : v.dump();
    return got == value;
  };
  while (!matches() && std::chrono::steady_clock::now() < deadline) {
    pump_events(20);
    if (frames_pending > 0) scenario_frame();
  }
  frames(2);
  return matches();
}

// The usage so far is stored first, so the attempt's report round seals it. An attempt already
// running may have sealed before that: then the one after it is waited for too.
bool App::Impl::sync_now(double timeout_s) {
  if (!worker) return false;
  flush_usage();
  if (report_writer && !report_writer->drain(timeout_s)) return false;
  const int target = worker->attempts() + (worker->status().busy ? 2 : 1);
  worker->request_sync_now();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (worker->attempts() < target && std::chrono::steady_clock::now() < deadline) pump_events(50);
  frames(2);
  return worker->attempts() >= target;
}

void App::Impl::set_wall_clock(std::int64_t unix_time) { vclock_wall0 = unix_time - std::int64_t(vclock_s); }

bool App::Impl::target_center(const std::string& what, float* x, float* y) {
  const HitTarget* found = nullptr;
  for (const auto& t : last_targets)
    if (t.id == what) found = &t;
  if (!found)
    for (const auto& t : last_targets)
      if (t.label == what) found = &t;
  if (!found)
    for (const auto& t : last_targets)
      if (!what.empty() && casefold(t.label).find(casefold(what)) != std::string::npos) {
        found = &t;
        break;
      }
  if (!found) return false;
  // The visible part only: a row half under the footer is tapped where it can be seen.
  const float top = std::max(found->min.y, 0.0f);
  const float bottom = std::min(found->max.y, float(window.height()));
  *x = (found->min.x + found->max.x) * 0.5f;
  *y = (top + bottom) * 0.5f;
  return bottom > top;
}

void App::Impl::pointer(float x, float y, int button) {
  input.push({x, y, button < 0 ? -1 : 0, button > 0, 0});
  on_input();  // a finger on the glass, moving or not, is the visitor
}

nlohmann::json App::Impl::state() {
  const ViewModel& view = content.view();
  nlohmann::json j;
  j["screen"] = screen_name(session.current().screen);
  j["route_arg"] = session.current().arg;
  j["scroll_y"] = std::lround(session.current().scroll_y);  // whole pixels
  j["language"] = session.language;
  j["text_size"] = text_size_name(session.text_size);
  // Glyphs drawn as U+FFFD in the last frame, and the characters the atlas was asked for that no
  // font has: both must stay 0 / empty on every screen.
  j["missing_glyphs"] = missing_glyphs_drawn;
  auto lacking = nlohmann::json::array();
  for (char32_t c : font_atlas.lacking()) lacking.push_back(describe_codepoint(c));
  j["atlas_lacking"] = lacking;
  j["atlas_glyphs"] = fonts.glyph_count;
  j["atlas_from_cache"] = font_atlas.from_cache();
  j["contrast"] = session.high_contrast ? "high" : "normal";
  j["search_text"] = session.search_text;
  j["keyboard_visible"] = session.keyboard_visible;
  j["qr_zoom"] = session.qr_zoom;
  j["keyboard_mode"] = input_mode_name(session.composer.mode());
  auto ids = nlohmann::json::array();
  for (const auto& h : view.hits) ids.push_back(h.id);
  j["result_ids"] = ids;
  auto rows = nlohmann::json::array();
  for (const auto& r : view.rows) rows.push_back(r.id);
  j["list_ids"] = rows;
  auto fields = nlohmann::json::array();
  for (const auto& f : view.fields) fields.push_back(f.key);
  for (const auto& f : view.suggest_fields) fields.push_back(f.key);
  j["field_keys"] = fields;
  auto suggested = nlohmann::json::array();  // search found nothing: the procedures offered instead
  for (const auto& r : view.suggest_items) suggested.push_back(r.id);
  j["suggest_ids"] = suggested;
  j["item_id"] = view.item ? view.item->item.id : "";
  j["item_title"] = view.item ? view.item->text().title : "";
  j["fell_back"] = view.item ? view.item->fell_back : false;
  // The notice the banner shows now (they take turns), and every live urgent notice.
  j["notice_banner"] = view.urgent.empty() ? "" : view.urgent[banner_index(view.urgent.size(), wall())].id;
  auto urgent_ids = nlohmann::json::array();
  for (const auto& u : view.urgent) urgent_ids.push_back(u.id);
  j["urgent_ids"] = urgent_ids;
  j["fell_back_fields"] = view.fell_back_fields;  // fields shown in Vietnamese, each with a marker
  j["attract"] = session.current().screen == ScreenId::attract;
  // The urgent notice the slideshow shows now (a touch opens it); "" when none.
  j["attract_urgent"] = session.current().screen == ScreenId::attract && !view.urgent.empty()
                            ? view.urgent[attract_slide(now_s() - std::max(0.0, idle->attract_started())) %
                                          view.urgent.size()].id
                            : "";
  j["ticked"] = session.ticked.size();
  j["feedback_score"] = session.feedback_score;
  j["feedback_reason"] = session.feedback_reason;
  j["staff_unlocked"] = session.staff_unlocked;
  j["staff_pin_length"] = session.staff_pin.size();
  j["staff_locked_out"] = staff_lock ? staff_lock->locked_out(wall()) : false;
  j["stack_depth"] = session.stack.size();
  j["worker_wakes"] = worker_wakes;            // wake events the loop handled
  j["worker_reports"] = worker_reports.load();  // reports the worker made (most wake nothing)
  // Idle means asleep: frames drawn, those the loop asked for (what a kiosk draws), by reason,
  // and how often the loop came out of its sleep.
  j["frames_drawn"] = frames_drawn;
  j["loop_frames"] = loop_frames;
  j["frame_reasons"] = frame_reasons;
  j["ui_wakes"] = ui_wakes;
  j["worker_running"] = worker != nullptr;
  // Read-aloud: what is playing (item, language, narration or speech, the section highlighted).
  j["audio_available"] = audio && audio->available();
  const PlayerState ps = audio ? audio->state() : PlayerState{};
  j["reading_phase"] = phase_name(ps.phase);
  j["reading_item"] = ps.item;
  j["reading_language"] = ps.language;
  j["reading_source"] = ps.source;
  j["reading_section"] = ps.section;
  j["reading_in_vi"] = ps.spoken_in_vi;
  j["reading_samples_played"] = ps.samples_played;
  j["reading_samples_total"] = ps.samples_total;
  j["reading_sample_rate"] = ps.sample_rate;
  auto targets = nlohmann::json::array();
  auto rects = nlohmann::json::object();  // id -> [x0, y0, x1, y1] in window pixels (bench_peer taps by them)
  for (const auto& t : last_targets) {
    targets.push_back(t.id);
    rects[t.id] = {t.min.x, t.min.y, t.max.x, t.max.y};
  }
  j["targets"] = targets;
  j["target_rects"] = rects;
  j["sections"] = last_sections;
  if (preview) preview_state(j);
  return j;
}

bool App::Impl::screenshot(const std::string& path) {
  std::vector<unsigned char> pixels;
  vclock_s += 1.0 / 60.0;
  render_frame(1.0f / 60.0f, &pixels);
  return window.write_png(path, pixels);
}

void App::Impl::intent(const Intent& in) {
  handle_intent(in);
  on_input();  // what a finger would have done: the visitor is there
  frames(2);
}

// Two frames settle what the last step changed (the view loads, the atlas is rebuilt, pictures
// are decoded between frames); the third is drawn with every text noted, then checked.
// A page longer than the screen is checked page by page to its end, then scrolled back to the top.
std::vector<std::string> App::Impl::layout_findings() {
  frames(3);
  std::vector<std::string> out;
  const ImVec2 display(float(window.width()), float(window.height()));
  for (int page = 0; page < 40; ++page) {
    LayoutLog log;
    set_layout_log(&log);
    vclock_s += 1.0 / 60.0;
    render_frame(1.0f / 60.0f, nullptr);
    set_layout_log(nullptr);
    for (auto& f : check_layout(log, last_targets, display))
      out.push_back(page == 0 ? f : "page " + std::to_string(page + 1) + ": " + f);
    if (!log.content_seen || session.current().screen == ScreenId::attract) break;
    session.current().scroll_y = log.scroll_y + (log.content_max.y - log.content_min.y) * 0.9f;
    frames(1);  // the content clamps the scroll to its end
    if (session.current().scroll_y <= log.scroll_y + 1.0f) break;  // the end of the page
  }
  session.current().scroll_y = 0;
  drag.stop();
  frames(1);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int App::Impl::scenario() {
  // Layout replays draw hundreds of frames nobody sees: lay them out, skip the pixels (shots still
  // get theirs).
  if (const char* v = std::getenv("TRAMTIN_SCENARIO_NO_RASTER"); v && *v == '1') raster = false;
  start_worker();  // as on a kiosk: with feeds configured, the worker runs during the replay
  auto r = run_scenario(*this, opt.scenario_path, opt.shots_dir);
  if (!opt.dump_state_path.empty()) {
    std::ofstream out(opt.dump_state_path);
    out << state().dump(2) << "\n";
  }
  if (!r.ok) {
    std::fprintf(stderr, "tramtin: scenario failed: %s\n", r.message.c_str());
    return kExitFailure;
  }
  if (!r.layout.empty()) {
    for (const auto& f : r.layout) std::fprintf(stderr, "layout: %s\n", f.c_str());
    std::fprintf(stderr, "tramtin: scenario failed: %zu layout finding(s)\n", r.layout.size());
    return kExitFailure;
  }
  std::printf("scenario ok: %d steps\n", r.steps);
  return kExitOk;
}

}  // namespace tramtin
