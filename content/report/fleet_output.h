// The three ways `tramtin-publish fleet` shows a FleetReport: a plain-text table for a terminal, one
// JSON document for machines (its keys are listed in content/report/REPORTS.md) and one
// self-contained HTML page with inline SVG charts for district staff (Vietnamese, no scripts, no
// external files). Every string that came from a report file is escaped for where it goes.
// Layer: tramtin_content, content/report/.
#pragma once

#include <string>
#include <string_view>

#include "content/report/fleet.h"

namespace tramtin {

inline constexpr int kFleetTopDefault = 15;          // rows in each "most …" list

std::string fleet_text(const FleetReport& report, int top = kFleetTopDefault);
std::string fleet_json(const FleetReport& report);  // every item and query, not only the top
std::string fleet_html(const FleetReport& report, int top = kFleetTopDefault);

}  // namespace tramtin
