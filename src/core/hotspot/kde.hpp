// kde.hpp: the kernel density surface of the hotspot toolkit (issue #19): a quartic (biweight) kernel
// K(d) = 3 / (pi h^2) (1 - d^2 / h^2)^2 for d < h, summed over the incidents and evaluated at the centre of every
// study-area cell, in incidents per km^2. Bandwidth given, or ArcGIS Pro's Kernel Density default search radius.
// See tests/core/hotspot/test_kde.cpp.
#pragma once
#include <span>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "hotspot/grid.hpp"
#include "hotspot/layer.hpp"

namespace crimescope::hotspot {

struct KdeParams {
    double bandwidth_m = 0;      // kernel radius h; 0 = kde_default_bandwidth_m of the rows
    double area_share = 0.05;    // the top share of the study area's cells drawn as the "hotspot" class, (0, 1]
    int quantile_classes = 5;    // density classes below the hotspot class (quantiles of the study-area cells)
};

struct KdeBandwidth {
    double bandwidth_m = 0;
    double standard_distance_m = 0;        // SD = sqrt(mean dx^2 + mean dy^2) about the mean centre
    double median_distance_m = 0;          // Dm, the median distance to the mean centre
    size_t n = 0;                          // points used
};

// ArcGIS Pro's Kernel Density default search radius: 0.9 min(SD, sqrt(1 / ln 2) Dm) n^-0.2, on the grid's
// metre plane (points outside the grid or without a position are ignored). Error when fewer than 2 points, or
// when the points all coincide (radius 0).
Result<KdeBandwidth> kde_default_bandwidth(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows);

// The quartic kernel's value (per m^2) at distance d_m with radius h_m; 0 at d >= h.
double quartic_kernel_per_m2(double d_m, double h_m);

// Density (incidents per km^2) at the centre of each of `cells` (grid indices). Each point adds its kernel to the
// cells whose centre lies within h: O(n (h / cell_m)^2).
std::vector<double> kde_at_cells(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows,
                                 double bandwidth_m, std::span<const int64_t> cells);

// The layer "kde": every study-area cell drawn with its density; classes: quantile_classes density quantiles,
// then "top X% of area" (the hotspot set, counted in `significant`). Notes state h and its rule.
// Errors (Invalid): no rows with a position, bandwidth_m < 0 or not finite, area_share outside (0, 1].
Result<CellLayer> kde(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows,
                      const KdeParams& p = {});

}  // namespace crimescope::hotspot
