#include "score/heat_grid.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "base/parallel.hpp"

namespace crimescope::score {

geo::LatLon HeatGrid::centre(int i, int j) const {
    const double dx = (box.lon_max_deg - box.lon_min_deg) / nx, dy = (box.lat_max_deg - box.lat_min_deg) / ny;
    return {box.lat_max_deg - (j + 0.5) * dy, box.lon_min_deg + (i + 0.5) * dx};
}

HeatGrid heat_grid(const data::IncidentTable& t, const std::vector<uint32_t>& rows, double radius_m, const geo::BBox& box,
                   int nx, int ny, unsigned threads) {
    HeatGrid g;
    g.nx = nx;
    g.ny = ny;
    g.box = box;
    g.counts.assign(static_cast<size_t>(nx) * static_cast<size_t>(ny), 0);
    if (rows.empty() || nx <= 0 || ny <= 0) return g;
    // Local metres around the box centre. Buckets of radius_m; east-west scale varies with latitude, so
    // each query looks at enough buckets to cover radius_m at the box's most stretched latitude.
    const double deg = geo::kPi / 180.0, R = geo::kEarthRadius_m;
    const double lat0 = 0.5 * (box.lat_min_deg + box.lat_max_deg);
    const double kx = R * deg * std::cos(lat0 * deg), ky = R * deg;
    const double cell = std::max(radius_m, 1.0);
    auto key = [](int64_t bx, int64_t by) { return (bx << 32) ^ (by & 0xffffffff); };
    std::unordered_map<int64_t, std::vector<uint32_t>> buckets;
    buckets.reserve(rows.size() / 4 + 16);
    for (uint32_t r : rows) {
        auto bx = static_cast<int64_t>(std::floor(t.lon_deg[r] * kx / cell));
        auto by = static_cast<int64_t>(std::floor(t.lat_deg[r] * ky / cell));
        buckets[key(bx, by)].push_back(r);
    }
    double max_lat = std::max(std::fabs(box.lat_min_deg), std::fabs(box.lat_max_deg)) + radius_m / ky;
    const double stretch = std::cos(lat0 * deg) / std::cos(std::min(89.0, max_lat) * deg);   // >= 1
    const int reach_x = static_cast<int>(std::ceil(stretch)) + 1, reach_y = 1;
    uint32_t* out = g.counts.data();
    parallel_for(static_cast<size_t>(ny), [&](size_t j) {
        for (int i = 0; i < nx; ++i) {
            geo::LatLon c = g.centre(i, static_cast<int>(j));
            auto bx = static_cast<int64_t>(std::floor(c.lon_deg * kx / cell));
            auto by = static_cast<int64_t>(std::floor(c.lat_deg * ky / cell));
            uint32_t n = 0;
            for (int64_t dy = -reach_y; dy <= reach_y; ++dy)
                for (int64_t dx = -reach_x; dx <= reach_x; ++dx) {
                    auto it = buckets.find(key(bx + dx, by + dy));
                    if (it == buckets.end()) continue;
                    for (uint32_t r : it->second)
                        if (geo::haversine_m(c, {t.lat_deg[r], t.lon_deg[r]}) <= radius_m) ++n;
                }
            out[j * static_cast<size_t>(nx) + static_cast<size_t>(i)] = n;
        }
    }, threads);
    g.max_count = *std::max_element(g.counts.begin(), g.counts.end());
    return g;
}

}  // namespace crimescope::score
