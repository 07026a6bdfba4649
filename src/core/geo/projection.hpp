// projection.hpp: projected coordinate systems by EPSG code, x/y <-> lat/lon in degrees.
// Methods: transverse Mercator (Krüger series to n^6, sub-mm within a zone), Lambert conformal conic with two
// standard parallels (EPSG Guidance Note 7-2, 1.3.1.1) and spherical Web Mercator (EPSG:3857). NAD83, its HARN
// realisation and WGS84 are treated as one datum (metre-level differences, below what incident data resolves);
// NAD83 systems use GRS80, WGS84 systems WGS84. HARN codes (2868, 2881, 2882, 2926) use the NAD83 zone's
// parameters: PROJ's NAD83->HARN shift (2-4 m) is not applied. Every entry was checked against PROJ 9 (pyproj
// 3.4) at a point inside its zone: within 3 mm (tests/core/geo/test_projection.cpp holds independent checks).
//
// The table (projected_systems()), every entry with its units and a rough lat/lon box of the zone's area:
//   UTM: WGS84 zones 1-60 north (EPSG 32601-32660) and south (32701-32760); NAD83 zones 1-23 (26901-26923).
//   Web Mercator: 3857 (also 900913, 3785 read as 3857).
//   US State Plane, NAD83, metres (m) and US survey feet (ftUS) or international feet (ft) as published:
//     Arizona Central 26949 m, 2223 ft, 2868 ft (HARN)    California II 26942 m, 2226 ftUS
//     California III 26943 m, 2227 ftUS                   California IV 26944 m, 2228 ftUS
//     California V 26945 m, 2229 ftUS                     California VI 26946 m, 2230 ftUS
//     Colorado Central 26954 m, 2232 ftUS                 Florida East 26958 m, 2236 ftUS, 2881 ftUS (HARN)
//     Florida West 26959 m, 2237 ftUS, 2882 ftUS (HARN)   Georgia West 26967 m, 2240 ftUS
//     Hawaii 3 26963 m, 3759 ftUS                         Illinois East 26971 m, 3435 ftUS
//     Indiana East 26973 m, 2965 ftUS                     Kansas South 26978 m, 3420 ftUS
//     Kentucky North 2205 m, 2246 ftUS                    Louisiana South 26982 m, 3452 ftUS
//     Maryland 26985 m, 2248 ftUS (also Washington DC)     Massachusetts Mainland 26986 m, 2249 ftUS
//     Michigan South 26990 m, 2253 ft                     Minnesota South 26993 m, 26851 ftUS
//     Missouri East 26996 m, Missouri West 26998 m        Nebraska 32104 m, 26852 ftUS
//     Nevada East 32107 m, 3421 ftUS                      New Mexico Central 32113 m, 2258 ftUS
//     New York Long Island 32118 m, 2263 ftUS             North Carolina 32119 m, 2264 ftUS
//     Ohio North 32122 m, 3734 ftUS; Ohio South 32123 m, 3735 ftUS
//     Oklahoma North 32124 m, 2267 ftUS                   Oregon North 32126 m, 2269 ft
//     Pennsylvania South 32129 m, 2272 ftUS               Tennessee 32136 m, 2274 ftUS
//     Texas North Central 32138 m, 2276 ftUS              Texas Central 32139 m, 2277 ftUS
//     Texas South Central 32140 m, 2278 ftUS              Texas South 32141 m, 2279 ftUS
//     Virginia North 32146 m, 2283 ftUS; Virginia South 32147 m, 2284 ftUS
//     Washington North 32148 m, 2285 ftUS, 2926 ftUS (HARN); Washington South 32149 m, 2286 ftUS
//     Wisconsin South 32154 m, 2289 ftUS
//   These cover every one of the 50 largest US cities (2020 census). NOT in the table: the other State Plane
//   zones (Alabama, Alaska, Arkansas, Connecticut, Delaware, Idaho, Iowa, Maine, Mississippi, Montana, the
//   Dakotas, New Jersey, Rhode Island, South Carolina, Utah, Vermont, West Virginia, Wyoming, the other zones of
//   the states listed), Missouri in feet, NAD27 systems, Albers/other conics, and any non-US national grid.
#pragma once
#include <string>
#include <vector>

#include "base/result.hpp"
#include "geo/geo.hpp"

namespace crimescope::geo {

enum class ProjMethod { TransverseMercator, LambertConic2SP, WebMercator };
enum class ProjFamily { StatePlane, Utm, WebMercator };

struct Ellipsoid { double a_m; double inv_f; };
constexpr Ellipsoid kGrs80{6378137.0, 298.257222101};
constexpr Ellipsoid kWgs84{6378137.0, 298.257223563};

// One projected system. Angles in degrees; false easting/northing in metres; `unit_m` is the length of the
// system's unit (1, 0.3048 international foot, 1200/3937 US survey foot): x_m = x * unit_m.
struct ProjectedSystem {
    int epsg = 0;
    std::string name;            // "NAD83 / Illinois East (ftUS)"
    std::string unit_name;       // "metres", "US survey feet", "international feet"
    ProjMethod method = ProjMethod::TransverseMercator;
    ProjFamily family = ProjFamily::StatePlane;
    Ellipsoid ellipsoid = kGrs80;
    double lat0_deg = 0, lon0_deg = 0;     // latitude / longitude of origin (LCC: false origin)
    double lat1_deg = 0, lat2_deg = 0;     // LCC standard parallels
    double k0 = 1;                         // TM scale factor on the central meridian
    double false_easting_m = 0, false_northing_m = 0;
    double unit_m = 1;
    BBox area;                              // rough lat/lon box of where the system is used
    std::string description() const;        // "EPSG:3435 NAD83 / Illinois East (ftUS), US survey feet"
};

constexpr double kUsSurveyFoot_m = 1200.0 / 3937.0;
constexpr double kFoot_m = 0.3048;

const std::vector<ProjectedSystem>& projected_systems();
// The entry for `epsg` (aliases 900913/3785 -> 3857); nullptr when not in the table.
const ProjectedSystem* find_projected_system(int epsg);
// The table entry for `epsg` or an error naming the table's coverage.
Result<const ProjectedSystem*> projected_system(int epsg);
// UTM on WGS84: EPSG 32600+zone (north) or 32700+zone (south).
inline int utm_epsg(int zone, bool north) { return (north ? 32600 : 32700) + zone; }

// x/y in the system's units -> degrees. Not finite for points far outside the projection's domain.
LatLon projected_to_latlon(const ProjectedSystem& s, double x, double y);
// degrees -> x/y in the system's units.
void latlon_to_projected(const ProjectedSystem& s, LatLon p, double& x, double& y);

// A few city centres (the 50 largest US cities and large cities elsewhere) used to rank systems that each put a
// sample somewhere plausible: the distance (m) from `p` to the nearest one, and its name.
double nearest_known_city_m(LatLon p, std::string* name = nullptr);

// Which table entry reads a sample of x/y values (same units and order as the file's columns). Every entry is
// tried; one fits when >= 90% of the points land inside its area box and 90% lie within 100 km of their median
// (one compact area). Among fitting entries: one whose median is within 60 km of a known city first, then State
// Plane before UTM before Web Mercator, then the nearer city; table order breaks ties (metres/NAD83 before HARN,
// WGS84 UTM before NAD83 UTM, which differ by far less than a metre).
struct SystemGuess {
    const ProjectedSystem* system = nullptr;
    size_t fitting = 0;           // how many entries put the sample in one compact area inside their area
    LatLon median;                // of the sample read with `system`
    double spread_m = 0;          // 90th percentile distance from the median
    std::string near_city;        // nearest known city and its distance from the median
    double near_city_m = 0;
    std::string reason;           // "the only system that puts the sample in one compact area (...)"
};
Result<SystemGuess> guess_projected_system(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace crimescope::geo
