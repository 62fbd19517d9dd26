// Read-aloud playback: one worker thread synthesises speech (espeak-ng) or decodes a recorded
// narration (stb_vorbis) into memory and plays it through SDL audio. Layer: tramtin (SDL2).
//
// The UI thread only calls play()/stop() and reads state(): nothing here blocks a frame. The
// worker owns the SDL audio subsystem and the device (opened for a playback, closed after it, so
// an idle kiosk has no audio thread turning). The device callback counts the samples played and
// wakes the loop only when the section being read changes and when the playback ends.
// A kiosk without a sound card: the probe at start fails, that is logged once, available() stays
// false and the listen buttons are not shown.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "kiosk/core/read_aloud.h"

namespace tramtin {

struct PlayRequest {
  ReadAloudScript script;
  std::string narration;                 // the Ogg Vorbis bytes (script.narration_sha256), or empty
};

struct PlayerState {
  enum class Phase { idle, preparing, playing, finished, failed };
  Phase phase = Phase::idle;
  int serial = 0;                        // the play() this state belongs to
  std::string item;                      // what is (or was last) read: item id or "tile:<key>"
  std::string language;                  // the visitor's language when it started
  std::string source;                    // "narration" or "speech"
  std::string section;                   // the section being read now ("" for a narration)
  bool spoken_in_vi = false;
  std::int64_t samples_played = 0;       // frames the device has taken
  std::int64_t samples_total = 0;        // frames produced so far (all of them once complete)
  int sample_rate = 0;
  bool active() const { return phase == Phase::preparing || phase == Phase::playing; }
};

const char* phase_name(PlayerState::Phase p);  // "idle", "preparing", "playing", "finished", "failed"

class AudioPlayer {
 public:
  // `wake` is called from the worker and the device thread (it must be thread-safe and not block).
  explicit AudioPlayer(std::function<void()> wake);
  ~AudioPlayer();                        // stops playback, closes the device, joins the worker
  AudioPlayer(const AudioPlayer&) = delete;
  AudioPlayer& operator=(const AudioPlayer&) = delete;

  bool available() const;                // a device could be opened (false until the probe ends)
  bool probed() const;                   // the probe at start has ended (its wake-up pushed)
  void play(PlayRequest request);        // replaces whatever plays; returns at once
  void stop();                           // returns at once; the worker closes the device
  PlayerState state() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tramtin
