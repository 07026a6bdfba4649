// geo.hpp: lat/lon, great-circle distance, UTM <-> lat/lon (WGS84, Krüger series, mm accuracy),
// Web Mercator unit square, bounding boxes and Douglas-Peucker simplification in metres.
#pragma once
#include <vector>

namespace crimescope::geo {

constexpr double kEarthRadius_m = 6371008.8;   // mean radius (IUGG), used for haversine
constexpr double kPi = 3.14159265358979323846;

struct LatLon { double lat_deg = 0; double lon_deg = 0; };

struct BBox {
    double lat_min_deg = 90, lat_max_deg = -90, lon_min_deg = 180, lon_max_deg = -180;
    bool contains(double lat_deg, double lon_deg) const {
        return lat_deg >= lat_min_deg && lat_deg <= lat_max_deg && lon_deg >= lon_min_deg && lon_deg <= lon_max_deg;
    }
    void extend(double lat_deg, double lon_deg);
    bool empty() const { return lat_min_deg > lat_max_deg; }
};

double haversine_m(LatLon a, LatLon b);

struct Utm { double easting_m = 0; double northing_m = 0; int zone = 0; bool north = true; };
LatLon utm_to_latlon(const Utm& utm);
Utm latlon_to_utm(LatLon p, int zone);   // zone 1..60, forced

// Web Mercator on the unit square: x in [0,1) east from -180°, y in [0,1) south from +85.05°.
struct Merc { double x = 0; double y = 0; };
Merc to_mercator(LatLon p);
LatLon from_mercator(Merc m);
double mercator_metres_per_unit(double lat_deg);   // ground metres per mercator unit at that latitude

// Douglas-Peucker on a lon/lat ring or line, tolerance in metres (local equirectangular). Keeps endpoints.
std::vector<LatLon> simplify(const std::vector<LatLon>& line, double tolerance_m);

// Area-weighted centroid of the largest ring (a polygon's label point); false for degenerate rings.
bool polygon_centroid(const std::vector<std::vector<LatLon>>& rings, LatLon& out);

// Even-odd point in polygon (rings: first outer, then holes, any order works for even-odd).
bool point_in_rings(LatLon p, const std::vector<std::vector<LatLon>>& rings);

}  // namespace crimescope::geo
