// Feedback: "was this useful?" with five large faces, then an optional reason from a fixed list.
// No free text, nothing personal; the app stores the answer in the anonymous report queue.
// Layer: tramtin (ImGui).
#include <algorithm>

#include "kiosk/ui/screens/screens.h"

namespace tramtin {
namespace {

struct Face {
  const char* icon;
  const char* label_key;
  ImU32 color;
};

const char* kReasons[] = {"reason_clear", "reason_found", "reason_unclear", "reason_not_found", "reason_outdated",
                          "reason_language"};

void faces(Ui& ui, const std::string& item_id, float width, float size) {
  const Theme& t = ui.theme;
  const Face faces[] = {{icon::frown, "score_1", t.urgent},
                        {icon::frown, "score_2", t.accent},
                        {icon::meh, "score_3", t.text_muted},
                        {icon::smile, "score_4", t.primary},
                        {icon::smile, "score_5", t.primary}};
  const float gap = ui.m.gap;
  // The faces grow with the text size (their words must fit), as far as five fit on a line.
  const float factor = ui.fonts->scale / std::max(0.01f, ui.m.scale);
  const float fw = std::min(size * std::max(1.0f, factor), (width - gap * 4) / 5);
  for (int i = 0; i < 5; ++i) {
    if (i) ImGui::SameLine(0, gap);
    std::string id = "face-" + std::to_string(i + 1);
    bool selected = ui.session->feedback_score == i + 1 && ui.session->feedback_item == item_id;
    const ImU32 color = selected ? t.star : t.high_contrast ? t.text_muted : faces[i].color;
    if (tile(ui, id.c_str(), faces[i].icon, ui.tr(faces[i].label_key), ImVec2(fw, fw * 0.95f), color)) {
      ui.emit(make_intent(Intent::Type::feedback_score, item_id, i + 1));
      if (ui.session->current().screen != ScreenId::feedback) ui.open(ScreenId::feedback, item_id);
    }
  }
}

}  // namespace

void draw_feedback_prompt(Ui& ui, const std::string& item_id, float width) {
  ImGui::Dummy(ImVec2(1, ui.m.gap * 2));
  section_heading(ui, icon::smile, ui.tr("was_this_useful"));
  faces(ui, item_id, width, 200 * ui.m.scale);
}

void screen_feedback(Ui& ui, const Route& route) {
  const Session& s = *ui.session;
  const Metrics& m = ui.m;
  const float w = std::min(ImGui::GetContentRegionAvail().x - m.pad, 1400 * m.scale);
  if (!s.feedback_reason.empty() && s.feedback_item == route.arg) {
    ImGui::Dummy(ImVec2(1, m.gap * 3));
    wrapped_text(ui.fonts->title, ui.theme.text, std::string(icon::smile) + "  " + ui.tr("thank_you"), w);
    wrapped_text(ui.fonts->body, ui.theme.text_muted, ui.tr("feedback_anonymous"), w);
    ImGui::Dummy(ImVec2(1, m.gap * 2));
    if (touch_button(ui, "feedback-done", icon::home, ui.tr("home"), ImVec2(std::min(w, 500 * m.scale), m.row_h), true))
      ui.emit(make_intent(Intent::Type::home));
    return;
  }
  wrapped_text(ui.fonts->title, ui.theme.text, ui.tr("was_this_useful"), w);
  wrapped_text(ui.fonts->body, ui.theme.text_muted, ui.tr("feedback_anonymous"), w);
  ImGui::Dummy(ImVec2(1, m.gap));
  faces(ui, route.arg, w, 240 * m.scale);
  if (s.feedback_score > 0 && s.feedback_item == route.arg) {
    section_heading(ui, nullptr, ui.tr("feedback_why"));
    const int cols = w > 1000 * m.scale ? 2 : 1;
    const float cw = (w - m.gap * (cols - 1)) / cols;
    float rh = m.row_h;  // one height for all, as tall as the longest reason needs
    for (const char* r : kReasons) rh = std::max(rh, touch_button_label_size(ui, nullptr, ui.tr(r), cw).y + 24 * m.scale);
    int i = 0;
    for (const char* r : kReasons) {
      if (i++ % cols) ImGui::SameLine(0, m.gap);
      std::string id = std::string("reason-") + r;
      if (touch_button(ui, id.c_str(), nullptr, ui.tr(r), ImVec2(cw, rh)))
        ui.emit(make_intent(Intent::Type::feedback_reason, r));
    }
    ImGui::Dummy(ImVec2(1, m.gap));
    if (touch_button(ui, "reason-skip", nullptr, ui.tr("feedback_skip"), ImVec2(std::min(w, 500 * m.scale), m.row_h), true))
      ui.emit(make_intent(Intent::Type::feedback_reason, "none"));
  }
}

}  // namespace tramtin
