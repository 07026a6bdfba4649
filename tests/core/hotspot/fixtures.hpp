// fixtures.hpp: small incident tables and grids for the hotspot and grid-forecast tests (tests/core/hotspot,
// tests/core/forecast/test_grid_forecast.cpp): one way to build them, so the tests differ only in their data.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "data/incident_table.hpp"
#include "hotspot/grid.hpp"

namespace crimescope::test {

// An n x n grid of `cell_m` cells near the equator, 1 m = 1 / 111,195 degree both ways (float positions are exact
// to 0.1 mm there).
inline hotspot::Grid equator_grid(int n, double cell_m = 100) {
    hotspot::Grid g;
    g.cell_m = cell_m;
    g.lat0_deg = 0.001;
    g.lon0_deg = 0.001;
    g.m_per_deg_lat = g.m_per_deg_lon = 111195.0;
    g.nx = g.ny = n;
    return g;
}

// One incident (time of day unknown).
inline void add_incident(data::IncidentTable& t, double lat_deg, double lon_deg, int32_t day = 17000) {
    t.lat_deg.push_back(static_cast<float>(lat_deg));
    t.lon_deg.push_back(static_cast<float>(lon_deg));
    t.day.push_back(day);
    t.minute_of_day.push_back(-1);
}

// Incidents given as {lat, lon, day}.
inline data::IncidentTable points(const std::vector<std::array<double, 3>>& lat_lon_day) {
    data::IncidentTable t;
    for (const auto& p : lat_lon_day) add_incident(t, p[0], p[1], static_cast<int32_t>(p[2]));
    return t;
}

inline std::vector<size_t> all_rows(const data::IncidentTable& t) {
    std::vector<size_t> r(t.size());
    for (size_t k = 0; k < r.size(); ++k) r[k] = k;
    return r;
}

}  // namespace crimescope::test
