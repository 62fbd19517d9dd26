// Tests of the bundle format (content/bundle/bundle.h): canonical manifest, strict parsing, keys and
// signatures, the bundle writer, and the sideload import with the same checks as a network sync.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "content/bundle/bundle.h"
#include "content/sync/apply.h"
#include "content/sync/source.h"
#include "content/base/text.h"
#include "tests/support/sync_fixtures.h"

using namespace tramtin;
using namespace tramtin::synctest;

namespace {

bundle::Manifest sample_manifest() {  // format 1: the whole list in manifest.json
  bundle::Manifest m;
  m.format = 1;
  m.channel = "lai-chau-commune";
  m.version = 7;
  m.created_at = 1763800000;
  m.expires_at = 1763800000 + 86400;
  m.entries.push_back({tramtin::sha256_hex("b"), 1, bundle::EntryKind::item, "dang-ky-ket-hon", ""});
  m.entries.push_back({tramtin::sha256_hex("photo"), 5, bundle::EntryKind::media, "", "image/png"});
  m.entries.push_back({tramtin::sha256_hex("a"), 1, bundle::EntryKind::item, "dang-ky-khai-sinh", ""});
  return m;
}

}  // namespace

TEST_CASE("bundle: manifest JSON is canonical and round-trips") {
  bundle::Manifest m = sample_manifest();
  std::string a = bundle::manifest_to_json(m);
  std::reverse(m.entries.begin(), m.entries.end());
  CHECK(bundle::manifest_to_json(m) == a);  // entry order does not change the bytes
  CHECK(a.back() == '\n');
  CHECK(a.find(' ') == std::string::npos);
  CHECK(a.rfind("{\"channel\":", 0) == 0);  // keys sorted
  auto back = bundle::manifest_from_json(a);
  REQUIRE_MESSAGE(back, back.error());
  CHECK(back->version == 7);
  CHECK(back->item_count() == 2);
  CHECK(bundle::manifest_to_json(*back) == a);
}

TEST_CASE("bundle: manifest parser refuses what a kiosk must not trust") {
  std::string good = bundle::manifest_to_json(sample_manifest());
  auto refuses = [](const std::string& text, const char* needle) {
    auto r = bundle::manifest_from_json(text);
    CHECK_FALSE(r);
    CHECK(r.kind() == ErrorKind::protocol);
    CHECK_MESSAGE(r.error().find(needle) != std::string::npos, r.error());
  };
  refuses("not json", "not valid JSON");
  refuses("[]", "expected a JSON object");
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    auto p = s.find(from);
    REQUIRE(p != std::string::npos);
    return s.replace(p, from.size(), to);
  };
  refuses(replace("\"format\":1", "\"format\":3"), "update the kiosk");
  refuses(replace("\"format\":1", "\"format\":2"), "pages");  // format 2 lists no entries in the root
  refuses(replace("\"version\":7", "\"version\":-7"), "version");
  refuses(replace("\"version\":7", "\"version\":\"7\""), "version");
  refuses(replace("\"channel\":\"lai-chau-commune\"", "\"channel\":\"\""), "channel");
  refuses(replace("\"expires_at\":1763886400", "\"expires_at\":1763800000"), "expires_at");
  refuses(replace("\"kind\":\"item\"", "\"kind\":\"script\""), "unknown kind");
  refuses(replace("\"id\":\"dang-ky-ket-hon\"", "\"id\":\"dang-ky-khai-sinh\""), "listed twice");
  refuses(replace("\"size\":5", "\"size\":99999999999"), "over the cap");
  refuses(replace("\"mime\":\"image/png\"", "\"mime\":\"\""), "mime");
  std::string upper = tramtin::sha256_hex("a");
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  refuses(replace(tramtin::sha256_hex("a"), upper), "sha256");
}

TEST_CASE("bundle: signatures verify only the exact bytes · with any trusted key") {
  REQUIRE(tramtin::crypto_init());
  auto k1 = bundle::generate_keypair(), k2 = bundle::generate_keypair(), stranger = bundle::generate_keypair();
  std::string bytes = bundle::manifest_to_json(sample_manifest());
  std::string sig = bundle::sign_manifest(bytes, k2.sec);
  CHECK(sig.size() == 89);  // 88 base64 characters + '\n'
  std::vector<std::string> trusted = {bundle::encode_public_key(k1.pub), bundle::encode_public_key(k2.pub)};

  auto ok = bundle::verify_manifest_signature(bytes, sig, trusted);
  REQUIRE(ok.ok());
  CHECK(*ok == 1);  // key rotation: the second key matched

  std::string tampered = bytes;
  tampered[tampered.find("\"version\":7") + 10] = '8';
  auto bad = bundle::verify_manifest_signature(tampered, sig, trusted);
  CHECK_FALSE(bad.ok());
  CHECK(bad.kind() == ErrorKind::signature);
  CHECK(bad.error().find("does not match") != std::string::npos);

  auto unknown = bundle::verify_manifest_signature(bytes, bundle::sign_manifest(bytes, stranger.sec), trusted);
  CHECK(unknown.kind() == ErrorKind::signature);

  auto garbage = bundle::verify_manifest_signature(bytes, "<html>captive portal</html>", trusted);
  CHECK(garbage.kind() == ErrorKind::signature);
  CHECK(garbage.error().find("not a signature") != std::string::npos);

  auto none = bundle::verify_manifest_signature(bytes, sig, {});
  CHECK(none.kind() == ErrorKind::input);           // the kiosk's own key list, not the bundle
  auto typo = bundle::verify_manifest_signature(bytes, sig, {"Đây không phải là khóa"});
  CHECK(typo.kind() == ErrorKind::input);
  CHECK(typo.error().find("sync.trusted_keys[0]") != std::string::npos);
}

TEST_CASE("bundle: keygen writes a 0600 secret key · refuses to overwrite · and reads back") {
  Dir d;
  auto kp = bundle::generate_keypair();
  REQUIRE(bundle::write_keypair_files(d.str("xa-binh-lu"), kp).ok());
  struct stat st{};
  REQUIRE(::stat(d.str("xa-binh-lu.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(trim(read_bytes(d.str("xa-binh-lu.pub"))) == bundle::encode_public_key(kp.pub));

  auto again = bundle::write_keypair_files(d.str("xa-binh-lu"), bundle::generate_keypair());
  CHECK(again.kind == ErrorKind::input);
  CHECK(again.message.find("refusing to overwrite") != std::string::npos);

  auto sk = bundle::read_secret_key_file(d.str("xa-binh-lu.key"));
  REQUIRE_MESSAGE(sk, sk.error());
  CHECK(sk->public_key() == kp.pub);

  // A damaged key file is refused rather than signing with a key nobody trusts.
  std::string text = read_bytes(d.str("xa-binh-lu.key"));
  text[text.size() - 10] = text[text.size() - 10] == 'A' ? 'B' : 'A';
  write_bytes(d.str("damaged.key"), text);
  CHECK(bundle::read_secret_key_file(d.str("damaged.key")).kind() == ErrorKind::input);
}

TEST_CASE("bundle: the writer skips unchanged objects · grows the version and refuses a rollback") {
  Dir d;
  Publisher pub;
  pub.out_dir = d.str("bundle");
  auto photo = make_media(d.str(), 4096, 1);
  auto items = make_items(20);
  attach_media(items[1], photo);

  auto r1 = pub.publish(items, {photo}, 0, 90, 1763800000);
  CHECK(r1.manifest.version == 1763800000);  // first build: the current time
  CHECK(r1.objects_written == 21);
  CHECK(r1.objects_kept == 0);
  CHECK(r1.manifest.expires_at == 1763800000 + 90 * 86400);

  auto before = fs::last_write_time(pub.out_dir + "/objects/" + photo.src.sha256);
  items[5] = make_item(5, 1);
  auto r2 = pub.publish(items, {photo}, 0, 90, 1763800100);
  CHECK(r2.manifest.version == r1.manifest.version + 1);
  CHECK(r2.objects_written == 1);  // only the changed item
  CHECK(r2.objects_kept == 20);
  CHECK(fs::last_write_time(pub.out_dir + "/objects/" + photo.src.sha256) == before);

  // The written manifest verifies with the publisher's key.
  std::string man = read_bytes(pub.out_dir + "/manifest.json");
  CHECK(man == r2.manifest_bytes);
  CHECK(bundle::verify_manifest_signature(man, read_bytes(pub.out_dir + "/manifest.sig"), {pub.public_key()}).ok());

  bundle::BuildOptions opt;
  opt.out_dir = pub.out_dir;
  opt.channel = pub.channel;
  opt.key = pub.key.sec;
  opt.version = 5;
  auto r3 = bundle::write_bundle(items, {photo.src}, opt);
  CHECK(r3.status.kind == ErrorKind::input);
  CHECK(r3.status.message.find("not newer") != std::string::npos);
  CHECK(read_bytes(pub.out_dir + "/manifest.json") == man);  // nothing replaced

  // Media an item uses must be in the bundle.
  opt.version = 0;
  auto r4 = bundle::write_bundle(items, {}, opt);
  CHECK(r4.status.message.find("not among the media") != std::string::npos);
}

TEST_CASE("bundle: import from a folder (USB stick) applies with the same checks") {
  Dir d;
  Publisher pub;
  pub.out_dir = d.str("usb/tramtin");
  auto photo = make_media(d.str(), 3000, 2);
  auto items = make_items(12);
  attach_media(items[2], photo);
  pub.publish(items, {photo}, 3);
  Config cfg = kiosk_config(d.str("kiosk"), {}, {pub.public_key()});
  auto cache = Cache::open(cfg.database, Cache::Mode::writer);
  REQUIRE(cache);
  const std::string staging = cfg.data_dir + "/staging";

  CHECK(sync::find_bundle_folders(d.str("usb/*")) == std::vector<std::string>{pub.out_dir});
  CHECK(sync::find_bundle_folders(d.str("nowhere/*")).empty());

  auto o = sync::import_bundle(cfg, **cache, staging, pub.out_dir, sync::system_now);
  CHECK_MESSAGE(o.kind == sync::SyncOutcome::Kind::applied, o.line());
  CHECK(o.line() == "applied version 3");
  CHECK(o.exit_code() == 0);
  CHECK(read_content(cfg.database) == expected_set(items, 3));
  auto media = (*cache)->get_media(photo.src.sha256);
  REQUIRE(media);
  REQUIRE(*media);
  CHECK((*media)->bytes == photo.bytes);

  // Same stick again: nothing to do.
  CHECK(sync::import_bundle(cfg, **cache, staging, pub.out_dir, sync::system_now).line() == "up to date");

  // A stick with a tampered object: rejected, content kept, reason recorded.
  auto items2 = make_items(12, 1);
  attach_media(items2[2], photo);
  auto r = pub.publish(items2, {photo}, 4);
  const auto& victim = r.manifest.entries.front();
  std::string obj = read_bytes(pub.out_dir + "/objects/" + victim.sha256);
  obj[obj.size() / 2] = obj[obj.size() / 2] == 'x' ? 'y' : 'x';  // same size, other bytes
  write_bytes(pub.out_dir + "/objects/" + victim.sha256, obj);
  fs::remove_all(staging);
  auto bad = sync::import_bundle(cfg, **cache, staging, pub.out_dir, sync::system_now);
  CHECK(bad.kind == sync::SyncOutcome::Kind::rejected);
  CHECK(bad.exit_code() == 1);
  CHECK_MESSAGE(bad.reason.find("does not match the signed manifest") != std::string::npos, bad.reason);
  CHECK(read_content(cfg.database) == expected_set(items, 3));
  auto st = sync::read_sync_state(**cache);
  CHECK(st.last_result == bad.line());
  CHECK(st.consecutive_failures == 0);  // a bad stick does not slow the network polls down

  // A stick signed by an unknown key.
  Publisher stranger;
  stranger.out_dir = d.str("usb2/tramtin");
  stranger.publish(items2, {photo}, 9);
  auto unknown = sync::import_bundle(cfg, **cache, staging, stranger.out_dir, sync::system_now);
  CHECK(unknown.kind == sync::SyncOutcome::Kind::rejected);
  CHECK(unknown.reason.find("trusted key") != std::string::npos);
  CHECK(read_content(cfg.database).version == 3);
}

TEST_CASE("bundle: ids and media types outside the format are refused · parser, writer and a signed import") {
  std::string good = bundle::manifest_to_json(sample_manifest());
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    auto p = s.find(from);
    REQUIRE(p != std::string::npos);
    return s.replace(p, from.size(), to);
  };
  for (std::string bad : {std::string("../../x"), std::string("a/b"), std::string(""), std::string("Dang-Ky"),
                          std::string("a.b"), std::string("a b"), 
                          std::string(kMaxItemIdLength + 1, 'a')}) {
    auto r = bundle::manifest_from_json(with("\"id\":\"dang-ky-ket-hon\"", "\"id\":\"" + bad + "\""));
    CHECK_FALSE(r);
    CHECK(r.kind() == ErrorKind::protocol);
    CHECK_MESSAGE((r.error().find("outside the format") != std::string::npos || r.error().find("id") != std::string::npos),
                  r.error());
  }
  CHECK(bundle::manifest_from_json(with("\"id\":\"dang-ky-ket-hon\"", "\"id\":\"" + std::string(kMaxItemIdLength, 'a') + "\"")));
  for (std::string bad : std::vector<std::string>{"text/html", "image/svg+xml", "application/octet-stream", "image/png/../../x", "IMAGE/PNG"}) {
    auto r = bundle::manifest_from_json(with("\"mime\":\"image/png\"", "\"mime\":\"" + bad + "\""));
    CHECK_FALSE(r);
    CHECK(r.kind() == ErrorKind::protocol);
    CHECK_MESSAGE(r.error().find("not one the format allows") != std::string::npos, r.error());
  }
  // One rule for the authoring side and the kiosk.
  CHECK(valid_item_id("dang-ky-khai-sinh"));
  CHECK_FALSE(valid_item_id("ho-tich/dang-ky-khai-sinh"));
  CHECK(allowed_media_type("audio/ogg"));
  CHECK_FALSE(allowed_media_type("audio/mpeg"));

  // The writer refuses them before writing anything.
  Dir d;
  Publisher pub;
  pub.out_dir = d.str("out");
  auto items = make_items(3);
  items[1].id = "../../x";
  bundle::BuildOptions opt;
  opt.out_dir = pub.out_dir;
  opt.channel = pub.channel;
  opt.key = pub.key.sec;
  auto rep = bundle::write_bundle(items, {}, opt);
  CHECK(rep.status.kind == ErrorKind::input);
  CHECK_FALSE(fs::exists(pub.out_dir + "/manifest.json"));

  // A manifest signed by a trusted key but naming "../../x": the kiosk applies nothing.
  auto ok_items = make_items(3);
  auto built = pub.publish(ok_items, {}, 5);
  bundle::Manifest m = built.manifest;
  std::string doc = item_to_json(ok_items[0]);
  for (auto& e : m.entries)
    if (e.kind == bundle::EntryKind::item && e.id == ok_items[0].id) e.id = "../../x";
  // manifest_to_json writes whatever it is given; sign those bytes as a compromised build would
  // (format 1, where the entries are in the signed file itself).
  m.format = 1;
  std::string bytes = bundle::manifest_to_json(m);
  write_bytes(pub.out_dir + "/manifest.json", bytes);
  write_bytes(pub.out_dir + "/manifest.sig", bundle::sign_manifest(bytes, pub.key.sec));
  Config cfg = kiosk_config(d.str("kiosk"), {}, {pub.public_key()});
  auto cache = Cache::open(cfg.database, Cache::Mode::writer);
  REQUIRE(cache);
  auto o = sync::import_bundle(cfg, **cache, cfg.data_dir + "/staging", pub.out_dir, sync::system_now);
  CHECK(o.kind == sync::SyncOutcome::Kind::rejected);
  CHECK(o.cause == ErrorKind::protocol);
  CHECK_MESSAGE(o.reason.find("outside the format") != std::string::npos, o.reason);
  CHECK(read_content(cfg.database).docs.empty());
}
