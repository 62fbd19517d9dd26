// What a screen sees while it draws (Ui): state (read-only), fonts, theme, metrics, strings, the
// media to request pictures from, and an intent list to write to. Plus the touch widgets every
// screen shares (kiosk/ui/widgets.cpp), with the one tap detector. Layer: tramtin (ImGui).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "content/settings/config.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/session.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/theme.h"

struct ImRect;  // imgui_internal.h

namespace tramtin {

struct StaffInfo;      // kiosk/core/staff_info.h
class MediaTextures;   // kiosk/ui/media.h
struct ViewModel;      // kiosk/core/view_model.h

struct HitTarget {
  std::string id;       // stable id ("tile-procedures", "item:dang-ky-khai-sinh")
  std::string label;    // the visible text, so scenarios can also tap by label
  ImVec2 min, max;      // screen rectangle this frame
};

// Read-aloud as the screens see it (the player's state, copied between frames).
struct ReadingUi {
  bool available = false;                  // a sound device exists: the listen buttons are shown
  bool active = false;                     // preparing or playing
  bool finished = false;                   // `item` was read to its end (the button offers Replay)
  std::string item;                        // what is read now: an item id or "tile:<key>" ("" none)
  std::string section;                     // the section being read: highlighted
  bool spoken_in_vi = false;               // the visitor's language has no voice: Vietnamese is read
};

struct Ui {
  const Config* config = nullptr;
  const Session* session = nullptr;
  const Strings* strings = nullptr;
  const FontSet* fonts = nullptr;
  Theme theme;
  Metrics m;
  std::int64_t now = 0;                    // wall clock (UTC seconds) this frame: virtual in scenarios
  std::string freshness;                   // "Cập nhật lúc 14:02, 21/11" (empty: none yet)
  std::vector<Intent> intents;             // filled while drawing, applied after the frame
  std::vector<HitTarget> targets;          // every tappable thing drawn this frame
  std::map<std::string, float> sections;   // section key -> its y in the content (for jump_to_section)
  const StaffInfo* staff = nullptr;        // staff screen: the lock state, and the figures once unlocked
  MediaTextures* media = nullptr;          // pictures and QR codes; rows drawn request() theirs
  const ViewModel* view = nullptr;         // the content of the current screen, loaded between frames
  ReadingUi reading;                       // read-aloud: the buttons and the highlight

  // The label for key in the visitor's language (else vi, else the key itself); no copy, no
  // allocation. Valid for the frame: strings change between frames only.
  const char* tr(const char* key) const {
    const std::string* s = strings->find(session->language, key);
    return s ? s->c_str() : key;
  }
  // A procedure field's (lĩnh vực) name: the content's own in the visitor's language, else the
  // catalogue's "field_<key>" (a field none of whose procedures is translated yet still reads in
  // the language), else the Vietnamese name the content gave.
  const char* field_name(const std::string& key, const std::string& name, bool fell_back) const {
    if (fell_back) {
      const std::string k = "field_" + key;
      if (strings->has(session->language, k)) return strings->find(session->language, k)->c_str();
    }
    return name.c_str();
  }
  void emit(Intent in) { intents.push_back(std::move(in)); }
  void open(ScreenId s, std::string arg = {}) { emit(make_intent(Intent::Type::open, Route{s, std::move(arg)})); }
  // Records where a section starts, so a jump chip's intent can scroll the route to it.
  void mark_section(const char* key) { sections[key] = ImGui::GetCursorPosY(); }
};

// A large touch button with an optional icon; pressed look on touch; returns true on a tap
// (released over the button without having dragged). `id` must be stable across languages.
// The words wrap under the icon when they do not fit on one line. `font_px` > 0 caps the label's
// size (the keyboard's keys: big already, they stop growing past A+).
bool touch_button(Ui& ui, const char* id, const char* icon, const char* label, ImVec2 size,
                  bool primary = false, bool selected = false, float font_px = 0);
// The room touch_button's label takes in a button `width` wide (so chrome can size itself).
ImVec2 touch_button_label_size(const Ui& ui, const char* icon, const char* label, float width, float font_px = 0);
// A home tile: big icon above one or two words.
bool tile(Ui& ui, const char* id, const char* icon, const char* label, ImVec2 size, ImU32 icon_color,
          const char* subtitle = nullptr);
// Text drawn with wrapping at the current content width, in the given font and colour.
void wrapped_text(ImFont* font, ImU32 color, const std::string& text, float wrap_width = 0);
// The shared core of touch widgets (see widgets.cpp): false when clipped away.
bool touch_item(Ui& ui, const char* id, const char* label, ImVec2 size, ImRect* bb, bool* tapped, bool* held);
// Records a rectangle as a tappable target for scenario replay.
void register_target(Ui& ui, const char* id, const char* label, ImVec2 min, ImVec2 max);

// How far (px) a press may travel and still be a tap; further, it is a drag that scrolls the content
// (item_tapped, the content area's drag-to-scroll and ImGui's own MouseDragThreshold all use it).
inline constexpr float kDragThreshold = 24.0f;

// The one tap detector, for the item just submitted (ImGui's last item, which must become active
// on press, as ButtonBehavior and InvisibleButton items do): true on the frame the pointer is
// released over it, unless the press travelled far enough to be a drag (a scroll).
bool item_tapped();
// The item just submitted is being pressed and the press is not (yet) a drag: draw it pressed.
bool item_held();

struct Texture;

// A full-width list row (≥ 96 px at 1080p): optional picture on the left, a title, an optional
// second line, a chevron on the right. Grows to fit wrapped text. Returns true on a tap.
// `picture_sha256`: a picture from the cache, requested from Ui::media only when the row is drawn
// (initials until it is decoded); nullptr: no picture column.
bool list_row(Ui& ui, const char* id, const std::string& title, const std::string& subtitle, float width,
              const std::string* picture_sha256 = nullptr, const char* icon = nullptr, ImU32 icon_color = 0,
              bool chevron = true);
// The picture for a row or card being drawn at min..min+size: requested from Ui::media (decoded
// between frames) when the box is on screen, only looked up when it is not (ImGui keeps the
// focused item of a list unclipped even when scrolled away). Empty until decoded.
Texture row_picture(Ui& ui, const std::string& sha256, ImVec2 min, ImVec2 size);
// A section heading with an icon ("Cần mang gì?").
void section_heading(Ui& ui, const char* icon, const std::string& text);
// The "(Tiếng Việt) – chưa có bản dịch" marker shown when a text fell back to Vietnamese.
void fell_back_marker(Ui& ui);
// The same marker next to one field ("documents", "agency", … see kiosk/core/fallback.h) when that
// field is shown in Vietnamese while the rest of the item is translated.
void field_fell_back_marker(Ui& ui, const char* field);
// Read-aloud highlight: mark where a section starts (read_mark), then, once it is laid out,
// read_highlight draws the highlight behind it when it is the section being read. Every
// read_mark(ui, s) must be followed by read_highlight(ui, s, …) in the same window.
float read_mark(Ui& ui, const char* section);
void read_highlight(Ui& ui, const char* section, float start_y, float width);
// The small listen button in a home tile's corner (drawn over the tile; see screen_home.cpp).
bool tile_listen_button(Ui& ui, const char* key, ImVec2 tile_min, ImVec2 tile_size);
// Stars as icons (gold), e.g. 4 of 5.
void draw_stars(Ui& ui, int stars, ImFont* font);

}  // namespace tramtin
