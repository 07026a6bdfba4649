// heat_grid.hpp: S_abs (and S) on a regular lat/lon grid over a box, exact: the chosen rows are bucketed
// in local metres and each cell centre checks its neighbouring buckets with haversine. Used by the heat
// overlay and `crimescope-cli bench score`.
#pragma once
#include <cstdint>
#include <vector>

#include "data/incident_table.hpp"

namespace crimescope::score {

struct HeatGrid {
    int nx = 0, ny = 0;
    geo::BBox box;                    // cell (i, j) centre: lon_min + (i + 0.5) dx, lat_max - (j + 0.5) dy
    std::vector<uint32_t> counts;     // row-major, j = 0 is the northern row
    uint32_t max_count = 0;
    geo::LatLon centre(int i, int j) const;
};

// Counts, at every cell centre, the rows in `rows` within radius_m (haversine_m <= radius_m, as GeoIndex). Threads
// natively. A sweep over latitude strips sorted by longitude (about a 2r x 2r box of points per cell; issue #15:
// 256 x 256 cells over a year of Chicago's 1.25 M incidents); outside its bounds (within 5 degrees of a pole, r
// over 60 km, across the antimeridian) the bucket search of heat_grid_reference.
HeatGrid heat_grid(const data::IncidentTable& t, const std::vector<uint32_t>& rows, double radius_m, const geo::BBox& box,
                   int nx, int ny, unsigned threads = 0);
// The same counts by radius_m buckets and haversine at every candidate (the original; tests compare the two).
HeatGrid heat_grid_reference(const data::IncidentTable& t, const std::vector<uint32_t>& rows, double radius_m, const geo::BBox& box,
                             int nx, int ny, unsigned threads = 0);

}  // namespace crimescope::score
