// profile_edit.hpp: the mapping editor's core (the app's "How the columns of your file were read"): what a
// file's sample offers for each choice of a profile, a profile with one choice changed and checked against the
// sample, and the profile saved so that the next export of the same shape opens straight away.
// The app and the CLI only pass the user's choice; every rule is here.
#pragma once
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/profile.hpp"

namespace crimescope::data {

// The header and up to `max_rows` data rows of a file (plain or .gz), split with its sniffed delimiter
// (`,` `;` tab `|`); a byte-order mark and CRLF are dropped, blank lines skipped.
struct FileSample {
    std::string path;
    char delimiter = ',';
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;   // ragged rows kept as read (the checks skip them)
};
Result<FileSample> read_file_sample(const std::string& path, size_t max_rows = 5000);

// One choice of the editor. Column choices name a header column; `DateFormat` a date format (base/dates.hpp),
// `System` an EPSG code as text ("3435"), `CoordKind` one of coord_kind_names().
// `TimeZone` an IANA name (the date column is UTC and read as local time there; "" keeps UTC clock times).
enum class Choice { CoordKind, Lat, Lon, X, Y, System, Geometry, Date, DateFormat, Time, Type, Address, Id, TimeZone };
constexpr int kChoiceCount = 14;
const char* choice_key(Choice c);     // "coord_kind", "lat", ... (state JSON and test hooks)
const char* choice_label(Choice c);   // "Coordinates", "Latitude", ... (the editor's labels)
// Time, Type, Address, Id and TimeZone may be "" (none); the others need a value.
bool choice_optional(Choice c);
// Whether the choice applies to the profile's coordinate kind (Lat/Lon for latitude/longitude, X/Y/System for
// projected, Geometry for a geometry column); TimeZone when the date column is UTC; the others always apply.
bool choice_applies(const Profile& p, Choice c);

// "latlon", "projected", "geometry" (the kinds the editor switches between; address and utm profiles show theirs).
const std::vector<std::string>& coord_kind_names();
std::string coord_kind_name(const Profile& p);

// The current value of `c` in `p` ("" when unset).
std::string choice_value(const Profile& p, Choice c);
// What the editor offers for `c`: the header's columns (in file order) for column choices, the formats that parse
// at least 95% of the chosen date column's sample, every projected system's EPSG code, the coordinate kinds.
std::vector<std::string> choice_options(const Profile& p, const FileSample& sample, Choice c);
// How an option is shown: a system as its description ("EPSG:3435 NAD83 / Illinois East (ftUS), US survey feet"),
// a format as itself, a column as its name.
std::string option_label(Choice c, const std::string& value);

// A copy of `p` with `c` set to `value`, checked against the sample; the notes for that part of the profile are
// replaced by one that says the choice was the user's. Errors (the profile is not changed) name the column and
// say what did not fit: a date column whose values parse in no known format, a latitude column with values
// outside -90..90, a time column that is not times of day, a system that puts the sample nowhere near a city.
// Switching CoordKind picks that kind's columns by name and value range, as inference does.
Result<Profile> edit_profile(const Profile& p, const FileSample& sample, Choice c, const std::string& value);

// The profile to keep for files of this header: id "saved:<file stem>", detect_columns = the whole header (so it
// wins detection over a shipped profile that matches fewer columns), display name saying it is the user's.
Profile profile_for_saving(const Profile& p, const FileSample& sample);

// The saved profiles document (desktop: the data folder's profiles.json; browser: IndexedDB key "profiles"):
// {"format": "crimescope-profiles", "version": 1, "profiles": [profile v2, ...]}. Parsing skips nothing silently:
// a bad entry is an error naming its index.
std::string saved_profiles_json(const std::vector<Profile>& profiles);
Result<std::vector<Profile>> parse_saved_profiles(const std::string& text, const std::string& name_for_errors);
// `list` with `p` added, replacing a saved profile of the same id or the same detect_columns.
std::vector<Profile> with_saved_profile(std::vector<Profile> list, const Profile& p);

}  // namespace crimescope::data
