// density_grid.hpp: the map's density layer (issue #15): the incidents a filter accepts, counted in square bins
// of a screen-stable size, and the rule that says when points are too many to read. See
// tests/core/density/test_density_grid.cpp, src/app/map/map_renderer.cpp (drawing), views/view_legend.cpp.
//
// Bins live on one grid per bin side, anchored at x = y = 0 of the caller's planar frame (the app: absolute Web
// Mercator units, as index::MercatorIndex stores them): bin (i, j) spans [i side, (i + 1) side) x [j side,
// (j + 1) side). Panning never moves a row to another bin; only a new side (a zoom step) rebins.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "data/filter.hpp"
#include "data/incident_table.hpp"

namespace crimescope::density {

// A box in the caller's planar frame (x to the right, y either way; min <= max).
struct Box {
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
    double width() const { return x_max - x_min; }
    double height() const { return y_max - y_min; }
};

// The bin side in planar units for a zoom of `px_per_unit` pixels per unit and a wanted side of `target_px`
// pixels, quantised to powers of sqrt(2) (of one unit) so that zooming rebins only at steps and a bin is
// target_px .. 1.41 x target_px pixels wide at every zoom.
[[nodiscard]] double bin_side_for(double px_per_unit, double target_px);

struct DensityGrid {
    double side = 0;                 // bin side, planar units
    int64_t i0 = 0, j0 = 0;          // grid index of column 0 / row 0
    int nx = 0, ny = 0;
    std::vector<uint32_t> counts;    // nx * ny, row-major: counts[(j - j0) * nx + (i - i0)]
    uint64_t binned = 0;             // accepted rows counted in a bin
    uint64_t outside = 0;            // accepted rows outside the grid's box (or without a finite position)
    uint64_t occupied = 0;           // bins with at least one row
    uint32_t max_count = 0;          // the fullest bin
    uint64_t total() const { return binned + outside; }   // = data::count_filtered(...).visible
    Box box() const;                                      // the grid's extent
    // Sum of the bins that overlap `b` (bins cut by its edge count whole). O(bins in b).
    [[nodiscard]] uint64_t count_in(const Box& b) const;
};

struct BinParams {
    double side = 1;                 // bin side, planar units (bin_side_for)
    Box region;                      // bins covering this box are kept (snapped outwards to whole bins)
    size_t max_bins = 4u << 20;      // the region is shrunk about its centre to at most this many bins
    bool rows_sorted_by_day = false; // t.day ascending (packs are): the date filter is a binary search
    unsigned threads = 0;            // 0: every core natively (the browser build is serial)
};

// One pass over the rows the filter accepts (the map's filter: `col` is the colour-by column, may be null);
// `xy` holds each row's position interleaved (x0, y0, x1, y1, ...), 2 * t.size() values. Every accepted row
// is counted once: in a bin, or in `outside`. Thread-safe on const inputs.
[[nodiscard]] DensityGrid bin_filtered(const data::IncidentTable& t, const data::CategoryColumn* col,
                                       const data::Filter& f, std::span<const double> xy, const BinParams& p);

// The rows [first, last) whose day lies in [day_min, day_max] when t.day is ascending (else [0, n)).
struct RowRange { size_t first = 0, last = 0; };
[[nodiscard]] RowRange rows_in_days(const data::IncidentTable& t, int32_t day_min, int32_t day_max, bool sorted_by_day);

// When the points are too many to read: more than one point per `css_px2_per_point` CSS px² of the view.
struct DensityRule {
    double css_px2_per_point = 10;   // 1280 x 800 CSS px: density above 102,400 points in view
    double off_below = 0.8;          // hysteresis: back to points below 80% of the threshold
};
// Whether to draw density for `points_in_view` filtered points in a view of `view_css_px2`; `was_on`: the
// previous frame's answer (the hysteresis keeps a view at the threshold from flickering).
[[nodiscard]] bool density_wanted(uint64_t points_in_view, double view_css_px2, bool was_on, const DensityRule& rule = {});

}  // namespace crimescope::density
