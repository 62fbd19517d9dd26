// Fuzzes the kiosk configuration reader (tramtin.toml): any text gives a Config or one error line
// naming the file, never a crash or an exception.
#include <cstddef>
#include <cstdint>

#include "content/settings/config.h"
#include "tests/fuzz/fuzz_support.h"

using namespace tramtin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  ConfigResult r = parse_config(in, "tramtin.toml");
  FUZZ_EXPECT(r.config.has_value() != !r.error.empty());
  if (!r.config) FUZZ_EXPECT(r.error.rfind("tramtin.toml", 0) == 0);
  return 0;
}
