// grid.hpp: the square grid the hotspot toolkit (issue #19) counts on: cells `cell_m` metres wide on a local
// equirectangular plane about the data's centre, so that cells are axis-aligned in latitude / longitude (and on
// the Web Mercator map) and their centres are `cell_m` apart. The plane's scale is exact on the centre's
// parallel and off by (cos lat / cos lat0 - 1) elsewhere: 0.3% 20 km north or south at 41 degrees.
// Shared by kde / gistar / emerging / concentration and the forecast's grid cells. See
// tests/core/hotspot/test_grid.cpp.
//
// Cell (i, j) covers x in [i cell_m, (i + 1) cell_m), y in [j cell_m, (j + 1) cell_m) of the plane whose origin is
// the south-west corner (lat0, lon0); cell index c = j * nx + i (row-major, south row first).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/dates.hpp"
#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "geo/geo.hpp"

namespace crimescope::hotspot {

// NIJ Real-Time Crime Forecasting Challenge cell sizes: squares of 250 to 600 ft a side (76.2 .. 182.88 m).
constexpr double kNijCellMin_m = 76.2;
constexpr double kNijCellMax_m = 182.88;
constexpr double kDefaultCell_m = 150;

struct Grid {
    double cell_m = kDefaultCell_m;
    double lat0_deg = 0, lon0_deg = 0;   // south-west corner of cell 0
    double m_per_deg_lat = 0;            // metres per degree north
    double m_per_deg_lon = 0;            // metres per degree east, on the centre's parallel
    int nx = 0, ny = 0;

    size_t cells() const { return static_cast<size_t>(nx) * static_cast<size_t>(ny); }
    double cell_area_km2() const { return cell_m * cell_m * 1e-6; }
    // The plane's coordinates of a point, metres east / north of (lat0, lon0).
    double x_m(double lon_deg) const { return (lon_deg - lon0_deg) * m_per_deg_lon; }
    double y_m(double lat_deg) const { return (lat_deg - lat0_deg) * m_per_deg_lat; }
    // The cell holding a point, or -1 outside the grid (or not finite).
    int64_t cell_of(double lat_deg, double lon_deg) const;
    int cell_i(int64_t c) const { return static_cast<int>(c % nx); }
    int cell_j(int64_t c) const { return static_cast<int>(c / nx); }
    geo::LatLon cell_centre(int64_t c) const;
    geo::BBox cell_box(int64_t c) const;          // degrees
    geo::BBox box() const;                         // the whole grid, degrees
};

// A grid of `cell_m` cells covering `box` (degrees, inclusive), its centre's parallel setting the scale.
// Errors (Invalid): cell_m not in (0, 100 km], an empty or non-finite box, or more than max_cells cells.
Result<Grid> make_grid(const geo::BBox& box, double cell_m, size_t max_cells = size_t{16} << 20);

// A grid covering the positions of `rows` of `t` (all rows when `rows` is empty is NOT assumed: pass them).
// Rows without a finite position are ignored. Error when none has one.
Result<Grid> grid_for_rows(const data::IncidentTable& t, std::span<const size_t> rows, double cell_m,
                           size_t max_cells = size_t{16} << 20);

// Incidents per cell (size grid.cells()); rows outside the grid are counted in `*outside` when given.
std::vector<uint32_t> count_cells(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows,
                                  uint64_t* outside = nullptr);

// counts[m * cells + c]: incidents of cell c in month first_month + m (base::month_index), for every month from the rows' first to
// their last (months without incidents included, zero); only rows inside the grid count, for the months too.
struct MonthlyCells {
    int32_t first_month = 0;
    int months = 0;
    size_t cells = 0;
    std::vector<uint32_t> counts;
    uint32_t at(int m, size_t c) const { return counts[static_cast<size_t>(m) * cells + c]; }
};
MonthlyCells count_cells_by_month(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows);

// Memory limits of the analyses (a cube of cells x months, neighbour lists of places x offsets): checked before
// allocating, an Invalid error naming the option to change (cell_m, months) otherwise.
constexpr uint64_t kMaxCellMonths = 60'000'000;      // grid cells x months of a monthly cube (240 MB of counts)
constexpr uint64_t kMaxNeighbourEntries = 100'000'000;   // places x neighbours (400 MB)
Status check_cell_months(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows);
Status check_neighbour_entries(size_t places, double neighbour_m, double cell_m);

}  // namespace crimescope::hotspot
