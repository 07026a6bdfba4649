// grid_forecast.cpp: the grid CountCube, its next-month forecast and the "forecast_grid" layer (issue #19).
// See grid_forecast.hpp; tests: tests/core/forecast/test_grid_forecast.cpp.
#include "forecast/grid_forecast.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "base/dates.hpp"
#include "hotspot/study_area.hpp"

namespace crimescope::forecast {

Result<GridCube> grid_cube(const data::IncidentTable& t, std::span<const size_t> rows, double cell_m,
                           std::span<const size_t> geometry_rows) {
    const std::span<const size_t> geo_rows = geometry_rows.empty() ? rows : geometry_rows;
    auto g = hotspot::grid_for_rows(t, geo_rows, cell_m);
    if (!g) return g.error();
    GridCube out;
    out.grid = g.value();
    if (auto st = hotspot::check_cell_months(out.grid, t, rows); !st) return st.error();
    out.cells = hotspot::study_area_cells(out.grid, t, geo_rows);
    const hotspot::MonthlyCells mc = hotspot::count_cells_by_month(out.grid, t, rows);
    CountCube& q = out.cube;
    q.families = {"all"};
    q.units.reserve(out.cells.size());
    for (int64_t c : out.cells) q.units.push_back(std::to_string(c));
    q.first_month = mc.first_month + 1970 * 12;  // base::month_index counts from 1970-01; the cube from year 0
    q.n_months = mc.months;
    q.counts.assign(out.cells.size() * static_cast<size_t>(q.n_months), 0.0);
    for (size_t s = 0; s < out.cells.size(); ++s)
        for (int m = 0; m < q.n_months; ++m) {
            const double v = mc.at(m, static_cast<size_t>(out.cells[s]));
            q.at(0, static_cast<int>(s), m) = v;
            out.counted += static_cast<uint64_t>(v);
        }
    // Queen neighbours inside the study area (cells is ascending: binary search).
    q.neighbours.assign(out.cells.size(), {});
    const int nx = out.grid.nx, ny = out.grid.ny;
    for (size_t s = 0; s < out.cells.size(); ++s) {
        const int i = out.grid.cell_i(out.cells[s]), j = out.grid.cell_j(out.cells[s]);
        for (int dj = -1; dj <= 1; ++dj)
            for (int di = -1; di <= 1; ++di) {
                if ((di == 0 && dj == 0) || i + di < 0 || i + di >= nx || j + dj < 0 || j + dj >= ny) continue;
                const int64_t c = static_cast<int64_t>(j + dj) * nx + (i + di);
                auto it = std::lower_bound(out.cells.begin(), out.cells.end(), c);
                if (it != out.cells.end() && *it == c)
                    q.neighbours[s].push_back(static_cast<int>(it - out.cells.begin()));
            }
    }
    return out;
}

hotspot::CellLayer forecast_grid_layer(const GridCube& g, const std::vector<double>& rate,
                                       const std::vector<int64_t>& hot, double area_share,
                                       const std::string& month_name, const std::string& forecaster) {
    hotspot::CellLayer l;
    l.layer = "forecast_grid";
    char buf[160];
    std::snprintf(buf, sizeof buf, "Forecast %s: top %.3g%% of area", month_name.c_str(), 100 * area_share);
    l.title = buf;
    l.value_name = "expected incidents next month";
    l.grid = g.grid;
    std::snprintf(buf, sizeof buf, "top %.3g%% of area", 100 * area_share);
    l.classes = {{buf, 0xD7301FE0u}, {"forecast > 0", 0xFDBB8460u}};
    std::vector<int64_t> hot_sorted = hot;
    std::sort(hot_sorted.begin(), hot_sorted.end());
    for (size_t s = 0; s < g.cells.size() && s < rate.size(); ++s) {
        const bool is_hot = std::binary_search(hot_sorted.begin(), hot_sorted.end(), g.cells[s]);
        if (!is_hot && !(rate[s] > 0)) continue;
        l.cells.push_back(g.cells[s]);
        l.value.push_back(static_cast<float>(rate[s]));
        l.klass.push_back(is_hot ? 0 : 1);
    }
    l.significant = hot.size();
    std::snprintf(buf, sizeof buf, "%zu study-area cells of %.0f m (%.4g km2 each); the hotspot set is %zu cells",
                  g.cells.size(), g.grid.cell_m, g.grid.cell_area_km2(), hot.size());
    l.notes.push_back(buf);
    l.notes.push_back("forecaster: " + forecaster + ", chosen and fitted on earlier months only");
    return l;
}

Result<GridForecast> forecast_grid(const GridCube& g, double area_share, int month) {
    const CountCube& q = g.cube;
    if (!(area_share > 0 && area_share <= 1)) return make_error(ErrorKind::Invalid, "area share must be in (0, 1]");
    if (month < 0) month = q.n_months;
    if (month < 2 || month > q.n_months)
        return make_error(ErrorKind::Invalid, "the grid forecast needs at least 2 months before the month forecast");
    GridForecast out;
    out.month = month;
    out.month_name = q.month_name(month);
    out.chosen = choose_default(q, month - 1);
    out.forecast = forecast_month(q, month, Method::Default, out.chosen);
    out.rate = default_rate(q, month, out.chosen);
    const size_t n = g.cells.size();
    const size_t k =
        std::min(n, std::max<size_t>(1, static_cast<size_t>(std::round(area_share * static_cast<double>(n)))));
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return out.rate[a] > out.rate[b]; });
    for (size_t i = 0; i < k && n > 0; ++i) out.hotspot.push_back(g.cells[order[i]]);
    out.layer = forecast_grid_layer(g, out.rate, out.hotspot, area_share, out.month_name, out.chosen.describe());
    return out;
}

}  // namespace crimescope::forecast
