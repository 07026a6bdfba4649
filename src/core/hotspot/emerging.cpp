// emerging.cpp: emerging hot spot analysis (issue #19); see emerging.hpp and tests/core/hotspot/test_emerging.cpp.
//
// Gi* of bin (c, m) (cell c, month m) over the space-time neighbourhood: the study-area cells within neighbour_m of c
// (self included) in months m - time_step .. m (those inside the cube). The mean and standard deviation are those of
// every bin of the cube (N = cells x months), as in ArcGIS's space-time Gi*.
#include "hotspot/emerging.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "hotspot/gistar.hpp"
#include "hotspot/mann_kendall.hpp"
#include "hotspot/study_area.hpp"

namespace crimescope::hotspot {


const char* emerging_category_name(EmergingCategory c) {
    switch (c) {
        case EmergingCategory::NoPattern: return "no pattern detected";
        case EmergingCategory::NewHot: return "new hot spot";
        case EmergingCategory::ConsecutiveHot: return "consecutive hot spot";
        case EmergingCategory::IntensifyingHot: return "intensifying hot spot";
        case EmergingCategory::PersistentHot: return "persistent hot spot";
        case EmergingCategory::DiminishingHot: return "diminishing hot spot";
        case EmergingCategory::SporadicHot: return "sporadic hot spot";
        case EmergingCategory::OscillatingHot: return "oscillating hot spot";
        case EmergingCategory::HistoricalHot: return "historical hot spot";
        case EmergingCategory::NewCold: return "new cold spot";
        case EmergingCategory::ConsecutiveCold: return "consecutive cold spot";
        case EmergingCategory::IntensifyingCold: return "intensifying cold spot";
        case EmergingCategory::PersistentCold: return "persistent cold spot";
        case EmergingCategory::DiminishingCold: return "diminishing cold spot";
        case EmergingCategory::SporadicCold: return "sporadic cold spot";
        case EmergingCategory::OscillatingCold: return "oscillating cold spot";
        case EmergingCategory::HistoricalCold: return "historical cold spot";
    }
    return "?";
}

namespace {
// The patterns of one sign (+1 hot, -1 cold) for a series whose final step has that sign, or, when `final_only` is
// false, the historical pattern. Returns the offset 0..7 (new .. historical) or -1.
int pattern_of_sign(std::span<const int8_t> st, int sign, double trend_z, double trend_p, double alpha) {
    const size_t n = st.size();
    size_t same = 0, opposite = 0;
    for (int8_t s : st) {
        same += s == sign;
        opposite += s == -sign;
    }
    const bool most = same * 10 >= n * 9;            // at least 90% of the time steps
    const bool last = st[n - 1] == sign;
    const bool trend = trend_p < alpha;
    // "Intensity increasing" for hot spots is a rising z; for cold spots a falling z (more intensely cold).
    const bool rising = trend && trend_z * sign > 0, falling = trend && trend_z * sign < 0;
    if (most) {
        if (!last) return 7;                         // historical
        if (rising) return 2;                        // intensifying
        if (falling) return 4;                       // diminishing
        return 3;                                    // persistent
    }
    if (!last) return -1;
    if (same == 1) return 0;                         // new: the final step only
    size_t run = 0;
    while (run < n && st[n - 1 - run] == sign) ++run;
    if (run == same && run >= 2) return 1;           // consecutive: one final run, never before it
    if (opposite > 0) return 6;                      // oscillating: a significant opposite spot at some earlier step
    return 5;                                        // sporadic: on and off, never the opposite
}
}  // namespace

EmergingCategory classify_emerging(std::span<const int8_t> state, double trend_z, double trend_p, double alpha) {
    if (state.empty()) return EmergingCategory::NoPattern;
    const int8_t last = state.back();
    // The final time step decides first (a present hot or cold pattern), then the historical patterns.
    if (last != 0) {
        const int k = pattern_of_sign(state, last, trend_z, trend_p, alpha);
        if (k >= 0) return static_cast<EmergingCategory>((last > 0 ? 1 : 9) + k);
    }
    for (int sign : {+1, -1}) {
        if (last == sign) continue;
        const int k = pattern_of_sign(state, sign, trend_z, trend_p, alpha);
        if (k == 7) return static_cast<EmergingCategory>((sign > 0 ? 1 : 9) + k);
    }
    return EmergingCategory::NoPattern;
}

Result<EmergingResult> emerging(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows, const EmergingParams& p) {
    if (!std::isfinite(p.neighbour_m) || p.neighbour_m < 0 || p.neighbour_m > 50 * g.cell_m)
        return make_error(ErrorKind::Invalid, "neighbour distance must be in [0, 50 cells] m", {}, 0, "neighbour_m");
    if (p.time_step_months < 0 || p.time_step_months > 24)
        return make_error(ErrorKind::Invalid, "neighbourhood time step must be 0..24 months", {}, 0, "time_step_months");
    if (!(p.alpha > 0) || !(p.alpha < 1)) return make_error(ErrorKind::Invalid, "alpha must be in (0, 1)", {}, 0, "alpha");
    if (!(p.fdr_q >= 0) || !(p.fdr_q < 1)) return make_error(ErrorKind::Invalid, "FDR level must be in [0, 1)", {}, 0, "fdr_q");
    EmergingResult res;
    CellLayer& l = res.layer;
    l.layer = "emerging";
    l.grid = g;
    l.value_name = "Mann-Kendall trend z of the monthly Gi* z";
    l.cells = study_area_cells(g, t, rows);
    if (l.cells.empty()) return make_error(ErrorKind::Invalid, "no incident with a position inside the grid");
    if (auto st = check_cell_months(g, t, rows); !st) return st.error();
    const MonthlyCells mc = count_cells_by_month(g, t, rows);
    const int M = mc.months;
    if (M < std::max(2, p.min_months))
        return make_error(ErrorKind::Invalid, "emerging hot spots need at least " + std::to_string(std::max(2, p.min_months)) +
                          " months; the rows span " + std::to_string(M), {}, 0, "months");
    res.first_month = mc.first_month;
    res.months = M;
    const size_t n = l.cells.size(), Mz = static_cast<size_t>(M);
    const double nb_m = p.neighbour_m > 0 ? p.neighbour_m : g.cell_m * std::sqrt(2.0);
    if (auto st = check_neighbour_entries(l.cells.size(), nb_m, g.cell_m); !st) return st.error();
    const auto nb = gistar_neighbours(g, l.cells, nb_m);
    // x[m * n + k]: the count of place k in month m. Space lag per bin, then the time window.
    std::vector<double> x(Mz * n), sp(Mz * n, 0.0);
    double sum = 0, sum2 = 0;
    for (size_t m = 0; m < Mz; ++m)
        for (size_t k = 0; k < n; ++k) {
            const double v = mc.at(static_cast<int>(m), static_cast<size_t>(l.cells[k]));
            x[m * n + k] = v;
            sum += v;
            sum2 += v * v;
        }
    for (size_t m = 0; m < Mz; ++m)
        for (size_t k = 0; k < n; ++k) {
            double s = 0;
            for (uint32_t j : nb[k]) s += x[m * n + j];
            sp[m * n + k] = s;
        }
    const double N = static_cast<double>(Mz * n), mean = sum / N, var = sum2 / N - mean * mean;
    const double S = var > 1e-12 * std::max(1.0, mean * mean) ? std::sqrt(var) : 0.0;
    std::vector<double> z(Mz * n, 0.0), pv(Mz * n, 1.0);
    const size_t T = static_cast<size_t>(p.time_step_months);
    for (size_t m = 0; m < Mz; ++m) {
        const size_t m0 = m >= T ? m - T : 0;
        for (size_t k = 0; k < n; ++k) {
            double lag = 0;
            for (size_t q = m0; q <= m; ++q) lag += sp[q * n + k];
            const double w = static_cast<double>(nb[k].size() * (m - m0 + 1));
            const double d2 = (N * w - w * w) / (N - 1);
            const double zz = S > 0 && d2 > 0 ? (lag - mean * w) / (S * std::sqrt(d2)) : 0.0;
            z[m * n + k] = zz;
            pv[m * n + k] = two_sided_p(zz);
        }
    }
    std::vector<uint8_t> pass;
    if (p.fdr_q > 0) pass = benjamini_hochberg(pv, p.fdr_q);
    res.category_counts.assign(kEmergingCategories, 0);
    l.value.resize(n);
    l.klass.resize(n);
    std::vector<int8_t> st(Mz);
    std::vector<double> series(Mz);
    for (size_t k = 0; k < n; ++k) {
        for (size_t m = 0; m < Mz; ++m) {
            const size_t b = m * n + k;
            const bool sig = pv[b] < p.alpha && (p.fdr_q > 0 ? pass[b] != 0 : true);
            st[m] = sig ? (z[b] > 0 ? 1 : -1) : 0;
            series[m] = z[b];
        }
        const auto mk = mann_kendall(series);
        const auto c = classify_emerging(st, mk.z, mk.p, p.alpha);
        l.value[k] = static_cast<float>(mk.z);
        l.klass[k] = static_cast<uint8_t>(c);
        ++res.category_counts[static_cast<size_t>(c)];
        if (c != EmergingCategory::NoPattern) ++l.significant;
    }
    static const uint32_t colours[kEmergingCategories] = {
        0xdddddd00,                                                                       // no pattern
        0xfcbba1d0, 0xfc9272d0, 0xa50f15e8, 0xde2d26e0, 0xfb6a4ad0, 0xfdd0a2d0, 0xf16913d0, 0x8c6d6dc0,   // hot
        0xc6dbefd0, 0x9ecae1d0, 0x08519ce8, 0x3182bde0, 0x6baed6d0, 0xd0d1e6d0, 0x807dbad0, 0x6d7a8cc0};  // cold
    for (int c = 0; c < kEmergingCategories; ++c)
        l.classes.push_back({emerging_category_name(static_cast<EmergingCategory>(c)), colours[c]});
    l.title = "Emerging hot spots (" + std::to_string(M) + " months, " + month_text(mc.first_month) + " to " +
              month_text(mc.first_month + M - 1) + ")";
    l.notes.push_back("time steps: " + std::to_string(M) + " calendar months " + month_text(mc.first_month) + " .. " +
                      month_text(mc.first_month + M - 1) + " (months without incidents count as zeros)");
    l.notes.push_back("space-time Gi*: the cell and the study-area cells within " + format_fixed(nb_m) + " m" +
                      (p.neighbour_m > 0 ? "" : " (queen neighbours)") + ", in the month and the " +
                      std::to_string(p.time_step_months) + " month(s) before (neighbourhood time step " +
                      std::to_string(p.time_step_months) + "); mean and SD over all " + std::to_string(Mz * n) + " bins");
    l.notes.push_back(std::string("a bin is a significant hot / cold spot when p < ") + format_fixed(p.alpha, 2) +
                      (p.fdr_q > 0 ? " and it passes Benjamini-Hochberg at " + format_fixed(p.fdr_q, 2) + " over all bins" : " (no FDR)"));
    l.notes.push_back("trend: Mann-Kendall on each cell's monthly Gi* z series, significant when p < " + format_fixed(p.alpha, 2) +
                      "; '90% of the time steps' means at least ceil(0.9 x " + std::to_string(M) + ") = " +
                      std::to_string((9 * M + 9) / 10) + " months");
    if (M < 5)   // n = 4 at best: S = 6, Var = 8.67, Z = 1.70, p = 0.089
        l.notes.push_back("with fewer than 5 months Mann-Kendall cannot reach p < 0.05: no intensifying or diminishing spots");
    return res;
}
}  // namespace crimescope::hotspot
