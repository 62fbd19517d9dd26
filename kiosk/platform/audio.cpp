// Read-aloud playback (see audio.h): the worker thread, the SDL audio device and its callback.
// Layer: tramtin (SDL2).
//
// [SECTION] Shared state (worker, device callback, UI thread)
// [SECTION] The device callback
// [SECTION] The worker
// [SECTION] The UI thread's side
#include "kiosk/platform/audio.h"

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "content/base/log.h"
#include "kiosk/platform/speech.h"

namespace tramtin {

const char* phase_name(PlayerState::Phase p) {
  switch (p) {
    case PlayerState::Phase::idle: return "idle";
    case PlayerState::Phase::preparing: return "preparing";
    case PlayerState::Phase::playing: return "playing";
    case PlayerState::Phase::finished: return "finished";
    case PlayerState::Phase::failed: return "failed";
  }
  return "idle";
}

// ---- [SECTION] Shared state ---------------------------------------------------------------------

struct AudioPlayer::Impl {
  std::function<void()> wake;
  std::thread worker;
  std::atomic<bool> available{false};
  std::atomic<bool> probed{false};  // the probe at start has ended (and its wake was pushed)

  // Guarded by `mu`: the request queue, the PCM being played and where the device is in it.
  mutable std::mutex mu;
  std::condition_variable cv;
  std::optional<PlayRequest> next;          // the latest play() not yet taken by the worker
  bool quit = false;
  bool cancel = false;                      // stop() or a newer play(): end the current one
  int serial = 0;                           // bumps on every play() and stop()
  PlayerState st;                           // what state() reports
  std::vector<std::int16_t> pcm;            // interleaved frames produced so far
  int channels = 1;
  bool complete = false;                    // every frame of this playback is in `pcm`
  struct Boundary {
    std::int64_t at;                        // first frame of the section
    std::string section;
  };
  std::vector<Boundary> sections;
  std::size_t section_index = 0;            // the section the device is in
  Synthesizer synth;                        // espeak-ng is process-wide: used by the worker only

  void run();
  void play_one(PlayRequest req, int my_serial);
  void callback(std::uint8_t* out, int len);
  static void SDLCALL audio_callback(void* user, Uint8* out, int len);
  void append(const std::int16_t* s, std::size_t frames);
  bool cancelled_locked(int my_serial) const { return cancel || quit || serial != my_serial; }
};

// ---- [SECTION] The device callback -------------------------------------------------------------

void SDLCALL AudioPlayer::Impl::audio_callback(void* user, Uint8* out, int len) {
  static_cast<Impl*>(user)->callback(out, len);
}

// On SDL's audio thread: copies what is there, silence for the rest (speech still being made).
void AudioPlayer::Impl::callback(std::uint8_t* out, int len) {
  bool wake_now = false;
  {
    std::lock_guard lk(mu);
    if (cancel || quit) {  // stopped: silence until the worker closes the device
      std::memset(out, 0, std::size_t(len));
      return;
    }
    const std::size_t frame_bytes = sizeof(std::int16_t) * std::size_t(channels);
    const std::int64_t want = len / std::int64_t(frame_bytes);
    const std::int64_t have = std::int64_t(pcm.size() / std::size_t(channels)) - st.samples_played;
    const std::int64_t n = std::clamp<std::int64_t>(have, 0, want);
    if (n > 0) std::memcpy(out, pcm.data() + st.samples_played * channels, std::size_t(n) * frame_bytes);
    std::memset(out + n * std::int64_t(frame_bytes), 0, std::size_t(len) - std::size_t(n) * frame_bytes);
    st.samples_played += n;
    // Wake the UI only when the highlight must move, and once at the end.
    while (section_index + 1 < sections.size() && sections[section_index + 1].at <= st.samples_played) {
      ++section_index;
      st.section = sections[section_index].section;
      wake_now = true;
    }
    if (complete && n > 0 && st.samples_played >= st.samples_total) {
      wake_now = true;
      cv.notify_all();
    }
  }
  if (wake_now && wake) wake();
}

// ---- [SECTION] The worker ----------------------------------------------------------------------

void AudioPlayer::Impl::append(const std::int16_t* s, std::size_t frames) {
  std::lock_guard lk(mu);
  pcm.insert(pcm.end(), s, s + frames * std::size_t(channels));
  st.samples_total = std::int64_t(pcm.size() / std::size_t(channels));
}

void AudioPlayer::Impl::run() {
  // The worker owns SDL's audio subsystem: nothing on the UI thread waits for a sound server.
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    log::warn("audio", std::string("no sound (read-aloud off): ") + SDL_GetError());
  } else {
    SDL_AudioSpec want{}, have{};
    want.freq = 22050;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    want.callback = audio_callback;
    want.userdata = this;
    const SDL_AudioDeviceID dev = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (dev == 0) {
      log::warn("audio", std::string("no sound device (read-aloud off): ") + SDL_GetError());
    } else {
      SDL_CloseAudioDevice(dev);
      available = true;
      log::info("audio", std::string("read-aloud through SDL audio driver ") + SDL_GetCurrentAudioDriver());
    }
    // Idle means asleep: SDL's audio subsystem keeps a device watcher running (ALSA's polls ten
    // times a second and lists the devices every five), so it is held only while reading aloud.
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
  }
  if (wake) wake();  // the listen buttons appear (or stay hidden)
  probed = true;

  std::unique_lock lk(mu);
  for (;;) {
    cv.wait(lk, [&] { return quit || next.has_value(); });
    if (quit) break;
    PlayRequest req = std::move(*next);
    next.reset();
    cancel = false;
    const int my_serial = serial;
    lk.unlock();
    if (available) {
      if (SDL_InitSubSystem(SDL_INIT_AUDIO) == 0) {
        play_one(std::move(req), my_serial);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
      } else {
        log::warn("audio", std::string("cannot start the sound system: ") + SDL_GetError());
        {
          std::lock_guard flk(mu);
          if (serial == my_serial) st.phase = PlayerState::Phase::failed;
        }
        if (wake) wake();
      }
    }
    lk.lock();
  }
  lk.unlock();
  synth.shutdown();  // on the thread that used it
  if (SDL_WasInit(SDL_INIT_AUDIO)) SDL_QuitSubSystem(SDL_INIT_AUDIO);
  SDL_TLSCleanup();  // SDL keeps its error text per thread; this thread is not one SDL made
}

void AudioPlayer::Impl::play_one(PlayRequest req, int my_serial) {
  const ReadAloudScript& script = req.script;
  VorbisDecoder vorbis;
  bool use_narration = !req.narration.empty();
  if (use_narration) {
    if (Status st = vorbis.open(req.narration); !st) {
      log::warn("audio", "narration of " + script.item + " not played (" + st.message + "); speaking the text instead");
      use_narration = false;
    }
  }
  if (!use_narration) {
    if (Status init = synth.init(); !init) {
      log::warn("audio", init.message);
      {
        std::lock_guard lk(mu);
        if (serial == my_serial) st.phase = PlayerState::Phase::failed;
      }
      if (wake) wake();
      return;
    }
  }
  const int rate = use_narration ? vorbis.sample_rate() : synth.sample_rate();
  const int ch = use_narration ? vorbis.channels() : 1;
  {
    std::lock_guard lk(mu);
    if (cancelled_locked(my_serial)) return;
    pcm.clear();
    pcm.reserve(std::size_t(rate) * std::size_t(ch) * 30);
    sections.clear();
    section_index = 0;
    complete = false;
    channels = ch;
    st = PlayerState{};
    st.phase = PlayerState::Phase::preparing;
    st.serial = my_serial;
    st.item = script.item;
    st.language = script.language;
    st.source = use_narration ? "narration" : "speech";
    st.spoken_in_vi = !use_narration && script.spoken_in_vi;
    st.sample_rate = rate;
    if (!use_narration && !script.parts.empty()) {
      sections.push_back({0, script.parts.front().section});
      st.section = script.parts.front().section;
    }
  }
  SDL_AudioSpec want{}, have{};
  want.freq = rate;
  want.format = AUDIO_S16SYS;
  want.channels = Uint8(ch);
  want.samples = 1024;
  want.callback = audio_callback;
  want.userdata = this;
  const SDL_AudioDeviceID dev = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);  // SDL converts as needed
  if (dev == 0) {
    log::warn("audio", std::string("cannot open the sound device: ") + SDL_GetError());
    {
      std::lock_guard lk(mu);
      if (serial == my_serial) st.phase = PlayerState::Phase::failed;
    }
    if (wake) wake();
    return;
  }
  bool started = false;
  // Playback starts once half a second is ready (or all of it): a slow board then does not stutter
  // at the start, and the visitor hears the first words a few tens of milliseconds after the tap.
  auto start = [&] {
    if (started) return;
    started = true;
    {
      std::lock_guard lk(mu);
      if (!cancelled_locked(my_serial)) st.phase = PlayerState::Phase::playing;
    }
    SDL_PauseAudioDevice(dev, 0);
    if (wake) wake();
  };
  std::int64_t produced = 0;
  auto sink = [&](const std::int16_t* s, std::size_t frames) {
    append(s, frames);
    produced += std::int64_t(frames);
    if (produced >= rate / 2) start();
    std::lock_guard lk(mu);
    return !cancelled_locked(my_serial);
  };
  Status result;
  if (use_narration) {
    result = vorbis.decode(sink);
  } else {
    const std::vector<std::int16_t> pause(std::size_t(rate) * 2 / 5, 0);  // 0.4 s between sections
    for (std::size_t i = 0; i < script.parts.size() && result.ok(); ++i) {
      const SpeechPart& part = script.parts[i];
      if (i > 0) {
        sink(pause.data(), pause.size());
        std::lock_guard lk(mu);
        if (sections.back().section != part.section) sections.push_back({st.samples_total, part.section});
      }
      result = synth.speak(part.text, speech_voice(part.lang), sink);
      if (!result && result.kind != ErrorKind::cancelled) {
        log::warn("audio", result.message + " (" + script.item + ", " + part.section + ")");
        result = {};  // one part that cannot be spoken does not end the reading
      }
    }
  }
  {
    std::lock_guard lk(mu);
    complete = true;
  }
  if (produced > 0) start();  // shorter than half a second
  {
    std::unique_lock lk(mu);
    if (!started && !cancelled_locked(my_serial)) {  // nothing to play at all
      st.phase = PlayerState::Phase::finished;
    } else {
      // Until the device has played everything, or stop() / a newer play(); then the device's own
      // buffer is let out before it is closed, so the last word is not cut.
      cv.wait(lk, [&] { return cancelled_locked(my_serial) || st.samples_played >= st.samples_total; });
      const auto tail = std::chrono::milliseconds(100 + 2000 * int(have.samples) / std::max(1, have.freq));
      cv.wait_for(lk, tail, [&] { return cancelled_locked(my_serial); });
    }
  }
  SDL_CloseAudioDevice(dev);  // joins SDL's audio thread: here, never on the UI thread
  {
    std::lock_guard lk(mu);
    if (serial == my_serial && st.phase == PlayerState::Phase::playing) st.phase = PlayerState::Phase::finished;
    pcm.clear();
    pcm.shrink_to_fit();
  }
  if (wake) wake();
}

// ---- [SECTION] The UI thread's side ------------------------------------------------------------

AudioPlayer::AudioPlayer(std::function<void()> wake) : impl_(std::make_unique<Impl>()) {
  impl_->wake = std::move(wake);
  impl_->worker = std::thread([this] { impl_->run(); });
}

AudioPlayer::~AudioPlayer() {
  {
    std::lock_guard lk(impl_->mu);
    impl_->quit = true;
  }
  impl_->cv.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
}

bool AudioPlayer::available() const { return impl_->available; }

bool AudioPlayer::probed() const { return impl_->probed; }

void AudioPlayer::play(PlayRequest request) {
  {
    std::lock_guard lk(impl_->mu);
    ++impl_->serial;
    impl_->cancel = true;  // the worker ends the current playback, then takes this one
    impl_->next = std::move(request);
    impl_->st.phase = PlayerState::Phase::preparing;
    impl_->st.serial = impl_->serial;
    impl_->st.item = impl_->next->script.item;
    impl_->st.language = impl_->next->script.language;
    impl_->st.source = impl_->next->narration.empty() ? "speech" : "narration";
    impl_->st.section.clear();
    impl_->st.spoken_in_vi = impl_->next->script.spoken_in_vi && impl_->next->narration.empty();
  }
  impl_->cv.notify_all();
}

void AudioPlayer::stop() {
  {
    std::lock_guard lk(impl_->mu);
    if (!impl_->st.active() && !impl_->next) return;
    ++impl_->serial;
    impl_->cancel = true;
    impl_->next.reset();
    impl_->st.phase = PlayerState::Phase::idle;
    impl_->st.section.clear();
  }
  impl_->cv.notify_all();
}

PlayerState AudioPlayer::state() const {
  std::lock_guard lk(impl_->mu);
  return impl_->st;
}

}  // namespace tramtin
