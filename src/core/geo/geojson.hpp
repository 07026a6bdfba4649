// geojson.hpp: reads Polygon / MultiPolygon features of a GeoJSON FeatureCollection (plain or .gz)
// into a boundary layer, naming each polygon by a property, simplifying rings to a tolerance in metres.
#pragma once
#include <string>

#include "base/result.hpp"
#include "data/incident_table.hpp"

namespace crimescope::geo {

struct GeoJsonOptions {
    std::string name_property;      // empty: the first of name, NAME, nom, sector, ... that exists
    double simplify_tolerance_m = 0;
};

// Which polygon of a layer contains a point (bounding boxes first, then even-odd test).
class PolygonLookup {
public:
    explicit PolygonLookup(const data::BoundaryLayer& layer);
    int find(LatLon p) const;   // polygon index or -1
private:
    const data::BoundaryLayer& m_layer;
    std::vector<BBox> m_boxes;
};

Result<data::BoundaryLayer> read_geojson_layer(const std::string& path, const std::string& layer_name,
                                               const GeoJsonOptions& opts = {});

// Base-map layers (issue #13): LineString / MultiLineString features become streets, Point / MultiPoint
// features places, named by `name_property` (empty: the first of name, NAME, ... that exists), ranked major
// (0) or minor (1) by `rank_property` (OSM "highway": motorway .. tertiary are major) when given. A file
// over `max_vertices` points is refused with a clear error (no unbounded allocation from a file).
struct BaseLayerOptions {
    std::string name_property;
    std::string rank_property;
    std::string kind = "user";            // "streets" | "places" | "user"
    double simplify_tolerance_m = 0;
    size_t max_vertices = 4'000'000;
};
Result<data::BaseLayer> read_geojson_base_layer(const std::string& path, const std::string& layer_name,
                                                const BaseLayerOptions& opts = {});
// Same from text in memory (browser drops, fuzzing); `name_for_errors` is the file name in messages.
Result<data::BaseLayer> parse_geojson_base_layer(const std::string& text, const std::string& layer_name,
                                                 const std::string& name_for_errors, const BaseLayerOptions& opts = {});

}  // namespace crimescope::geo
