// SHA-256 and the libsodium initialiser. Layer: tramtin_content, content/base/.
#include "content/base/hash.h"

#include <sodium.h>

#include <mutex>

#include "content/base/files.h"

namespace tramtin {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256::state_ is too small");

bool crypto_init() {
  static std::once_flag once;
  static bool ok = false;
  // 1 means "already initialised" (by another library in the process): fine.
  std::call_once(once, [] { ok = sodium_init() >= 0; });
  return ok;
}

Sha256::Sha256() {
  crypto_init();  // picks the fastest implementation; the digest is the same either way
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_));
}

void Sha256::update(const void* data, std::size_t n) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_),
                            static_cast<const unsigned char*>(data), n);
}

std::string Sha256::final_hex() {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_), out);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  return h.final_hex();
}

Result<std::string> sha256_file(const std::string& path) {
  Sha256 h;
  Status s = read_file_chunks(path, [&](const char* data, std::size_t n) {
    h.update(data, n);
    return std::string();
  });
  if (!s) return s;
  return h.final_hex();
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace tramtin
