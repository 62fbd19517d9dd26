// Fuzzes the fleet report reader of `tramtin-publish fleet` and its three views: the input is one
// report file a kiosk (or anyone who can PUT to the report server) sent. The first byte chooses
// whether it is the heartbeat (status.json) or a usage part; a bad file is skipped with a warning,
// the rest of the folder is still read.
#include <cstddef>
#include <cstdint>

#include "content/report/fleet.h"
#include "content/report/fleet_output.h"
#include "tests/fuzz/fuzz_support.h"

using namespace tramtin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto root = fuzz::scratch() / "reports";
  std::error_code ec;
  std::filesystem::remove_all(root, ec);
  const auto dir = root / "laichau-binhlu-01";
  fuzz::write_file(dir / (data[0] & 1 ? "status.json" : "2026-11-30-" + std::to_string(data[0] >> 1) + ".json"), in);
  // A second, valid kiosk, so a bad file is seen next to a good one.
  fuzz::write_file(root / "laichau-binhlu-02" / "status.json",
                   R"({"format":"tramtin-status/1","kiosk_id":"laichau-binhlu-02","app_version":"0.1.0",)"
                   R"("sent_at":1764540000,"content":{"version":1764500000,"channel":"lai-chau-commune"}})");
  FleetOptions opt;
  opt.now = 1764550000;
  auto r = read_fleet(root.string(), opt);
  FUZZ_EXPECT(r.ok());
  (void)fleet_text(*r);
  (void)fleet_json(*r);
  (void)fleet_html(*r);
  return 0;
}
