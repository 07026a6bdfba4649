// shapefile.hpp: the PolyLine records of an ESRI shapefile (.shp, plain or .gz) as a streets layer
// (no .dbf: unnamed). Coordinates are taken as WGS84 degrees, or as UTM metres when `utm_zone` is set
// (from the .prj: "WGS 84 / UTM zone 10N" -> 10) and converted with geo::utm_to_latlon. Every record length
// and count is checked against the file before it is read; more than `max_vertices` points is refused.
#pragma once
#include <string>

#include "base/result.hpp"
#include "data/incident_table.hpp"

namespace crimescope::layers {

struct ShapefileOptions {
    int utm_zone = 0;              // 0: coordinates are longitude / latitude degrees
    bool utm_north = true;
    double simplify_tolerance_m = 0;
    size_t max_vertices = 4'000'000;
};

// The UTM zone a .prj text names ("UTM zone 10N", "UTM_Zone_10N"), 0 for a geographic CRS or none.
int utm_zone_of_prj(const std::string& prj_text, bool& north);

Result<data::BaseLayer> read_shapefile_polylines(const std::string& path, const std::string& layer_name,
                                                 const ShapefileOptions& opts = {});
// Same from bytes in memory; `name_for_errors` is the file name in messages.
Result<data::BaseLayer> parse_shapefile_polylines(const uint8_t* data, size_t size, const std::string& layer_name,
                                                  const std::string& name_for_errors, const ShapefileOptions& opts = {});

}  // namespace crimescope::layers
