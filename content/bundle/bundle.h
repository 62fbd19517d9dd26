// The bundle format: what staff publish and every kiosk verifies before it shows anything.
// Layer: tramtin_content (libsodium + nlohmann-json; no network, no SQLite here).
//
// A bundle is a folder of static files, served by any web server or copied to a USB stick.
// Format 2 (what write_bundle writes) has a two-level manifest, so that one changed item costs a
// kiosk one small index page and one object, not the whole list of 5 000 items:
//
//   manifest.json        the signed root, canonical JSON (keys sorted, no whitespace, one trailing '\n'):
//                        {"channel":"lai-chau-commune","created_at":1763800000,"expires_at":1771576000,
//                         "format":2,"pages":[{"sha256":"…","size":9123}, …],"version":42}
//   manifest.sig         the detached Ed25519 signature of the EXACT bytes of manifest.json, as
//                        standard base64 (88 characters, padded) followed by '\n'. Whitespace around
//                        it is ignored when reading.
//   pages/<sha256>.json  index pages, named by the sha256 of their bytes (content-addressed, so a
//                        page nobody edited keeps its name across versions and is never fetched
//                        again): {"entries":[{"id":"dang-ky-khai-sinh","kind":"item","sha256":"…",
//                        "size":1234},{"kind":"media","mime":"image/png","sha256":"…","size":56789},
//                        …],"format":2,"kind":"page"}. An entry's page is chosen by a hash of its
//                        key (the item id, the media hash), so an edit, an addition or a removal
//                        changes one page; ".json" lets a server compress them (gzip_types).
//   objects/<sha256>     every item document (item_to_json of one item) and every media file, named
//                        by the lower-case hex sha256 of its bytes.
//
// Format 1 (the previous release) listed every entry in manifest.json itself ("entries", no
// "pages"); kiosks still read it for one release. The root's signature covers the page hashes, each
// page's hash covers its entries, each entry's hash covers its object: one signature checks it all.
//
// Keys: a public key is the 32-byte Ed25519 key as standard base64 (44 characters): that is what
// goes into sync.trusted_keys. A secret key file holds one line "tramtin-ed25519-secret-v1 <base64
// of libsodium's 64-byte secret key>"; it is created with mode 0600 and never overwritten.
//
// Versions only grow. The kiosk refuses a manifest whose version is not newer than the one it has
// applied on the same channel (rollback), whose channel is not its own, or that has expired.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/base/files.h"
#include "content/base/hash.h"
#include "content/model/model.h"

namespace tramtin::bundle {

inline constexpr int kFormatVersion = 2;           // written by write_bundle
inline constexpr int kOldestFormatVersion = 1;     // still read by kiosks (for one release)
// Caps a kiosk enforces before it downloads or parses anything (a mirror may be hostile or broken).
inline constexpr std::uint64_t kMaxManifestBytes = 8ull << 20;      // ~60 000 entries
inline constexpr std::uint64_t kMaxSignatureBytes = 1024;
inline constexpr std::uint64_t kMaxItemDocumentBytes = 1ull << 20;  // one item's JSON, all languages
inline constexpr std::uint64_t kMaxMediaBytes = 32ull << 20;        // a photo or an audio narration
inline constexpr std::size_t kMaxEntries = 100000;
inline constexpr std::uint64_t kMaxPageBytes = 1ull << 20;         // one index page
inline constexpr std::size_t kMaxPages = 4096;
// Entries per page the writer aims at: the page count is the smallest power of two that keeps the
// average at or below it. A page of ~100 entries is ~11 KB (~4.5 KB gzipped), and the root of a
// 5 000-item bundle ~5 KB: one changed item then costs well under 10 KB on a gzip-ing server.
inline constexpr std::size_t kPageTargetEntries = 128;

// page: an index page as the sync engine fetches it (never listed inside a page or a format-1 manifest).
enum class EntryKind { item, media, page };
const char* entry_kind_name(EntryKind k);  // "item", "media", "page"

struct Entry {
  std::string sha256;       // lower-case hex, 64 characters
  std::uint64_t size = 0;   // bytes
  EntryKind kind = EntryKind::item;
  std::string id;           // item: the item id; media: empty
  std::string mime;         // media: "image/png", "audio/ogg", …; item: empty
  bool operator==(const Entry&) const = default;
};

struct PageRef {
  std::string sha256;       // of the page's bytes (pages/<sha256>.json)
  std::uint64_t size = 0;
  bool operator==(const PageRef&) const = default;
};

struct Manifest {
  int format = kFormatVersion;
  std::string channel;
  std::int64_t version = 0;     // > 0, only grows
  UnixTime created_at = 0;
  UnixTime expires_at = 0;      // > created_at; a kiosk does not apply a manifest past this moment
  // Canonical order: items by id, then media by sha256. Format 1: as manifest.json lists them.
  // Format 2: empty when parsed from the root alone; merge_pages fills it from the pages.
  std::vector<Entry> entries;
  std::vector<PageRef> pages;   // format 2: the index pages, in the root's order
  bool operator==(const Manifest&) const = default;

  std::uint64_t total_bytes() const;
  std::size_t item_count() const;
};

// Canonical bytes (sorts a copy of the entries; the caller's order does not matter). Format 1
// writes the entries; format 2 the root (the pages, never the entries).
std::string manifest_to_json(const Manifest& m);
// Strict parse of either format: every field checked (types, hex, caps, unique ids and hashes).
// Never throws. Errors are ErrorKind::protocol, with "manifest.json: " and what is wrong. A format
// newer than this build says to update the kiosk.
Result<Manifest> manifest_from_json(std::string_view json);

// ---- Index pages (format 2).
struct Page {
  std::vector<Entry> entries;
  // Entries of a kind this build does not know (a later format's addition): skipped, counted here
  // so the kiosk can log a warning and apply the rest.
  std::size_t skipped_unknown = 0;
};
std::string page_relative_path(const std::string& sha256);       // "pages/<sha256>.json"
std::string page_to_json(const std::vector<Entry>& entries);     // canonical, sorts a copy
// Strict parse of one page (errors "index page <sha…>: …", ErrorKind::protocol). Does not check the
// hash: the caller compares the bytes with the root's PageRef first.
Result<Page> page_from_json(std::string_view json, std::string_view sha256 = {});
// Groups entries into pages (see kPageTargetEntries); stable: an entry's page depends only on its
// key and on the number of pages, so one edit changes one page.
std::vector<std::vector<Entry>> split_into_pages(const std::vector<Entry>& entries);
// Fills m.entries from the root's pages (in m.pages order): ids and media unique across pages,
// at most kMaxEntries in all. ErrorKind::protocol.
Status merge_pages(Manifest& m, const std::vector<Page>& pages);

// ---- Keys and signatures (Ed25519, libsodium).
struct PublicKey {
  std::array<unsigned char, 32> bytes{};
  bool operator==(const PublicKey&) const = default;
};
struct SecretKey {
  std::array<unsigned char, 64> bytes{};  // libsodium layout: seed then public key
  SecretKey() = default;
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey();                           // wipes the key from memory
  PublicKey public_key() const;
};
struct KeyPair {
  PublicKey pub;
  SecretKey sec;
};

// Call crypto_init() (content/base/hash.h) once before the functions below.
KeyPair generate_keypair();
std::string encode_public_key(const PublicKey& k);  // base64, 44 characters
Result<PublicKey> decode_public_key(std::string_view b64);
std::string encode_secret_key_file(const SecretKey& k);  // the whole file text, with '\n'
Result<SecretKey> decode_secret_key_file(std::string_view text);
// A short, stable name for a key in messages: first 8 characters of its base64.
std::string key_fingerprint(const PublicKey& k);

// Writes OUT.key (0600, refuses to overwrite: ErrorKind::input) and OUT.pub (base64 + '\n').
Status write_keypair_files(const std::string& out_prefix, const KeyPair& kp);
Result<SecretKey> read_secret_key_file(const std::string& path);

// The text of manifest.sig for these exact manifest bytes.
std::string sign_manifest(std::string_view manifest_bytes, const SecretKey& k);

// The index of the trusted key that made the signature (key rotation: several are trusted). Errors:
// ErrorKind::signature when the signature is malformed or matches none of the keys (the bundle's
// fault); ErrorKind::input when the kiosk's own key list is empty or holds a malformed key (a typo
// in the config must not look like a hostile server). Messages say what to check.
Result<int> verify_manifest_signature(std::string_view manifest_bytes, std::string_view sig_text,
                                       const std::vector<std::string>& trusted_keys);

// ---- Writing a bundle (the staff side).
struct MediaSource {
  std::string sha256;       // of the file's bytes
  std::uint64_t size = 0;
  std::string mime;
  std::string path;         // where to read it from
};

struct BuildOptions {
  std::string out_dir;
  std::string channel;
  SecretKey key;
  std::int64_t version = 0;       // 0: previous manifest's version in out_dir + 1, or `now` if none
  int expires_in_days = 90;
  UnixTime now = 0;               // 0: the current time
};

struct BuildReport {
  Status status;                  // not ok: nothing was published (old manifest left in place);
                                  // input (options, source files) or storage (the output folder)
  Manifest manifest;              // with its entries (and, format 2, its pages)
  std::string manifest_bytes;
  int pages_written = 0;          // format 2: pages/ files new in this build (the others were kept)
  int objects_written = 0;
  int objects_kept = 0;           // already present with the right hash: not rewritten
  std::uint64_t bytes_written = 0;
};

// Writes objects/<sha256> and pages/<sha256>.json that are missing, then manifest.sig and
// manifest.json (format 2, with its pages), each through a
// temporary file + fsync + rename so a reader (or a power cut) never sees a half-written file.
// Every item's media must be among `media`.
BuildReport write_bundle(const std::vector<Item>& items, const std::vector<MediaSource>& media,
                         const BuildOptions& opt);

// Reads OUT_DIR/manifest.json's version without verifying anything (0 if none or unreadable).
std::int64_t existing_bundle_version(const std::string& out_dir);

std::string base64_encode(const unsigned char* data, std::size_t n);
std::optional<std::string> base64_decode(std::string_view b64);  // raw bytes; nullopt when malformed

}  // namespace tramtin::bundle
