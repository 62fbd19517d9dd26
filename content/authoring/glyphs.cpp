// The font manifest and the glyph checker (glyphs.h). Layer: tramtin_content.
#include "content/authoring/glyphs.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <unordered_map>

#include <stb_truetype.h>
#include <toml++/toml.h>
#include <utf8proc.h>

#include "content/base/text.h"

namespace tramtin {

Result<FontManifest> read_font_manifest(const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::error(ErrorKind::input,
                         path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  FontManifest m;
  if (auto* arr = t["font"].as_array()) {
    for (auto& n : *arr) {
      auto* ft = n.as_table();
      if (!ft) continue;
      FontSource s;
      s.name = (*ft)["name"].value_or(std::string());
      s.file = (*ft)["file"].value_or(std::string());
      s.bold = (*ft)["bold"].value_or(std::string());
      s.face = (*ft)["face"].value_or(0);
      for (auto [key, out] : {std::pair{"ranges", &s.ranges}, std::pair{"preload", &s.preload}}) {
        auto* rs = (*ft)[key].as_array();
        if (!rs) continue;
        for (auto& r : *rs) {
          const std::string v = r.value_or(std::string());
          unsigned long a = 0, b = 0;
          char extra = 0;
          if (std::sscanf(v.c_str(), "%lx-%lx%c", &a, &b, &extra) != 2 || a > b || b > 0x10FFFF)
            return Status::error(ErrorKind::input, path + ":" + std::to_string(r.source().begin.line) + ": " + key +
                                                       ": \"" + v + "\" is not a range like \"0020-007E\"");
          out->emplace_back(static_cast<char32_t>(a), static_cast<char32_t>(b));
        }
      }
      m.fonts.push_back(std::move(s));
    }
  }
  m.icons_file = t["icons"]["file"].value_or(std::string());
  if (m.fonts.empty()) return Status::error(ErrorKind::input, path + ": no [[font]] entries");
  return m;
}

namespace {

// A font file mapped read-only: the checker reads a few pages of the character map, never the
// whole 19 MB collection.
struct MappedFont {
  void* data = MAP_FAILED;
  std::size_t size = 0;
  stbtt_fontinfo info{};
  bool ok = false;
  std::string error;  // why it is not usable

  MappedFont(const std::string& path, int face) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error = path + ": " + std::strerror(errno);
      return;
    }
    struct stat st {};
    // Under 12 bytes there is not even a font header for stb_truetype to read.
    if (::fstat(fd, &st) == 0 && st.st_size >= 12) {
      size = static_cast<std::size_t>(st.st_size);
      data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    ::close(fd);
    if (data == MAP_FAILED) {
      error = path + ": cannot be read (empty or too short for a font)";
      return;
    }
    const auto* bytes = static_cast<const unsigned char*>(data);
    const int off = stbtt_GetFontOffsetForIndex(bytes, face);
    ok = off >= 0 && stbtt_InitFont(&info, bytes, off) != 0;
    if (!ok) error = path + ": not a font with face " + std::to_string(face);
  }
  ~MappedFont() {
    if (data != MAP_FAILED) ::munmap(data, size);
  }
  MappedFont(const MappedFont&) = delete;
  MappedFont& operator=(const MappedFont&) = delete;
  bool has(char32_t c) const { return ok && stbtt_FindGlyphIndex(&info, static_cast<int>(c)) != 0; }
};

bool in_ranges(const CodeRanges& ranges, char32_t c) {
  for (auto [a, b] : ranges)
    if (c >= a && c <= b) return true;
  return false;
}

}  // namespace

struct GlyphChecker::Impl {
  std::string path;
  std::optional<FontManifest> manifest;
  std::string manifest_error;
  std::vector<std::unique_ptr<MappedFont>> fonts;  // parallel to manifest->fonts; null until needed
  std::unordered_map<char32_t, bool> known;        // answers so far (a Chinese text repeats its characters)
};

GlyphChecker::GlyphChecker(const std::string& manifest_path) : impl_(std::make_unique<Impl>()) {
  impl_->path = manifest_path;
  if (manifest_path.empty()) {
    impl_->manifest_error = "fonts/fonts.toml was not found ($TRAMTIN_DATA_DIR, /usr/share/tramtin); pass --fonts PATH";
    return;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(manifest_path, ec)) {
    impl_->manifest_error = "the font manifest " + manifest_path + " does not exist";
    return;
  }
  auto m = read_font_manifest(manifest_path);
  if (!m) {
    impl_->manifest_error = m.error();
    return;
  }
  impl_->manifest = std::move(*m);
  impl_->fonts.resize(impl_->manifest->fonts.size());
}

GlyphChecker::~GlyphChecker() = default;

bool GlyphChecker::usable() const { return impl_->manifest.has_value(); }

const std::string& GlyphChecker::manifest_path() const { return impl_->path; }

std::string GlyphChecker::font_names() const {
  std::string out;
  if (!impl_->manifest) return out;
  for (const auto& f : impl_->manifest->fonts) out += (out.empty() ? "" : ", ") + f.name;
  return out;
}

bool GlyphChecker::drawable(char32_t c) {
  if (!impl_->manifest) return true;  // nothing to check against (problems() says so)
  if (c > kMaxDrawableCodepoint) return false;
  if (auto it = impl_->known.find(c); it != impl_->known.end()) return it->second;
  bool found = false;
  const auto& fonts = impl_->manifest->fonts;
  for (std::size_t i = 0; i < fonts.size() && !found; ++i) {
    if (!in_ranges(fonts[i].ranges, c)) continue;
    auto& f = impl_->fonts[i];
    if (!f) f = std::make_unique<MappedFont>(fonts[i].file, fonts[i].face);
    found = !f->ok || f->has(c);  // a missing file is trusted on its ranges
  }
  impl_->known.emplace(c, found);
  return found;
}

std::vector<std::string> GlyphChecker::problems() const {
  std::vector<std::string> out;
  if (!impl_->manifest) {
    out.push_back("glyphs were not checked: " + impl_->manifest_error);
    return out;
  }
  for (std::size_t i = 0; i < impl_->fonts.size(); ++i)
    if (impl_->fonts[i] && !impl_->fonts[i]->ok)
      out.push_back("glyphs of " + impl_->manifest->fonts[i].name + " were not checked: " + impl_->fonts[i]->error +
                    " (install fonts-noto-core and fonts-noto-cjk, or pass --fonts)");
  return out;
}

std::string describe_codepoint(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  std::string out = buf;
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  const bool prints = c <= 0x10FFFF && !is_control_codepoint(c) && cat != UTF8PROC_CATEGORY_MN &&
                      cat != UTF8PROC_CATEGORY_ME && cat != UTF8PROC_CATEGORY_MC && cat != UTF8PROC_CATEGORY_CF &&
                      cat != UTF8PROC_CATEGORY_ZS && cat != UTF8PROC_CATEGORY_ZL && cat != UTF8PROC_CATEGORY_ZP &&
                      cat != UTF8PROC_CATEGORY_CS && cat != UTF8PROC_CATEGORY_CO && cat != UTF8PROC_CATEGORY_CN;
  if (prints) {
    out += " '";
    append_utf8(out, c);
    out += "'";
  }
  return out;
}

}  // namespace tramtin
