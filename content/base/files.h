// Whole files: read (with a size cap, in chunks), and write atomically (temporary file in the same
// folder, fsync, rename, fsync of the folder), so a reader or a power cut never sees half a file.
// Layer: tramtin_content, content/base/ (POSIX only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "content/base/status.h"

namespace tramtin {

inline constexpr std::uint64_t kNoSizeCap = std::numeric_limits<std::uint64_t>::max();

// Reads `path` in 64 KB chunks, handing each to `chunk`; a non-empty string returned by `chunk`
// stops the read and becomes the error ("<path>: <what chunk said>").
Status read_file_chunks(const std::string& path, const std::function<std::string(const char*, std::size_t)>& chunk);

// The whole file; an error naming the path when it cannot be read or holds more than max_bytes.
Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes = kNoSizeCap);

// Replaces `path` with `data` atomically (mode 0644). durable = false skips both fsyncs (the
// caller flushes many files at once with syncfs).
Status write_file_atomic(const std::string& path, std::string_view data, bool durable = true);

// Where bundled data lives ("fonts/fonts.toml", "content/sample"): $TRAMTIN_DATA_DIR, then the
// source tree in a development build (CMake option TRAMTIN_DEV_TREE), then /usr/share/tramtin.
// Empty when none has it. The kiosk and tramtin-publish find the same files this way.
std::string find_data_file(const std::string& relative);

}  // namespace tramtin
