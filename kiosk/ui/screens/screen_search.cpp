// Search: what the villager typed (no blinking caret), results as they type with the matched
// words highlighted, and a friendly "nothing found" that suggests fields to browse. Also the big
// search field other screens show (search_button) and the help page (an article).
// Layer: tramtin (ImGui).
#include <algorithm>
#include <cfloat>

#include "kiosk/core/view_model.h"
#include "kiosk/ui/rich_text.h"
#include "kiosk/ui/layout_check.h"
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

namespace {

// The longest start of `s` (whole code points) that fits `width` in `font`, with "…" when cut.
std::string fit_line(ImFont* font, const std::string& s, float width, std::size_t* cut_at) {
  *cut_at = s.size();
  if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()).x <= width) return s;
  const char* ell = "…";
  const float ell_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, ell).x;
  std::size_t lo = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str(), s.c_str() + j).x + ell_w > width) break;
    lo = j;
    i = j;
  }
  *cut_at = lo;
  return s.substr(0, lo) + ell;
}

// With the keyboard up: one line per hit (title, then kind and code at the right), each a full
// touch target, so four or more results show above the keyboard and can be tapped without hiding it.
// A landscape screen has the width but not the height: two columns there.
void compact_rows(Ui& ui, const ViewModel& v, float full_w) {
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  const float row_h = m.target;
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  const int cols = screen.x > screen.y && full_w >= 1000.0f ? 2 : 1;
  const float gap = m.gap * 0.5f;
  const float w = (full_w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  int n = 0;
  for (const SearchHit& hit : v.hits) {
    ImGui::PushID(hit.id.c_str());
    const std::string id = "item:" + hit.id;
    const int col = n % cols, row = n / cols;
    ++n;
    const ImVec2 start(origin.x + static_cast<float>(col) * (w + gap), origin.y + static_cast<float>(row) * (row_h + gap));
    ImGui::SetCursorScreenPos(start);
    const ImVec2 end(start.x + w, start.y + row_h);
    ImGui::InvisibleButton(id.c_str(), ImVec2(w, row_h));
    const bool tapped = item_tapped();
    const bool held = item_held();
    register_target(ui, id.c_str(), hit.title.c_str(), start, end);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(start, end, held ? (t.high_contrast ? t.text_muted : t.primary) : t.border, 10 * m.scale, 0,
                (held ? 4.0f : 2.0f) * m.scale);
    std::string meta = ui.tr(kind_name(hit.kind));
    if (!hit.code.empty()) meta += "  ·  " + hit.code;
    ImFont* small = ui.fonts->small;
    const ImVec2 meta_size = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, meta.c_str());
    const float title_w = w - 3 * m.pad - meta_size.x;
    std::size_t cut = 0;
    const std::string title = fit_line(ui.fonts->bold, hit.title, title_w, &cut);
    std::vector<TextRange> ranges;
    for (const TextRange& r : hit.title_ranges)
      if (r.end <= cut) ranges.push_back(r);
    const float th = ui.fonts->bold->FontSize;
    ImGui::SetCursorScreenPos(ImVec2(start.x + m.pad, start.y + (row_h - th) * 0.5f));
    draw_runs(highlighted_runs(title, ranges, ui.fonts->bold, t.text, t.highlight), title_w + m.pad);
    draw_text(dl, small, ImVec2(end.x - m.pad - meta_size.x, start.y + (row_h - meta_size.y) * 0.5f), t.text_muted, meta,
              {start, end});
    ImGui::SetCursorScreenPos(ImVec2(origin.x, end.y));
    ImGui::Dummy(ImVec2(1, gap));
    if (tapped) ui.open(screen_for_kind(hit.kind), hit.id);
    ImGui::PopID();
  }
}

}  // namespace

void screen_search(Ui& ui, const Route&) {
  const ViewModel& v = *ui.view;
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  const float w = ImGui::GetContentRegionAvail().x - m.pad;

  // The field: shows the text and a steady caret; tapping it brings the keyboard back.
  // With the keyboard up the field is one touch target high: the room above the keyboard is for results.
  const float h = ui.session->keyboard_visible ? m.target : std::max(96 * m.scale, m.target);
  std::string shown = ui.session->search_text.empty() ? std::string() : ui.session->search_text + "|";
  if (touch_button(ui, "search-field", icon::search, shown.empty() ? ui.tr("search_hint") : shown.c_str(), ImVec2(w, h)))
    ui.emit(make_intent(Intent::Type::show_keyboard, {}, 1));
  ImGui::Dummy(ImVec2(1, m.gap * (ui.session->keyboard_visible ? 0.25f : 0.5f)));

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
    // Never a blank: what most people come for (the procedures staff put first) and a person to ask,
    // on the first screen; then the fields to browse.
    if (!v.suggest_items.empty()) {
      section_heading(ui, icon::file_text, ui.tr("popular_procedures"));
      int k = 0;
      for (const ItemRow& r : v.suggest_items) {
        if (k++ % cols) ImGui::SameLine(0, m.gap);
        ImGui::PushID(r.id.c_str());
        std::string id = "popular:" + r.id;
        ImGui::BeginGroup();
        if (list_row(ui, id.c_str(), r.title, "", cw, nullptr, icon::file_text)) ui.open(ScreenId::procedure, r.id);
        ImGui::EndGroup();
        ImGui::PopID();
      }
      ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
    }
    wrapped_text(ui.fonts->body, t.text, ui.tr("ask_officer"), w);
    ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
    int i = 0;
    for (const auto& f : v.suggest_fields) {
      if (i++ % cols) ImGui::SameLine(0, m.gap);
      ImGui::PushID(f.key.c_str());
      std::string id = "field:" + f.key;
      ImGui::BeginGroup();
      if (list_row(ui, id.c_str(), ui.field_name(f.key, f.name, f.fell_back), "", cw, nullptr, icon::file_text))
        ui.open(ScreenId::procedure_list, f.key);
      ImGui::EndGroup();
      ImGui::PopID();
    }
    return;
  }
  if (ui.session->keyboard_visible) {
    compact_rows(ui, v, w);
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
