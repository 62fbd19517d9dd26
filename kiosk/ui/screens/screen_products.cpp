// OCOP catalogue: a grid of product cards filterable by group (each card's picture requested only
// when drawn) -> a product with its story and QR codes to the shop and the traceability page; and
// the price and group words. Layer: tramtin (ImGui).
#include <algorithm>
#include <cstdio>
#include <imgui_internal.h>

#include "kiosk/core/view_model.h"
#include "kiosk/ui/media.h"
#include "kiosk/ui/rich_text.h"
#include "kiosk/ui/layout_check.h"
#include "kiosk/ui/screens/screens.h"

namespace tramtin {

std::string format_price(std::int64_t dong) {
  // 150000 -> "150.000 ₫" (Vietnamese groups thousands with dots).
  std::string digits = std::to_string(dong), out;
  int n = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (n && n % 3 == 0) out.insert(out.begin(), '.');
    out.insert(out.begin(), *it);
    ++n;
  }
  return out + " ₫";
}

const char* ocop_group_key(int group) {
  static const char* keys[] = {"ocop_all", "ocop_1", "ocop_2", "ocop_3", "ocop_4", "ocop_5", "ocop_6"};
  return (group >= 0 && group <= 6) ? keys[group] : "ocop_all";
}

namespace {

// `text` cut at a code point, with "…", so that wrapped at `wrap` it takes at most `lines` lines.
std::string fit_lines(ImFont* f, const std::string& text, float wrap, int lines) {
  const float max_h = f->FontSize * (float(lines) + 0.5f);
  auto height = [&](const std::string& s) { return f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, s.c_str()).y; };
  auto widest = [&](const std::string& s) { return f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, s.c_str()).x; };
  if (text.empty() || (height(text) <= max_h && widest(text) <= wrap)) return text;
  std::size_t lo = 0, hi = text.size();
  while (lo < hi) {  // the longest prefix that still fits with the ellipsis
    std::size_t mid = (lo + hi + 1) / 2;
    while (mid > 0 && (static_cast<unsigned char>(text[mid]) & 0xC0) == 0x80) --mid;
    if (mid <= lo) break;
    const std::string s = text.substr(0, mid) + "…";
    if (height(s) <= max_h && widest(s) <= wrap) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && text[lo - 1] == ' ') --lo;
  return text.substr(0, lo) + "…";
}

// The text size factor the fonts were built for (A = 1): cards widen with the text.
float text_factor(const Ui& ui) { return ui.fonts->scale / std::max(0.01f, ui.m.scale); }

bool product_card(Ui& ui, const ItemRow& r, ImVec2 size) {
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  std::string id = "item:" + r.id;
  ImRect bb;
  bool pressed = false, held = false;
  if (!touch_item(ui, id.c_str(), r.title.c_str(), size, &bb, &pressed, &held)) return false;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rr = 16 * m.scale;
  dl->AddRectFilled(bb.Min, bb.Max, held ? t.surface_pressed : t.surface, rr);
  dl->AddRect(bb.Min, bb.Max, t.border, rr, 0, 2 * m.scale);
  const float pad = m.pad * 0.6f;
  // The pictures are 3:2: shown whole, in what the text below leaves (a card stretched to fill the
  // screen's rows gives its picture the room; one squeezed takes it from the picture).
  const float text_h = ui.fonts->bold->FontSize * 2.5f + ui.fonts->body->FontSize * 1.3f +
                       ui.fonts->small->FontSize * 2.3f + ui.fonts->bold->FontSize * 1.2f +
                       ui.fonts->small->FontSize * 1.2f + m.pad * 0.4f;
  const float pic_h = std::max(40 * m.scale, size.y - text_h - pad);
  // Asked for here, where the card is known to be drawn: a long catalogue decodes what is on screen.
  const ImVec2 at(bb.Min.x + pad, bb.Min.y + pad), box(size.x - 2 * pad, pic_h - pad);
  draw_picture(dl, row_picture(ui, r.media_sha256, at, box), at, box, r.title, ui.fonts->title, t.surface_pressed,
               t.text_muted, 12 * m.scale);
  float y = bb.Min.y + pic_h + pad * 0.5f;
  const float tw = size.x - 2 * pad;
  ImFont* bf = ui.fonts->bold;
  ImFont* sf = ui.fonts->small;
  // Title: at most two lines, the rest is on the detail page ("…" says so).
  const std::string title = fit_lines(bf, r.title, tw, 2);
  const ImVec2 ts = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, tw, title.c_str());
  draw_text(dl, bf, ImVec2(bb.Min.x + pad, y), t.text, title, {bb.Min, bb.Max}, tw);
  y += ts.y + pad * 0.3f;
  std::string stars;
  for (int i = 0; i < 5; ++i) stars += i < r.stars ? icon::star : icon::star_o;
  stars += "  " + std::to_string(r.stars) + " " + ui.tr("stars");
  draw_text(dl, ui.fonts->body, ImVec2(bb.Min.x + pad, y), t.star, stars, {bb.Min, bb.Max});
  y += ui.fonts->body->FontSize * 1.3f;
  if (!r.producer.empty()) {  // a cooperative's long name: two lines, then "…"
    const std::string producer = fit_lines(sf, r.producer, tw, 2);
    draw_text(dl, sf, ImVec2(bb.Min.x + pad, y), t.text_muted, producer, {bb.Min, bb.Max}, tw);
    y += sf->CalcTextSizeA(sf->FontSize, FLT_MAX, tw, producer.c_str()).y;
  }
  if (r.price > 0) {
    // The price on the last line; "(example price)" after it, or under it when there is no room.
    const std::string price = format_price(r.price);
    const ImU32 pc = t.high_contrast ? t.text_muted : t.accent;
    const std::string note = r.price_is_example ? std::string("(") + ui.tr("price_example") + ")" : std::string();
    const float bottom = bb.Max.y - pad;
    const float pw = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, price.c_str()).x;
    const float nw = note.empty() ? 0.0f : sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, note.c_str()).x;
    if (note.empty() || pw + pad + nw <= tw) {
      draw_text(dl, bf, ImVec2(bb.Min.x + pad, bottom - bf->FontSize * 1.1f), pc, price, {bb.Min, bb.Max});
      if (!note.empty())
        draw_text(dl, sf, ImVec2(bb.Min.x + pad + pw + pad, bottom - bf->FontSize * 1.1f + (bf->FontSize - sf->FontSize)),
                  t.text_muted, note, {bb.Min, bb.Max});
    } else {
      draw_text(dl, bf, ImVec2(bb.Min.x + pad, bottom - sf->FontSize * 1.1f - bf->FontSize * 1.1f), pc, price, {bb.Min, bb.Max});
      draw_text(dl, sf, ImVec2(bb.Min.x + pad, bottom - sf->FontSize * 1.1f), t.text_muted, fit_lines(sf, note, tw, 1),
                {bb.Min, bb.Max});
    }
  }
  return pressed;
}

}  // namespace

void screen_products(Ui& ui, const Route& route) {
  const ViewModel& v = *ui.view;
  const Metrics& m = ui.m;
  const float w = ImGui::GetContentRegionAvail().x - m.pad;
  wrapped_text(ui.fonts->title, ui.theme.text, std::string(icon::basket) + "  " + ui.tr("products"));
  ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
  // Group filter: "all" plus each group that has products now.
  const int current = route.arg.empty() ? 0 : std::atoi(route.arg.c_str());
  float x = 0;
  ImFont* bf = ui.fonts->bold;
  std::vector<int> groups = {0};
  for (const auto& g : v.groups) groups.push_back(g.group);
  for (int g : groups) {
    std::string label = ui.tr(ocop_group_key(g));
    float cw = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, label.c_str()).x + 2 * m.pad;
    if (x > 0 && x + cw > w) x = 0;
    else if (x > 0) ImGui::SameLine(0, m.gap);
    std::string id = "group-" + std::to_string(g);
    if (touch_button(ui, id.c_str(), nullptr, label.c_str(), ImVec2(cw, m.target * 1.1f), false, g == current))
      ui.emit(make_intent(Intent::Type::replace, Route{ScreenId::products, g ? std::to_string(g) : ""}));
    x += cw + m.gap;
  }
  ImGui::Dummy(ImVec2(1, m.gap));
  if (v.rows.empty()) {
    wrapped_text(ui.fonts->body, ui.theme.text_muted, ui.tr("no_content_yet"));
    return;
  }
  const int cols = std::max(2, int(w / (420 * m.scale * std::min(text_factor(ui), 1.3f))));
  const float cw = (w - m.gap * (cols - 1)) / cols;
  // Picture (3:2) plus title (two lines), stars, producer (two lines) and price (with its note).
  float ch = (cw - m.pad * 1.2f) / 1.5f + m.pad * 1.5f + bf->FontSize * 2.5f + ui.fonts->body->FontSize * 1.3f +
                   ui.fonts->small->FontSize * 2.3f + bf->FontSize * 1.2f + ui.fonts->small->FontSize * 1.2f + m.pad;
  const int rows = (int(v.rows.size()) + cols - 1) / cols;
  // The first screen shows whole rows of cards: the cards stretch (their picture takes the room)
  // so that as many rows as fit fill the height; one row taller than the screen gives its picture up.
  const float first_h = ImGui::GetWindowHeight() - ImGui::GetCursorPosY() - m.pad;
  const int fit = int((first_h + m.gap) / (ch + m.gap));
  if (fit >= 1 && rows > fit) ch = (first_h + m.gap) / float(fit) - m.gap;
  else if (fit == 0) ch = std::max(first_h, ch - (cw - m.pad * 1.2f) / 1.5f * 0.75f);  // the picture keeps a quarter
  ImGuiListClipper clipper;
  clipper.Begin(rows, ch + m.gap);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      for (int c = 0; c < cols; ++c) {
        std::size_t i = std::size_t(row * cols + c);
        if (i >= v.rows.size()) break;
        if (c) ImGui::SameLine(0, m.gap);
        ImGui::PushID(v.rows[i].id.c_str());
        if (product_card(ui, v.rows[i], ImVec2(cw, ch))) ui.open(ScreenId::product, v.rows[i].id);
        ImGui::PopID();
      }
      ImGui::Dummy(ImVec2(1, m.gap * 0.01f));
    }
  }
}

void screen_product(Ui& ui, const Route&) {
  const ViewModel& v = *ui.view;
  if (!item_or_nothing_found(ui)) return;
  const Item& item = v.item->item;
  const ItemText& tx = v.item->text();
  const ProductInfo& p = item.product;
  const Metrics& m = ui.m;
  const Theme& t = ui.theme;
  const float full = ImGui::GetContentRegionAvail().x - m.pad;
  const bool two_cols = full > 1200 * m.scale;
  const float left_w = two_cols ? full * 0.42f : full;
  const float right_w = two_cols ? full - left_w - m.pad * 2 : full;

  ImGui::BeginGroup();
  const MediaRef* photo = nullptr;
  for (const auto& md : item.media)
    if (md.mime.rfind("image/", 0) == 0) {
      photo = &md;
      break;
    }
  Texture pic = ui.media && photo ? ui.media->image(photo->sha256) : Texture{};
  const float aspect = pic ? float(pic.height) / float(std::max(1, pic.width)) : 0.66f;
  // QR codes: the shop and the traceability page, side by side under the photo, on the first
  // screen: the photo gives up height (keeping its shape) for them and their words.
  const float side = std::max(220 * m.scale, 180.0f);
  const bool has_qr = !p.shop_url.empty() || !p.trace_url.empty();
  float qr_words_h = 0;
  for (const char* key : {"shop", "traceability"})
    qr_words_h = std::max(qr_words_h, ui.fonts->small->CalcTextSizeA(ui.fonts->small->FontSize, FLT_MAX, side,
                                                                     (std::string(icon::qrcode) + "  " + ui.tr(key)).c_str()).y);
  const float room = ImGui::GetWindowHeight() - 2 * m.pad - (has_qr ? side + qr_words_h + 2 * m.gap : 0.0f);
  const float ph = std::max(std::min(left_w * aspect, room), std::min(left_w * aspect, 120 * m.scale));
  const float pw = ph / aspect;
  ImVec2 pos = ImGui::GetCursorScreenPos();
  draw_picture(ImGui::GetWindowDrawList(), pic, pos, ImVec2(std::min(left_w, pw), ph), tx.title, ui.fonts->title,
               t.surface_pressed, t.text_muted, 14 * m.scale);
  ImGui::Dummy(ImVec2(left_w, ph));
  int shown = 0;
  for (auto [url, key] : {std::pair{&p.shop_url, "shop"}, std::pair{&p.trace_url, "traceability"}}) {
    if (url->empty()) continue;
    if (shown) ImGui::SameLine(0, m.pad);
    ImGui::BeginGroup();
    const ImVec2 qr_at = ImGui::GetCursorScreenPos();
    qr_code(ui, (std::string("qr-") + key).c_str(), *url, qr_at, side);
    ImGui::Dummy(ImVec2(side, side));
    wrapped_text(ui.fonts->small, t.text, std::string(icon::qrcode) + "  " + ui.tr(key), side);
    ImGui::EndGroup();
    note_first_screen(key == std::string("shop") ? "the shop's QR code and its words" : "the traceability QR code and its words",
                      qr_at, ImGui::GetItemRectMax());
    ++shown;
  }
  ImGui::EndGroup();
  if (two_cols) ImGui::SameLine(0, m.pad * 2);

  ImGui::BeginGroup();
  float read_y = read_mark(ui, "title");  // read-aloud highlights title, producer, summary, body
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + right_w);
  ImGui::PushFont(ui.fonts->title);
  ImGui::TextUnformatted(tx.title.c_str());
  note_item_text(tx.title);
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  read_highlight(ui, "title", read_y, right_w);
  if (v.item->fell_back) fell_back_marker(ui);
  draw_stars(ui, p.stars, ui.fonts->heading);
  wrapped_text(ui.fonts->body, t.text_muted,
               "OCOP " + std::to_string(p.stars) + " " + ui.tr("stars") + "  ·  " + ui.tr(ocop_group_key(p.ocop_group)), right_w);
  ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
  if (p.price > 0) {
    std::string price = format_price(p.price);
    if (!tx.product.unit.empty()) price += " / " + tx.product.unit;
    wrapped_text(ui.fonts->heading, t.high_contrast ? t.text_muted : t.accent, price, right_w);
    if (p.price_is_example) wrapped_text(ui.fonts->small, t.text_muted, ui.tr("price_example"), right_w);
  }
  ui.mark_section("producer");
  read_y = read_mark(ui, "producer");
  section_heading(ui, icon::user, ui.tr("producer"));
  wrapped_text(ui.fonts->bold, t.text, p.producer, right_w);
  if (!p.producer_commune.empty()) wrapped_text(ui.fonts->body, t.text, std::string(icon::map_marker) + "  " + p.producer_commune, right_w);
  if (!p.producer_phone.empty()) wrapped_text(ui.fonts->body, t.text, std::string(icon::phone) + "  " + p.producer_phone, right_w);
  if (!p.certificate.empty() || !p.certificate_expiry.empty()) {
    std::string cert = p.certificate;
    if (!p.certificate_expiry.empty()) cert += std::string(cert.empty() ? "" : "  ·  ") + ui.tr("valid_until") + " " + format_iso_date(p.certificate_expiry);
    wrapped_text(ui.fonts->small, t.text_muted, std::string(icon::certificate) + "  " + cert, right_w);
  }
  read_highlight(ui, "producer", read_y, right_w);
  const ItemText* vi_summary = item.text("vi");
  const std::string& summary = !tx.summary.empty() || !vi_summary ? tx.summary : vi_summary->summary;
  if (!summary.empty()) {
    ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
    ui.mark_section("summary");
    read_y = read_mark(ui, "summary");
    field_fell_back_marker(ui, "summary");
    wrapped_text(ui.fonts->bold, t.text, summary, right_w);
    read_highlight(ui, "summary", read_y, right_w);
  }
  ImGui::Dummy(ImVec2(1, m.gap * 0.5f));
  const ItemText* vi = item.text("vi");
  ui.mark_section("body");
  read_y = read_mark(ui, "body");
  field_fell_back_marker(ui, "body");
  draw_body(ui, tx.body.empty() && vi ? vi->body : tx.body, right_w);
  read_highlight(ui, "body", read_y, right_w);
  if (!tx.product.ingredients.empty()) wrapped_text(ui.fonts->body, t.text_muted, tx.product.ingredients, right_w);
  if (!tx.product.shelf_life.empty()) wrapped_text(ui.fonts->body, t.text_muted, tx.product.shelf_life, right_w);
  draw_feedback_prompt(ui, item.id, right_w);
  ImGui::EndGroup();
}

}  // namespace tramtin
