// Tests for geo::read_geojson_layer on hostile boundary files (issue #17, found by fuzz_geojson_boundary): a
// Polygon / MultiPolygon without "coordinates" is a clear error naming the feature (it once failed an
// assertion inside nlohmann::json, undefined behaviour in release builds); a geometry whose "type" is not a
// string is skipped (json::value() once threw), and points off the globe are dropped.
#include <catch2/catch.hpp>

#include <string>

#include "geo/geojson.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("geojson: a polygon without coordinates is refused, naming the file and feature", "[geojson]") {
    const std::string path = cs_test::fixture("bad/geojson_polygon_without_coordinates.geojson");
    auto r = geo::read_geojson_layer(path, "districts");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::Format);
    CHECK(r.error().field == "coordinates");
    CHECK(r.error().message.find("feature 2") != std::string::npos);
    CHECK(r.error().to_string().find("geojson_polygon_without_coordinates.geojson") != std::string::npos);
}

TEST_CASE("geojson: a geometry type that is not a string is skipped, points off the globe are dropped", "[geojson]") {
    auto r = geo::read_geojson_layer(cs_test::fixture("bad/geojson_type_not_a_string.geojson"), "districts");
    REQUIRE(r.ok());
    REQUIRE(r->polygons.size() == 1);
    CHECK(r->polygons[0].name == "South");
    REQUIRE(r->polygons[0].rings.size() == 1);   // the second ring has no point on the globe
    for (const auto& pt : r->polygons[0].rings[0]) {
        CHECK(std::abs(pt.lat_deg) <= 90);
        CHECK(std::abs(pt.lon_deg) <= 180);
    }
}
