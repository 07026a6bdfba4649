// profile.hpp: a column-mapping profile (JSON, assets/profiles/) says how one source's CSV maps to the
// incident model: which columns hold the date/time, coordinates, type and optional fields, which date
// formats to try, the bounding box that makes a coordinate plausible, and how to dedupe.
// The format is documented in ARCHITECTURE.md ("Profiles"); a user can write their own.
//
// Format v2 (additions; a file without "format_version" is v1 and reads as before):
//   "format_version": 2,
//   "delimiter": ";"                      one of "," ";" "\t" "|" (default ",")
//   "time": {..., "precision": "month"}    the source gives only the month (days are the 1st, no time)
//   "time": {..., "utc": true, "time_zone": "America/Los_Angeles"}   UTC timestamps, read as that zone's local time
//   "inferred": true, "notes": ["..."]    written by `crimescope-cli profile infer`: one note per choice
//   "coords": {"kind": "projected", "epsg": 3435, "x": "X Coordinate", "y": "Y Coordinate"}
//   "coords": {"kind": "geometry", "column": "point"}   WKT / GeoJSON / hex (E)WKB / "(lat, lon)"
//   "coords": {"kind": "address"}          no coordinates: rows are geocoded from categorical "address"
//   "categorical": {"address": {"columns": ["Block Range", "Street Name", "Type", "Suffix"]}}  joined values
//   dedupe never skips rows whose id is blank.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"
#include "geo/geo.hpp"

namespace crimescope::data {

struct FieldMap {
    std::string role;                  // column name in the incident table ("type", "premise", ...)
    std::string column;                // source header name; empty when `constant` or `columns` is used
    std::string constant;              // a fixed value for every row (single-type sources)
    std::unordered_map<std::string, std::string> value_map;   // source value -> mapped value
    std::string map_default;           // value for unmapped source values (when value_map is set)
    bool collapse_spaces = false;      // "100 S  ACARI      DR" -> "100 S ACARI DR"
    bool strip_leading_zeros = false;
    bool lower_case = false;
    // v2: the value joined from several columns with one space, blanks and "-" left out (Houston 2018's
    // "Block Range" "Street Name" "Type" "Suffix" -> "200-299 LENOX ST N"); `column` stays empty.
    std::vector<std::string> columns;
};

struct TimeSpec {
    std::string datetime_column;               // a date or date+time field
    std::vector<std::string> datetime_formats; // tried in order (see dates.hpp)
    std::string year_column, month_column, day_column;   // instead of datetime_column
    std::string time_column, time_format;      // separate time of day ("hhmm" or a format)
    std::string hour_column, minute_column;    // separate integer hour / minute
    std::string precision;                     // "" (day/minute) or "month" (v2)
    // v2: the date (+ time) is UTC: converted to local time in `time_zone` (an IANA name) as rows are read.
    bool utc = false;
    std::string time_zone;
};

struct CoordSpec {
    // latlon: two degree columns; utm (v1): x/y metres in a WGS84 UTM zone; projected (v2): x/y in the units
    // of an EPSG system of geo/projection.hpp; geometry (v2): one point geometry column (geo/point_geometry.hpp).
    // address (v2): the file has no coordinates; each row is placed by geocoding its "address" field against
    // a pack (`ingest --geocode PACK`); rows the geocoder cannot place count as missing coordinates.
    enum class Kind { LatLon, Utm, Projected, Geometry, Address };
    Kind kind = Kind::LatLon;
    std::string lat_column, lon_column;        // degrees
    std::string x_column, y_column;            // utm / projected
    std::string geometry_column;               // geometry
    int utm_zone = 0;
    bool utm_north = true;
    int epsg = 0;                              // projected
    // The EPSG code that converts x/y (utm: 326zz / 327zz); 0 for latlon / geometry.
    int projection_epsg() const;
};

struct Profile {
    std::string id;                 // "houston"
    std::string display_name;       // "Houston Police Department (ggmap, 2010)"
    std::vector<std::string> detect_columns;   // all must be in the header for auto-detection
    geo::BBox bbox;                 // plausible coordinates
    TimeSpec time;
    CoordSpec coords;
    std::vector<FieldMap> categorical;
    std::vector<FieldMap> numeric;
    std::string dedupe_column;      // rows whose (normalised) value was seen before are skipped
    bool dedupe_strip_leading_zeros = false;
    std::string colour_by = "type";
    std::string disclaimer;
    std::string time_note;          // e.g. Houston's `time` column is UTC; we use date + hour (local)
    int format_version = 1;
    char delimiter = ',';           // v2
    bool inferred = false;          // v2: made by profile inference
    std::vector<std::string> notes; // v2: one note per inferred choice

    std::vector<std::string> used_columns() const;
};

Result<Profile> parse_profile(const std::string& json_text, const std::string& name_for_errors);
Result<Profile> load_profile(const std::string& path);
// The profile as format-v2 JSON text (parse_profile reads it back to an equal profile).
std::string profile_to_json(const Profile& profile, int indent = 2);
Result<std::vector<Profile>> load_profiles_dir(const std::string& dir);   // every *.json in dir

// The profile whose detect_columns are all in `header` (most columns wins); nullptr when none fits.
const Profile* detect_profile(const std::vector<Profile>& profiles, const std::vector<std::string>& header);

}  // namespace crimescope::data
