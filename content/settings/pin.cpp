// The staff PIN: rules, Argon2id hashing and verification through libsodium. Layer: tramtin_content.
#include "content/settings/pin.h"

#include <sodium.h>

#include <string>

#include "content/base/hash.h"

namespace tramtin {
namespace {

// libsodium reads the hash as a C string of at most crypto_pwhash_STRBYTES - 1 characters; a
// longer or NUL-containing config value is not a hash it produced.
bool hash_shape_ok(std::string_view hash) {
  return !hash.empty() && hash.size() < crypto_pwhash_STRBYTES && hash.find('\0') == std::string_view::npos;
}

}  // namespace

bool is_valid_pin(std::string_view pin) { return pin_rule_problem(pin).empty(); }

std::string pin_rule_problem(std::string_view pin) {
  std::size_t digits = 0;
  for (char c : pin) {
    if (c < '0' || c > '9') {
      return "the PIN must be 4 to 8 digits (0-9), with nothing else: no letters, spaces or signs";
    }
    ++digits;
  }
  if (digits < kPinMinDigits || digits > kPinMaxDigits) {
    return "the PIN must be 4 to 8 digits; got " + std::to_string(digits) + (digits == 1 ? " digit" : " digits");
  }
  return {};
}

Result<std::string> hash_pin(std::string_view pin) {
  if (std::string problem = pin_rule_problem(pin); !problem.empty()) return Status::error(ErrorKind::input, problem);
  if (!crypto_init()) return Status::error(ErrorKind::storage, "libsodium could not be initialised");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    // The only documented failure: the memory limit could not be allocated.
    return Status::error(ErrorKind::storage, "could not hash the PIN: libsodium could not allocate its " +
                         std::to_string(crypto_pwhash_MEMLIMIT_INTERACTIVE / (1024 * 1024)) + " MB working memory");
  }
  return std::string(out);
}

bool verify_pin(std::string_view hash, std::string_view pin) {
  if (!hash_shape_ok(hash) || !is_valid_pin(pin) || !crypto_init()) return false;
  const std::string h(hash);  // NUL-terminated copy for the C API
  return crypto_pwhash_str_verify(h.c_str(), pin.data(), pin.size()) == 0;
}

Status check_pin_hash(std::string_view hash) {
  if (hash.empty()) return Status{};
  if (!crypto_init()) return Status::error(ErrorKind::storage, "libsodium could not be initialised");
  if (!hash_shape_ok(hash)) {
    return Status::error(ErrorKind::input,
                         "[staff] pin_hash is not a PIN hash (expected a string starting with $argon2id$, as "
                         "printed by `tramtin-publish pin-hash`)");
  }
  const std::string h(hash);
  // crypto_pwhash_str always writes a 32-byte digest: 43 base64 characters after the last '$'.
  // A hash cut short when pasted can still parse (Argon2 accepts shorter digests), so check it.
  if (auto last = h.rfind('$'); last == std::string::npos || h.size() - last - 1 != 43) {
    return Status::error(ErrorKind::input,
                         "[staff] pin_hash is not a whole PIN hash (it may have been cut when pasted; make a "
                         "new one with `tramtin-publish pin-hash`)");
  }
  // needs_rehash parses the string: -1 means it is not a valid Argon2id hash string. Older
  // Argon2i strings still verify, so accept those through the Argon2i parser.
  int r = crypto_pwhash_str_needs_rehash(h.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
  if (r == -1) {
    r = crypto_pwhash_argon2i_str_needs_rehash(h.c_str(), crypto_pwhash_argon2i_OPSLIMIT_INTERACTIVE,
                                               crypto_pwhash_argon2i_MEMLIMIT_INTERACTIVE);
  }
  if (r == -1) {
    return Status::error(ErrorKind::input,
                         "[staff] pin_hash is not a valid Argon2 hash string (it may have been cut when pasted; "
                         "make a new one with `tramtin-publish pin-hash`)");
  }
  return Status{};
}

void wipe_secret(char* p, std::size_t size) {
  if (p && size) sodium_memzero(p, size);
}

}  // namespace tramtin
