// grid_forecast.hpp: next-month forecasts on a square grid beside the police units (issue #19, "Grid
// forecasting beside the police units"): the monthly counts of the study area's cells (hotspot/grid.hpp,
// hotspot/study_area.hpp) as a CountCube with one family, its queen neighbours attached so that the default
// forecaster can smooth over them, and the hotspot set (the cells with the highest forecast covering a share of
// the study area) as the map layer "forecast_grid". `forecast eval --grid CELL_M` scores the same cube.
// Tests: tests/core/forecast/test_grid_forecast.cpp.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "forecast/tendency.hpp"
#include "hotspot/grid.hpp"
#include "hotspot/layer.hpp"

namespace crimescope::forecast {

struct GridCube {
    hotspot::Grid grid;
    std::vector<int64_t> cells;  // the study area's grid cells, ascending; unit s of `cube` is cells[s]
    CountCube cube;        // family "all"; units named by grid index; neighbours = queen neighbours in the study area
    uint64_t counted = 0;  // incidents counted (rows with a position) = the cube's sum
};

// Monthly incident counts per study-area cell of a `cell_m` grid over `rows` of `t`, from the rows' first month
// to their last (empty months included). Errors: no row with a position, a bad cell size (hotspot::make_grid).
// `geometry_rows` (when not empty) lay the grid and the study area instead of `rows`: `forecast eval` passes the
// rows before the first month it scores, so the places scored are fixed before those months (their incidents
// outside that study area are not counted).
Result<GridCube> grid_cube(const data::IncidentTable& t, std::span<const size_t> rows, double cell_m,
                           std::span<const size_t> geometry_rows = {});

struct GridForecast {
    int month = 0;                 // cube index of the month forecast (n_months: the month after the data)
    std::string month_name;        // "2018-09"
    DefaultForecaster chosen;      // chosen on the months up to month - 1
    std::vector<double> rate;      // per study-area cell: expected incidents (the default's rate λ)
    std::vector<double> forecast;  // per study-area cell: the default's value forecast (median-calibrated)
    std::vector<int64_t> hotspot;  // grid cells of the hotspot set, highest rate first
    hotspot::CellLayer layer;      // "forecast_grid"
};

// The forecast of month `month` (default: the month after the data) from the months before it, and the hotspot
// set: the k = max(1, round(area_share x cells)) cells of highest rate (ties: lower grid index). Errors: fewer
// than 2 months before `month`, area_share not in (0, 1].
Result<GridForecast> forecast_grid(const GridCube& g, double area_share = 0.05, int month = -1);

// The layer: every study-area cell with a rate > 0 (value = expected incidents next month), class 0 = the
// hotspot set ("top 5% of area"), class 1 = the rest; significant = the hotspot set's size.
hotspot::CellLayer forecast_grid_layer(const GridCube& g, const std::vector<double>& rate,
                                       const std::vector<int64_t>& hotspot, double area_share,
                                       const std::string& month_name, const std::string& forecaster);

}  // namespace crimescope::forecast
