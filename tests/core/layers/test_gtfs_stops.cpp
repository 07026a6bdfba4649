// Tests for layers/gtfs_stops: NYC subway GTFS stops -> parent stations only, deduplicated, clipped.
#include <catch2/catch.hpp>

#include "layers/gtfs_stops.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("gtfs stops: parent stations only, platforms dropped", "[layers]") {
    layers::GtfsStopsReport rep;
    auto l = layers::read_gtfs_stations(cs_test::fixture("layers/nyc_subway_stops_first30.csv"), "subway_stations", {}, &rep);
    REQUIRE(l.ok());
    CHECK(rep.rows == 30);
    CHECK(rep.kept == 10);          // 10 stations, each with a north and a south platform
    CHECK(rep.child_stops == 20);
    CHECK(l->kind == "places");
    REQUIRE(l->features.size() == 10);
    CHECK(l->names[l->features[0].name] == "Van Cortlandt Park - 242 St");
    CHECK(l->lat_deg[0] == Approx(40.889248));
    CHECK(l->lon_deg[0] == Approx(-73.898583));
    CHECK(l->named_count() == 10);
}

TEST_CASE("gtfs stops: a box keeps only nearby stations, errors are clear", "[layers]") {
    geo::BBox box;
    box.extend(40.87, -73.91);
    box.extend(40.90, -73.89);
    layers::GtfsStopsReport rep;
    auto l = layers::read_gtfs_stations(cs_test::fixture("layers/nyc_subway_stops_first30.csv"), "s", box, &rep);
    REQUIRE(l.ok());
    CHECK(l->features.size() + rep.outside == 10);
    CHECK(rep.outside > 0);
    for (size_t i = 0; i < l->lat_deg.size(); ++i) CHECK(box.contains(l->lat_deg[i], l->lon_deg[i]));
    auto bad = layers::read_gtfs_stations(cs_test::fixture("layers/chicago_intersections_halsted_clark.csv"), "s", {});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("not a GTFS stops file") == 0);
}

TEST_CASE("gtfs stops: LA Metro bus stops (full file)", "[layers][shared]") {
    const std::string path = cs_test::shared_data("maps/los_angeles/lametro_bus_stops_2022-12.txt.gz");
    if (!cs_test::exists(path)) {
        CS_SKIP("../shared/data not present; LA Metro stops not read");
        return;
    }
    layers::GtfsStopsReport rep;
    auto l = layers::read_gtfs_stations(path, "bus_stops", {}, &rep);
    REQUIRE(l.ok());
    CHECK(rep.rows == 12100);   // PROVENANCE: 12,100 stops
    CHECK(rep.bad_rows == 0);
    CHECK(rep.kept + rep.duplicates == rep.rows);
}
