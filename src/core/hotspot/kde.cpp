// kde.cpp: quartic kernel density on the grid (issue #19); see kde.hpp and tests/core/hotspot/test_kde.cpp.
#include "hotspot/kde.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "hotspot/study_area.hpp"

namespace crimescope::hotspot {

namespace {
// A kernel wider than this many cells is refused: the work is points x pi (h / cell_m)^2.
constexpr double kMaxBandwidthCells = 50;
}  // namespace

double quartic_kernel_per_m2(double d_m, double h_m) {
    if (!(h_m > 0) || !(d_m < h_m)) return 0.0;
    const double u = 1.0 - (d_m * d_m) / (h_m * h_m);
    return 3.0 / (geo::kPi * h_m * h_m) * u * u;
}

Result<KdeBandwidth> kde_default_bandwidth(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows) {
    std::vector<double> xs, ys;
    xs.reserve(rows.size());
    ys.reserve(rows.size());
    for (size_t r : rows) {
        const double la = t.lat_deg[r], lo = t.lon_deg[r];
        if (!std::isfinite(la) || !std::isfinite(lo)) continue;
        xs.push_back(g.x_m(lo));
        ys.push_back(g.y_m(la));
    }
    const size_t n = xs.size();
    if (n < 2) return make_error(ErrorKind::Invalid, "the default bandwidth needs at least 2 incidents with a position", {}, 0, "bandwidth_m");
    const double nn = static_cast<double>(n);
    const double mx = std::accumulate(xs.begin(), xs.end(), 0.0) / nn, my = std::accumulate(ys.begin(), ys.end(), 0.0) / nn;
    double ss = 0;
    std::vector<double> d(n);
    for (size_t k = 0; k < n; ++k) {
        const double dx = xs[k] - mx, dy = ys[k] - my;
        ss += dx * dx + dy * dy;
        d[k] = std::sqrt(dx * dx + dy * dy);
    }
    KdeBandwidth b;
    b.n = n;
    b.standard_distance_m = std::sqrt(ss / nn);
    // The median: the middle value, or the mean of the two middle values when n is even.
    const size_t mid = n / 2;
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(mid), d.end());
    double med = d[mid];
    if (n % 2 == 0) med = 0.5 * (med + *std::max_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(mid)));
    b.median_distance_m = med;
    // More than half the points exactly at the mean centre make Dm 0: the rule then falls back to SD alone.
    const double dm_term = b.median_distance_m > 0 ? std::sqrt(1.0 / std::log(2.0)) * b.median_distance_m : b.standard_distance_m;
    b.bandwidth_m = 0.9 * std::min(b.standard_distance_m, dm_term) * std::pow(nn, -0.2);
    if (!(b.bandwidth_m > 0))
        return make_error(ErrorKind::Invalid, "the incidents all lie at one place: give a bandwidth", {}, 0, "bandwidth_m");
    return b;
}

std::vector<double> kde_at_cells(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows, double bandwidth_m,
                                 std::span<const int64_t> cells) {
    std::vector<double> out(cells.size(), 0.0);
    if (!(bandwidth_m > 0) || g.cells() == 0) return out;
    // Dense accumulation of sum (1 - d^2/h^2)^2 over the whole grid, then the constant and the unit once.
    std::vector<double> acc(g.cells(), 0.0);
    const double h = bandwidth_m, h2 = h * h, inv_h2 = 1.0 / h2, c = g.cell_m;
    for (size_t r : rows) {
        const double la = t.lat_deg[r], lo = t.lon_deg[r];
        if (!std::isfinite(la) || !std::isfinite(lo)) continue;
        const double x = g.x_m(lo), y = g.y_m(la);
        // Centres (i + 0.5) c within [x - h, x + h].
        const int i0 = std::max(0, static_cast<int>(std::ceil((x - h) / c - 0.5)));
        const int i1 = std::min(g.nx - 1, static_cast<int>(std::floor((x + h) / c - 0.5)));
        const int j0 = std::max(0, static_cast<int>(std::ceil((y - h) / c - 0.5)));
        const int j1 = std::min(g.ny - 1, static_cast<int>(std::floor((y + h) / c - 0.5)));
        for (int j = j0; j <= j1; ++j) {
            const double dy = (j + 0.5) * c - y, dy2 = dy * dy;
            if (dy2 >= h2) continue;
            double* rowp = acc.data() + static_cast<size_t>(j) * static_cast<size_t>(g.nx);
            for (int i = i0; i <= i1; ++i) {
                const double dx = (i + 0.5) * c - x, d2 = dx * dx + dy2;
                if (d2 < h2) {
                    const double u = 1.0 - d2 * inv_h2;
                    rowp[i] += u * u;
                }
            }
        }
    }
    const double k = 3.0 / (geo::kPi * h2) * 1e6;   // per m^2 -> per km^2
    for (size_t q = 0; q < cells.size(); ++q) out[q] = acc[static_cast<size_t>(cells[q])] * k;
    return out;
}

Result<CellLayer> kde(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows, const KdeParams& p) {
    if (!std::isfinite(p.bandwidth_m) || p.bandwidth_m < 0)
        return make_error(ErrorKind::Invalid, "bandwidth must be a finite number >= 0 m (0 = the default rule)", {}, 0, "bandwidth_m");
    if (p.bandwidth_m > kMaxBandwidthCells * g.cell_m)
        return make_error(ErrorKind::Invalid, "bandwidth " + format_fixed(p.bandwidth_m) + " m is over " + format_fixed(kMaxBandwidthCells) +
                          " cells (" + format_fixed(kMaxBandwidthCells * g.cell_m) + " m): use larger cells", {}, 0, "bandwidth_m");
    if (!(p.area_share > 0) || !(p.area_share <= 1))
        return make_error(ErrorKind::Invalid, "area share must be in (0, 1]", {}, 0, "area_share");
    if (p.quantile_classes < 1 || p.quantile_classes > 10)
        return make_error(ErrorKind::Invalid, "quantile classes must be 1..10", {}, 0, "quantile_classes");
    CellLayer l;
    l.layer = "kde";
    l.grid = g;
    l.value_name = "incidents per km²";
    l.cells = study_area_cells(g, t, rows);
    if (l.cells.empty()) return make_error(ErrorKind::Invalid, "no incident with a position inside the grid");
    double h = p.bandwidth_m;
    std::string rule;
    if (h == 0) {
        auto b = kde_default_bandwidth(g, t, rows);
        if (!b) return b.error();
        h = b->bandwidth_m;
        rule = "bandwidth " + format_fixed(h) + " m by ArcGIS Pro's Kernel Density default search radius 0.9 min(SD, sqrt(1/ln 2) Dm) n^-0.2 "
               "(SD = standard distance " + format_fixed(b->standard_distance_m) + " m, Dm = median distance to the mean centre " +
               format_fixed(b->median_distance_m) + " m, n = " + std::to_string(b->n) + ")";
        if (h > kMaxBandwidthCells * g.cell_m) {
            rule += "; capped at " + format_fixed(kMaxBandwidthCells) + " cells (" + format_fixed(kMaxBandwidthCells * g.cell_m) + " m)";
            h = kMaxBandwidthCells * g.cell_m;
        }
    } else {
        rule = "bandwidth " + format_fixed(h) + " m (given)";
    }
    const auto dens = kde_at_cells(g, t, rows, h, l.cells);
    const size_t n = l.cells.size();
    // The hotspot set: the top ceil(share x n) cells by density (ties by cell index), never a cell of density 0.
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return dens[a] > dens[b] || (dens[a] == dens[b] && a < b); });
    const size_t want = std::min(n, static_cast<size_t>(std::ceil(p.area_share * static_cast<double>(n) - 1e-9)));
    std::vector<uint8_t> hot(n, 0);
    for (size_t r = 0; r < want && dens[order[r]] > 0; ++r) {
        hot[order[r]] = 1;
        ++l.significant;
    }
    // Quantile breaks of the densities among all study-area cells (the 1/Q, 2/Q, ... order statistics).
    const int Q = p.quantile_classes;
    std::vector<double> sorted(dens);
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> breaks;
    for (int q = 1; q < Q; ++q) breaks.push_back(sorted[static_cast<size_t>(q) * n / static_cast<size_t>(Q)]);
    l.value.resize(n);
    l.klass.resize(n);
    std::vector<double> lo(static_cast<size_t>(Q), INFINITY), hi(static_cast<size_t>(Q), -INFINITY);
    for (size_t k = 0; k < n; ++k) {
        l.value[k] = static_cast<float>(dens[k]);
        if (hot[k]) {
            l.klass[k] = static_cast<uint8_t>(Q);
            continue;
        }
        // The class is the number of breaks strictly below the value, so a run of equal values (the zeros of an
        // empty suburb) falls in the lowest class it reaches.
        const auto q = static_cast<size_t>(std::lower_bound(breaks.begin(), breaks.end(), dens[k]) - breaks.begin());
        l.klass[k] = static_cast<uint8_t>(q);
        lo[q] = std::min(lo[q], dens[k]);
        hi[q] = std::max(hi[q], dens[k]);
    }
    static const uint32_t ramp[10] = {0xffffcc40, 0xffeda060, 0xfed97680, 0xfeb24ca0, 0xfd8d3cb0,
                                      0xfc4e2ac0, 0xe31a1cc8, 0xbd0026d0, 0x990026d8, 0x800026e0};
    for (int q = 0; q < Q; ++q) {
        std::string name = "density quantile " + std::to_string(q + 1) + "/" + std::to_string(Q);
        const double a = lo[static_cast<size_t>(q)], b = hi[static_cast<size_t>(q)];
        if (a == b) name += " (" + format_fixed(a, 1) + " per km²)";
        else if (a < b) name += " (" + format_fixed(a, 1) + "-" + format_fixed(b, 1) + " per km²)";
        l.classes.push_back({name, ramp[static_cast<size_t>(q * 9 / std::max(1, Q))]});
    }
    l.classes.push_back({"hotspot: top " + format_fixed(p.area_share * 100, p.area_share * 100 < 1 ? 2 : 0) + "% of area", 0x67000de8});
    l.title = "Kernel density (quartic, h = " + format_fixed(h) + " m)";
    l.notes.push_back(rule);
    l.notes.push_back("quartic kernel 3/(pi h²) (1 - d²/h²)² at each cell centre, in incidents per km²");
    l.notes.push_back("hotspot set: the top " + std::to_string(l.significant) + " of " + std::to_string(n) +
                      " study-area cells by density (" + format_fixed(p.area_share * 100, 2) + "% of the study area; cells of density 0 excluded)");
    return l;
}
}  // namespace crimescope::hotspot
