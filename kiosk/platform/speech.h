// Sound into memory, without SDL: espeak-ng speech synthesis and Ogg Vorbis decoding (stb_vorbis).
// Used by the read-aloud worker (audio.cpp) on its own thread; espeak-ng keeps global state, so
// only one thread may use a Synthesizer at a time. Layer: tramtin.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "content/base/status.h"

struct stb_vorbis;  // <stb_vorbis.h>

namespace tramtin {

// Receives PCM (signed 16-bit, interleaved) as it is produced; return false to cancel.
using PcmSink = std::function<bool(const std::int16_t* samples, std::size_t frames)>;

class Synthesizer {
 public:
  Synthesizer();
  ~Synthesizer();
  Synthesizer(const Synthesizer&) = delete;
  Synthesizer& operator=(const Synthesizer&) = delete;

  // Loads espeak-ng (synchronous mode, no audio output of its own) on first use; mono output.
  Status init();
  void shutdown();                       // frees espeak-ng (also done by the destructor)
  int sample_rate() const { return rate_; }
  // Speaks `text` (UTF-8) with espeak-ng's voice `voice` ("vi", "en", "cmn") into `sink`.
  // Returns an error when the voice is missing or the synthesis fails; cancelled is not an error.
  Status speak(std::string_view text, const std::string& voice, const PcmSink& sink);

 private:
  int rate_ = 0;
  std::string voice_;
};

// An Ogg Vorbis stream decoded piece by piece from memory.
class VorbisDecoder {
 public:
  ~VorbisDecoder();
  // Opens the stream; an error for anything that is not Ogg Vorbis (e.g. Opus).
  Status open(const std::string& bytes);
  int sample_rate() const { return rate_; }
  int channels() const { return channels_; }
  // Decodes the whole stream into `sink`, in chunks.
  Status decode(const PcmSink& sink);

 private:
  ::stb_vorbis* v_ = nullptr;
  const std::string* bytes_ = nullptr;
  int rate_ = 0, channels_ = 0;
};

}  // namespace tramtin
