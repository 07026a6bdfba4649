// Tests for geo/geojson's base-map layer reader: streets and places from real OSM / LA County features,
// names, ranks from the OSM highway class, simplification, skipped features, the vertex limit, errors.
#include <catch2/catch.hpp>

#include "base/file_io.hpp"
#include "geo/geojson.hpp"
#include "test_paths.hpp"

using namespace crimescope;

namespace {
const std::string kWays = cs_test::fixture("layers/manhattan_ways_first40.geojson");
}

TEST_CASE("geojson base layer: Manhattan OSM ways become named, ranked streets", "[geojson]") {
    geo::BaseLayerOptions o;
    o.kind = "streets";
    o.name_property = "name";
    o.rank_property = "highway";
    auto l = geo::read_geojson_base_layer(kWays, "streets", o);
    REQUIRE(l.ok());
    CHECK(l->name == "streets");
    CHECK(l->kind == "streets");
    CHECK(l->source == "manhattan_ways_first40.geojson");
    REQUIRE(l->features.size() == 40);   // all 40 are LineStrings
    CHECK(l->names[0].empty());
    // Feature 1: "West 106th Street", secondary -> major, 3 points as in the file.
    const auto& f0 = l->features[0];
    CHECK(l->names[f0.name] == "West 106th Street");
    CHECK(f0.rank == 0);
    CHECK(f0.count == 3);
    CHECK(l->lon_deg[f0.first] == Approx(-73.9604245));
    CHECK(l->lat_deg[f0.first] == Approx(40.7982075));
    // Feature 2: "West 80th Street", residential -> minor, 7 points.
    CHECK(l->names[l->features[1].name] == "West 80th Street");
    CHECK(l->features[1].rank == 1);
    CHECK(l->features[1].count == 7);
    // Feature 3 has "name": null -> unnamed.
    CHECK(l->features[2].name == 0);
    CHECK(l->named_count() < l->features.size());
    size_t points = 0;
    for (const auto& f : l->features) {
        CHECK(f.first == points);
        points += f.count;
    }
    CHECK(points == l->lat_deg.size());
}

TEST_CASE("geojson base layer: simplification in metres drops points, keeps ends", "[geojson]") {
    geo::BaseLayerOptions raw, simple;
    raw.kind = simple.kind = "streets";
    simple.simplify_tolerance_m = 10;
    auto a = geo::read_geojson_base_layer(kWays, "s", raw);
    auto b = geo::read_geojson_base_layer(kWays, "s", simple);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a->features.size() == b->features.size());
    CHECK(b->lat_deg.size() < a->lat_deg.size());
    // West 80th Street is straight: 7 points -> its two ends.
    CHECK(b->features[1].count == 2);
    CHECK(b->lat_deg[b->features[1].first + 1] == a->lat_deg[a->features[1].first + 6]);
}

TEST_CASE("geojson base layer: places, skipped features and the default name property", "[geojson]") {
    const std::string text = R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"Jardin de la Infancia"},"geometry":{"type":"Point","coordinates":[-118.262424190305,34.0353348503693]}},
      {"type":"Feature","properties":{"name":"no geometry"},"geometry":null},
      {"type":"Feature","properties":{"name":"bad point"},"geometry":{"type":"Point","coordinates":["x",1]}},
      {"type":"Feature","properties":{"name":"a polygon"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
      {"type":"Feature","properties":{"NAME":"Two stops"},"geometry":{"type":"MultiPoint","coordinates":[[-118.2,34.0],[-118.3,34.1]]}},
      {"type":"Feature","properties":{"name":"one-point line"},"geometry":{"type":"LineString","coordinates":[[-118.2,34.0]]}}]})";
    geo::BaseLayerOptions o;
    o.kind = "places";
    auto l = geo::parse_geojson_base_layer(text, "schools", "drop.geojson", o);
    REQUIRE(l.ok());
    REQUIRE(l->features.size() == 3);   // the point and the two of the MultiPoint
    CHECK(l->names[l->features[0].name] == "Jardin de la Infancia");
    CHECK(l->names[l->features[1].name] == "Two stops");
    CHECK(l->features[1].name == l->features[2].name);
    for (const auto& f : l->features) CHECK(f.count == 1);
}

TEST_CASE("geojson base layer: errors name the file", "[geojson]") {
    SECTION("not JSON") {
        auto l = geo::parse_geojson_base_layer("{not json", "x", "drop.geojson");
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().to_string() == "drop.geojson: not valid JSON");
    }
    SECTION("no usable features") {
        auto l = geo::parse_geojson_base_layer(R"({"type":"FeatureCollection","features":[{"geometry":null}]})", "x", "e.geojson");
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().to_string().find("e.geojson: no LineString") == 0);
    }
    SECTION("over the vertex limit") {
        geo::BaseLayerOptions o;
        o.max_vertices = 50;
        auto l = geo::read_geojson_base_layer(kWays, "x", o);
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().to_string().find(kWays + ": more than 50 vertices") == 0);
    }
    SECTION("a missing file") {
        auto l = geo::read_geojson_base_layer("/nonexistent/streets.geojson", "x");
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().to_string().find("/nonexistent/streets.geojson") != std::string::npos);
    }
}

TEST_CASE("geojson base layer: the full Manhattan file (gzip)", "[geojson][shared]") {
    const std::string path = cs_test::shared_data("maps/new_york/manhattan_osm_drivable_ways.geojson.gz");
    if (!cs_test::exists(path)) {
        CS_SKIP("../shared/data not present; full Manhattan ways not read");
        return;
    }
    geo::BaseLayerOptions o;
    o.kind = "streets";
    o.name_property = "name";
    o.rank_property = "highway";
    auto l = geo::read_geojson_base_layer(path, "streets", o);
    REQUIRE(l.ok());
    CHECK(l->features.size() == 7211);   // PROVENANCE: 7,211 LineStrings, 5,246 named
    CHECK(l->named_count() == 5246);
}
