// fuzz_geojson_boundary.cpp: a boundary GeoJSON (geo::read_geojson_layer: Polygon / MultiPolygon features,
// names, Douglas-Peucker simplification; plain or gzip), on the bytes written to a temp file. A layer that
// reads is then queried (geo::PolygonLookup) as the score view does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "geo/geojson.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::write_temp("boundary.geojson", data, size);
    geo::GeoJsonOptions opts;
    opts.simplify_tolerance_m = size % 2 ? 15 : 0;
    auto layer = geo::read_geojson_layer(path, "districts", opts);
    if (!layer) {
        (void)layer.error().to_string();
        return 0;
    }
    geo::PolygonLookup lookup(layer.value());
    (void)lookup.find({41.88, -87.63});
    (void)lookup.find({0, 0});
    return 0;
}
