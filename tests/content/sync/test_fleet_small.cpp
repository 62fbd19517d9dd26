// A small fleet (issue 16, item 6; bench_fleet runs 2 000): 50 kiosks, each the real sync path
// over libcurl with its own cache and jittered schedule on a compressed clock, against one real
// nginx serving a bundle that changes. Every kiosk gets every version, the change reaches them
// within about one poll interval, polls after the first are conditional (304), nginx sees no error.
#include <doctest/doctest.h>

#include "tests/bench/fleet_sim.h"

using namespace tramtin;

TEST_CASE("fleet-small: 50 jittered kiosks against one nginx all hold a new version within about one interval") {
  fleetsim::Options o;
  o.kiosks = 50;
  o.threads = 8;
  o.interval = std::chrono::milliseconds(3000);
  o.jitter_percent = 20;
  o.items = 10;
  o.versions = 1;
  o.settle = std::chrono::milliseconds(200);
  o.settle_timeout = std::chrono::milliseconds(15000);
  o.verbose = false;
  const fleetsim::Figures f = fleetsim::run_fleet(o);
  REQUIRE_MESSAGE(f.error.empty(), f.error);
  CAPTURE(f.attempts);
  CAPTURE(f.failed_attempts);
  CHECK(f.failed_attempts == 0);
  CHECK(f.errors == 0);
  CHECK(f.first.holders == 50);
  REQUIRE(f.changes.size() == 1);
  CHECK(f.changes[0].version == 2);
  CHECK(f.changes[0].holders == 50);
  // A kiosk polls 0.8 to 1 interval apart: the 99th percentile is within one interval, plus its
  // download and apply on a busy machine (or under the sanitizers).
  CHECK(f.changes[0].p99 >= 0);
  CHECK(f.changes[0].p99 <= 1.0 * f.interval_s + 1.5);
  CHECK(f.manifest_requests >= 100);
  CHECK(f.not_modified > 0);                    // conditional GETs answered 304
  CHECK(f.not_modified < f.manifest_requests);  // and the new manifests were fetched
  CHECK(f.bytes_served > 0);
  CHECK(f.requests >= f.manifest_requests);
}
