// News and notices: lists with picture, date and title -> the article with its Markdown body.
// Layer: tramtin (ImGui).
#include <algorithm>
#include <ctime>

#include "kiosk/core/view_model.h"
#include "kiosk/ui/media.h"
#include "kiosk/ui/layout_check.h"
#include "kiosk/ui/rich_text.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

namespace {

void draw_item_list(Ui& ui, const std::vector<ItemRow>& rows, ScreenId open_as, const char* empty_key) {
  const float w = ImGui::GetContentRegionAvail().x - ui.m.pad;
  if (rows.empty()) {
    wrapped_text(ui.fonts->body, ui.theme.text_muted, ui.tr(empty_key));
    return;
  }
  // Long lists are clipped (only the rows on screen are laid out); a short one is drawn whole, so
  // rows that wrap at A++ are measured, not estimated, and the list's end can be scrolled to.
  auto row = [&](std::size_t i) {
    const ItemRow& r = rows[i];
    ImGui::PushID(r.id.c_str());
    std::string id = "item:" + r.id;
    std::string sub = format_date(r.publish_at);
    if (!r.summary.empty()) sub += (sub.empty() ? "" : "  ·  ") + r.summary;
    if (sub.size() > 200) sub = sub.substr(0, sub.rfind(' ', 190)) + " …";
    const char* ic = r.urgent ? icon::warning : nullptr;
    bool tapped = r.media_sha256.empty()
                      ? list_row(ui, id.c_str(), r.title, sub, w, nullptr, ic ? ic : icon::bullhorn,
                                 r.urgent ? ui.theme.urgent : ui.theme.primary)
                      : list_row(ui, id.c_str(), r.title, sub, w, &r.media_sha256);
    if (tapped) ui.open(open_as, r.id);
    ImGui::PopID();
  };
  if (rows.size() <= 60) {
    for (std::size_t i = 0; i < rows.size(); ++i) row(i);
    return;
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()), ui.m.row_h * 1.5f + ui.m.gap);
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) row(static_cast<std::size_t>(i));
}

}  // namespace

void screen_news(Ui& ui, const Route&) {
  wrapped_text(ui.fonts->title, ui.theme.text, std::string(icon::newspaper) + "  " + ui.tr("news"));
  ImGui::Dummy(ImVec2(1, ui.m.gap * 0.5f));
  draw_item_list(ui, ui.view->rows, ScreenId::article, "no_content_yet");
}

void screen_notices(Ui& ui, const Route&) {
  wrapped_text(ui.fonts->title, ui.theme.text, std::string(icon::bullhorn) + "  " + ui.tr("notices"));
  ImGui::Dummy(ImVec2(1, ui.m.gap * 0.5f));
  draw_item_list(ui, ui.view->rows, ScreenId::article, "no_notices");
}

// A news article, a notice, or a help page: title, date, picture, Markdown body.
void screen_article(Ui& ui, const Route&) {
  const ViewModel& v = *ui.view;
  if (!item_or_nothing_found(ui)) return;
  const Item& item = v.item->item;
  const ItemText& tx = v.item->text();
  const Metrics& m = ui.m;
  const float w = std::min(ImGui::GetContentRegionAvail().x - m.pad, 1400 * m.scale);
  if (item.urgent) {
    wrapped_text(ui.fonts->heading, ui.theme.high_contrast ? ui.theme.text_muted : ui.theme.urgent,
                 std::string(icon::warning) + "  " + ui.tr("urgent"), w);
  }
  float read_y = read_mark(ui, "title");  // read-aloud highlights title, summary, body
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
  ImGui::PushFont(ui.fonts->title);
  ImGui::TextUnformatted(tx.title.c_str());
  note_item_text(tx.title);
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  read_highlight(ui, "title", read_y, w);
  if (v.item->fell_back) fell_back_marker(ui);
  std::string date = format_date(item.publish_at);
  if (!date.empty()) wrapped_text(ui.fonts->body, ui.theme.text_muted, std::string(icon::calendar) + "  " + date, w);
  ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
  for (const auto& media : item.media) {
    if (media.mime.rfind("image/", 0) != 0) continue;
    Texture pic = ui.media ? ui.media->image(media.sha256) : Texture{};
    // At most ~40 % of the screen's height, so the text starts on the first screen.
    const float aspect = pic ? float(pic.height) / float(std::max(1, pic.width)) : 0.66f;
    const float ph = std::min(420 * m.scale, w * aspect);
    const float pw = ph / aspect;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    draw_picture(ImGui::GetWindowDrawList(), pic, pos, ImVec2(pw, ph), tx.title, ui.fonts->title, ui.theme.surface_pressed,
                 ui.theme.text_muted, 12 * m.scale);
    ImGui::Dummy(ImVec2(pw, ph));
    if (!media.caption.empty()) wrapped_text(ui.fonts->small, ui.theme.text_muted, media.caption, w);
    ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
    break;  // one picture on top; the rest of the page is text
  }
  const ItemText* vi_summary = item.text("vi");
  const std::string& summary = !tx.summary.empty() || !vi_summary ? tx.summary : vi_summary->summary;
  if (!summary.empty()) {
    ui.mark_section("summary");
    read_y = read_mark(ui, "summary");
    field_fell_back_marker(ui, "summary");
    wrapped_text(ui.fonts->bold, ui.theme.text, summary, w);
    read_highlight(ui, "summary", read_y, w);
    ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
  }
  const ItemText* vi = item.text("vi");
  ui.mark_section("body");
  read_y = read_mark(ui, "body");
  field_fell_back_marker(ui, "body");
  draw_body(ui, tx.body.empty() && vi ? vi->body : tx.body, w);
  read_highlight(ui, "body", read_y, w);
  if (item.kind != Kind::page) draw_feedback_prompt(ui, item.id, w);
}

}  // namespace tramtin
