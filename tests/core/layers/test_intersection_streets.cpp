// Tests for layers/intersection_streets on Chicago's own intersections of S Halsted St and N Clark St.
#include <catch2/catch.hpp>

#include "layers/intersection_streets.hpp"
#include "layers/layer_builder.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("intersection streets: S Halsted St runs north-south, joined, gaps over the limit open", "[layers]") {
    auto l = layers::streets_from_intersections(cs_test::fixture("layers/chicago_intersections_halsted_clark.csv"), "streets");
    REQUIRE(l.ok());
    CHECK(l->kind == "streets");
    uint32_t halsted = 0;
    for (uint32_t k = 0; k < l->names.size(); ++k)
        if (l->names[k] == "S HALSTED ST") halsted = k;
    REQUIRE(halsted != 0);
    double length = 0;
    size_t pieces = 0;
    for (const auto& f : l->features) {
        if (f.name != halsted) continue;
        ++pieces;
        length += layers::feature_length_m(*l, f);
        CHECK(f.rank == 0);   // S Halsted is about 20 km long: major
        // Ordered north-south: latitude is monotonic along each piece and no link is longer than 600 m.
        for (uint32_t k = 1; k < f.count; ++k) {
            CHECK(l->lat_deg[f.first + k] != l->lat_deg[f.first + k - 1]);
            CHECK(geo::haversine_m({l->lat_deg[f.first + k - 1], l->lon_deg[f.first + k - 1]},
                                   {l->lat_deg[f.first + k], l->lon_deg[f.first + k]}) <= 600);
        }
    }
    CHECK(pieces >= 1);
    CHECK(length > 15000);   // Halsted runs from about 400 S to 13000 S: close to 20 km
    CHECK(length < 25000);
    // A cross street seen once (one intersection with Halsted) gives no line.
    CHECK(l->features.size() < l->names.size() * 2);
}

TEST_CASE("intersection streets: a tighter gap limit breaks the street into more pieces", "[layers]") {
    layers::IntersectionStreetsOptions loose, tight;
    tight.max_gap_m = 150;
    auto a = layers::streets_from_intersections(cs_test::fixture("layers/chicago_intersections_halsted_clark.csv"), "s", loose);
    auto b = layers::streets_from_intersections(cs_test::fixture("layers/chicago_intersections_halsted_clark.csv"), "s", tight);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(b->features.size() > a->features.size());
    auto missing = layers::streets_from_intersections("/nonexistent.csv", "s");
    CHECK_FALSE(missing.ok());
}

TEST_CASE("intersection streets: the full Chicago gazetteer", "[layers][shared]") {
    const std::string path = cs_test::shared_data("maps/gazetteer/chicago_intersections.csv.gz");
    if (!cs_test::exists(path)) {
        CS_SKIP("../shared/data not present; full Chicago intersections not joined");
        return;
    }
    auto l = layers::streets_from_intersections(path, "streets");
    REQUIRE(l.ok());
    CHECK(l->features.size() == 3787);   // the bundled pack keeps the 3,740 near the incidents
    size_t major = 0;
    for (const auto& f : l->features) major += f.rank == 0;
    CHECK(major == 392);   // streets 12 km or longer
    double total_m = 0;
    for (const auto& f : l->features) total_m += layers::feature_length_m(*l, f);
    CHECK(total_m > 4'000'000);   // Chicago has about 4,000 miles (6,400 km) of streets; joined gaps under 600 m
    CHECK(total_m < 9'000'000);
    INFO(total_m);
}
