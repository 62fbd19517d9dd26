// One error vocabulary (content/base/status.h): each layer reports the kind of a failure, and the
// sync outcome carries it, so callers decide by kind and never by the words of a message.
// Real parts: a real SQLite file, real libcurl against a closed port on 127.0.0.1, real bundle
// folders signed with real keys. Layer: tests.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include "content/bundle/bundle.h"
#include "content/store/cache.h"
#include "content/store/cache_access.h"
#include "content/sync/apply.h"
#include "content/sync/source.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;
using K = sync::SyncOutcome::Kind;

namespace {

// A port on 127.0.0.1 with nobody listening: bind an ephemeral port, note it, close it.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A bundle folder whose manifest.json is `manifest` and whose manifest.sig signs it with `key`.
std::string signed_folder(const Dir& d, const std::string& name, const std::string& manifest,
                          const bundle::SecretKey& key) {
  const std::string dir = d.str(name);
  fs::create_directories(dir + "/objects");
  REQUIRE(write_file_atomic(dir + "/manifest.json", manifest).ok());
  REQUIRE(write_file_atomic(dir + "/manifest.sig", bundle::sign_manifest(manifest, key)).ok());
  return dir;
}

}  // namespace

TEST_CASE("error kinds: a SQLite failure is storage, with SQLite's extended code kept") {
  Dir d;
  auto w = Cache::open(d.str("cache.db"), Cache::Mode::writer);
  REQUIRE(w);
  REQUIRE(sqlite3_exec(CacheAccess::handle(**w),
                       "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.meta "
                       "BEGIN SELECT RAISE(ABORT, 'disk says no'); END",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  Status s = (*w)->set_meta_value("k", "v");
  CHECK(s.kind == ErrorKind::storage);
  CHECK(s.sqlite_code == SQLITE_CONSTRAINT_TRIGGER);

  // Opening a cache where none can be created is storage too; a reader on a missing file as well.
  auto nowhere = Cache::open(d.str("no/such/folder/cache.db"), Cache::Mode::writer);
  CHECK(nowhere.kind() == ErrorKind::storage);
  CHECK(Cache::open(d.str("missing.db"), Cache::Mode::reader).kind() == ErrorKind::storage);

  // The cache's own validation is about what it was given: input, no SQLite code.
  Status dup = (*w)->replace_all({make_item(1), make_item(1)}, {}, ContentMeta{1, "c", 1, "t"});
  CHECK(dup.kind == ErrorKind::input);
  CHECK(dup.sqlite_code == 0);
}

TEST_CASE("error kinds: connection refused on 127.0.0.1 is transport, in the source and in the outcome") {
  REQUIRE(http::global_init());
  const std::string feed = "http://127.0.0.1:" + std::to_string(closed_port());
  http::Options o;
  o.connect_timeout_seconds = 5;
  auto src = sync::http_source(feed, o, 1);
  auto f = src->fetch_manifest({});
  CHECK_FALSE(f.ok());
  CHECK(f.status.kind == ErrorKind::transport);

  Dir d;
  bundle::KeyPair key = bundle::generate_keypair();
  Config cfg = kiosk_config(d.str("kiosk"), {feed}, {bundle::encode_public_key(key.pub)});
  auto cache = Cache::open(cfg.database, Cache::Mode::writer);
  REQUIRE(cache);
  auto out = sync::sync_once(cfg, **cache, cfg.data_dir + "/staging", sync::system_now, fast_options());
  CHECK(out.kind == K::failed);
  CHECK(out.cause == ErrorKind::transport);
  CHECK(out.exit_code() == 3);

  cfg.feeds.clear();                                   // nothing configured: the kiosk's own input
  CHECK(sync::sync_once(cfg, **cache, cfg.data_dir + "/staging", sync::system_now).cause == ErrorKind::input);
}

TEST_CASE("error kinds: a signed manifest that is not JSON is protocol; a stranger's signature is signature") {
  REQUIRE(crypto_init());
  Dir d;
  bundle::KeyPair key = bundle::generate_keypair(), stranger = bundle::generate_keypair();
  Config cfg = kiosk_config(d.str("kiosk"), {}, {bundle::encode_public_key(key.pub)});
  auto cache = Cache::open(cfg.database, Cache::Mode::writer);
  REQUIRE(cache);
  const std::string staging = cfg.data_dir + "/staging";

  // Signed by a trusted key, so the signature passes, but the bytes are not a manifest.
  auto bad_json = signed_folder(d, "bad-json", "{\"format\": 1, this is not JSON", key.sec);
  auto o = sync::import_bundle(cfg, **cache, staging, bad_json, sync::system_now);
  CHECK(o.kind == K::rejected);
  CHECK(o.cause == ErrorKind::protocol);

  // A well-formed manifest signed by a key this kiosk does not trust.
  bundle::Manifest m;
  m.channel = cfg.channel;
  m.version = 1;
  m.created_at = sync::system_now();
  m.expires_at = m.created_at + 86400;
  auto strange = signed_folder(d, "stranger", bundle::manifest_to_json(m), stranger.sec);
  o = sync::import_bundle(cfg, **cache, staging, strange, sync::system_now);
  CHECK(o.kind == K::rejected);
  CHECK(o.cause == ErrorKind::signature);
  CHECK(o.exit_code() == 1);

  // A folder with no manifest at all: the stick, not the bundle (storage, failed).
  o = sync::import_bundle(cfg, **cache, staging, d.str("empty-stick"), sync::system_now);
  CHECK(o.kind == K::failed);
  CHECK(o.cause == ErrorKind::storage);
}
