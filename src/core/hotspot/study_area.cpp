#include "hotspot/study_area.hpp"

#include <algorithm>
#include <cmath>

namespace crimescope::hotspot {

namespace {
using Pt = std::pair<double, double>;
// Positions are float32 (about 1e-6 m at city scale off the exact value): a cell centre within a millimetre of the
// hull's edge counts as on it.
constexpr double kSlack_m = 1e-3;
double cross(const Pt& o, const Pt& a, const Pt& b) {
    return (a.first - o.first) * (b.second - o.second) - (a.second - o.second) * (b.first - o.first);
}
}  // namespace

std::vector<Pt> convex_hull(std::vector<Pt> pts) {   // Andrew's monotone chain
    std::sort(pts.begin(), pts.end());
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    if (pts.size() < 3) return pts;
    std::vector<Pt> h(2 * pts.size());
    size_t k = 0;
    for (size_t i = 0; i < pts.size(); ++i) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    for (size_t i = pts.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    h.resize(k - 1);
    return h;
}

std::vector<int64_t> study_area_cells(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows) {
    std::vector<uint8_t> in(g.cells(), 0);
    // The hull of the occupied cells' centres' corners is the hull of the points up to half a cell; the points
    // themselves are used (exact), deduplicated by cell first so a million rows cost one pass.
    std::vector<Pt> pts;
    for (size_t r : rows) {
        const int64_t c = g.cell_of(t.lat_deg[r], t.lon_deg[r]);
        if (c < 0) continue;
        if (!in[static_cast<size_t>(c)]) in[static_cast<size_t>(c)] = 2;   // 2: holds an incident (hull points below)
        pts.emplace_back(g.x_m(t.lon_deg[r]), g.y_m(t.lat_deg[r]));
    }
    // Only the extreme points of each occupied cell can be hull vertices: keep per cell the 4 extremes.
    {
        struct Ext { Pt xmin, xmax, ymin, ymax; bool set = false; };
        std::vector<Ext> ext;
        std::vector<int64_t> order;
        std::vector<int32_t> slot(g.cells(), -1);
        for (const auto& p : pts) {
            const int64_t c = static_cast<int64_t>(std::min(std::floor(p.second / g.cell_m), double(g.ny - 1))) * g.nx +
                              static_cast<int64_t>(std::min(std::floor(p.first / g.cell_m), double(g.nx - 1)));
            int32_t& s = slot[static_cast<size_t>(c)];
            if (s < 0) {
                s = static_cast<int32_t>(ext.size());
                ext.push_back({p, p, p, p, true});
                continue;
            }
            Ext& e = ext[static_cast<size_t>(s)];
            if (p.first < e.xmin.first) e.xmin = p;
            if (p.first > e.xmax.first) e.xmax = p;
            if (p.second < e.ymin.second) e.ymin = p;
            if (p.second > e.ymax.second) e.ymax = p;
        }
        pts.clear();
        for (const auto& e : ext) {
            pts.push_back(e.xmin);
            pts.push_back(e.xmax);
            pts.push_back(e.ymin);
            pts.push_back(e.ymax);
        }
    }
    const auto hull = convex_hull(std::move(pts));
    if (hull.size() >= 3) {
        // Row by row: the hull's x-extent at the row's centre line (a convex polygon cuts a line in one interval).
        for (int j = 0; j < g.ny; ++j) {
            const double y = (j + 0.5) * g.cell_m;
            double x_lo = INFINITY, x_hi = -INFINITY;
            for (size_t k = 0; k < hull.size(); ++k) {
                const Pt& a = hull[k];
                const Pt& b = hull[(k + 1) % hull.size()];
                if (std::min(a.second, b.second) <= y + kSlack_m && std::max(a.second, b.second) >= y - kSlack_m) {
                    if (std::fabs(a.second - b.second) <= kSlack_m) {
                        x_lo = std::min({x_lo, a.first, b.first});
                        x_hi = std::max({x_hi, a.first, b.first});
                    } else {
                        const double f = std::clamp((y - a.second) / (b.second - a.second), 0.0, 1.0);
                        const double x = a.first + f * (b.first - a.first);
                        x_lo = std::min(x_lo, x);
                        x_hi = std::max(x_hi, x);
                    }
                }
            }
            if (!(x_lo <= x_hi)) continue;
            // cells whose centre (i + 0.5) cell_m lies in [x_lo, x_hi] (a centre on the hull's edge, within kSlack_m, counts)
            const int i0 = std::max(0, static_cast<int>(std::ceil((x_lo - kSlack_m) / g.cell_m - 0.5)));
            const int i1 = std::min(g.nx - 1, static_cast<int>(std::floor((x_hi + kSlack_m) / g.cell_m - 0.5)));
            for (int i = i0; i <= i1; ++i) in[static_cast<size_t>(j) * g.nx + i] |= 1;
        }
    }
    std::vector<int64_t> cells;
    for (size_t c = 0; c < in.size(); ++c)
        if (in[c]) cells.push_back(static_cast<int64_t>(c));
    return cells;
}

}  // namespace crimescope::hotspot
