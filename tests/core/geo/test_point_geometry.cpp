// Tests for geo/point_geometry on constructed strings: WKT (SRID prefix, Z/M, EMPTY), GeoJSON, hex WKB and EWKB
// in both byte orders (bytes written with Python's struct.pack), Socrata's "(lat, lon)", garbage and truncation.
#include <catch2/catch.hpp>

#include <string>

#include "geo/point_geometry.hpp"

using namespace crimescope::geo;

namespace {
const double kLon = -122.4194, kLat = 37.7749;
void check_sf(const std::string& text, PointForm form) {
    INFO(text);
    PointParse p = parse_point_geometry(text);
    REQUIRE(p.ok);
    CHECK(p.form == form);
    CHECK(p.point.lat_deg == Approx(kLat).margin(1e-12));
    CHECK(p.point.lon_deg == Approx(kLon).margin(1e-12));
}
void check_bad(const std::string& text) {
    INFO(text);
    PointParse p = parse_point_geometry(text);
    CHECK(!p.ok);
    CHECK(!p.error.empty());
}
}  // namespace

TEST_CASE("point geometry: WKT forms", "[point_geometry]") {
    check_sf("POINT (-122.4194 37.7749)", PointForm::Wkt);
    check_sf("POINT(-122.4194 37.7749)", PointForm::Wkt);
    check_sf("  point ( -122.4194   37.7749 ) ", PointForm::Wkt);
    check_sf("POINT Z (-122.4194 37.7749 12.5)", PointForm::Wkt);
    check_sf("POINT ZM (-122.4194 37.7749 12.5 3)", PointForm::Wkt);
    check_sf("SRID=4326;POINT (-122.4194 37.7749)", PointForm::Wkt);
    PointParse e = parse_point_geometry("POINT EMPTY");
    CHECK(!e.ok);
    CHECK(e.empty);
    check_bad("POINT (-122.4194)");
    check_bad("POINT (-122.4194 37.7749");
    check_bad("POINT Z (-122.4194 37.7749)");
    check_bad("POINT (-122.4194 37.7749) trailing");
    check_bad("LINESTRING (0 0, 1 1)");
    check_bad("SRID=27700;POINT (577274.99 69740.50)");   // projected, not in the table
    check_bad("POINT (1174694 1901831)");              // out of range
    check_bad("SRID=4326POINT (1 2)");
}

TEST_CASE("point geometry: GeoJSON", "[point_geometry]") {
    check_sf(R"({"type":"Point","coordinates":[-122.4194,37.7749]})", PointForm::GeoJson);
    check_sf(R"({ "coordinates": [-122.4194, 37.7749, 4.0], "type": "Point", "crs": null })", PointForm::GeoJson);
    CHECK(parse_point_geometry(R"({"type":"Point","coordinates":[]})").empty);
    check_bad(R"({"type":"LineString","coordinates":[[0,0],[1,1]]})");
    check_bad(R"({"type":"Point","coordinates":["a","b"]})");
    check_bad(R"({"type":"Point","coordinates":[-122.4194]})");
    check_bad(R"({"type":"Point","coordinates":[-122.4194,37.77)");   // truncated JSON
    check_bad(R"({"type":"Point"})");
    check_bad("{");
}

TEST_CASE("point geometry: hex WKB and EWKB, both byte orders", "[point_geometry]") {
    check_sf("010100000050fc1873d79a5ec0d0d556ec2fe34240", PointForm::Wkb);                   // little endian
    check_sf("0000000001C05E9AD77318FC504042E32FEC56D5D0", PointForm::Wkb);                   // big endian
    check_sf("0101000020E610000050FC1873D79A5EC0D0D556EC2FE34240", PointForm::Wkb);           // EWKB, SRID 4326
    check_sf("00a0000001000010e6c05e9ad77318fc504042e32fec56d5d04029000000000000", PointForm::Wkb);   // EWKB BE, Z, SRID
    check_sf("01e903000050fc1873d79a5ec0d0d556ec2fe342400000000000000840", PointForm::Wkb);   // ISO WKB Point Z
    check_sf("\\x010100000050fc1873d79a5ec0d0d556ec2fe34240", PointForm::Wkb);                // PostgreSQL bytea text
    CHECK(parse_point_geometry("0101000000000000000000f87f000000000000f87f").empty);          // POINT EMPTY (NaN)
    check_bad("010100002034750000000000000000f03f0000000000000040");                          // SRID 30004: unknown
    check_bad("01020000000100000050fc1873d79a5ec0d0d556ec2fe34240");                          // LineString
    check_bad("0101000000");
    check_bad("010100000050fc1873d79a5ec0d0d556ec2fe342");                                    // truncated y
    check_bad("010100000050fc1873d79a5ec0d0d556ec2fe3424");                                   // odd digits
    check_bad("010100000050fc1873d79a5ec0d0d556ec2fe34240ff");                                // trailing byte
    check_bad("0101000020E6100000");                                                          // SRID, no point
    check_bad("02010000002323232323232323232323232323232323");                                // bad byte order
    check_bad("01010000zz50fc1873d79a5ec0d0d556ec2fe34240");                                  // not hex
    // every truncation of a valid EWKB is an error, never a read past the end
    const std::string full = "00a0000001000010e6c05e9ad77318fc504042e32fec56d5d04029000000000000";
    for (size_t n = 0; n + 1 < full.size(); ++n) CHECK(!parse_point_geometry(full.substr(0, n)).ok);
}

TEST_CASE("point geometry: Socrata (lat, lon) tuples as in San Francisco's point column", "[point_geometry]") {
    check_sf("(37.7749, -122.4194)", PointForm::Tuple);
    PointParse sf = parse_point_geometry("(37.73355034231799, -122.43414453855247)");
    REQUIRE(sf.ok);
    CHECK(sf.point.lat_deg == Approx(37.73355034231799));
    check_bad("(37.7749 -122.4194)");
    check_bad("(37.7749, -122.4194");
    check_bad("(37.7749, )");
    check_bad("(137.7749, -122.4194)");
    CHECK(parse_point_geometry("").empty);
    CHECK(parse_point_geometry("   ").empty);
    check_bad("garbage");
    check_bad(std::string("\0\1\2", 3));
    check_bad(std::string(100000, '('));
}

TEST_CASE("point geometry: a projected SRID of the table is converted (Chicago, EPSG:3435 US feet)", "[point_geometry]") {
    // a Chicago portal row: X 1174694, Y 1901831 ft; Latitude 41.886018055, Longitude -87.633937881
    const LatLon want{41.886018055, -87.633937881};
    for (const char* text : {"SRID=3435;POINT (1174694 1901831)", "01010000206b0d000000000000a6ec31410000000007053d41"}) {
        INFO(text);
        PointParse p = parse_point_geometry(text);
        REQUIRE(p.ok);
        CHECK(haversine_m(p.point, want) < 2.0);
    }
    check_bad("SRID=3435;POINT (nan nan)");
    check_bad("SRID=-1;POINT (1 2)");
}
