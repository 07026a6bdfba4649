// gistar.cpp: Getis-Ord Gi* and Benjamini-Hochberg (issue #19); see gistar.hpp and
// tests/core/hotspot/test_gistar.cpp.
#include "hotspot/gistar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "hotspot/study_area.hpp"

namespace crimescope::hotspot {

namespace {
// Neighbourhoods wider than this many cells are refused: the work is places x (2R + 1)^2.
constexpr int kMaxNeighbourCells = 50;
}  // namespace

std::vector<std::vector<uint32_t>> gistar_neighbours(const Grid& g, std::span<const int64_t> cells, double neighbour_m) {
    std::vector<int32_t> slot(g.cells(), -1);
    for (size_t k = 0; k < cells.size(); ++k) slot[static_cast<size_t>(cells[k])] = static_cast<int32_t>(k);
    // Offsets (di, dj) whose centres lie within neighbour_m; a relative 1e-9 so that cell_m sqrt(2) takes the diagonals.
    const double r_cells = neighbour_m / g.cell_m;
    const int R = static_cast<int>(std::floor(r_cells + 1e-9));
    const double r2 = r_cells * r_cells * (1 + 1e-9);
    std::vector<std::pair<int, int>> off;
    for (int dj = -R; dj <= R; ++dj)
        for (int di = -R; di <= R; ++di)
            if (static_cast<double>(di * di + dj * dj) <= r2) off.emplace_back(di, dj);
    std::vector<std::vector<uint32_t>> nb(cells.size());
    for (size_t k = 0; k < cells.size(); ++k) {
        const int i = g.cell_i(cells[k]), j = g.cell_j(cells[k]);
        auto& list = nb[k];
        list.reserve(off.size());
        for (const auto& [di, dj] : off) {
            const int ii = i + di, jj = j + dj;
            if (ii < 0 || jj < 0 || ii >= g.nx || jj >= g.ny) continue;
            const int32_t s = slot[static_cast<size_t>(jj) * static_cast<size_t>(g.nx) + static_cast<size_t>(ii)];
            if (s >= 0) list.push_back(static_cast<uint32_t>(s));
        }
        std::sort(list.begin(), list.end());
    }
    return nb;
}

std::vector<double> gistar_z(std::span<const double> x, const std::vector<std::vector<uint32_t>>& neighbours) {
    const size_t n = x.size();
    std::vector<double> z(n, 0.0);
    if (n < 2) return z;
    double sum = 0, sum2 = 0;
    for (double v : x) {
        sum += v;
        sum2 += v * v;
    }
    const double nn = static_cast<double>(n), mean = sum / nn;
    const double var = sum2 / nn - mean * mean;
    if (!(var > 1e-12 * std::max(1.0, mean * mean))) return z;   // constant counts: no statistic
    const double s = std::sqrt(var);
    for (size_t i = 0; i < n; ++i) {
        double lag = 0;
        for (uint32_t j : neighbours[i]) lag += x[j];
        const double w = static_cast<double>(neighbours[i].size());   // binary: sum w = sum w^2 = W
        const double d2 = (nn * w - w * w) / (nn - 1);
        z[i] = d2 > 0 ? (lag - mean * w) / (s * std::sqrt(d2)) : 0.0;
    }
    return z;
}

double two_sided_p(double z) { return std::isfinite(z) ? std::erfc(std::fabs(z) / std::sqrt(2.0)) : 0.0; }

std::vector<uint8_t> benjamini_hochberg(std::span<const double> p, double q) {
    const size_t m = p.size();
    std::vector<uint8_t> pass(m, 0);
    if (m == 0 || !(q > 0)) return pass;
    auto pv = [&](size_t i) { return std::isnan(p[i]) ? 1.0 : p[i]; };
    std::vector<size_t> order(m);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pv(a) < pv(b) || (pv(a) == pv(b) && a < b); });
    size_t k = 0;   // the largest 1-based rank with p_(k) <= k q / m
    for (size_t r = 0; r < m; ++r)
        if (pv(order[r]) <= static_cast<double>(r + 1) * q / static_cast<double>(m)) k = r + 1;
    for (size_t r = 0; r < k; ++r) pass[order[r]] = 1;
    return pass;
}

uint8_t gistar_bin(double z, bool passes_fdr) {
    if (!passes_fdr || !std::isfinite(z)) return 3;
    const double a = std::fabs(z);
    const int level = a >= 2.5758293035489004 ? 3 : a >= 1.959963984540054 ? 2 : a >= 1.6448536269514722 ? 1 : 0;
    if (level == 0) return 3;
    return static_cast<uint8_t>(z > 0 ? 3 + level : 3 - level);
}

namespace {
Status check_params(const Grid& g, const GiStarParams& p) {
    if (!std::isfinite(p.neighbour_m) || p.neighbour_m < 0)
        return make_error(ErrorKind::Invalid, "neighbour distance must be a finite number >= 0 m", {}, 0, "neighbour_m");
    if (p.neighbour_m > kMaxNeighbourCells * g.cell_m)
        return make_error(ErrorKind::Invalid, "neighbour distance " + format_fixed(p.neighbour_m) + " m is over " +
                          std::to_string(kMaxNeighbourCells) + " cells (" + format_fixed(kMaxNeighbourCells * g.cell_m) + " m)", {}, 0, "neighbour_m");
    if (!(p.fdr_q >= 0) || !(p.fdr_q < 1))
        return make_error(ErrorKind::Invalid, "FDR level must be in [0, 1)", {}, 0, "fdr_q");
    return Ok{};
}
}  // namespace

Result<GiStarField> gistar_field(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows, const GiStarParams& p) {
    if (auto st = check_params(g, p); !st) return st.error();
    GiStarField f;
    f.neighbour_m = p.neighbour_m > 0 ? p.neighbour_m : g.cell_m * std::sqrt(2.0);
    f.cells = study_area_cells(g, t, rows);
    if (f.cells.empty()) return make_error(ErrorKind::Invalid, "no incident with a position inside the grid");
    if (auto st = check_neighbour_entries(f.cells.size(), f.neighbour_m, g.cell_m); !st) return st.error();
    const auto counts = count_cells(g, t, rows);
    std::vector<double> x(f.cells.size());
    for (size_t k = 0; k < f.cells.size(); ++k) x[k] = counts[static_cast<size_t>(f.cells[k])];
    const auto nb = gistar_neighbours(g, f.cells, f.neighbour_m);
    f.z = gistar_z(x, nb);
    f.p.resize(f.z.size());
    for (size_t k = 0; k < f.z.size(); ++k) f.p[k] = two_sided_p(f.z[k]);
    f.fdr_pass = benjamini_hochberg(f.p, p.fdr_q);
    return f;
}

Result<CellLayer> gistar(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows, const GiStarParams& p) {
    auto f = gistar_field(g, t, rows, p);
    if (!f) return f.error();
    CellLayer l;
    l.layer = "gistar";
    l.title = p.fdr_q > 0 ? "Getis-Ord Gi* hot spots (FDR " + format_fixed(p.fdr_q, 2) + ")" : "Getis-Ord Gi* hot spots (no FDR)";
    l.value_name = "Gi* z-score";
    l.grid = g;
    l.classes = {{"cold spot (99%)", 0x4575b5e0}, {"cold spot (95%)", 0x849ebad0}, {"cold spot (90%)", 0xc0ccbec0},
                 {"not significant", 0xffffbf00}, {"hot spot (90%)", 0xfab984c0}, {"hot spot (95%)", 0xed7551d0},
                 {"hot spot (99%)", 0xd62f27e0}};
    l.cells = f->cells;
    l.value.resize(l.cells.size());
    l.klass.resize(l.cells.size());
    for (size_t k = 0; k < l.cells.size(); ++k) {
        l.value[k] = static_cast<float>(f->z[k]);
        const bool sig = p.fdr_q > 0 ? f->fdr_pass[k] != 0 : f->p[k] < 0.10;
        l.klass[k] = gistar_bin(f->z[k], sig);
        if (l.klass[k] != 3) ++l.significant;   // hot or cold as drawn (with FDR: passing BH and |z| >= 1.645)
    }
    l.notes.push_back("places: " + std::to_string(l.cells.size()) + " study-area cells of " + format_fixed(g.cell_m) +
                      " m (the convex hull of the incidents plus every occupied cell)");
    l.notes.push_back("weights: binary, the cell and every study-area cell whose centre is within " + format_fixed(f->neighbour_m) +
                      " m" + (p.neighbour_m > 0 ? "" : " (the queen neighbours: cell size x sqrt 2)") + ", self included");
    if (p.fdr_q > 0)
        l.notes.push_back("Benjamini-Hochberg false discovery rate " + format_fixed(p.fdr_q, 2) + " over the " +
                          std::to_string(l.cells.size()) + " cells: " + std::to_string(l.significant) +
                          " pass; only they are hot or cold spots (binned by |z| >= 1.645 / 1.960 / 2.576)");
    else
        l.notes.push_back("no FDR correction: hot / cold spots by the two-sided p-value alone (90/95/99%)");
    return l;
}
}  // namespace crimescope::hotspot
