// Scenario replay for end-to-end tests: a small script of taps, drags, typing, waits, screenshots
// and expectations, run headless on a virtual clock. Layer: tramtin (drives the app).
//
//   tap ID_OR_LABEL          tap a widget by its stable id ("tile-procedures") or visible label
//   drag X1 Y1 X2 Y2         press at (X1,Y1), move to (X2,Y2) over a few frames, release
//   hold X Y 5s              press at (X,Y), keep the finger there while time passes, release
//   type TEXT                press keys one by one on the on-screen keyboard, in its current mode
//   keyboard direct|telex|vni
//   wait 30s | 500ms | 2m    let virtual time pass (idle timers, slideshows)
//   clock 2026-11-22T09:00   set the virtual wall clock (Vietnam time) — before anything else
//   settle                   real time passes until the start's glyph scan and atlas builds are
//                            done and their wake-ups taken (before counting idle frames)
//   prewarm                  real time passes while the atlases a visitor may ask for next (other
//                            text sizes, other languages) are built into the cache, as a real
//                            window does after its first frame; fails after 60 s
//   await-worker N           real time passes until the sync worker has woken the app N more
//                            times (virtual time stands still); fails after 30 s
//   await-field NAME VALUE   real time passes until a state field holds VALUE (a list: contains
//                            it), e.g. an urgent notice the worker fetched; fails after 30 s
//   await FIELD VALUE        real time passes (virtual time stands still) until the state field
//                            FIELD is VALUE (read-aloud plays in real time); fails after 30 s
//   sync-now                 the usage counted so far goes to the cache, then real time passes until
//                            the sync worker has finished one more attempt (with its report round)
//   remember NAME FIELD      keep a state field's value, to compare later as $NAME
//   crash-for-test           abort the process (tests of the crash line)
//   shot NAME                write NAME.png into --shots DIR
//   edit PATH OLD => NEW     --preview only: replace OLD by NEW in the tree's file PATH and save it
//   expect screen NAME
//   expect field NAME VALUE  a field of the state JSON; for a list, VALUE must be one of its
//                            elements; NAME[i] checks position i; "-" means empty / absent
//   expect no-field NAME VALUE   the list field does not contain VALUE
//   expect greater NAME N    a number field is greater than N
//   expect at-most NAME N [since $VAR]   a number field is N or less; with since, it grew by N
//                            or less after `remember VAR NAME` (frames drawn while idle)
//   open SCREEN [ARG]        go to a screen directly, as a tap would (layout checks; no usage meaning)
//   home                     back to the home screen
//   set text-size A-|A|A+|A++, set contrast normal|high, set keyboard on|off, set search TEXT,
//   set section KEY, set qr TEXT, set language TAG   change the session as the header, the keyboard or the field would
//   layout NAME              check the layout of the next frame (layout_check.h): each finding is
//                            printed as "NAME: …", the replay goes on, and the scenario fails at the end
//   monkey N [seed=S] [sample=K] [sync=DUR] [warmup=P] [slack=MB]
//                            N random taps, drags, key presses, waits, language and size switches
//                            (kiosk/platform/monkey.h); prints resident memory every K events and
//                            fails when it grows after the warm-up (the first P percent)
//   soak DURATION [seed=S] [sync=15m] [hook=CMD] [slack=MB]
//                            virtual time passes in visits, idling, resets and slideshows, with a
//                            sync every `sync`; prints memory, descriptors, cache and staging size
// Lines starting with # are comments.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/session.h"

namespace tramtin {

// What the scenario needs from the running app.
class ScenarioDriver {
 public:
  virtual ~ScenarioDriver() = default;
  virtual void frames(int n) = 0;                                       // render n frames (1/60 s each)
  virtual void advance(double seconds) = 0;                             // virtual time passes, frames as needed
  virtual void set_wall_clock(std::int64_t unix_time) = 0;
  virtual bool target_center(const std::string& id_or_label, float* x, float* y) = 0;  // from the last frame
  virtual void pointer(float x, float y, int button_down) = 0;          // -1 move, 0 up, 1 down
  virtual bool await_worker(int events, double timeout_s) = 0;          // false: no worker, or too slow
  virtual bool prewarm_fonts(double timeout_s) = 0;                    // false: still building
  virtual bool settle(double timeout_s) = 0;                            // false: background work still running
  virtual bool await_state(const std::string& field, const std::string& value, double timeout_s) = 0;
  virtual bool sync_now(double timeout_s) = 0;                          // false: no worker, or too slow
  virtual nlohmann::json state() = 0;                                   // the --dump-state JSON
  virtual bool screenshot(const std::string& path) = 0;
  virtual void intent(const Intent& in) = 0;                            // as if a screen emitted it
  virtual std::vector<std::string> layout_findings() = 0;               // of a frame drawn now
  // A command only some modes know (the preview's `edit`): true when handled, with *error set
  // when it failed.
  virtual bool extra_command(const std::string& cmd, const std::string& rest, std::string* error) {
    (void)cmd, (void)rest, (void)error;
    return false;
  }
  virtual std::string data_dir() { return {}; }                          // the kiosk's data folder
  virtual void window_size(int* w, int* h) { *w = 1920, *h = 1080; }
};

struct ScenarioResult {
  bool ok = true;
  std::string message;                                                  // "file:line: what failed"
  int steps = 0;
  std::vector<std::string> layout;                                      // `layout` findings, "NAME: …"
};

ScenarioResult run_scenario(ScenarioDriver& d, const std::string& path, const std::string& shots_dir);

}  // namespace tramtin
