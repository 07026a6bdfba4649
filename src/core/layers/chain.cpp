#include "layers/chain.hpp"

#include <algorithm>
#include <cmath>

namespace crimescope::layers {

std::vector<std::vector<geo::LatLon>> chain_points(const std::vector<geo::LatLon>& ordered, double max_gap_m) {
    std::vector<std::vector<geo::LatLon>> out;
    std::vector<geo::LatLon> run;
    for (const auto& p : ordered) {
        if (!run.empty() && geo::haversine_m(run.back(), p) > max_gap_m) {
            if (run.size() >= 2) out.push_back(run);
            run.clear();
        }
        if (run.empty() || run.back().lat_deg != p.lat_deg || run.back().lon_deg != p.lon_deg) run.push_back(p);
    }
    if (run.size() >= 2) out.push_back(std::move(run));
    return out;
}

void order_along_main_axis(std::vector<geo::LatLon>& points) {
    if (points.size() < 2) return;
    double lat0 = 0, lon0 = 0;
    for (const auto& p : points) { lat0 += p.lat_deg; lon0 += p.lon_deg; }
    lat0 /= static_cast<double>(points.size());
    lon0 /= static_cast<double>(points.size());
    const double kx = std::cos(lat0 * geo::kPi / 180);
    double sxx = 0, syy = 0, sxy = 0;
    for (const auto& p : points) {
        const double x = (p.lon_deg - lon0) * kx, y = p.lat_deg - lat0;
        sxx += x * x; syy += y * y; sxy += x * y;
    }
    const double theta = 0.5 * std::atan2(2 * sxy, sxx - syy);
    const double ux = std::cos(theta), uy = std::sin(theta);
    auto along = [&](const geo::LatLon& p) { return (p.lon_deg - lon0) * kx * ux + (p.lat_deg - lat0) * uy; };
    std::stable_sort(points.begin(), points.end(), [&](const geo::LatLon& a, const geo::LatLon& b) { return along(a) < along(b); });
}

}  // namespace crimescope::layers
