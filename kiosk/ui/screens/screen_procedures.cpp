// Procedures: fields (lĩnh vực) -> the field's procedures -> one procedure, with what a villager needs
// first: what to bring, where to go, how long and how much, the steps. Layer: tramtin (ImGui).
#include <algorithm>
#include <map>

#include "kiosk/core/fallback.h"
#include "kiosk/core/view_model.h"
#include "kiosk/ui/media.h"
#include "kiosk/ui/rich_text.h"
#include "kiosk/ui/layout_check.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {
namespace {

float content_width(const Ui& ui) { return std::min(ImGui::GetContentRegionAvail().x - ui.m.pad, 1420 * ui.m.scale); }

void screen_title(Ui& ui, const std::string& title) {
  const float w = content_width(ui);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
  ImGui::PushFont(ui.fonts->title);
  ImGui::TextUnformatted(title.c_str());
  note_item_text(title);
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(1, ui.m.gap * 0.5f));
}

// Per-field fallback: a minority-language text may translate the title and steps only; the rest
// comes from Vietnamese.
template <class T>
const T& pick(const T& wanted, const T& vi) {
  return wanted.empty() ? vi : wanted;
}

}  // namespace


void screen_procedures(Ui& ui, const Route&) {
  const ViewModel& v = *ui.view;
  const float w = ImGui::GetContentRegionAvail().x - ui.m.pad;
  screen_title(ui, std::string(icon::file_text) + "  " + ui.tr("procedures"));
  search_button(ui, w, std::max(80 * ui.m.scale, ui.m.target));
  ImGui::Dummy(ImVec2(1, ui.m.gap * 0.5f));
  wrapped_text(ui.fonts->body, ui.theme.text_muted, ui.tr("browse_fields"));
  ImGui::Dummy(ImVec2(1, ui.m.gap * 0.5f));
  if (v.fields.empty()) {
    wrapped_text(ui.fonts->body, ui.theme.text, ui.tr("no_content_yet"));
    return;
  }
  const int cols = w > 1200 * ui.m.scale ? 2 : 1;
  const float cw = (w - ui.m.gap * (cols - 1)) / cols;
  int i = 0;
  for (const auto& f : v.fields) {
    if (i % cols) ImGui::SameLine(0, ui.m.gap);
    ImGui::PushID(f.key.c_str());
    std::string id = "field:" + f.key;
    std::string sub = std::to_string(f.count) + " " + ui.tr(f.count == 1 ? "procedures_count_one" : "procedures_count");
    ImGui::BeginGroup();
    if (list_row(ui, id.c_str(), ui.field_name(f.key, f.name, f.fell_back), sub, cw, nullptr, icon::file_text))
      ui.open(ScreenId::procedure_list, f.key);
    ImGui::EndGroup();
    ImGui::PopID();
    ++i;
  }
}

void screen_procedure_list(Ui& ui, const Route& route) {
  const ViewModel& v = *ui.view;
  const float w = ImGui::GetContentRegionAvail().x - ui.m.pad;
  std::string name = route.arg;
  for (const auto& f : v.fields)
    if (f.key == route.arg) name = ui.field_name(f.key, f.name, f.fell_back);
  screen_title(ui, name);
  if (v.rows.empty()) {
    wrapped_text(ui.fonts->body, ui.theme.text, ui.tr("no_content_yet"));
    return;
  }
  // Long lists are clipped: only the rows on screen are laid out and drawn. A short one is drawn
  // whole, so rows that wrap at A++ are measured, not estimated from the first.
  auto row = [&](std::size_t i) {
    const ItemRow& r = v.rows[i];
    ImGui::PushID(r.id.c_str());
    std::string id = "item:" + r.id;
    std::string sub = r.code.empty() ? r.summary : r.code + " · " + r.summary;
    if (sub.size() > 160) sub = sub.substr(0, sub.rfind(' ', 150)) + " …";
    if (list_row(ui, id.c_str(), r.title, sub, w)) ui.open(ScreenId::procedure, r.id);
    ImGui::PopID();
  };
  if (v.rows.size() <= 60) {
    for (std::size_t i = 0; i < v.rows.size(); ++i) row(i);
    return;
  }
  ImGuiListClipper clipper;
  const float row_h = ui.m.row_h * 1.35f;  // estimate; rows grow with wrapped text
  clipper.Begin(static_cast<int>(v.rows.size()), row_h + ui.m.gap);
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) row(static_cast<std::size_t>(i));
}

void screen_procedure(Ui& ui, const Route&) {
  const ViewModel& v = *ui.view;
  if (!item_or_nothing_found(ui)) return;
  const Item& item = v.item->item;
  const ItemText& tx = v.item->text();
  const ItemText* vi_ptr = item.text("vi");
  const ItemText& vi = vi_ptr ? *vi_ptr : tx;
  const ProcedureText& p = tx.procedure;
  const ProcedureText& pv = vi.procedure;
  const Theme& t = ui.theme;
  const Metrics& m = ui.m;
  const float w = content_width(ui);

  // Jump chips: the sections people look for first. A chip emits jump_to_section; the route
  // scrolls to the position the section reports with mark_section (see chrome.h).
  auto mark_section = [&](const char* key) { ui.mark_section(key); };

  // Landscape: the QR code to the online service sits at the top right, seen at once; narrower
  // screens get it as a section further down.
  const float side = std::max(260 * m.scale, 200.0f);
  const float full_w = ImGui::GetContentRegionAvail().x - m.pad;
  const bool qr_right = !item.procedure.online_url.empty() && full_w >= w + side + 3 * m.pad;
  if (qr_right) {
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const ImVec2 p0(top.x + full_w - side - m.pad, top.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* cf = ui.fonts->bold;
    const std::string caption = ui.tr("scan_to_continue");
    const ImVec2 cs = cf->CalcTextSizeA(cf->FontSize, FLT_MAX, side, caption.c_str());
    dl->AddRectFilled(ImVec2(p0.x - m.pad * 0.5f, p0.y - m.pad * 0.5f),
                      ImVec2(p0.x + side + m.pad * 0.5f, p0.y + side + cs.y + m.pad * 1.5f), t.surface, 14 * m.scale);
    dl->AddRect(ImVec2(p0.x - m.pad * 0.5f, p0.y - m.pad * 0.5f),
                ImVec2(p0.x + side + m.pad * 0.5f, p0.y + side + cs.y + m.pad * 1.5f), t.border, 14 * m.scale, 0, 2 * m.scale);
    qr_code(ui, "qr-online", item.procedure.online_url, p0, side);
    draw_text(dl, cf, ImVec2(p0.x, p0.y + side + m.pad * 0.5f), t.text, caption,
              {ImVec2(p0.x - m.pad * 0.5f, p0.y - m.pad * 0.5f), ImVec2(p0.x + side + m.pad * 0.5f, p0.y + side + cs.y + m.pad * 1.5f)}, side);
  }

  // Read-aloud highlights the section it reads: each section is marked where it starts and
  // highlighted once laid out (read_mark / read_highlight).
  float read_y = read_mark(ui, "title");
  screen_title(ui, tx.title);
  read_highlight(ui, "title", read_y, w);
  if (v.item->fell_back) fell_back_marker(ui);
  std::string meta = item.procedure.code.empty() ? "" : ui.tr("code") + std::string(": ") + item.procedure.code;
  std::string field = !p.field_name.empty() ? p.field_name
                      : ui.field_name(item.procedure.field, pv.field_name, ui.session->language != "vi");
  if (!field.empty()) meta += (meta.empty() ? "" : "  ·  ") + field;
  if (!meta.empty()) wrapped_text(ui.fonts->body, t.text_muted, meta);
  ImGui::Dummy(ImVec2(1, m.gap * 0.5f));

  // Sections without content are not drawn (nor their chips): an empty heading reads as "nothing
  // is needed", which is worse than no heading.
  const auto& cases = pick(p.cases, pv.cases);
  const std::string& agency = pick(p.agency, pv.agency);
  const std::string& address = pick(p.address, pv.address);
  const auto& channels = pick(p.channels, pv.channels);
  const auto& steps = pick(p.steps, pv.steps);
  const std::string& result = pick(p.result, pv.result);
  const std::string& who = pick(p.who, pv.who);
  const std::string& cond = pick(p.conditions, pv.conditions);
  const bool has_documents = std::any_of(cases.begin(), cases.end(), [](const DocumentCase& c) { return !c.documents.empty(); });
  auto present = [&](std::string_view key) {
    if (key == "what_to_bring") return has_documents;
    if (key == "where_to_go") return !agency.empty() || !address.empty();
    if (key == "time_and_fee") return !channels.empty();
    if (key == "steps") return !steps.empty();
    if (key == "result") return !result.empty();
    return true;
  };

  struct Chip {
    const char* key;
    const char* icon;
  };
  const Chip chips[] = {{"what_to_bring", icon::check_square},
                        {"where_to_go", icon::map_marker},
                        {"time_and_fee", icon::clock},
                        {"steps", icon::list_ol},
                        {"result", icon::certificate}};
  float x = 0;
  ImFont* bf = ui.fonts->bold;
  for (const auto& c : chips) {
    if (!present(c.key)) continue;
    std::string label = ui.tr(c.key);
    float cw = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, (std::string(c.icon) + "  " + label).c_str()).x + 2 * m.pad;
    if (x > 0 && x + cw > w) x = 0;
    else if (x > 0) ImGui::SameLine(0, m.gap);
    std::string id = std::string("chip-") + c.key;
    if (touch_button(ui, id.c_str(), c.icon, label.c_str(), ImVec2(cw, m.target * 1.15f)))
      ui.emit(make_intent(Intent::Type::jump_to_section, c.key));
    x += cw + m.gap;
  }
  ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
  ui.mark_section("summary");
  read_y = read_mark(ui, "summary");
  if (!tx.summary.empty() || !vi.summary.empty()) field_fell_back_marker(ui, "summary");
  if (!tx.summary.empty() || !vi.summary.empty()) wrapped_text(ui.fonts->body, t.text, pick(tx.summary, vi.summary), w);
  read_highlight(ui, "summary", read_y, w);

  // What to bring: a checklist per case; ticks are cleared on idle.
  if (has_documents) {
    mark_section("what_to_bring");
    read_y = read_mark(ui, "what_to_bring");
    section_heading(ui, icon::check_square, ui.tr("what_to_bring"));
    field_fell_back_marker(ui, "documents");  // each field not translated says so, in the visitor's words
  }
  for (std::size_t ci = 0; ci < cases.size(); ++ci) {
    const DocumentCase& c = cases[ci];
    if (!c.title.empty()) wrapped_text(ui.fonts->bold, t.text, c.title, w);
    for (std::size_t di = 0; di < c.documents.size(); ++di) {
      const Document& d = c.documents[di];
      std::string key = item.id + "/" + std::to_string(ci) + "/" + std::to_string(di);
      bool ticked = ui.session->ticked.count(key) > 0;
      std::string label = d.name + (d.copies.empty() ? "" : " — " + d.copies);
      std::string id = "doc:" + key;
      ImGui::PushID(id.c_str());
      if (list_row(ui, id.c_str(), label, "", w, nullptr, ticked ? icon::check_square : icon::square_o,
                   ticked ? t.accent : t.text_muted, false))
        ui.emit(make_intent(Intent::Type::toggle_tick, key));
      ImGui::PopID();
    }
  }

  if (has_documents) read_highlight(ui, "what_to_bring", read_y, w);
  if (present("where_to_go")) {
    mark_section("where_to_go");
    read_y = read_mark(ui, "where_to_go");
    section_heading(ui, icon::map_marker, ui.tr("where_to_go"));
    field_fell_back_marker(ui, "agency");
    if (!agency.empty()) wrapped_text(ui.fonts->bold, t.text, agency, w);
    if (!fell_back(v.fell_back_fields, "agency")) field_fell_back_marker(ui, "address");
    if (!address.empty()) wrapped_text(ui.fonts->body, t.text, address, w);
  }

  read_highlight(ui, "where_to_go", read_y, w);
  // How long and how much, per channel: a small table.
  if (!channels.empty()) {
    mark_section("time_and_fee");
    read_y = read_mark(ui, "time_and_fee");
    section_heading(ui, icon::clock, ui.tr("time_and_fee"));
    field_fell_back_marker(ui, "channels");
  }
  if (!channels.empty() && ImGui::BeginTable("channels", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp,
                        ImVec2(w, 0))) {
    ImGui::TableSetupColumn("how", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("fee", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(m.gap, m.gap));
    for (const Channel& c : channels) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      wrapped_text(ui.fonts->bold, t.text, ui.tr(channel_kind_name(c.kind)), ImGui::GetContentRegionAvail().x);
      ImGui::TableNextColumn();
      wrapped_text(ui.fonts->body, t.text, std::string(icon::clock) + "  " + c.time_limit, ImGui::GetContentRegionAvail().x);
      ImGui::TableNextColumn();
      wrapped_text(ui.fonts->body, t.text, "₫  " + c.fee, ImGui::GetContentRegionAvail().x);
      if (!c.note.empty()) wrapped_text(ui.fonts->small, t.text_muted, c.note, ImGui::GetContentRegionAvail().x);
    }
    ImGui::PopStyleVar();
    ImGui::EndTable();
  }

  if (!channels.empty()) read_highlight(ui, "time_and_fee", read_y, w);
  if (!steps.empty()) {
    mark_section("steps");
    read_y = read_mark(ui, "steps");
    section_heading(ui, icon::list_ol, ui.tr("steps"));
    field_fell_back_marker(ui, "steps");
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::vector<Run> runs = {Run{std::to_string(i + 1) + ".  ", ui.fonts->bold, t.primary, 0, false},
                             Run{steps[i], ui.fonts->body, t.text, 0, false}};
    if (t.high_contrast) runs[0].color = t.text_muted;
    draw_runs(runs, w);
    ImGui::Dummy(ImVec2(1, m.gap * 0.3f));
  }

  if (!steps.empty()) read_highlight(ui, "steps", read_y, w);
  if (!result.empty()) {
    mark_section("result");
    read_y = read_mark(ui, "result");
    section_heading(ui, icon::certificate, ui.tr("result"));
    field_fell_back_marker(ui, "result");
    wrapped_text(ui.fonts->body, t.text, result, w);
    read_highlight(ui, "result", read_y, w);
  }

  if (!who.empty() || !cond.empty()) {
    mark_section("who_may_apply");
    read_y = read_mark(ui, "who_may_apply");
    section_heading(ui, icon::user, ui.tr("who_may_apply"));
    field_fell_back_marker(ui, "who");
    if (!who.empty()) wrapped_text(ui.fonts->body, t.text, who, w);
    if (!cond.empty()) wrapped_text(ui.fonts->body, t.text_muted, cond, w);
    read_highlight(ui, "who_may_apply", read_y, w);
  }

  // The online service: a QR code big enough to scan from a phone at arm's length (≥ 6 cm).
  if (!item.procedure.online_url.empty() && !qr_right) {
    section_heading(ui, icon::qrcode, ui.tr("online"));
    qr_code(ui, "qr-online", item.procedure.online_url, ImGui::GetCursorScreenPos(), side);
    ImGui::Dummy(ImVec2(side, side));
    wrapped_text(ui.fonts->bold, t.text, ui.tr("scan_to_continue"), w);
    wrapped_text(ui.fonts->small, t.text_muted, item.procedure.online_url, w);
  }

  const auto& legal = pick(p.legal, pv.legal);
  if (!legal.empty()) {
    section_heading(ui, icon::gavel, ui.tr("legal_basis"));
    field_fell_back_marker(ui, "legal");
    for (const auto& l : legal) {
      std::string line = "• " + l.number + " — " + l.title;
      if (!l.issuer.empty()) line += " (" + l.issuer + ")";
      wrapped_text(ui.fonts->body, t.text, line, w);
    }
  }
  if (!tx.body.empty() || !vi.body.empty()) {
    ImGui::Dummy(ImVec2(1, m.gap));
    mark_section("body");
    read_y = read_mark(ui, "body");
    field_fell_back_marker(ui, "body");
    draw_body(ui, tx.body.empty() ? vi.body : tx.body, w);
    read_highlight(ui, "body", read_y, w);
  }
  draw_feedback_prompt(ui, item.id, w);
}

}  // namespace tramtin
