// Per-field fallback to Vietnamese (see fallback.h). Layer: tramtin_kiosk_core.
#include "kiosk/core/fallback.h"

namespace tramtin {

std::vector<std::string> fell_back_fields(const Item& item, std::string_view lang) {
  std::vector<std::string> out;
  if (lang == "vi") return out;
  const ItemText* vi = item.text("vi");
  if (!vi) return out;
  static const ItemText kNone;
  const ItemText* own_p = item.text(lang);
  const ItemText& own = own_p ? *own_p : kNone;
  auto check = [&](const char* key, bool own_empty, bool vi_empty) {
    if (own_empty && !vi_empty) out.emplace_back(key);
  };
  check("title", own.title.empty(), vi->title.empty());
  check("summary", own.summary.empty(), vi->summary.empty());
  check("body", own.body.empty(), vi->body.empty());
  if (item.kind == Kind::procedure) {
    const ProcedureText& p = own.procedure;
    const ProcedureText& v = vi->procedure;
    check("field_name", p.field_name.empty(), v.field_name.empty());
    check("documents", p.cases.empty(), v.cases.empty());
    check("agency", p.agency.empty(), v.agency.empty());
    check("address", p.address.empty(), v.address.empty());
    check("channels", p.channels.empty(), v.channels.empty());
    check("steps", p.steps.empty(), v.steps.empty());
    check("result", p.result.empty(), v.result.empty());
    check("who", p.who.empty(), v.who.empty());
    check("conditions", p.conditions.empty(), v.conditions.empty());
    check("legal", p.legal.empty(), v.legal.empty());
  } else if (item.kind == Kind::product) {
    const ProductText& p = own.product;
    const ProductText& v = vi->product;
    check("unit", p.unit.empty(), v.unit.empty());
    check("ingredients", p.ingredients.empty(), v.ingredients.empty());
    check("shelf_life", p.shelf_life.empty(), v.shelf_life.empty());
  }
  return out;
}

}  // namespace tramtin
