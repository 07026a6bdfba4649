// chain.hpp: joins an ordered run of points along one street into polylines, breaking where consecutive
// points are further apart than a limit (a gap in the data, or two streets of the same name).
#pragma once
#include <vector>

#include "geo/geo.hpp"

namespace crimescope::layers {

std::vector<std::vector<geo::LatLon>> chain_points(const std::vector<geo::LatLon>& ordered, double max_gap_m);

// Orders points along their axis of largest spread (the principal axis in local metres).
void order_along_main_axis(std::vector<geo::LatLon>& points);

}  // namespace crimescope::layers
