// Search: what the villager typed (no blinking caret), results as they type with the matched
// words highlighted, and a friendly "nothing found" that suggests fields to browse. Also the big
// search field other screens show (search_button) and the help page (an article).
// Layer: tramtin (ImGui).
#include <algorithm>

#include "kiosk/core/view_model.h"
#include "kiosk/ui/rich_text.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

ScreenId screen_for_kind(Kind k) {
  switch (k) {
    case Kind::procedure: return ScreenId::procedure;
    case Kind::product: return ScreenId::product;
    case Kind::page: return ScreenId::help;
    default: return ScreenId::article;
  }
}

void search_button(Ui& ui, float width, float height) {
  if (touch_button(ui, "search-box", icon::search, ui.tr("search_hint"), ImVec2(width, height))) {
    ui.open(ScreenId::search);
    ui.emit(make_intent(Intent::Type::show_keyboard, {}, 1));
  }
}

void screen_search(Ui& ui, const Route&) {
  const ViewModel& v = *ui.view;
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  const float w = ImGui::GetContentRegionAvail().x - m.pad;

  // The field: shows the text and a steady caret; tapping it brings the keyboard back.
  const float h = std::max(96 * m.scale, m.target);
  std::string shown = ui.session->search_text.empty() ? std::string() : ui.session->search_text + "|";
  if (touch_button(ui, "search-field", icon::search, shown.empty() ? ui.tr("search_hint") : shown.c_str(), ImVec2(w, h)))
    ui.emit(make_intent(Intent::Type::show_keyboard, {}, 1));
  ImGui::Dummy(ImVec2(1, m.gap * 0.5f));

  if (ui.session->search_text.empty()) {
    wrapped_text(ui.fonts->body, t.text_muted, ui.tr("search_help"), w);
    return;
  }
  if (!v.corrected_query.empty())
    wrapped_text(ui.fonts->small, t.text_muted, ui.tr("showing_results_for") + std::string(" “") + v.corrected_query + "”", w);
  if (v.hits.empty()) {
    section_heading(ui, icon::search, ui.tr("nothing_found"));
    wrapped_text(ui.fonts->body, t.text, ui.tr("nothing_found_hint"), w);
    ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
    const int cols = w > 1200 * m.scale ? 2 : 1;
    const float cw = (w - m.gap * (cols - 1)) / cols;
    int i = 0;
    for (const auto& f : v.suggest_fields) {
      if (i++ % cols) ImGui::SameLine(0, m.gap);
      ImGui::PushID(f.key.c_str());
      std::string id = "field:" + f.key;
      ImGui::BeginGroup();
      if (list_row(ui, id.c_str(), f.name, "", cw, nullptr, icon::file_text)) ui.open(ScreenId::procedure_list, f.key);
      ImGui::EndGroup();
      ImGui::PopID();
    }
    return;
  }
  const ImU32 hl = t.highlight;
  for (const SearchHit& hit : v.hits) {
    ImGui::PushID(hit.id.c_str());
    std::string id = "item:" + hit.id;
    // A row whose title and summary carry the highlighted matches.
    ImGui::BeginGroup();
    ImVec2 start = ImGui::GetCursorScreenPos();
    const float inner = w - 2 * m.pad;
    ImGui::SetCursorScreenPos(ImVec2(start.x + m.pad, start.y + m.pad * 0.6f));
    ImGui::BeginGroup();
    // Matches on the highlight colour, in the text colour (white on blue in high contrast).
    draw_runs(highlighted_runs(hit.title, hit.title_ranges, ui.fonts->bold, t.text, hl), inner);
    std::string kind_label = ui.tr(kind_name(hit.kind));
    std::string meta = kind_label + (hit.code.empty() ? "" : "  ·  " + hit.code);
    if (hit.fell_back) meta += "  ·  " + std::string(ui.tr("fell_back_notice"));
    wrapped_text(ui.fonts->small, t.text_muted, meta, inner);
    if (!hit.summary.empty()) {
      std::string summary = hit.summary;
      auto ranges = hit.summary_ranges;
      if (summary.size() > 220) {
        std::size_t cut = summary.rfind(' ', 210);
        if (cut == std::string::npos) cut = 210;
        summary = summary.substr(0, cut) + " …";
        ranges.erase(std::remove_if(ranges.begin(), ranges.end(), [&](const TextRange& r) { return r.end > cut; }),
                     ranges.end());
      }
      draw_runs(highlighted_runs(summary, ranges, ui.fonts->body, t.text, hl), inner);
    }
    ImGui::EndGroup();
    ImVec2 end(start.x + w, ImGui::GetItemRectMax().y + m.pad * 0.6f);
    ImGui::SetCursorScreenPos(start);
    ImGui::InvisibleButton(id.c_str(), ImVec2(w, end.y - start.y));
    const bool tapped = item_tapped();
    const bool held = item_held();
    register_target(ui, id.c_str(), hit.title.c_str(), start, end);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(start, end, held ? (t.high_contrast ? t.text_muted : t.primary) : t.border, 14 * m.scale, 0, (held ? 4.0f : 2.0f) * m.scale);
    ImGui::EndGroup();
    ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
    if (tapped) ui.open(screen_for_kind(hit.kind), hit.id);
    ImGui::PopID();
  }
}

void screen_help(Ui& ui, const Route& route) { screen_article(ui, route); }

}  // namespace tramtin
