// The bundle format: canonical manifest JSON, Ed25519 keys and signatures, and the bundle writer
// used by `tramtin-publish build` (SHA-256 and file helpers are in content/base). Layer: tramtin_content.
#include "content/bundle/bundle.h"

#include <functional>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "content/base/log.h"
#include "content/base/text.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace tramtin::bundle {
namespace {

constexpr std::string_view kSecretKeyTag = "tramtin-ed25519-secret-v1";

std::string errno_text() { return std::strerror(errno); }

// A hostile value quoted in a message: at most 60 characters, control bytes as '?'.
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 60)) out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  if (s.size() > 60) out += "...";
  return out;
}

bool entry_less(const Entry& a, const Entry& b) {
  if (a.kind != b.kind) return a.kind == EntryKind::item;
  if (a.kind == EntryKind::item) return a.id < b.id;
  return a.sha256 < b.sha256;
}

}  // namespace

const char* entry_kind_name(EntryKind k) {
  switch (k) {
    case EntryKind::item: return "item";
    case EntryKind::media: return "media";
    case EntryKind::page: return "page";
  }
  return "?";
}

std::uint64_t Manifest::total_bytes() const {
  std::uint64_t t = 0;
  for (const auto& e : entries) t += e.size;
  return t;
}

std::size_t Manifest::item_count() const {
  return static_cast<std::size_t>(
      std::count_if(entries.begin(), entries.end(), [](const Entry& e) { return e.kind == EntryKind::item; }));
}

// ---------------------------------------------------------------------------------------------
// Manifest JSON (the root, or format 1's whole list) and index pages
// ---------------------------------------------------------------------------------------------

namespace {

json entries_json(const std::vector<Entry>& entries) {
  std::vector<Entry> sorted = entries;
  std::sort(sorted.begin(), sorted.end(), entry_less);
  json out = json::array();
  for (const auto& e : sorted) {
    json j = {{"kind", entry_kind_name(e.kind)}, {"sha256", e.sha256}, {"size", e.size}};
    if (e.kind == EntryKind::item) j["id"] = e.id;
    if (e.kind == EntryKind::media) j["mime"] = e.mime;
    out.push_back(std::move(j));
  }
  return out;
}

std::string canonical(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::strict) + "\n"; }

// Ids and media hashes seen so far, across the pages of one manifest.
struct Seen {
  std::set<std::string> ids, media;
};

// One entry of a format-1 manifest or of a page. Returns "" when it is good; `unknown` is set (and
// "" returned) for a kind this build does not know when `allow_unknown`.
std::string parse_entry(const json& je, Entry& e, Seen& seen, bool allow_unknown, bool& unknown) {
  unknown = false;
  if (!je.is_object()) return "expected an object";
  auto k = je.find("kind");
  if (k == je.end() || !k->is_string()) return "\"kind\" is missing";
  const auto& kind = k->get_ref<const std::string&>();
  if (kind == "item") e.kind = EntryKind::item;
  else if (kind == "media") e.kind = EntryKind::media;
  else if (allow_unknown && kind != "page") {
    unknown = true;
    return "";
  } else return "unknown kind \"" + printable(kind) + "\"";
  auto h = je.find("sha256");
  if (h == je.end() || !h->is_string() || !is_sha256_hex(h->get_ref<const std::string&>()))
    return "\"sha256\" must be 64 lower-case hex digits";
  e.sha256 = h->get<std::string>();
  auto s = je.find("size");
  if (s == je.end() || !s->is_number_unsigned()) return "\"size\" must be a non-negative integer";
  e.size = s->get<std::uint64_t>();
  std::uint64_t cap = e.kind == EntryKind::item ? kMaxItemDocumentBytes : kMaxMediaBytes;
  if (e.size > cap)
    return std::to_string(e.size) + " bytes is over the cap of " + std::to_string(cap) + " bytes for a" +
           (e.kind == EntryKind::item ? "n item document" : " media file");
  if (e.kind == EntryKind::item) {
    auto id = je.find("id");
    if (id == je.end() || !id->is_string()) return "an item needs an \"id\"";
    if (!valid_item_id(id->get_ref<const std::string&>()))
      return "item id \"" + printable(id->get_ref<const std::string&>()) + "\" is outside the format (1.." +
             std::to_string(kMaxItemIdLength) + " of a-z, 0-9, '-')";
    e.id = id->get<std::string>();
    if (!seen.ids.insert(e.id).second) return "item \"" + e.id + "\" is listed twice";
  } else {
    auto mime = je.find("mime");
    if (mime == je.end() || !mime->is_string()) return "a media file needs a \"mime\" type such as \"image/png\"";
    if (!allowed_media_type(mime->get_ref<const std::string&>()))
      return "media type (\"mime\") \"" + printable(mime->get_ref<const std::string&>()) +
             "\" is not one the format allows (image/png, image/jpeg, audio/ogg)";
    e.mime = mime->get<std::string>();
    if (!seen.media.insert(e.sha256).second) return "media " + e.sha256 + " is listed twice";
  }
  return "";
}

// The page an entry goes to among 2^bits pages: the top bits of a hash of its key, so that adding
// or removing other entries never moves it (only a change of the page count does).
std::size_t page_of(const Entry& e, int bits) {
  if (bits == 0) return 0;
  const std::string h = e.kind == EntryKind::item ? sha256_hex("item:" + e.id) : e.sha256;
  const std::uint32_t top = static_cast<std::uint32_t>(std::stoul(h.substr(0, 8), nullptr, 16));
  return static_cast<std::size_t>(top >> (32 - bits));
}

}  // namespace

std::string manifest_to_json(const Manifest& m) {
  // nlohmann's default object is an ordered std::map: keys come out sorted, which is canonical.
  json root = {{"format", m.format},         {"channel", m.channel},       {"version", m.version},
               {"created_at", m.created_at}, {"expires_at", m.expires_at}};
  if (m.format == 1) {
    root["entries"] = entries_json(m.entries);
  } else {
    json pages = json::array();
    for (const auto& p : m.pages) pages.push_back({{"sha256", p.sha256}, {"size", p.size}});
    root["pages"] = std::move(pages);
  }
  return canonical(root);
}

Result<Manifest> manifest_from_json(std::string_view text) {
  auto fail = [&](std::string msg) -> Result<Manifest> {
    return Status::error(ErrorKind::protocol, "manifest.json: " + std::move(msg));
  };
  if (text.size() > kMaxManifestBytes) return fail("larger than the " + std::to_string(kMaxManifestBytes >> 20) + " MB cap");
  json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return fail("not valid JSON (the file is damaged, or the server sent something else)");
  if (!root.is_object()) return fail("expected a JSON object");

  auto get_int = [&](const char* key, std::int64_t& out) -> bool {
    auto it = root.find(key);
    if (it == root.end() || !it->is_number_integer()) return false;
    out = it->get<std::int64_t>();
    return true;
  };
  Manifest m;
  std::int64_t format = 0;
  if (!get_int("format", format)) return fail("\"format\" is missing or not an integer");
  if (format < kOldestFormatVersion || format > kFormatVersion)
    return fail("format " + std::to_string(format) + " is not supported (this kiosk reads formats " +
                std::to_string(kOldestFormatVersion) + " to " + std::to_string(kFormatVersion) +
                (format > kFormatVersion ? "; update the kiosk software)" : ")"));
  m.format = static_cast<int>(format);
  auto ch = root.find("channel");
  if (ch == root.end() || !ch->is_string() || ch->get_ref<const std::string&>().empty())
    return fail("\"channel\" is missing or empty");
  m.channel = ch->get<std::string>();
  if (!get_int("version", m.version) || m.version <= 0) return fail("\"version\" must be a positive integer");
  if (!get_int("created_at", m.created_at)) return fail("\"created_at\" is missing or not an integer");
  if (!get_int("expires_at", m.expires_at)) return fail("\"expires_at\" is missing or not an integer");
  if (m.expires_at <= m.created_at) return fail("\"expires_at\" is not after \"created_at\"");

  if (m.format >= 2) {
    if (root.contains("entries")) return fail("format 2 lists its entries in pages, not in \"entries\"");
    auto pages = root.find("pages");
    if (pages == root.end() || !pages->is_array()) return fail("\"pages\" is missing or not a list");
    if (pages->size() > kMaxPages) return fail("too many pages (" + std::to_string(pages->size()) + ")");
    std::set<std::string> seen;
    std::size_t index = 0;
    for (const auto& jp : *pages) {
      std::string where = "page " + std::to_string(index++) + ": ";
      if (!jp.is_object()) return fail(where + "expected an object");
      auto h = jp.find("sha256");
      if (h == jp.end() || !h->is_string() || !is_sha256_hex(h->get_ref<const std::string&>()))
        return fail(where + "\"sha256\" must be 64 lower-case hex digits");
      auto s = jp.find("size");
      if (s == jp.end() || !s->is_number_unsigned()) return fail(where + "\"size\" must be a non-negative integer");
      PageRef p{h->get<std::string>(), s->get<std::uint64_t>()};
      if (p.size > kMaxPageBytes)
        return fail(where + std::to_string(p.size) + " bytes is over the cap of " + std::to_string(kMaxPageBytes) +
                    " bytes for an index page");
      if (!seen.insert(p.sha256).second) return fail(where + "page " + p.sha256 + " is listed twice");
      m.pages.push_back(std::move(p));
    }
    return m;
  }

  auto ents = root.find("entries");
  if (ents == root.end() || !ents->is_array()) return fail("\"entries\" is missing or not a list");
  if (ents->size() > kMaxEntries) return fail("too many entries (" + std::to_string(ents->size()) + ")");
  Seen seen;
  m.entries.reserve(ents->size());
  std::size_t index = 0;
  for (const auto& je : *ents) {
    Entry e;
    bool unknown = false;
    if (std::string err = parse_entry(je, e, seen, /*allow_unknown=*/false, unknown); !err.empty())
      return fail("entry " + std::to_string(index) + ": " + err);
    ++index;
    m.entries.push_back(std::move(e));
  }
  return m;
}

std::string page_relative_path(const std::string& sha256) { return "pages/" + sha256 + ".json"; }

std::string page_to_json(const std::vector<Entry>& entries) {
  json page = {{"entries", entries_json(entries)}, {"format", kFormatVersion}, {"kind", "page"}};
  return canonical(page);
}

Result<Page> page_from_json(std::string_view text, std::string_view sha256) {
  const std::string name = "index page " + std::string(sha256.substr(0, 12)) + (sha256.empty() ? "" : "…");
  auto fail = [&](std::string msg) -> Result<Page> {
    return Status::error(ErrorKind::protocol, name + ": " + std::move(msg));
  };
  if (text.size() > kMaxPageBytes) return fail("larger than the " + std::to_string(kMaxPageBytes >> 10) + " KB cap");
  json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return fail("not valid JSON");
  if (!root.is_object()) return fail("expected a JSON object");
  auto kind = root.find("kind");
  if (kind == root.end() || *kind != "page") return fail("\"kind\" is not \"page\"");
  auto format = root.find("format");
  if (format == root.end() || !format->is_number_integer() || format->get<std::int64_t>() < 2)
    return fail("\"format\" is missing or not 2 or more");
  auto ents = root.find("entries");
  if (ents == root.end() || !ents->is_array()) return fail("\"entries\" is missing or not a list");
  if (ents->size() > kMaxEntries) return fail("too many entries (" + std::to_string(ents->size()) + ")");
  Page p;
  Seen seen;
  std::size_t index = 0;
  for (const auto& je : *ents) {
    Entry e;
    bool unknown = false;
    if (std::string err = parse_entry(je, e, seen, /*allow_unknown=*/true, unknown); !err.empty())
      return fail("entry " + std::to_string(index) + ": " + err);
    ++index;
    if (unknown) {
      ++p.skipped_unknown;
      continue;
    }
    p.entries.push_back(std::move(e));
  }
  return p;
}

std::vector<std::vector<Entry>> split_into_pages(const std::vector<Entry>& entries) {
  int bits = 0;
  while ((entries.size() >> bits) > kPageTargetEntries && (std::size_t{1} << (bits + 1)) <= kMaxPages) ++bits;
  std::vector<std::vector<Entry>> buckets(std::size_t{1} << bits);
  for (const auto& e : entries) buckets[page_of(e, bits)].push_back(e);
  std::vector<std::vector<Entry>> pages;
  for (auto& b : buckets)
    if (!b.empty()) pages.push_back(std::move(b));
  return pages;
}

Status merge_pages(Manifest& m, const std::vector<Page>& pages) {
  Seen seen;
  std::size_t total = 0;
  for (const auto& p : pages) total += p.entries.size();
  if (total > kMaxEntries)
    return Status::error(ErrorKind::protocol, "manifest.json: too many entries in its pages (" + std::to_string(total) + ")");
  m.entries.clear();
  m.entries.reserve(total);
  for (const auto& p : pages)
    for (const auto& e : p.entries) {
      if (e.kind == EntryKind::item && !seen.ids.insert(e.id).second)
        return Status::error(ErrorKind::protocol, "manifest.json: item \"" + e.id + "\" is listed in two pages");
      if (e.kind == EntryKind::media && !seen.media.insert(e.sha256).second)
        return Status::error(ErrorKind::protocol, "manifest.json: media " + e.sha256 + " is listed in two pages");
      m.entries.push_back(e);
    }
  std::sort(m.entries.begin(), m.entries.end(), entry_less);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Keys and signatures
// ---------------------------------------------------------------------------------------------

SecretKey::~SecretKey() { sodium_memzero(bytes.data(), bytes.size()); }

PublicKey SecretKey::public_key() const {
  PublicKey p;
  crypto_sign_ed25519_sk_to_pk(p.bytes.data(), bytes.data());
  return p;
}

std::string base64_encode(const unsigned char* data, std::size_t n) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> base64_decode(std::string_view b64) {
  std::string out(b64.size() * 3 / 4 + 3, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(), b64.size(),
                        nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  if (end != b64.data() + b64.size()) return std::nullopt;  // trailing junk
  out.resize(len);
  return out;
}

KeyPair generate_keypair() {
  crypto_init();
  KeyPair kp;
  crypto_sign_ed25519_keypair(kp.pub.bytes.data(), kp.sec.bytes.data());
  return kp;
}

std::string encode_public_key(const PublicKey& k) { return base64_encode(k.bytes.data(), k.bytes.size()); }

Result<PublicKey> decode_public_key(std::string_view b64) {
  std::string t = trim(b64);
  auto raw = base64_decode(t);
  if (!raw || raw->size() != 32)
    return Status::error(ErrorKind::input,
                         "\"" + t + "\" is not a public key (expected 44 base64 characters, as in the .pub file)");
  PublicKey k;
  std::memcpy(k.bytes.data(), raw->data(), 32);
  sodium_memzero(raw->data(), raw->size());
  return k;
}

std::string encode_secret_key_file(const SecretKey& k) {
  return std::string(kSecretKeyTag) + " " + base64_encode(k.bytes.data(), k.bytes.size()) + "\n";
}

Result<SecretKey> decode_secret_key_file(std::string_view text) {
  std::string t = trim(text);
  if (t.rfind(kSecretKeyTag, 0) != 0)
    return Status::error(ErrorKind::input, "not a TramTin secret key file (made by `tramtin-publish keygen`)");
  auto raw = base64_decode(trim(std::string_view(t).substr(kSecretKeyTag.size())));
  sodium_memzero(t.data(), t.size());
  if (!raw || raw->size() != 64) return Status::error(ErrorKind::input, "the secret key file is damaged");
  SecretKey k;
  std::memcpy(k.bytes.data(), raw->data(), 64);
  sodium_memzero(raw->data(), raw->size());
  // The second half is the public key: a damaged file would sign with a key nobody trusts.
  unsigned char seed[32], derived_sk[64], derived_pk[32];
  crypto_sign_ed25519_sk_to_seed(seed, k.bytes.data());
  crypto_sign_ed25519_seed_keypair(derived_pk, derived_sk, seed);
  bool consistent = std::memcmp(derived_pk, k.bytes.data() + 32, 32) == 0;
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(derived_sk, sizeof derived_sk);
  if (!consistent)
    return Status::error(ErrorKind::input, "the secret key file is damaged (its public half does not match)");
  return k;
}

std::string key_fingerprint(const PublicKey& k) { return encode_public_key(k).substr(0, 8); }

Status write_keypair_files(const std::string& out_prefix, const KeyPair& kp) {
  const std::string key_path = out_prefix + ".key", pub_path = out_prefix + ".pub";
  // O_EXCL: never overwrite a key that may already be trusted by a whole fleet.
  int fd = ::open(key_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return Status::error(ErrorKind::input, key_path + " already exists; refusing to overwrite a secret key");
    return Status::error(ErrorKind::storage, key_path + ": cannot create: " + errno_text());
  }
  std::string text = encode_secret_key_file(kp.sec);
  ::fchmod(fd, 0600);  // whatever the umask says
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  sodium_memzero(text.data(), text.size());
  ::close(fd);
  if (!ok) {
    ::unlink(key_path.c_str());
    return Status::error(ErrorKind::storage, key_path + ": write failed: " + errno_text());
  }
  return write_file_atomic(pub_path, encode_public_key(kp.pub) + "\n");
}

Result<SecretKey> read_secret_key_file(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
    log::warn("bundle", path + " is readable by other users; chmod 600 it");
  auto text = read_file(path, 4096);
  if (!text) return text.status();
  auto k = decode_secret_key_file(*text);
  sodium_memzero(text->data(), text->size());
  if (!k) return Status::error(k.kind(), path + ": " + k.error());
  return k;
}

std::string sign_manifest(std::string_view manifest_bytes, const SecretKey& k) {
  crypto_init();
  unsigned char sig[crypto_sign_ed25519_BYTES];
  crypto_sign_ed25519_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(manifest_bytes.data()),
                               manifest_bytes.size(), k.bytes.data());
  return base64_encode(sig, sizeof sig) + "\n";
}

Result<int> verify_manifest_signature(std::string_view manifest_bytes, std::string_view sig_text,
                                      const std::vector<std::string>& trusted_keys) {
  crypto_init();
  if (trusted_keys.empty())
    return Status::error(ErrorKind::input,
                         "no trusted keys are configured (sync.trusted_keys is empty): add the publisher's public key");
  std::vector<PublicKey> keys;
  for (std::size_t i = 0; i < trusted_keys.size(); ++i) {
    auto k = decode_public_key(trusted_keys[i]);
    if (!k) return Status::error(ErrorKind::input, "sync.trusted_keys[" + std::to_string(i) + "]: " + k.error());
    keys.push_back(*k);
  }
  auto sig = base64_decode(trim(sig_text));
  if (!sig || sig->size() != crypto_sign_ed25519_BYTES)
    return Status::error(ErrorKind::signature,
                         "manifest.sig is not a signature (expected 88 base64 characters); the bundle is damaged");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (crypto_sign_ed25519_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                            reinterpret_cast<const unsigned char*>(manifest_bytes.data()),
                                            manifest_bytes.size(), keys[i].bytes.data()) == 0)
      return static_cast<int>(i);
  }
  return Status::error(ErrorKind::signature,
                       "the signature does not match any of the " + std::to_string(keys.size()) +
                           " trusted key(s): the bundle was signed with another key, or manifest.json was changed "
                           "after signing");
}

// ---------------------------------------------------------------------------------------------
// Bundle writer
// ---------------------------------------------------------------------------------------------

std::int64_t existing_bundle_version(const std::string& out_dir) {
  auto text = read_file(out_dir + "/manifest.json", kMaxManifestBytes);
  if (!text) return 0;
  json root = json::parse(text->begin(), text->end(), nullptr, false);
  if (!root.is_object()) return 0;
  auto v = root.find("version");
  if (v == root.end() || !v->is_number_integer()) return 0;
  return v->get<std::int64_t>();
}

namespace {

// Writes objects/<sha> unless a file with that name already holds exactly these bytes.
Status put_object(const std::string& dir, const std::string& name, const std::string& sha, std::string_view data,
                  BuildReport& rep) {
  std::string path = dir + "/" + name;
  std::error_code ec;
  if (fs::exists(path, ec) && fs::file_size(path, ec) == data.size()) {
    if (auto h = sha256_file(path); h && *h == sha) {
      ++rep.objects_kept;
      return {};
    }
  }
  // Not flushed one by one (5 000 fsyncs take half a minute): write_bundle flushes them all at once.
  if (Status s = write_file_atomic(path, data, /*durable=*/false); !s) return s;
  ++rep.objects_written;
  rep.bytes_written += data.size();
  return {};
}

}  // namespace

BuildReport write_bundle(const std::vector<Item>& items, const std::vector<MediaSource>& media,
                         const BuildOptions& opt) {
  BuildReport rep;
  crypto_init();
  if (opt.channel.empty()) {
    rep.status = Status::error(ErrorKind::input, "the channel is empty (--channel)");
    return rep;
  }
  if (opt.expires_in_days <= 0) {
    rep.status = Status::error(ErrorKind::input, "--expires-in-days must be at least 1");
    return rep;
  }
  const UnixTime now = opt.now ? opt.now
                               : std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
  std::error_code ec;
  const std::string objects_dir = opt.out_dir + "/objects";
  fs::create_directories(objects_dir, ec);
  if (ec) {
    rep.status = Status::error(ErrorKind::storage, objects_dir + ": cannot create: " + ec.message());
    return rep;
  }

  const std::int64_t previous = existing_bundle_version(opt.out_dir);
  std::int64_t version = opt.version;
  if (version == 0) version = previous > 0 ? previous + 1 : now;
  if (version <= previous) {
    rep.status = Status::error(ErrorKind::input,
                               "version " + std::to_string(version) + " is not newer than the bundle already in " +
                                   opt.out_dir + " (version " + std::to_string(previous) +
                                   "); kiosks would refuse it as a rollback");
    return rep;
  }

  Manifest m;
  m.format = kFormatVersion;
  m.channel = opt.channel;
  m.version = version;
  m.created_at = now;
  m.expires_at = now + static_cast<UnixTime>(opt.expires_in_days) * 86400;

  // The kiosk refuses a manifest outside the format: refuse it here first, before writing anything.
  for (const auto& item : items)
    if (!valid_item_id(item.id)) {
      rep.status = Status::error(ErrorKind::input, "item id \"" + printable(item.id) +
                                 "\" is outside the format (1.." + std::to_string(kMaxItemIdLength) + " of a-z, 0-9, '-')");
      return rep;
    }
  for (const auto& ms : media)
    if (!allowed_media_type(ms.mime)) {
      rep.status = Status::error(ErrorKind::input, ms.path + ": media type \"" + printable(ms.mime) +
                                 "\" is not one the format allows (image/png, image/jpeg, audio/ogg)");
      return rep;
    }

  std::set<std::string> media_hashes;
  for (const auto& ms : media) {
    if (!is_sha256_hex(ms.sha256)) {
      rep.status = Status::error(ErrorKind::input, ms.path + ": bad sha256");
      return rep;
    }
    if (!media_hashes.insert(ms.sha256).second) continue;  // the same photo used by two items
    auto bytes = read_file(ms.path, kMaxMediaBytes);
    if (!bytes) {
      rep.status = bytes.status();
      return rep;
    }
    if (sha256_hex(*bytes) != ms.sha256 || bytes->size() != ms.size) {
      rep.status = Status::error(ErrorKind::input, ms.path + ": changed while the bundle was being built; build again");
      return rep;
    }
    if (Status e = put_object(objects_dir, ms.sha256, ms.sha256, *bytes, rep); !e) {
      rep.status = e;
      return rep;
    }
    m.entries.push_back({ms.sha256, ms.size, EntryKind::media, "", ms.mime});
  }
  std::set<std::string> ids;
  for (const auto& item : items) {
    if (!ids.insert(item.id).second) {
      rep.status = Status::error(ErrorKind::input, "item \"" + item.id + "\" appears twice");
      return rep;
    }
    for (const auto& mr : item.media) {
      if (!media_hashes.count(mr.sha256)) {
        rep.status = Status::error(ErrorKind::input,
                                   "item \"" + item.id + "\": media " + mr.sha256 + " is not among the media files");
        return rep;
      }
    }
    std::string doc = item_to_json(item);
    if (doc.size() > kMaxItemDocumentBytes) {
      rep.status = Status::error(ErrorKind::input,
                                 "item \"" + item.id + "\" is " + std::to_string(doc.size()) + " bytes as JSON, over the " +
                                     std::to_string(kMaxItemDocumentBytes) + "-byte cap");
      return rep;
    }
    std::string sha = sha256_hex(doc);
    if (Status e = put_object(objects_dir, sha, sha, doc, rep); !e) {
      rep.status = e;
      return rep;
    }
    m.entries.push_back({sha, doc.size(), EntryKind::item, item.id, ""});
  }

  // The index pages (format 2): content-addressed like the objects, so unchanged ones are kept.
  const std::string pages_dir = opt.out_dir + "/pages";
  fs::create_directories(pages_dir, ec);
  if (ec) {
    rep.status = Status::error(ErrorKind::storage, pages_dir + ": cannot create: " + ec.message());
    return rep;
  }
  std::vector<Page> parsed_pages;
  for (const auto& page_entries : split_into_pages(m.entries)) {
    std::string page = page_to_json(page_entries);
    std::string sha = sha256_hex(page);
    const int before = rep.objects_written;
    if (Status e = put_object(pages_dir, sha + ".json", sha, page, rep); !e) {
      rep.status = e;
      return rep;
    }
    if (rep.objects_written > before) {  // counted as a page, not as an object
      --rep.objects_written;
      ++rep.pages_written;
    } else {
      --rep.objects_kept;
    }
    auto check = page_from_json(page, sha);  // the kiosk's own parser must accept what we publish
    if (!check || check->skipped_unknown) {
      rep.status = Status::error(ErrorKind::input, "internal: an index page does not pass its own checks: " +
                                                       (check ? std::string("unknown entries") : check.error()));
      return rep;
    }
    parsed_pages.push_back(std::move(*check));
    m.pages.push_back({sha, page.size()});
  }

  std::string bytes = manifest_to_json(m);
  auto check = manifest_from_json(bytes);  // the kiosk's own parser must accept what we publish
  Status merged = check ? merge_pages(*check, parsed_pages) : check.status();
  if (!merged || check->entries.size() != m.entries.size()) {
    rep.status = Status::error(ErrorKind::input, "internal: the manifest does not pass its own checks: " +
                                                     (merged ? std::string("entries lost") : merged.message));
    return rep;
  }
  // Every object and page on disk before the manifest that names them (one syncfs instead of one
  // fsync each).
  if (rep.objects_written > 0 || rep.pages_written > 0) {
    int dfd = ::open(objects_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || ::syncfs(dfd) != 0) {
      rep.status = Status::error(ErrorKind::storage,
                                 objects_dir + ": cannot flush the objects to disk: " + errno_text());
      if (dfd >= 0) ::close(dfd);
      return rep;
    }
    ::close(dfd);
  }
  // Signature first, manifest last: the manifest is the file that makes the new version visible.
  if (Status e = write_file_atomic(opt.out_dir + "/manifest.sig", sign_manifest(bytes, opt.key)); !e) {
    rep.status = e;
    return rep;
  }
  if (Status e = write_file_atomic(opt.out_dir + "/manifest.json", bytes); !e) {
    rep.status = e;
    return rep;
  }
  std::sort(m.entries.begin(), m.entries.end(), entry_less);
  rep.manifest = std::move(m);
  rep.manifest_bytes = std::move(bytes);
  return rep;
}

}  // namespace tramtin::bundle
