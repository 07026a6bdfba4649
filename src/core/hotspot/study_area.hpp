// study_area.hpp: which grid cells are "places" for the hotspot statistics (issue #19). Gi*, emerging hot spots
// and concentration compare a cell with the others, so cells that cannot hold crime (a lake, farmland beyond the
// city) must not enter as zeros, while empty cells inside the city must. The study area is, as ArcGIS Pro's
// Optimized Hot Spot Analysis bounds its fishnet, the convex hull of the incidents: every cell whose centre lies in
// the hull of the incidents' positions (in the grid's metre plane), plus every cell that holds an incident.
// See tests/core/hotspot/test_study_area.cpp.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "data/incident_table.hpp"
#include "hotspot/grid.hpp"

namespace crimescope::hotspot {

// Grid indices of the study area, ascending. Rows outside the grid or without a position are ignored.
std::vector<int64_t> study_area_cells(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows);

// The convex hull (counter-clockwise, no repeated first point) of points given as x0, y0, x1, y1, ...
// Fewer than 3 distinct non-collinear points give the distinct extreme points (0..2 of them).
std::vector<std::pair<double, double>> convex_hull(std::vector<std::pair<double, double>> pts);

}  // namespace crimescope::hotspot
