// `tramtin --sync-once` and `tramtin --import PATH`: one sync or import without the UI, for
// technicians and tests. Layer: tramtin (kiosk executable).
#include "kiosk/platform/sync_cli.h"

#include <cstdio>
#include <filesystem>

#include "content/base/hash.h"
#include "content/store/cache.h"
#include "content/sync/http.h"
#include "content/sync/apply.h"
#include "content/sync/urgent.h"
#include "content/sync/worker.h"

namespace tramtin {
namespace {

// Opens the writer, runs `fn`, prints the outcome with its details; returns the exit status.
template <class Fn>
int run_headless(Config cfg, Fn&& fn) {
  resolve_config_paths(cfg);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(cfg.database).parent_path(), ec);
  std::filesystem::create_directories(cfg.data_dir + "/staging", ec);
  crypto_init();
  http::global_init();
  sync::SyncOutcome o;
  auto cache = Cache::open(cfg.database, Cache::Mode::writer);
  if (!cache) {
    o.kind = sync::SyncOutcome::Kind::failed;
    o.cause = cache.kind();
    o.reason = "cannot open the content database: " + cache.error();
  } else {
    std::printf("database: %s\n", cfg.database.c_str());
    o = fn(cfg, **cache, cfg.data_dir + "/staging");
    if (!o.source.empty()) std::printf("source: %s\n", o.source.c_str());
    std::printf("objects: %d fetched, %d already held; %llu bytes received, %llu sent\n", o.objects_fetched,
                o.objects_reused, static_cast<unsigned long long>(o.bytes_in),
                static_cast<unsigned long long>(o.bytes_out));
    if (o.kind == sync::SyncOutcome::Kind::applied) std::printf("apply: %.3f s\n", o.apply_seconds);
  }
  std::printf("%s\n", o.line().c_str());
  std::fflush(stdout);
  return o.exit_code();
}

}  // namespace

int run_sync_once(const Config& cfg) {
  for (const auto& f : cfg.feeds) std::printf("feed: %s\n", f.c_str());
  return run_headless(cfg, [](const Config& c, Cache& cache, const std::string& staging) {
    sync::SyncOptions opt;
    auto cm = cache.content_meta();
    opt.http.user_agent = sync::user_agent(c.kiosk_id, cm ? cm->version : 0);
    sync::SyncOutcome o = sync::sync_once(c, cache, staging, sync::system_now, opt);
    // The urgent fast path too, as the running kiosk polls it: a technician's one sync shows
    // everything the feed holds. Its result is printed; the exit status stays the bundle sync's.
    if (!c.feeds.empty()) {
      http::Client client(opt.http);
      sync::UrgentOutcome u = sync::poll_urgent(c, cache, client, sync::system_now);
      std::printf("urgent: %s\n", u.line().c_str());
    }
    return o;
  });
}

int run_import(const Config& cfg, const std::string& path) {
  std::printf("import from: %s\n", path.c_str());
  return run_headless(cfg, [&path](const Config& c, Cache& cache, const std::string& staging) {
    return sync::import_bundle(c, cache, staging, path, sync::system_now);
  });
}

}  // namespace tramtin
