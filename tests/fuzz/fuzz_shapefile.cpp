// fuzz_shapefile.cpp: an ESRI shapefile of street polylines (layers::parse_shapefile_polylines from bytes:
// the 100-byte header, record headers and counts, parts and points), the street layers of issue #13.
#include <cstddef>
#include <cstdint>

#include "layers/shapefile.hpp"

using namespace crimescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto layer = layers::parse_shapefile_polylines(data, size, "streets", "streets.shp");
    if (!layer) (void)layer.error().to_string();
    return 0;
}
