// What read-aloud says (see read_aloud.h). Layer: tramtin_kiosk_core.
#include "kiosk/core/read_aloud.h"

namespace tramtin {

bool has_speech_voice(std::string_view lang) {
  return lang == "vi" || lang == "en" || lang == "zh-Hans" || lang == "zh";
}

std::string speech_voice(std::string_view lang) {
  if (lang == "en") return "en";
  if (lang == "zh-Hans" || lang == "zh") return "cmn";
  return "vi";
}

namespace {

// Ends a sentence so the voice pauses ("Bước 1" then the step, not one run-on line).
std::string sentence(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  if (s.empty()) return s;
  const char last = s.back();
  if (last != '.' && last != '?' && last != '!' && last != ':' && last != ';') s += '.';
  return s;
}

// Collects parts; a field empty in the visitor's language is taken from Vietnamese, and spoken so.
class ScriptBuilder {
 public:
  ScriptBuilder(const Strings& strings, std::string lang, ReadAloudScript* out)
      : strings_(strings), lang_(std::move(lang)), out_(out) {}

  // A section's heading ("Cần mang gì?") is said only when something of the section follows.
  void heading(const std::string& section, const char* key) {
    const bool own = strings_.has(lang_, key);
    pending_ = SpeechPart{section, own ? lang_ : "vi", sentence(strings_.get(own ? lang_ : "vi", key))};
  }
  // A UI word said as part of the section ("Trực tiếp" before a channel's time and fee).
  void label(const std::string& section, const char* key) {
    const bool own = strings_.has(lang_, key);
    add(section, own ? lang_ : "vi", sentence(strings_.get(own ? lang_ : "vi", key)));
  }
  // `wanted` in the visitor's language if it is not empty, else `vi`.
  void field(const std::string& section, const std::string& wanted, const std::string& vi) {
    if (!wanted.empty()) add(section, lang_, wanted);
    else add(section, "vi", vi);
  }
  void add(const std::string& section, const std::string& lang, const std::string& text) {
    if (text.empty()) return;
    if (!pending_.text.empty()) {
      SpeechPart h = std::move(pending_);
      pending_ = {};
      if (h.section == section) append(h.section, h.lang, h.text);
    }
    append(section, lang, text);
  }

 private:
  void append(const std::string& section, const std::string& lang, const std::string& text) {
    // Consecutive text of one section and one voice is one part: fewer, longer synth calls.
    if (!out_->parts.empty() && out_->parts.back().section == section && out_->parts.back().lang == lang) {
      out_->parts.back().text += "\n" + text;
      return;
    }
    out_->parts.push_back(SpeechPart{section, lang, text});
  }

  SpeechPart pending_;
  const Strings& strings_;
  std::string lang_;
  ReadAloudScript* out_;
};

void finish(ReadAloudScript& s) {
  if (s.language == "vi" || !s.narration_sha256.empty()) return;
  bool all_vi = !s.parts.empty();
  for (const auto& p : s.parts) all_vi &= p.lang == "vi";
  s.spoken_in_vi = all_vi;
}

}  // namespace

ReadAloudScript read_aloud_item(const ItemView& view, const Strings& strings, const std::string& lang) {
  ReadAloudScript s;
  const Item& item = view.item;
  s.item = item.id;
  s.language = lang;
  for (const auto& m : item.media)
    if (m.role == "narration" && m.lang == lang && m.mime == "audio/ogg") s.narration_sha256 = m.sha256;

  // Without a voice for the language, the whole item is read from its Vietnamese text.
  const std::string speak_lang = has_speech_voice(lang) ? lang : "vi";
  const ItemText* own = item.text(speak_lang);
  const ItemText* vi_text = item.text("vi");
  if (!vi_text) return s;  // `vi` is required; a document without it has nothing to read
  const ItemText& vi = *vi_text;
  static const ItemText kNone;
  const ItemText& tx = own ? *own : kNone;
  ScriptBuilder b(strings, speak_lang, &s);

  b.field("title", sentence(tx.title), sentence(vi.title));
  if (item.kind == Kind::product) {  // in the order of the screen: the producer comes first
    b.heading("producer", "producer");
    b.add("producer", "vi", sentence(item.product.producer));  // names are not translated
    b.add("producer", "vi", sentence(item.product.producer_commune));
  }
  b.field("summary", sentence(tx.summary), sentence(vi.summary));
  if (item.kind == Kind::procedure) {
    const ProcedureText& p = tx.procedure;
    const ProcedureText& pv = vi.procedure;
    const bool own_cases = !p.cases.empty();
    const auto& cases = own_cases ? p.cases : pv.cases;
    b.heading("what_to_bring", "what_to_bring");
    for (const auto& c : cases) {
      const std::string l = own_cases ? speak_lang : "vi";
      if (!c.title.empty()) b.add("what_to_bring", l, sentence(c.title));
      for (const auto& d : c.documents) b.add("what_to_bring", l, sentence(d.name + (d.copies.empty() ? "" : ", " + d.copies)));
    }
    b.heading("where_to_go", "where_to_go");
    b.field("where_to_go", sentence(p.agency), sentence(pv.agency));
    b.field("where_to_go", sentence(p.address), sentence(pv.address));
    b.heading("time_and_fee", "time_and_fee");
    const bool own_channels = !p.channels.empty();
    for (const auto& c : own_channels ? p.channels : pv.channels) {
      b.label("time_and_fee", channel_kind_name(c.kind));
      const std::string l = own_channels ? speak_lang : "vi";
      b.add("time_and_fee", l, sentence(c.time_limit));
      b.add("time_and_fee", l, sentence(c.fee));
    }
    b.heading("steps", "steps");
    const bool own_steps = !p.steps.empty();
    const auto& steps = own_steps ? p.steps : pv.steps;
    for (std::size_t i = 0; i < steps.size(); ++i)
      b.add("steps", own_steps ? speak_lang : "vi", std::to_string(i + 1) + ". " + sentence(steps[i]));
    b.heading("result", "result");
    b.field("result", sentence(p.result), sentence(pv.result));
    b.heading("who_may_apply", "who_may_apply");
    b.field("who_may_apply", sentence(p.who), sentence(pv.who));
    b.field("who_may_apply", sentence(p.conditions), sentence(pv.conditions));
  }
  const std::string body = body_plain_text(tx.body);
  b.field("body", body, body_plain_text(vi.body));
  finish(s);
  return s;
}

ReadAloudScript read_aloud_tile(const std::string& key, const Strings& strings, const std::string& lang) {
  ReadAloudScript s;
  s.item = "tile:" + key;
  s.language = lang;
  const std::string speak_lang = has_speech_voice(lang) ? lang : "vi";
  ScriptBuilder b(strings, speak_lang, &s);
  b.label("title", key.c_str());
  b.label("summary", (key + "_sub").c_str());
  finish(s);
  return s;
}

}  // namespace tramtin
