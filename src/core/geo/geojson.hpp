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

}  // namespace crimescope::geo
