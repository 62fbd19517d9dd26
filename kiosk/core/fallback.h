// Which fields of an item are shown in Vietnamese because the visitor's language lacks them
// (a Hmong text may translate title, summary and steps only). The screens put a marker in the
// visitor's own words next to each such field; the state dump lists them.
// Layer: tramtin_kiosk_core (std and the content model only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/model/model.h"

namespace tramtin {

// Field keys: title, summary, body, field_name, documents, agency, address, channels, steps,
// result, who, conditions, legal (procedures), unit, ingredients, shelf_life (products). Empty for
// `vi`, and for fields empty in Vietnamese too (nothing is shown, so nothing fell back).
std::vector<std::string> fell_back_fields(const Item& item, std::string_view lang);

inline bool fell_back(const std::vector<std::string>& fields, std::string_view key) {
  for (const auto& f : fields)
    if (f == key) return true;
  return false;
}

}  // namespace tramtin
