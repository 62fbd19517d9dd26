// Benchmark of the sync: bytes on the wire (request + response headers and bodies, as libcurl
// counts them) and the time of the apply transaction, for the first sync of the sample pack, a poll
// with nothing changed, and on a 5 000-item bundle: one item changed, 100 items changed, one media
// file changed (each also through a server that gzips JSON, as installer/nginx/tramtin.conf does);
// then the urgent fast path's poll (changed, unchanged). Runs a real nginx on 127.0.0.1 (the test
// fixture of tests/support/sync_fixtures.h).
// Usage: bench_sync [SAMPLE_SRC]   (default: the repository's content/sample)
#define DOCTEST_CONFIG_DISABLE  // the fixtures' checks are for the tests; here a failure ends the run
#include "tests/support/sync_fixtures.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "content/authoring/reader.h"
#include "content/base/log.h"
#include "content/bundle/bundle.h"
#include "content/bundle/urgent.h"
#include "content/store/cache.h"
#include "content/sync/http.h"
#include "content/sync/urgent.h"
#include "content/sync/worker.h"

using namespace tramtin;
namespace fs = std::filesystem;

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "bench_sync: %s\n", msg.c_str());
  std::exit(1);
}

Item generated_item(int i, int variant) {
  Item it;
  it.id = "thu-tuc-" + std::to_string(i);
  it.kind = Kind::procedure;
  it.version = 1 + variant;
  it.procedure.code = "1.00" + std::to_string(1000 + i);
  it.procedure.field = "ho-tich";
  it.procedure.levels = {"xa"};
  it.procedure.channels = {ChannelKind::in_person, ChannelKind::online};
  ItemText t;
  t.lang = "vi";
  t.title = "Đăng ký khai sinh lưu động số " + std::to_string(i);
  t.summary = "Công chức tư pháp - hộ tịch đến tận thôn bản để đăng ký khai sinh cho trẻ, bản " +
              std::to_string(variant) + ".";
  t.procedure.field_name = "Hộ tịch";
  t.procedure.steps = {"Người có yêu cầu nộp tờ khai và giấy chứng sinh cho công chức tư pháp - hộ tịch.",
                       "Công chức kiểm tra, ghi vào Sổ hộ tịch và cấp Giấy khai sinh ngay tại chỗ."};
  t.procedure.channels = {Channel{ChannelKind::in_person, "Trong ngày", "Miễn lệ phí", ""},
                          Channel{ChannelKind::online, "Trong ngày", "Miễn lệ phí", ""}};
  t.procedure.cases = {DocumentCase{"", {Document{"Tờ khai đăng ký khai sinh", "01 bản chính", ""},
                                         Document{"Giấy chứng sinh", "01 bản chính", ""}}}};
  t.procedure.agency = "Ủy ban nhân dân xã";
  t.procedure.result = "Giấy khai sinh (bản chính)";
  it.texts.push_back(std::move(t));
  return it;
}

struct Row {
  std::uint64_t wire = 0;
  double apply_ms = 0;
};

struct Kiosk {
  Config cfg;
  std::unique_ptr<Cache> cache;
  Kiosk(const std::string& dir, const std::string& feed, const std::string& key, const std::string& channel) {
    cfg = synctest::kiosk_config(dir, {feed}, {key}, channel);
    auto c = Cache::open(cfg.database, Cache::Mode::writer);
    if (!c) die(c.error());
    cache = std::move(*c);
  }
  Row sync(const char* what) {
    auto t0 = std::chrono::steady_clock::now();
    auto o = sync::sync_once(cfg, *cache, cfg.data_dir + "/staging", sync::system_now);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-40s %-28s %8llu B %3d pages %4d objects %5d items written %8.1f ms total %7.1f ms apply\n", what,
                o.line().c_str(), static_cast<unsigned long long>(o.bytes_in + o.bytes_out), o.pages_fetched,
                o.objects_fetched, o.items_written, ms, o.apply_seconds * 1000);
    if (!o.ok()) die(std::string(what) + ": " + o.line());
    return {o.bytes_in + o.bytes_out, o.apply_seconds * 1000};
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (!tramtin::crypto_init() || !http::global_init()) die("libsodium or libcurl failed to initialise");
  tramtin::log::set_level(tramtin::log::Level::warn);
  const std::string sample = argc > 1 ? argv[1] : std::string(TRAMTIN_SOURCE_DIR) + "/content/sample";
  synctest::Dir root;
  synctest::Nginx nginx;
  if (nginx.port() == 0 || !synctest::port_open(nginx.port())) die("nginx did not start (install nginx-light)");
  auto kp = bundle::generate_keypair();
  const std::string key = bundle::encode_public_key(kp.pub), channel = "lai-chau-commune";
  auto publish = [&](const std::vector<Item>& items, const std::vector<bundle::MediaSource>& media,
                     const std::string& out) {
    bundle::BuildOptions opt;
    opt.out_dir = out;
    opt.channel = channel;
    opt.key = kp.sec;
    auto rep = bundle::write_bundle(items, media, opt);
    if (!rep.status) die(rep.status.message);
    return rep;
  };
  std::vector<std::pair<std::string, Row>> summary;

  // 1. The sample pack.
  SourceTree tree = read_source_tree(sample);
  if (!tree.ok() || tree.items.empty()) die("cannot read the sample pack at " + sample);
  std::vector<bundle::MediaSource> media;
  for (const auto& [sha, m] : tree.media) media.push_back({sha, m.size, m.mime, m.path.string()});
  auto rep = publish(tree.items, media, root.str("sample-bundle"));
  synctest::copy_bundle(root.str("sample-bundle"), nginx.www() + "/sample");
  std::printf("sample pack: %zu items, %zu media files, %llu bytes of objects, root manifest %zu bytes, %zu page(s)\n",
              tree.items.size(), media.size(), static_cast<unsigned long long>(rep.manifest.total_bytes()),
              rep.manifest_bytes.size(), rep.manifest.pages.size());
  Kiosk k1(root.str("kiosk1"), nginx.url("/sample"), key, channel);
  summary.emplace_back("sample pack: first sync", k1.sync("sample pack: first sync"));
  summary.emplace_back("sample pack: poll, nothing changed", k1.sync("sample pack: poll, nothing changed"));

  // 2. 5 000 items, 20 of them with a photo (random bytes: the sync never decodes media).
  std::vector<Item> big;
  for (int i = 0; i < 5000; ++i) big.push_back(generated_item(i, 0));
  std::vector<synctest::MediaFile> photos;
  for (int i = 0; i < 20; ++i) {
    photos.push_back(synctest::make_media(root.str("photos"), 30000, static_cast<unsigned>(100 + i)));
    synctest::attach_media(big[static_cast<std::size_t>(i * 250)], photos.back());
  }
  auto big_media = [&] {
    std::vector<bundle::MediaSource> v;
    for (const auto& p : photos) v.push_back(p.src);
    return v;
  };
  const std::string big_out = root.str("big-bundle");
  auto brep = publish(big, big_media(), big_out);
  synctest::copy_bundle(big_out, nginx.www() + "/big");
  std::printf("5 000 items: %llu bytes of objects, root manifest %zu bytes, %zu pages of ~%zu entries\n",
              static_cast<unsigned long long>(brep.manifest.total_bytes()), brep.manifest_bytes.size(),
              brep.manifest.pages.size(), brep.manifest.entries.size() / std::max<std::size_t>(1, brep.manifest.pages.size()));
  // One kiosk on a plain server, one on a server that gzips JSON; both see every change.
  Kiosk plain(root.str("kiosk2"), nginx.url("/big"), key, channel);
  Kiosk gz(root.str("kiosk3"), nginx.url("/gz/big"), key, channel);
  auto both = [&](const std::string& what) {
    summary.emplace_back("5 000 items: " + what, plain.sync(("5 000 items: " + what).c_str()));
    summary.emplace_back("5 000 items, gzip: " + what, gz.sync(("5 000 items, gzip: " + what).c_str()));
  };
  auto republish = [&] {
    publish(big, big_media(), big_out);
    synctest::copy_bundle(big_out, nginx.www() + "/big");
  };
  both("first sync");
  both("poll, nothing changed");
  big[2500] = generated_item(2500, 1);
  republish();
  both("one item changed");
  for (int i = 0; i < 100; ++i) big[static_cast<std::size_t>(37 + i * 49)] = generated_item(37 + i * 49, 2);
  republish();
  both("100 items changed");
  // A new photo for one item: a new media object, and the item's document (it names the photo).
  photos[3] = synctest::make_media(root.str("photos"), 30000, 999);
  big[750].media.clear();
  synctest::attach_media(big[750], photos[3]);
  republish();
  both("one media file changed");

  // 3. The urgent fast path (content/sync/urgent.h): the live urgent notices of the sample pack,
  // signed into urgent.json next to the sample feed, polled as a kiosk does every few minutes.
  {
    bundle::UrgentOptions uo;
    uo.out_dir = nginx.www() + "/sample";
    uo.channel = channel;
    uo.key = kp.sec;
    auto notices = bundle::live_urgent_notices(tree.items, sync::system_now());
    auto ur = bundle::write_urgent(notices, uo);
    if (!ur.status) die(ur.status.message);
    http::Client client;
    auto upoll = [&](const char* what) {
      auto o = sync::poll_urgent(k1.cfg, *k1.cache, client, sync::system_now);
      std::printf("%-40s %-40s %8llu B\n", what, o.line().c_str(),
                  static_cast<unsigned long long>(o.bytes_in + o.bytes_out));
      if (!o.ok()) die(std::string(what) + ": " + o.line());
      return o;
    };
    auto changed = upoll("urgent.json: changed (json + sig)");
    auto same = upoll("urgent.json: poll, nothing changed");
    summary.emplace_back("urgent.json: changed", Row{changed.bytes_in + changed.bytes_out, 0});
    summary.emplace_back("urgent.json: poll, nothing changed", Row{same.bytes_in + same.bytes_out, 0});
  }

  std::printf("\n%-44s %12s %12s\n", "summary", "on the wire", "apply");
  for (const auto& [what, r] : summary) std::printf("%-44s %10llu B %9.1f ms\n", what.c_str(),
                                                    static_cast<unsigned long long>(r.wire), r.apply_ms);
  std::printf("goals: one item of 5 000 changed <= 10 240 B and <= 30 ms apply; an unchanged poll <= 1 024 B\n");
  return 0;
}
