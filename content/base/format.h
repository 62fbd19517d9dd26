// Human formatting of quantities for technicians and staff. Layer: tramtin_content, content/base/.
#pragma once

#include <cstdint>
#include <string>

namespace tramtin {

// Bytes in binary units: "512 B", "1.5 KB", "23 MB", "3.4 GB". One decimal below 10, none above:
// enough to compare, easy to read aloud. decimal_point ',' gives the Vietnamese "1,5 MB".
std::string format_bytes(std::uint64_t n, char decimal_point = '.');

}  // namespace tramtin
