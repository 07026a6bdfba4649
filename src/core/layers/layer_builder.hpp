// layer_builder.hpp: shared steps for base-map layers (issue #13): build a layer feature by feature with
// interned names, clip one to a city's extent, rank its longest streets major, and its encoded size.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "data/incident_table.hpp"
#include "geo/geo.hpp"

namespace crimescope::layers {

class LayerBuilder {
public:
    LayerBuilder(std::string name, std::string kind);
    uint32_t intern(const std::string& name);   // 0 for ""
    // Adds a street (>= 2 points) or a place (1 point); other sizes are ignored. Returns whether it was added.
    bool add(const std::vector<geo::LatLon>& points, uint32_t name, uint8_t rank);
    size_t size() const { return m_layer.features.size(); }
    data::BaseLayer take() { return std::move(m_layer); }

private:
    data::BaseLayer m_layer;
    std::map<std::string, uint32_t> m_index;
};

// The features with at least one point inside `box`, names re-interned (a name only the dropped features had
// is dropped too). Streets are kept whole.
data::BaseLayer clip_to_box(const data::BaseLayer& layer, const geo::BBox& box);

// A box grown by `margin_m` on every side.
geo::BBox grow_box(const geo::BBox& box, double margin_m);

// The bounding box of a city's incidents, ignoring the `trim_share` most outlying on each side (0.001: a
// handful of far-off geocodes do not stretch it).
geo::BBox incident_extent(const data::IncidentTable& t, double trim_share = 0.001);

// Great-circle length of one feature, metres.
double feature_length_m(const data::BaseLayer& layer, const data::BaseFeature& f);

// Marks major (rank 0) every named street whose features together are at least `min_length_m` long.
// Returns how many features became major.
size_t rank_long_streets_major(data::BaseLayer& layer, double min_length_m);

// Ranks exactly the features whose name is in `major` major (0), every other feature minor (1); with
// `ignore_direction` a leading "N ", "S ", "E " or "W " is ignored ("S HALSTED ST" matches "HALSTED ST").
// For cities whose street file has no class: the list (e.g. Chicago's arterials) lives in packs.json.
size_t rank_named_streets_major(data::BaseLayer& layer, const std::vector<std::string>& major, bool ignore_direction);

// Drops minor (rank 1) features that lie wholly outside `keep`; major ones stay city-wide.
data::BaseLayer keep_minor_within(const data::BaseLayer& layer, const geo::BBox& keep);

// Simplifies every street to `tolerance_m` (Douglas-Peucker; endpoints kept).
void simplify_streets(data::BaseLayer& layer, double tolerance_m);

}  // namespace crimescope::layers
