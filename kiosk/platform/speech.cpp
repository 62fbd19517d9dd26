// Speech synthesis (espeak-ng) and Ogg Vorbis decoding (stb_vorbis) into memory. Layer: tramtin.
#include "kiosk/platform/speech.h"

#include <espeak-ng/speak_lib.h>

#define STB_VORBIS_HEADER_ONLY  // the code is in Debian's libstb (linked), not compiled here
#include <stb_vorbis.h>

#include <cstring>
#include <vector>

namespace tramtin {

namespace {

struct SynthContext {
  const PcmSink* sink = nullptr;
  bool cancelled = false;
};

// espeak-ng's synthesis callback (synchronous mode: called on the thread inside espeak_Synth).
// Returning 1 aborts the synthesis.
int on_synth(short* wav, int frames, espeak_EVENT* events) {
  auto* ctx = events ? static_cast<SynthContext*>(events->user_data) : nullptr;
  if (!ctx) return 0;
  if (wav && frames > 0 && !(*ctx->sink)(reinterpret_cast<const std::int16_t*>(wav), std::size_t(frames))) {
    ctx->cancelled = true;
    return 1;
  }
  return ctx->cancelled ? 1 : 0;
}

bool g_espeak_ready = false;  // espeak-ng is process-wide: initialised once, by one thread at a time

}  // namespace

Synthesizer::Synthesizer() = default;

Synthesizer::~Synthesizer() { shutdown(); }

void Synthesizer::shutdown() {
  if (rate_ > 0 && g_espeak_ready) {
    espeak_Terminate();
    g_espeak_ready = false;
  }
  rate_ = 0;
  voice_.clear();
}

Status Synthesizer::init() {
  if (rate_ > 0) return {};
  if (g_espeak_ready) return Status::error(ErrorKind::input, "espeak-ng is already in use by another synthesizer");
  // buflength 200 ms: the callback gets the speech in pieces, so playback starts before the end.
  const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, 0);
  if (rate <= 0)
    return Status::error(ErrorKind::input, "espeak-ng cannot start (is espeak-ng-data installed?)");
  espeak_SetSynthCallback(on_synth);
  espeak_SetParameter(espeakRATE, 150, 0);  // a little slower than the default 175 words a minute
  g_espeak_ready = true;
  rate_ = rate;
  return {};
}

Status Synthesizer::speak(std::string_view text, const std::string& voice, const PcmSink& sink) {
  if (Status st = init(); !st) return st;
  if (voice != voice_) {
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK)
      return Status::error(ErrorKind::input, "espeak-ng has no voice \"" + voice + "\"");
    voice_ = voice;
  }
  SynthContext ctx;
  ctx.sink = &sink;
  const std::string buf(text);  // espeak wants a terminated string
  const espeak_ERROR e = espeak_Synth(buf.c_str(), buf.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &ctx);
  if (ctx.cancelled) return Status::error(ErrorKind::cancelled, "stopped");
  if (e != EE_OK) return Status::error(ErrorKind::input, "espeak-ng could not speak the text (error " + std::to_string(int(e)) + ")");
  return {};
}

VorbisDecoder::~VorbisDecoder() {
  if (v_) stb_vorbis_close(v_);
}

Status VorbisDecoder::open(const std::string& bytes) {
  if (bytes.size() > (64u << 20)) return Status::error(ErrorKind::input, "narration larger than 64 MB");
  int err = 0;
  v_ = stb_vorbis_open_memory(reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()), &err, nullptr);
  if (!v_) return Status::error(ErrorKind::input, "not an Ogg Vorbis stream (stb_vorbis error " + std::to_string(err) + ")");
  const stb_vorbis_info info = stb_vorbis_get_info(v_);
  rate_ = int(info.sample_rate);
  channels_ = info.channels;
  if (rate_ < 8000 || rate_ > 96000 || channels_ < 1 || channels_ > 2)
    return Status::error(ErrorKind::input, "narration must be mono or stereo, 8–96 kHz");
  bytes_ = &bytes;
  return {};
}

Status VorbisDecoder::decode(const PcmSink& sink) {
  if (!v_) return Status::error(ErrorKind::input, "no stream open");
  std::vector<short> buf(4096u * std::size_t(channels_));
  for (;;) {
    const int frames = stb_vorbis_get_samples_short_interleaved(v_, channels_, buf.data(), int(buf.size()));
    if (frames <= 0) break;
    if (!sink(reinterpret_cast<const std::int16_t*>(buf.data()), std::size_t(frames)))
      return Status::error(ErrorKind::cancelled, "stopped");
  }
  return {};
}

}  // namespace tramtin
