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

namespace {

// The general case (any latitude, any radius): rows in radius_m buckets, every cell centre checks its
// neighbouring buckets with haversine.
HeatGrid heat_grid_buckets(const data::IncidentTable& t, const std::vector<uint32_t>& rows, double radius_m, const geo::BBox& box,
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

// Issue #15 (the heat grid at 1.25 M rows in <= 0.1 s): the same counts by a sweep. The rows are put in strips
// one grid row tall, each sorted by longitude; a grid row's cells, west to east, keep one window per nearby strip
// of the points within the radius's longitude reach, so each cell looks at about a 2r x 2r box of points. The
// test is haversine_m(centre, point) <= radius_m, as in heat_grid_buckets and GeoIndex: an equirectangular
// distance decides when it is clearly inside or outside (its error is bounded by `margin`), haversine decides
// the thin shell between. Returns false (nothing written) when the bounds do not hold (near a pole, a radius
// over 60 km, a box across the antimeridian).
bool heat_grid_sweep(const data::IncidentTable& t, const std::vector<uint32_t>& rows, double radius_m, HeatGrid& g, unsigned threads) {
    const double deg = geo::kPi / 180.0, R = geo::kEarthRadius_m;
    const geo::BBox& box = g.box;
    const int nx = g.nx, ny = g.ny;
    const double ang = radius_m / R;   // radians
    if (!(radius_m > 0) || ang > 0.01 || !(box.lat_max_deg > box.lat_min_deg) || !(box.lon_max_deg > box.lon_min_deg)) return false;
    const double dlat_cell = (box.lat_max_deg - box.lat_min_deg) / ny, dlon_cell = (box.lon_max_deg - box.lon_min_deg) / nx;
    // Great-circle distance >= R |dlat|: points farther in latitude are outside.
    const double reach_lat = ang / deg * (1 + 1e-9);
    const double max_lat = std::max(std::fabs(box.lat_min_deg), std::fabs(box.lat_max_deg)) + reach_lat;
    if (max_lat >= 85.0) return false;
    // hav(d) >= cos(lat1) cos(lat2) hav(dlon): farther in longitude than this is outside too.
    const double cmin = std::cos(max_lat * deg) * (1 - 1e-12);
    const double s_lon = std::sin(ang / 2) / cmin;
    if (s_lon >= 1) return false;
    const double reach_lon = 2 * std::asin(s_lon) / deg * (1 + 1e-9);
    if (std::max(std::fabs(box.lon_min_deg), std::fabs(box.lon_max_deg)) + reach_lon >= 180) return false;
    // Equirectangular (the cell centre's cos) vs haversine: relative error under tan(lat) ang + ang^2 (lat < 85).
    const double margin = 1e-7 + 2 * (std::tan(max_lat * deg) * ang + ang * ang);
    const double r2_in = radius_m * radius_m * (1 - margin) * (1 - margin), r2_out = radius_m * radius_m * (1 + margin) * (1 + margin);

    // Strips: strip s holds latitudes in (lat_max - (s + 1) dlat_cell, lat_max - s dlat_cell]; points within
    // reach of the grid only.
    const int k = static_cast<int>(std::ceil(reach_lat / dlat_cell)) + 1;
    const int s0 = -k, n_strips = ny + 2 * k;
    struct P { double lon, lat; };
    std::vector<uint32_t> start(static_cast<size_t>(n_strips) + 1, 0);
    std::vector<int> strip_of(rows.size(), -1);
    for (size_t q = 0; q < rows.size(); ++q) {
        const double lat = t.lat_deg[rows[q]];
        const double sf = std::floor((box.lat_max_deg - lat) / dlat_cell);
        if (!(sf >= s0 && sf < s0 + n_strips)) continue;   // NaN too
        strip_of[q] = static_cast<int>(sf) - s0;
        ++start[static_cast<size_t>(strip_of[q]) + 1];
    }
    for (size_t s = 0; s < static_cast<size_t>(n_strips); ++s) start[s + 1] += start[s];
    std::vector<P> pts(start.back());
    {
        std::vector<uint32_t> fill(start.begin(), start.end() - 1);
        for (size_t q = 0; q < rows.size(); ++q)
            if (strip_of[q] >= 0) pts[fill[static_cast<size_t>(strip_of[q])]++] = P{t.lon_deg[rows[q]], t.lat_deg[rows[q]]};
    }
    parallel_for(static_cast<size_t>(n_strips), [&](size_t s) {
        std::sort(pts.begin() + start[s], pts.begin() + start[s + 1], [](const P& a, const P& b) { return a.lon < b.lon; });
    }, threads);

    uint32_t* out = g.counts.data();
    parallel_for(static_cast<size_t>(ny), [&](size_t jr) {
        const int j = static_cast<int>(jr);
        const double c_lat = box.lat_max_deg - (j + 0.5) * dlat_cell;
        const double ky = R * deg, kx = R * deg * std::cos(c_lat * deg);
        // Strips whose latitudes can be within reach of this row's centres.
        const int sa = std::max(0, j - k - s0), sb = std::min(n_strips - 1, j + k - s0);
        const size_t n_s = static_cast<size_t>(std::max(0, sb - sa + 1));
        std::vector<uint32_t> lo(n_s), hi(n_s);
        for (size_t w = 0; w < n_s; ++w) lo[w] = hi[w] = start[static_cast<size_t>(sa) + w];
        for (int i = 0; i < nx; ++i) {
            const geo::LatLon c{c_lat, box.lon_min_deg + (i + 0.5) * dlon_cell};
            const double west = c.lon_deg - reach_lon, east = c.lon_deg + reach_lon;
            uint32_t n = 0;
            for (size_t w = 0; w < n_s; ++w) {
                const uint32_t end = start[static_cast<size_t>(sa) + w + 1];
                while (lo[w] < end && pts[lo[w]].lon < west) ++lo[w];
                if (hi[w] < lo[w]) hi[w] = lo[w];
                while (hi[w] < end && pts[hi[w]].lon <= east) ++hi[w];
                for (uint32_t q = lo[w]; q < hi[w]; ++q) {
                    const double ey = (pts[q].lat - c.lat_deg) * ky, ex = (pts[q].lon - c.lon_deg) * kx;
                    const double d2 = ex * ex + ey * ey;
                    if (d2 <= r2_in) ++n;
                    else if (d2 <= r2_out && geo::haversine_m(c, {pts[q].lat, pts[q].lon}) <= radius_m) ++n;
                }
            }
            out[static_cast<size_t>(j) * static_cast<size_t>(nx) + static_cast<size_t>(i)] = n;
        }
    }, threads);
    return true;
}

}  // namespace

HeatGrid heat_grid(const data::IncidentTable& t, const std::vector<uint32_t>& rows, double radius_m, const geo::BBox& box,
                   int nx, int ny, unsigned threads) {
    HeatGrid g;
    g.nx = nx;
    g.ny = ny;
    g.box = box;
    g.counts.assign(static_cast<size_t>(std::max(0, nx)) * static_cast<size_t>(std::max(0, ny)), 0);
    if (rows.empty() || nx <= 0 || ny <= 0) return g;
    if (!heat_grid_sweep(t, rows, radius_m, g, threads)) return heat_grid_buckets(t, rows, radius_m, box, nx, ny, threads);
    g.max_count = *std::max_element(g.counts.begin(), g.counts.end());
    return g;
}

HeatGrid heat_grid_reference(const data::IncidentTable& t, const std::vector<uint32_t>& rows, double radius_m, const geo::BBox& box,
                             int nx, int ny, unsigned threads) {
    return heat_grid_buckets(t, rows, radius_m, box, nx, ny, threads);
}

}  // namespace crimescope::score
