// Tests for geo/projection: EPSG Guidance Note 7-2 worked examples (LCC 2SP, TM), values of PROJ for table
// entries, round trips over every entry, and real rows: Chicago's X/Y Coordinate (EPSG:3435) against the same
// rows' Latitude/Longitude (tests/fixtures/incidents/chicago_xy_latlon_sample.csv) and Vancouver's UTM 10N.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "data/csv_reader.hpp"
#include "data/ingest.hpp"
#include "data/profile.hpp"
#include "geo/projection.hpp"

using namespace crimescope;
using namespace crimescope::geo;

namespace {
const std::string kDir = CS_SOURCE_DIR "/tests/fixtures/incidents/";
double dms(double d, double m, double s = 0) { return d < 0 ? d - m / 60 - s / 3600 : d + m / 60 + s / 3600; }
}  // namespace

TEST_CASE("projection: EPSG GN7-2 Lambert conic 2SP example (NAD27 Texas South Central)", "[projection]") {
    ProjectedSystem s;
    s.epsg = 32040;
    s.method = ProjMethod::LambertConic2SP;
    s.ellipsoid = Ellipsoid{6378206.400, 294.9786982};   // Clarke 1866
    s.lat0_deg = dms(27, 50);
    s.lon0_deg = -99;
    s.lat1_deg = dms(28, 23);
    s.lat2_deg = dms(30, 17);
    s.unit_m = kUsSurveyFoot_m;
    s.false_easting_m = 2000000 * kUsSurveyFoot_m;
    double x, y;
    latlon_to_projected(s, LatLon{dms(28, 30), -96}, x, y);
    CHECK(x == Approx(2963503.91).margin(0.01));   // US survey feet, as published
    CHECK(y == Approx(254759.80).margin(0.01));
    LatLon back = projected_to_latlon(s, 2963503.91, 254759.80);
    CHECK(back.lat_deg == Approx(28.5).margin(1e-8));
    CHECK(back.lon_deg == Approx(-96.0).margin(1e-8));
}

TEST_CASE("projection: EPSG GN7-2 transverse Mercator example (OSGB 1936 / British National Grid)", "[projection]") {
    ProjectedSystem s;
    s.epsg = 27700;
    s.method = ProjMethod::TransverseMercator;
    s.ellipsoid = Ellipsoid{6377563.396, 299.3249646};   // Airy 1830
    s.lat0_deg = 49;
    s.lon0_deg = -2;
    s.k0 = 0.9996012717;
    s.false_easting_m = 400000;
    s.false_northing_m = -100000;
    double x, y;
    latlon_to_projected(s, LatLon{dms(50, 30), dms(0, 30)}, x, y);
    CHECK(x == Approx(577274.99).margin(0.01));
    CHECK(y == Approx(69740.50).margin(0.01));
    LatLon back = projected_to_latlon(s, 577274.99, 69740.50);
    CHECK(back.lat_deg == Approx(50.5).margin(1e-8));
    CHECK(back.lon_deg == Approx(0.5).margin(1e-8));
}

TEST_CASE("projection: UTM entries agree with GeographicLib's documented example", "[projection]") {
    // GeoConvert: 33.3N 44.4E -> 38n 444140.54 3684706.36
    const ProjectedSystem* s = find_projected_system(utm_epsg(38, true));
    REQUIRE(s);
    double x, y;
    latlon_to_projected(*s, LatLon{33.3, 44.4}, x, y);
    CHECK(x == Approx(444140.54).margin(0.01));
    CHECK(y == Approx(3684706.36).margin(0.01));
    // south: the same point mirrored has northing 10,000 km minus
    const ProjectedSystem* south = find_projected_system(32738);
    REQUIRE(south);
    latlon_to_projected(*south, LatLon{-33.3, 44.4}, x, y);
    CHECK(y == Approx(10000000 - 3684706.36).margin(0.01));
}

TEST_CASE("projection: table entries against PROJ 9 at city centres", "[projection]") {
    // Computed with pyproj 3.4.1 (PROJ 9.1) from NAD83 (EPSG:4269) or WGS84 (3857) lon/lat, units of the system.
    struct Ref { int epsg; double lat, lon, x, y; };
    const Ref refs[] = {
        {2229, 34.0522, -118.2437, 6487847.0030, 1841468.2518},  {2263, 40.7128, -74.0060, 982586.6345, 198968.8204},
        {2278, 29.7604, -95.3698, 3120099.0878, 13841900.8581},  {3857, 41.8781, -87.6298, -9754904.7143, 5142736.8692},
        {2227, 37.7749, -122.4194, 6006957.0984, 2110309.1815},  {2236, 30.3322, -81.6557, 449306.0370, 2181339.9602},
        {2240, 33.7490, -84.3880, 2229307.3948, 1363801.4941},   {2248, 39.2904, -76.6122, 1422093.8135, 591585.8962},
        {2272, 39.9526, -75.1652, 2693060.2165, 236194.9163},    {2284, 36.8529, -75.9780, 12220740.3877, 3479857.7168},
        {2285, 47.6062, -122.3321, 1270714.8171, 224723.4904},   {2232, 39.7392, -104.9903, 3143339.8066, 1694535.4597},
        {2223, 33.4484, -112.0740, 652011.0693, 890711.9092},    {32140, 29.4241, -98.4936, 649133.4849, 4176405.3447},
        {26910, 49.2827, -123.1207, 491221.7707, 5458889.9800},
    };
    for (const auto& r : refs) {
        INFO("EPSG:" << r.epsg);
        const ProjectedSystem* s = find_projected_system(r.epsg);
        REQUIRE(s);
        double x, y;
        latlon_to_projected(*s, LatLon{r.lat, r.lon}, x, y);
        CHECK(x == Approx(r.x).margin(0.01));
        CHECK(y == Approx(r.y).margin(0.01));
        LatLon back = projected_to_latlon(*s, r.x, r.y);
        CHECK(haversine_m(back, LatLon{r.lat, r.lon}) < 0.01);
        CHECK(s->area.contains(r.lat, r.lon));
    }
}

TEST_CASE("projection: every entry round-trips inside its area and describes itself", "[projection]") {
    const auto& t = projected_systems();
    CHECK(t.size() == 230);   // 86 State Plane entries, 143 UTM, Web Mercator
    for (const auto& s : t) {
        INFO(s.description());
        CHECK(!s.name.empty());
        CHECK(s.description().find("EPSG:" + std::to_string(s.epsg)) == 0);
        CHECK(find_projected_system(s.epsg) == &s);   // codes are unique
        const double lat = s.family == ProjFamily::WebMercator ? 40.0 : (s.area.lat_min_deg + s.area.lat_max_deg) / 2 + 0.1;
        const double lon = (s.area.lon_min_deg + s.area.lon_max_deg) / 2 + 0.2;
        double x, y;
        latlon_to_projected(s, LatLon{lat, lon}, x, y);
        LatLon back = projected_to_latlon(s, x, y);
        CHECK(haversine_m(back, LatLon{lat, lon}) < 0.001);
    }
    CHECK(find_projected_system(900913) == find_projected_system(3857));
    CHECK(find_projected_system(4326) == nullptr);
    auto missing = projected_system(27700);
    REQUIRE(!missing);
    CHECK(missing.error().message.find("not in the projection table") != std::string::npos);
}

TEST_CASE("projection: Chicago X/Y Coordinate (EPSG:3435) within 2 m of the same rows' Latitude/Longitude", "[projection]") {
    auto rd = data::CsvReader::open(kDir + "chicago_xy_latlon_sample.csv");
    REQUIRE(rd);
    auto& r = *rd.value();
    REQUIRE(r.next_record());
    const ProjectedSystem* s = find_projected_system(3435);
    REQUIRE(s);
    int n = 0;
    double worst = 0;
    while (r.next_record()) {
        const auto& f = r.fields();
        REQUIRE(f.size() == 8);
        const double x = std::stod(std::string(f[4])), y = std::stod(std::string(f[5]));
        const LatLon want{std::stod(std::string(f[6])), std::stod(std::string(f[7]))};
        worst = std::max(worst, haversine_m(projected_to_latlon(*s, x, y), want));
        ++n;
    }
    CHECK(n == 50);
    CHECK(worst < 2.0);
    // the same values read as metres (EPSG:26971) land far outside Illinois
    const ProjectedSystem* m = find_projected_system(26971);
    REQUIRE(m);
    LatLon off = projected_to_latlon(*m, 1174694, 1901831);
    CHECK(!m->area.contains(off.lat_deg, off.lon_deg));
}

TEST_CASE("projection: Vancouver's UTM 10N rows read the same through the table as through the v1 profile", "[projection]") {
    auto profiles = data::load_profiles_dir(CS_SOURCE_DIR "/assets/profiles");
    REQUIRE(profiles);
    const data::Profile* van = nullptr;
    for (const auto& p : profiles.value()) if (p.id == "vancouver") van = &p;
    REQUIRE(van);
    CHECK(van->coords.projection_epsg() == 32610);
    auto r = data::ingest_file(kDir + "vancouver_sample.csv", profiles.value(), van);
    REQUIRE(r);
    REQUIRE(r->table.size() == 136);
    // the first kept row: 10XX ALBERNI ST, 491059.4824 5459122.4178, against the independent geo::utm_to_latlon
    LatLon old = utm_to_latlon(Utm{491059.4824, 5459122.4178, 10, true});
    const double d = haversine_m(LatLon{r->table.lat_deg[0], r->table.lon_deg[0]}, old);
    CHECK(d < 1.0);   // float storage: ~0.5 m at most
    CHECK(old.lat_deg == Approx(49.2857).margin(0.001));
}

TEST_CASE("projection: choosing the system of an x/y sample", "[projection]") {
    // Chicago's X/Y Coordinate (US feet): Illinois East ftUS, and nothing else fits
    std::vector<double> xs, ys, xm, ym;
    {
        auto rd = data::CsvReader::open(kDir + "chicago_xy_latlon_sample.csv");
        REQUIRE(rd);
        auto& r = *rd.value();
        REQUIRE(r.next_record());
        while (r.next_record()) {
            xs.push_back(std::stod(std::string(r.fields()[4])));
            ys.push_back(std::stod(std::string(r.fields()[5])));
            xm.push_back(xs.back() * kUsSurveyFoot_m);
            ym.push_back(ys.back() * kUsSurveyFoot_m);
        }
    }
    auto g = guess_projected_system(xs, ys);
    REQUIRE(g);
    CHECK(g->system->epsg == 3435);
    // Kansas South (ftUS) and Web Mercator also put these points in one compact area inside their own boxes
    // (rural Kansas, the Sahel): the reading 5 km from Chicago wins
    CHECK(g->fitting == 3);
    CHECK(g->near_city == "Chicago");
    CHECK(g->near_city_m < 10000);
    CHECK(g->reason.find("nearest a known city") != std::string::npos);
    CHECK(g->reason.find("EPSG:3420") != std::string::npos);
    // the same points in metres: Illinois East (m)
    auto gm = guess_projected_system(xm, ym);
    REQUIRE(gm);
    CHECK(gm->system->epsg == 26971);
    // Web Mercator metres of the same points
    const ProjectedSystem* wm = find_projected_system(3857);
    const ProjectedSystem* il = find_projected_system(3435);
    std::vector<double> wx, wy;
    for (size_t i = 0; i < xs.size(); ++i) {
        double x, y;
        latlon_to_projected(*wm, projected_to_latlon(*il, xs[i], ys[i]), x, y);
        wx.push_back(x);
        wy.push_back(y);
    }
    auto gw = guess_projected_system(wx, wy);
    REQUIRE(gw);
    CHECK(gw->system->epsg == 3857);
    // Vancouver's UTM X/Y: every UTM zone's band holds them, the 10N reading is the one at a city
    std::vector<double> vx, vy;
    {
        auto rd = data::CsvReader::open(kDir + "vancouver_sample.csv");
        REQUIRE(rd);
        auto& r = *rd.value();
        REQUIRE(r.next_record());
        while (r.next_record()) {
            const auto& f = r.fields();
            if (f.size() != 10 || f[8].empty()) continue;
            vx.push_back(std::stod(std::string(f[8])));
            vy.push_back(std::stod(std::string(f[9])));
        }
    }
    auto gv = guess_projected_system(vx, vy);
    REQUIRE(gv);
    CHECK(gv->system->epsg == 32610);
    CHECK(gv->near_city == "Vancouver");
    CHECK(gv->fitting > 1);
    // garbage: too few points, or points no system reads as one compact area
    CHECK(!guess_projected_system({1, 2}, {3, 4}));
    CHECK(!guess_projected_system({1e7, -3e8, 5e5, 42}, {9e9, 1, -7e6, 3e3}));
}
