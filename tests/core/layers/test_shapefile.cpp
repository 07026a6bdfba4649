// Tests for layers/shapefile on the first 25 records of Vancouver's public-streets.shp, and on damage.
#include <catch2/catch.hpp>

#include <cstring>

#include "base/file_io.hpp"
#include "layers/layer_builder.hpp"
#include "layers/shapefile.hpp"
#include "test_paths.hpp"

using namespace crimescope;

namespace {
const std::string kShp = cs_test::fixture("layers/vancouver_streets_first25.shp");
}

TEST_CASE("shapefile: Vancouver polylines in WGS84 degrees", "[layers]") {
    auto l = layers::read_shapefile_polylines(kShp, "streets");
    REQUIRE(l.ok());
    CHECK(l->kind == "streets");
    CHECK(l->features.size() >= 25);   // one feature per part
    CHECK(l->named_count() == 0);
    for (size_t i = 0; i < l->lat_deg.size(); ++i) {
        CHECK(l->lat_deg[i] > 49.19);   // the file's bounding box: 49.20..49.32 N, 123.02..123.23 W
        CHECK(l->lat_deg[i] < 49.32);
        CHECK(l->lon_deg[i] > -123.23);
        CHECK(l->lon_deg[i] < -123.02);
    }
}

TEST_CASE("shapefile: the .prj decides the CRS", "[layers]") {
    bool north = false;
    CHECK(layers::utm_zone_of_prj(R"(GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]])", north) == 0);
    CHECK(layers::utm_zone_of_prj(R"(PROJCS["NAD_1983_UTM_Zone_10N",GEOGCS[...]])", north) == 10);
    CHECK(north);
    CHECK(layers::utm_zone_of_prj(R"(PROJCS["WGS 84 / UTM zone 33S"])", north) == 33);
    CHECK_FALSE(north);
}

TEST_CASE("shapefile: damaged files are refused with a clear error", "[layers]") {
    auto bytes = read_file_bytes(kShp);
    REQUIRE(bytes.ok());
    auto& b = bytes.value();
    SECTION("cut in the middle of a record") {
        auto l = layers::parse_shapefile_polylines(b.data(), b.size() - 30, "s", "cut.shp");
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().to_string().find("cut.shp: record 25 runs past the end") == 0);
    }
    SECTION("a point count larger than the record") {
        auto c = b;
        const int32_t huge = 0x7FFFFFF0;
        std::memcpy(&c[100 + 8 + 40], &huge, 4);
        auto l = layers::parse_shapefile_polylines(c.data(), c.size(), "s", "big.shp");
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().message == "record 1 has more parts or points than its length");
    }
    SECTION("not a shapefile") {
        auto l = layers::parse_shapefile_polylines(b.data() + 4, b.size() - 4, "s", "x.shp");
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().message.find("not an ESRI shapefile") == 0);
    }
    SECTION("the vertex limit") {
        layers::ShapefileOptions o;
        o.max_vertices = 10;
        auto l = layers::parse_shapefile_polylines(b.data(), b.size(), "s", "v.shp", o);
        REQUIRE_FALSE(l.ok());
        CHECK(l.error().message.find("more than 10 vertices") == 0);
    }
}

TEST_CASE("shapefile: the full Vancouver public-streets file (gzip)", "[layers][shared]") {
    const std::string path = cs_test::shared_data("maps/vancouver/public-streets.shp.gz");
    if (!cs_test::exists(path)) {
        CS_SKIP("../shared/data not present; Vancouver streets not read");
        return;
    }
    auto l = layers::read_shapefile_polylines(path, "streets");
    REQUIRE(l.ok());
    CHECK(l->features.size() >= 17031);   // PROVENANCE: 17,031 polylines (about 1,442 km); multi-part ones count per part
    double total_m = 0;
    for (const auto& f : l->features) total_m += layers::feature_length_m(*l, f);
    CHECK(total_m == Approx(1'442'000).epsilon(0.02));
}
