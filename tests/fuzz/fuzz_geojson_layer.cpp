// fuzz_geojson_layer.cpp: a user's GeoJSON layer (geo::parse_geojson_base_layer: LineString / MultiLineString
// streets and Point / MultiPoint places, names, ranks, the vertex limit, simplification), from memory as the
// browser's dropped files are read. The first byte picks the options (property names, kind, tolerance).
#include <cstddef>
#include <cstdint>
#include <string>

#include "geo/geojson.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    geo::BaseLayerOptions opts;
    const uint8_t sel = data[0];
    if (sel & 1) opts.name_property = "name";
    if (sel & 2) opts.rank_property = "highway";
    opts.kind = (sel & 4) ? "streets" : (sel & 8) ? "places" : "user";
    opts.simplify_tolerance_m = (sel & 16) ? 15 : 0;
    opts.max_vertices = (sel & 32) ? 50 : 4'000'000;
    std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    auto layer = geo::parse_geojson_base_layer(text, "user", "layer.geojson", opts);
    if (!layer) (void)layer.error().to_string();
    return 0;
}
