// What the benchmarks read of a running program from /proc, and the kiosk's own first-frame line:
// one copy for bench_kiosk and bench_peer (programs, not tests; header-only, Linux only).
//
//   read_stat(pid)          parent and user+system CPU time in clock ticks (/proc/PID/stat)
//   cpu_ns(pids)            CPU time of every live thread of those processes, in nanoseconds
//                           (/proc/PID/task/TID/schedstat): a tick is 10 ms, too coarse for a
//                           program that sleeps a whole minute
//   memory_kb(pid)          PSS and RSS (/proc/PID/smaps_rollup)
//   process_tree(root, m)   the processes under `root`, plus any whose command line names `m`
//   first_frame_ms(log)     the kiosk's "first frame N ms after exec" log line
#pragma once

#include <dirent.h>
#include <sys/types.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace tramtin::bench {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct ProcInfo {
  pid_t ppid = 0;
  long ticks = 0;  // utime + stime, clock ticks (sysconf(_SC_CLK_TCK) a second)
};

inline bool read_stat(pid_t pid, ProcInfo* out) {
  const std::string s = read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close = s.rfind(')');  // the command name may hold spaces and parentheses
  if (close == std::string::npos || close + 2 > s.size()) return false;
  std::istringstream rest(s.substr(close + 2));
  std::string f;
  long ut = 0, st = 0;
  for (int i = 3; i <= 15 && rest >> f; ++i) {
    if (i == 4) out->ppid = static_cast<pid_t>(std::atol(f.c_str()));
    if (i == 14) ut = std::atol(f.c_str());
    if (i == 15) st = std::atol(f.c_str());
  }
  out->ticks = ut + st;
  return true;
}

inline std::vector<long> numeric_entries(const std::string& dir) {
  std::vector<long> v;
  DIR* d = opendir(dir.c_str());
  if (!d) return v;
  while (dirent* e = readdir(d)) {
    char* end = nullptr;
    const long n = std::strtol(e->d_name, &end, 10);
    if (end && *end == '\0' && n > 0) v.push_back(n);
  }
  closedir(d);
  return v;
}

// CPU time (ns) of each live thread of `pids`, by thread id. Two readings subtracted give the time
// spent in between by the threads alive at the second (a thread that ended in between is missed:
// measure once start-up is over).
inline std::map<long, std::int64_t> thread_cpu_ns(const std::vector<pid_t>& pids) {
  std::map<long, std::int64_t> out;
  for (pid_t p : pids) {
    const std::string base = "/proc/" + std::to_string(p) + "/task/";
    for (long tid : numeric_entries(base)) {
      const std::string s = read_text(base + std::to_string(tid) + "/schedstat");
      if (!s.empty()) out[tid] = std::atoll(s.c_str());
    }
  }
  return out;
}

// CPU used between two readings of thread_cpu_ns (threads born in between count from zero).
inline std::int64_t cpu_ns_between(const std::map<long, std::int64_t>& before, const std::map<long, std::int64_t>& after) {
  std::int64_t total = 0;
  for (const auto& [tid, ns] : after) {
    auto it = before.find(tid);
    total += ns - (it == before.end() ? 0 : it->second);
  }
  return total;
}

struct Memory {
  long pss_kb = 0;
  long rss_kb = 0;
};

inline Memory memory_kb(pid_t pid) {
  Memory m;
  std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/smaps_rollup"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Pss:", 0) == 0) m.pss_kb += std::atol(line.c_str() + 4);
    if (line.rfind("Rss:", 0) == 0) m.rss_kb += std::atol(line.c_str() + 4);
  }
  return m;
}

// The processes under `root` (by parent), plus any whose command line names `marker` (Chromium's
// helpers, re-parented, are found by their profile folder).
inline std::map<pid_t, ProcInfo> process_tree(pid_t root, const std::string& marker = "") {
  std::map<pid_t, ProcInfo> procs, out;
  for (long p : numeric_entries("/proc")) {
    ProcInfo pi;
    if (read_stat(static_cast<pid_t>(p), &pi)) procs[static_cast<pid_t>(p)] = pi;
  }
  std::set<pid_t> in{root};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [p, pi] : procs)
      if (!in.count(p) && in.count(pi.ppid)) grew = in.insert(p).second || grew;
  }
  if (!marker.empty())
    for (const auto& [p, pi] : procs)
      if (!in.count(p) && read_text("/proc/" + std::to_string(p) + "/cmdline").find(marker) != std::string::npos)
        in.insert(p);
  for (pid_t p : in)
    if (procs.count(p)) out[p] = procs[p];
  return out;
}

inline std::vector<pid_t> pids_of(const std::map<pid_t, ProcInfo>& procs) {
  std::vector<pid_t> v;
  for (const auto& [p, pi] : procs) v.push_back(p);
  return v;
}

inline Memory memory_of(const std::map<pid_t, ProcInfo>& procs) {
  Memory total;
  for (const auto& [p, pi] : procs) {
    const Memory m = memory_kb(p);
    total.pss_kb += m.pss_kb;
    total.rss_kb += m.rss_kb;
  }
  return total;
}

// The kiosk logs "first frame N ms after exec (CPU M ms)" once: N, or -1 when the log has no such line.
inline long first_frame_ms(const std::string& log_text, long* cpu_ms = nullptr) {
  const auto at = log_text.find("first frame ");
  if (at == std::string::npos) return -1;
  if (cpu_ms) {
    const auto c = log_text.find("(CPU ", at);
    *cpu_ms = c == std::string::npos ? -1 : std::atol(log_text.c_str() + c + 5);
  }
  return std::atol(log_text.c_str() + at + 12);
}

}  // namespace tramtin::bench
