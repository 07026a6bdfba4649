#include "hotspot/grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crimescope::hotspot {

namespace {
constexpr double kDegToRad = geo::kPi / 180.0;
}

int64_t Grid::cell_of(double lat_deg, double lon_deg) const {
    const double x = x_m(lon_deg), y = y_m(lat_deg);
    if (!(x >= 0) || !(y >= 0)) return -1;   // also NaN
    const double fi = std::floor(x / cell_m), fj = std::floor(y / cell_m);
    if (fi >= nx || fj >= ny) return -1;
    return static_cast<int64_t>(fj) * nx + static_cast<int64_t>(fi);
}

geo::LatLon Grid::cell_centre(int64_t c) const {
    return {lat0_deg + (cell_j(c) + 0.5) * cell_m / m_per_deg_lat, lon0_deg + (cell_i(c) + 0.5) * cell_m / m_per_deg_lon};
}

geo::BBox Grid::cell_box(int64_t c) const {
    geo::BBox b;
    b.lat_min_deg = lat0_deg + cell_j(c) * cell_m / m_per_deg_lat;
    b.lat_max_deg = lat0_deg + (cell_j(c) + 1) * cell_m / m_per_deg_lat;
    b.lon_min_deg = lon0_deg + cell_i(c) * cell_m / m_per_deg_lon;
    b.lon_max_deg = lon0_deg + (cell_i(c) + 1) * cell_m / m_per_deg_lon;
    return b;
}

geo::BBox Grid::box() const {
    geo::BBox b;
    b.lat_min_deg = lat0_deg;
    b.lon_min_deg = lon0_deg;
    b.lat_max_deg = lat0_deg + ny * cell_m / m_per_deg_lat;
    b.lon_max_deg = lon0_deg + nx * cell_m / m_per_deg_lon;
    return b;
}

Result<Grid> make_grid(const geo::BBox& box, double cell_m, size_t max_cells) {
    if (!(cell_m > 0) || !(cell_m <= 100000))
        return make_error(ErrorKind::Invalid, "cell size " + std::to_string(cell_m) + " m is not in (0, 100000]", {}, 0, "cell_m");
    if (!std::isfinite(box.lat_min_deg) || !std::isfinite(box.lat_max_deg) || !std::isfinite(box.lon_min_deg) || !std::isfinite(box.lon_max_deg) ||
        box.lat_min_deg > box.lat_max_deg || box.lon_min_deg > box.lon_max_deg || box.lat_min_deg < -89 || box.lat_max_deg > 89)
        return make_error(ErrorKind::Invalid, "no area to lay a grid on (empty or invalid box)");
    Grid g;
    g.cell_m = cell_m;
    const double lat_c = 0.5 * (box.lat_min_deg + box.lat_max_deg);
    g.m_per_deg_lat = geo::kEarthRadius_m * kDegToRad;
    g.m_per_deg_lon = g.m_per_deg_lat * std::cos(lat_c * kDegToRad);
    g.lat0_deg = box.lat_min_deg;
    g.lon0_deg = box.lon_min_deg;
    const double w = (box.lon_max_deg - box.lon_min_deg) * g.m_per_deg_lon, h = (box.lat_max_deg - box.lat_min_deg) * g.m_per_deg_lat;
    const double nx = std::floor(w / cell_m) + 1, ny = std::floor(h / cell_m) + 1;   // the max edge falls inside
    if (nx * ny > static_cast<double>(max_cells))
        return make_error(ErrorKind::Invalid, "a " + std::to_string(static_cast<long>(cell_m)) + " m grid over this area needs " +
                          std::to_string(static_cast<long long>(nx * ny)) + " cells (limit " + std::to_string(max_cells) +
                          "): use larger cells or a smaller box", {}, 0, "cell_m");
    g.nx = static_cast<int>(nx);
    g.ny = static_cast<int>(ny);
    return g;
}

Result<Grid> grid_for_rows(const data::IncidentTable& t, std::span<const size_t> rows, double cell_m, size_t max_cells) {
    geo::BBox b;
    size_t n = 0;
    for (size_t r : rows) {
        const double la = t.lat_deg[r], lo = t.lon_deg[r];
        if (!std::isfinite(la) || !std::isfinite(lo)) continue;
        b.extend(la, lo);
        ++n;
    }
    if (n == 0) return make_error(ErrorKind::Invalid, "no incident with a position to lay a grid on");
    return make_grid(b, cell_m, max_cells);
}

std::vector<uint32_t> count_cells(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows, uint64_t* outside) {
    std::vector<uint32_t> counts(g.cells(), 0);
    uint64_t out = 0;
    for (size_t r : rows) {
        const int64_t c = g.cell_of(t.lat_deg[r], t.lon_deg[r]);
        if (c < 0) ++out;
        else ++counts[static_cast<size_t>(c)];
    }
    if (outside) *outside = out;
    return counts;
}

Status check_cell_months(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows) {
    int32_t lo = std::numeric_limits<int32_t>::max(), hi = std::numeric_limits<int32_t>::min();
    for (size_t r : rows) {
        if (g.cell_of(t.lat_deg[r], t.lon_deg[r]) < 0) continue;
        lo = std::min(lo, t.day[r]);
        hi = std::max(hi, t.day[r]);
    }
    if (lo > hi) return Ok{};
    const uint64_t months = static_cast<uint64_t>(month_of_day(hi) - month_of_day(lo) + 1);
    if (months * g.cells() > kMaxCellMonths)
        return make_error(ErrorKind::Invalid, "a monthly cube of " + std::to_string(g.cells()) + " cells x " + std::to_string(months) +
                          " months (" + format_day(lo) + " .. " + format_day(hi) + ") is over the limit of " + std::to_string(kMaxCellMonths) +
                          " cell-months: use larger cells or fewer months (--from / --to)", {}, 0, "cell_m");
    return Ok{};
}

Status check_neighbour_entries(size_t places, double neighbour_m, double cell_m) {
    const double r = cell_m > 0 ? neighbour_m / cell_m : 0;
    const double per_place = (2 * std::floor(r) + 1) * (2 * std::floor(r) + 1);
    if (static_cast<double>(places) * per_place > static_cast<double>(kMaxNeighbourEntries))
        return make_error(ErrorKind::Invalid, "a neighbourhood of " + std::to_string(static_cast<long>(neighbour_m)) + " m over " +
                          std::to_string(places) + " places is over the limit of " + std::to_string(kMaxNeighbourEntries) +
                          " neighbour entries: use a smaller neighbourhood or larger cells", {}, 0, "neighbour_m");
    return Ok{};
}

MonthlyCells count_cells_by_month(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows) {
    MonthlyCells m;
    m.cells = g.cells();
    int32_t lo = std::numeric_limits<int32_t>::max(), hi = std::numeric_limits<int32_t>::min();
    for (size_t r : rows) {   // the months of the rows that are counted (a row without a position adds none)
        if (g.cell_of(t.lat_deg[r], t.lon_deg[r]) < 0) continue;
        lo = std::min(lo, t.day[r]);
        hi = std::max(hi, t.day[r]);
    }
    if (lo > hi) return m;
    m.first_month = month_of_day(lo);
    m.months = month_of_day(hi) - m.first_month + 1;
    m.counts.assign(static_cast<size_t>(m.months) * m.cells, 0);
    for (size_t r : rows) {
        const int64_t c = g.cell_of(t.lat_deg[r], t.lon_deg[r]);
        if (c < 0) continue;
        ++m.counts[static_cast<size_t>(month_of_day(t.day[r]) - m.first_month) * m.cells + static_cast<size_t>(c)];
    }
    return m;
}

}  // namespace crimescope::hotspot
