// SHA-256 (libsodium) of bytes and of files, and the one libsodium initialiser every libsodium
// user in the content library calls first. Layer: tramtin_content, content/base/ (libsodium).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "content/base/status.h"

namespace tramtin {

// sodium_init() once for the process (thread-safe, idempotent). False when libsodium cannot start
// (no entropy source); hashing still works then, signing and PIN hashing must not go on.
bool crypto_init();

// Streaming SHA-256, for data that arrives in pieces.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t n);
  std::string final_hex();                           // lower-case hex; call once
 private:
  alignas(64) unsigned char state_[128];             // crypto_hash_sha256_state, kept opaque here
};

std::string sha256_hex(std::string_view bytes);      // 64 lower-case hex digits
Result<std::string> sha256_file(const std::string& path);  // read in chunks, never whole in memory
bool is_sha256_hex(std::string_view s);              // 64 lower-case hex digits, nothing else

}  // namespace tramtin
