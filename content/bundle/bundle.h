// The bundle format: what staff publish and every kiosk verifies before it shows anything.
// Layer: tramtin_content (libsodium + nlohmann-json; no network, no SQLite here).
//
// A bundle is a folder of static files, served by any web server or copied to a USB stick:
//
//   manifest.json        canonical JSON (keys sorted, no whitespace, one trailing '\n'):
//                        {"channel":"lai-chau-commune","created_at":1763800000,
//                         "entries":[{"id":"dang-ky-khai-sinh","kind":"item","sha256":"…","size":1234},
//                                    {"kind":"media","mime":"image/png","sha256":"…","size":56789}, …],
//                         "expires_at":1771576000,"format":1,"version":42}
//   manifest.sig         the detached Ed25519 signature of the EXACT bytes of manifest.json, as
//                        standard base64 (88 characters, padded) followed by '\n'. Whitespace around
//                        it is ignored when reading.
//   objects/<sha256>     every item document (item_to_json of one item) and every media file, named
//                        by the lower-case hex sha256 of its bytes.
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

inline constexpr int kFormatVersion = 1;
// Caps a kiosk enforces before it downloads or parses anything (a mirror may be hostile or broken).
inline constexpr std::uint64_t kMaxManifestBytes = 8ull << 20;      // ~60 000 entries
inline constexpr std::uint64_t kMaxSignatureBytes = 1024;
inline constexpr std::uint64_t kMaxItemDocumentBytes = 1ull << 20;  // one item's JSON, all languages
inline constexpr std::uint64_t kMaxMediaBytes = 32ull << 20;        // a photo or an audio narration
inline constexpr std::size_t kMaxEntries = 100000;

enum class EntryKind { item, media };
const char* entry_kind_name(EntryKind k);  // "item", "media"

struct Entry {
  std::string sha256;       // lower-case hex, 64 characters
  std::uint64_t size = 0;   // bytes
  EntryKind kind = EntryKind::item;
  std::string id;           // item: the item id; media: empty
  std::string mime;         // media: "image/png", "audio/ogg", …; item: empty
  bool operator==(const Entry&) const = default;
};

struct Manifest {
  int format = kFormatVersion;
  std::string channel;
  std::int64_t version = 0;     // > 0, only grows
  UnixTime created_at = 0;
  UnixTime expires_at = 0;      // > created_at; a kiosk does not apply a manifest past this moment
  std::vector<Entry> entries;   // canonical order: items by id, then media by sha256
  bool operator==(const Manifest&) const = default;

  std::uint64_t total_bytes() const;
  std::size_t item_count() const;
};

// Canonical bytes (sorts a copy of the entries; the caller's order does not matter).
std::string manifest_to_json(const Manifest& m);
// Strict parse: every field checked (types, hex, caps, unique ids and hashes). Never throws.
std::optional<Manifest> manifest_from_json(std::string_view json, std::string* error);

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
std::optional<PublicKey> decode_public_key(std::string_view b64, std::string* error);
std::string encode_secret_key_file(const SecretKey& k);  // the whole file text, with '\n'
std::optional<SecretKey> decode_secret_key_file(std::string_view text, std::string* error);
// A short, stable name for a key in messages: first 8 characters of its base64.
std::string key_fingerprint(const PublicKey& k);

// Writes OUT.key (0600, refuses to overwrite) and OUT.pub (base64 + '\n'). Returns "" or an error.
std::string write_keypair_files(const std::string& out_prefix, const KeyPair& kp);
std::optional<SecretKey> read_secret_key_file(const std::string& path, std::string* error);

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
  Manifest manifest;
  std::string manifest_bytes;
  int objects_written = 0;
  int objects_kept = 0;           // already present with the right hash: not rewritten
  std::uint64_t bytes_written = 0;
};

// Writes objects/<sha256> that are missing, then manifest.sig and manifest.json, each through a
// temporary file + fsync + rename so a reader (or a power cut) never sees a half-written file.
// Every item's media must be among `media`.
BuildReport write_bundle(const std::vector<Item>& items, const std::vector<MediaSource>& media,
                         const BuildOptions& opt);

// Reads OUT_DIR/manifest.json's version without verifying anything (0 if none or unreadable).
std::int64_t existing_bundle_version(const std::string& out_dir);

std::string base64_encode(const unsigned char* data, std::size_t n);
std::optional<std::string> base64_decode(std::string_view b64);  // raw bytes; nullopt when malformed

}  // namespace tramtin::bundle
