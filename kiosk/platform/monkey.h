// The monkey and the soak for the scenario runner (scenario.h: `monkey`, `soak`): random use of the
// real app on the virtual clock, with the process's own figures (resident memory, open
// descriptors) and the data folder's (cache, staging) sampled as it goes. Layer: tramtin.
//
// The monkey taps what the last frame drew (tiles, rows, keys, language and size buttons), taps
// and drags anywhere, lets time pass (idle resets, the slideshow) and asks the sync worker for a
// round now and then. It fails on a resident-memory rise after warm-up (not under ASan, whose
// quarantine grows by design; LeakSanitizer checks leaks there at exit).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/platform/scenario.h"

namespace tramtin {

struct MonkeyOptions {
  std::int64_t events = 1000;
  std::uint32_t seed = 1;
  std::int64_t sample_every = 0;  // 0: measured every events / 100, printed every events / 20
  double sync_every_s = 0;        // virtual seconds between sync rounds; 0: none
  int warmup_percent = 20;
  double slack_mb = 6;            // allowed resident growth after warm-up; < 0: printed, not judged
};

struct SoakOptions {
  double duration_s = 72 * 3600.0;  // virtual
  std::uint32_t seed = 1;
  double sync_every_s = 15 * 60.0;
  std::string hook;                 // run as `HOOK SLOT` before each sync ("" = none)
  double slack_mb = 6;
};

// A figure of the process and its data folder at one moment.
struct ProcSample {
  double at = 0;                    // events done (monkey) or virtual hours (soak)
  std::int64_t rss_kb = 0;
  int fds = 0;
  std::int64_t cache_bytes = 0;     // content.db with its -wal and -shm
  std::int64_t staging_bytes = 0;
};

ProcSample sample_process(const std::string& data_dir);

// Both print their table to stdout; the result names what went wrong.
ScenarioResult run_monkey(ScenarioDriver& d, const MonkeyOptions& opt);
ScenarioResult run_soak(ScenarioDriver& d, const SoakOptions& opt);

// "monkey"/"soak" arguments after the count or duration: key=value words. False: a bad word.
bool parse_monkey_args(const std::string& args, MonkeyOptions* opt, std::string* error);
bool parse_soak_args(const std::string& args, SoakOptions* opt, std::string* error);

}  // namespace tramtin
