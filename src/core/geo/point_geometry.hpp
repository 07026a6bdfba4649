// point_geometry.hpp: one point from a geometry text field of a CSV export, as lat/lon degrees.
// Accepted forms (case-insensitive keywords, blanks anywhere between tokens):
//   WKT      POINT (lon lat), POINT Z (lon lat z), POINT M / ZM, POINT(lon lat), with an optional "SRID=4326;"
//   GeoJSON  {"type": "Point", "coordinates": [lon, lat]} (members in any order, extra members ignored)
//   WKB      hex of ISO / OGC WKB or PostGIS EWKB, little or big endian, Z/M flags, with or without an SRID
//   tuple    (lat, lon) as Socrata writes it (San Francisco's and Chicago's `point` / `Location` columns)
// Coordinates are degrees (x = lon, y = lat; the tuple is lat first) unless an SRID (WKT "SRID=n;", EWKB) names a
// system of geo/projection.hpp, whose x/y are converted; another SRID or a point outside ±90/±180 is an error. Malformed or truncated text is an error, never a crash:
// the parser reads only within the string it is given and keeps no fixed-size buffer.
#pragma once
#include <string>
#include <string_view>

#include "geo/geo.hpp"

namespace crimescope::geo {

enum class PointForm { None, Wkt, GeoJson, Wkb, Tuple };
const char* point_form_name(PointForm f);   // "WKT", "GeoJSON", "WKB", "(lat, lon)"

struct PointParse {
    bool ok = false;
    bool empty = false;        // POINT EMPTY, a WKB point of NaNs, or a blank field: no location recorded
    PointForm form = PointForm::None;
    LatLon point;
    std::string error;         // why not ok
};

PointParse parse_point_geometry(std::string_view text);

}  // namespace crimescope::geo
