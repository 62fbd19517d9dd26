// The staff PIN: its rules (4–8 ASCII digits), hashing with libsodium's crypto_pwhash_str
// (Argon2id, interactive limits) and verification. Layer: tramtin_content (libsodium only).
//
// The hash string goes into tramtin.toml as [staff] pin_hash; `tramtin-publish pin-hash` prints
// one. The kiosk only ever holds the hash, never the PIN. A short PIN has little entropy, so what
// protects it is the slow hash (64 MB, several passes: a stolen config is not cracked in a blink)
// together with the kiosk's lockout after three wrong tries (kiosk/core/staff_lock.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "content/base/status.h"

namespace tramtin {

inline constexpr std::size_t kPinMinDigits = 4;
inline constexpr std::size_t kPinMaxDigits = 8;

// True when pin is 4–8 ASCII digits (0–9, nothing else: no spaces, no full-width digits).
bool is_valid_pin(std::string_view pin);
// "" when pin follows the rules, else why not, in English for the staff tool
// ("the PIN must be 4 to 8 digits; got 3 digits").
std::string pin_rule_problem(std::string_view pin);

// crypto_pwhash_str of pin with OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE ("$argon2id$v=19$…").
// Fails when the PIN breaks the rules, or when libsodium cannot start or get its 64 MB.
// Slow on purpose: about 0.1–0.5 s.
Result<std::string> hash_pin(std::string_view pin);

// True when pin matches hash (constant-time inside libsodium). False for a malformed hash, a PIN
// that breaks the rules, or a libsodium failure: never throws. As slow as hash_pin.
bool verify_pin(std::string_view hash, std::string_view pin);

// Checks that a configured pin_hash is a crypto_pwhash_str string this libsodium can verify,
// so the kiosk can say "pin_hash is not valid" at start instead of refusing every PIN.
// An empty hash is ok here (it means "staff screen disabled", which is a choice, not an error).
Status check_pin_hash(std::string_view hash);

// Overwrites `size` bytes at `p` with zeros in a way the compiler may not drop (sodium_memzero):
// a PIN should not linger in memory, in argv or in a freed string.
void wipe_secret(char* p, std::size_t size);
inline void wipe_secret(std::string& s) {
  wipe_secret(s.data(), s.size());
  s.clear();
}

}  // namespace tramtin
