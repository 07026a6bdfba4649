// Tests for layers/layer_builder: interning, clipping to a box, ranking long streets, keeping minor streets
// near the incidents, simplification.
#include <catch2/catch.hpp>

#include "layers/layer_builder.hpp"

using namespace crimescope;

namespace {
data::BaseLayer two_streets() {
    layers::LayerBuilder b("streets", "streets");
    // "Long Ave": 3 km north-south at lon -95.37; "Short St": 200 m far to the east.
    b.add({{29.70, -95.37}, {29.7135, -95.37}, {29.727, -95.37}}, b.intern("Long Ave"), 1);
    b.add({{29.70, -95.00}, {29.7018, -95.00}}, b.intern("Short St"), 1);
    b.add({{29.70, -95.10}, {29.7018, -95.10}}, b.intern(""), 1);
    return b.take();
}
}  // namespace

TEST_CASE("layer builder: names are interned, places need one point, streets two", "[layers]") {
    layers::LayerBuilder b("s", "places");
    CHECK(b.intern("") == 0);
    CHECK(b.intern("A") == 1);
    CHECK(b.intern("A") == 1);
    CHECK_FALSE(b.add({{1, 2}, {3, 4}}, 1, 1));
    CHECK(b.add({{1, 2}}, 1, 1));
    auto l = b.take();
    CHECK(l.names == std::vector<std::string>{"", "A"});
    CHECK(l.features.size() == 1);
}

TEST_CASE("layer builder: ranking, clipping, keeping minor streets near incidents", "[layers]") {
    auto l = two_streets();
    CHECK(layers::feature_length_m(l, l.features[0]) == Approx(3002).epsilon(0.01));
    CHECK(layers::rank_long_streets_major(l, 2500) == 1);
    CHECK(l.features[0].rank == 0);
    CHECK(l.features[1].rank == 1);
    CHECK(l.features[2].rank == 1);   // unnamed streets are never ranked by name length
    geo::BBox west;
    west.extend(29.69, -95.40);
    west.extend(29.72, -95.30);
    auto clipped = layers::clip_to_box(l, west);
    REQUIRE(clipped.features.size() == 1);
    CHECK(clipped.names == std::vector<std::string>{"", "Long Ave"});
    CHECK(clipped.lat_deg.size() == 3);   // kept whole, though its end is outside
    auto kept = layers::keep_minor_within(l, layers::grow_box(west, 100));
    CHECK(kept.features.size() == 1);   // the major street; the minor ones are far east
    geo::BBox east;
    east.extend(29.70, -95.01);
    east.extend(29.71, -94.99);
    CHECK(layers::keep_minor_within(l, east).features.size() == 2);
    layers::simplify_streets(l, 5);
    CHECK(l.features[0].count == 2);   // a straight line keeps its ends
    CHECK(l.lat_deg.size() == 6);
}

TEST_CASE("layer builder: the incident extent ignores a few far-off points", "[layers]") {
    data::IncidentTable t;
    for (int i = 0; i < 2000; ++i) {
        t.lat_deg.push_back(29.7f + 0.0001f * static_cast<float>(i % 100));
        t.lon_deg.push_back(-95.4f + 0.0001f * static_cast<float>(i / 100));
        t.day.push_back(0);
        t.minute_of_day.push_back(-1);
    }
    t.lat_deg[5] = 10.0f;   // one geocode in the sea
    auto box = layers::incident_extent(t, 0.001);
    CHECK(box.lat_min_deg > 29.69);
    CHECK(box.lat_max_deg < 29.72);
    auto grown = layers::grow_box(box, 1000);
    CHECK(grown.lat_min_deg == Approx(box.lat_min_deg - 1000 / 111195.0).epsilon(1e-3));
}

TEST_CASE("layer builder: a list of major street names, direction prefixes ignored", "[layers]") {
    layers::LayerBuilder b("streets", "streets");
    b.add({{41.80, -87.647}, {41.81, -87.647}}, b.intern("S HALSTED ST"), 1);
    b.add({{41.90, -87.647}, {41.91, -87.647}}, b.intern("N HALSTED ST"), 1);
    b.add({{41.80, -87.650}, {41.81, -87.650}}, b.intern("S MORGAN ST"), 0);
    b.add({{41.80, -87.640}, {41.81, -87.640}}, b.intern("BROADWAY"), 1);
    auto l = b.take();
    CHECK(layers::rank_named_streets_major(l, {"HALSTED ST", "BROADWAY"}, true) == 3);
    CHECK(l.features[0].rank == 0);
    CHECK(l.features[1].rank == 0);
    CHECK(l.features[2].rank == 1);   // not in the list: minor, whatever it was
    CHECK(l.features[3].rank == 0);
    CHECK(layers::rank_named_streets_major(l, {"HALSTED ST"}, false) == 0);
}
