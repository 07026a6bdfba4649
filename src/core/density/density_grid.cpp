#include "density/density_grid.hpp"

#include <algorithm>
#include <cmath>

#include "base/parallel.hpp"

namespace crimescope::density {

double bin_side_for(double px_per_unit, double target_px) {
    if (!(px_per_unit > 0) || !(target_px > 0)) return 1;
    // side = 2^(k/2) units, the smallest such that side * px_per_unit >= target_px.
    const double k = std::ceil(2.0 * std::log2(target_px / px_per_unit) - 1e-9);
    return std::exp2(k / 2.0);
}

Box DensityGrid::box() const {
    return Box{static_cast<double>(i0) * side, static_cast<double>(j0) * side, static_cast<double>(i0 + nx) * side,
               static_cast<double>(j0 + ny) * side};
}

uint64_t DensityGrid::count_in(const Box& b) const {
    if (nx <= 0 || ny <= 0 || !(side > 0)) return 0;
    const int64_t ia = std::max<int64_t>(i0, static_cast<int64_t>(std::floor(b.x_min / side)));
    const int64_t ib = std::min<int64_t>(i0 + nx - 1, static_cast<int64_t>(std::floor(b.x_max / side)));
    const int64_t ja = std::max<int64_t>(j0, static_cast<int64_t>(std::floor(b.y_min / side)));
    const int64_t jb = std::min<int64_t>(j0 + ny - 1, static_cast<int64_t>(std::floor(b.y_max / side)));
    uint64_t n = 0;
    for (int64_t j = ja; j <= jb; ++j) {
        const uint32_t* row = counts.data() + static_cast<size_t>(j - j0) * static_cast<size_t>(nx);
        for (int64_t i = ia; i <= ib; ++i) n += row[i - i0];
    }
    return n;
}

RowRange rows_in_days(const data::IncidentTable& t, int32_t day_min, int32_t day_max, bool sorted_by_day) {
    if (!sorted_by_day) return {0, t.size()};
    if (day_min > day_max) return {0, 0};
    const auto a = std::lower_bound(t.day.begin(), t.day.end(), day_min);
    const auto b = std::upper_bound(a, t.day.end(), day_max);
    return {static_cast<size_t>(a - t.day.begin()), static_cast<size_t>(b - t.day.begin())};
}

DensityGrid bin_filtered(const data::IncidentTable& t, const data::CategoryColumn* col, const data::Filter& f,
                         std::span<const double> xy, const BinParams& p) {
    DensityGrid g;
    g.side = p.side > 0 && std::isfinite(p.side) ? p.side : 1;
    const double inv = 1.0 / g.side;
    // The region snapped outwards to whole bins, shrunk about its centre when it would exceed max_bins.
    Box r = p.region;
    if (!(r.x_max >= r.x_min) || !(r.y_max >= r.y_min) || !std::isfinite(r.x_min + r.x_max + r.y_min + r.y_max)) r = Box{};
    double w_bins = std::ceil(r.width() * inv) + 1, h_bins = std::ceil(r.height() * inv) + 1;
    const double max_bins = static_cast<double>(std::max<size_t>(1, p.max_bins));
    if (w_bins * h_bins > max_bins) {
        const double k = std::sqrt(max_bins / (w_bins * h_bins));
        const double cx = 0.5 * (r.x_min + r.x_max), cy = 0.5 * (r.y_min + r.y_max);
        const double hw = 0.5 * r.width() * k, hh = 0.5 * r.height() * k;
        r = Box{cx - hw, cy - hh, cx + hw, cy + hh};
    }
    g.i0 = static_cast<int64_t>(std::floor(r.x_min * inv));
    g.j0 = static_cast<int64_t>(std::floor(r.y_min * inv));
    const int64_t i1 = std::max<int64_t>(g.i0 + 1, static_cast<int64_t>(std::ceil(r.x_max * inv)));
    const int64_t j1 = std::max<int64_t>(g.j0 + 1, static_cast<int64_t>(std::ceil(r.y_max * inv)));
    g.nx = static_cast<int>(std::min<int64_t>(i1 - g.i0, static_cast<int64_t>(max_bins)));
    g.ny = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(j1 - g.j0, static_cast<int64_t>(max_bins) / g.nx)));
    const size_t cells = static_cast<size_t>(g.nx) * static_cast<size_t>(g.ny);
    g.counts.assign(cells, 0);
    if (xy.size() < 2 * t.size()) return g;   // a caller's mistake: nothing is binned

    const RowRange rows = rows_in_days(t, f.day_min, f.day_max, p.rows_sorted_by_day);
    const bool hours = !f.all_hours();
    const int m_min = f.hour_min * 60, m_max = f.hour_max * 60;
    const bool cats = col && !f.category_on.empty() && f.category_on.size() >= col->dict.size();
    const int64_t i0 = g.i0, j0 = g.j0, nx = g.nx, ny = g.ny;

    // Contiguous row chunks, each with its own counts (merged below): no atomics, same result on any core count.
    const size_t n_rows = rows.last - rows.first;
    const unsigned threads = p.threads ? p.threads : worker_count();
    const size_t n_chunks = n_rows >= 200000 && threads > 1 ? threads : 1;
    struct Part { std::vector<uint32_t> counts; uint64_t binned = 0, outside = 0; };
    std::vector<Part> parts(n_chunks);
    auto bin_chunk = [&](size_t c) {
        Part& part = parts[c];
        uint32_t* out = g.counts.data();
        if (n_chunks > 1) {
            part.counts.assign(cells, 0);
            out = part.counts.data();
        }
        const size_t a = rows.first + n_rows * c / n_chunks, b = rows.first + n_rows * (c + 1) / n_chunks;
        for (size_t row = a; row < b; ++row) {
            const int32_t d = t.day[row];
            if (d < f.day_min || d > f.day_max) continue;
            if (hours) {
                const int m = t.minute_of_day[row];
                if (m < 0 || m < m_min || m >= m_max) continue;
            }
            if (cats && !f.category_on[col->codes[row]]) continue;
            const double x = xy[2 * row] * inv, y = xy[2 * row + 1] * inv;
            // NaN and far-away positions fail these comparisons and count as outside.
            if (!(x >= static_cast<double>(i0) && x < static_cast<double>(i0 + nx) && y >= static_cast<double>(j0) &&
                  y < static_cast<double>(j0 + ny))) {
                ++part.outside;
                continue;
            }
            // x - i0 >= 0 here, so truncation is the floor; the clamp guards the last bin against rounding.
            const int64_t i = std::min<int64_t>(nx - 1, static_cast<int64_t>(x - static_cast<double>(i0)));
            const int64_t j = std::min<int64_t>(ny - 1, static_cast<int64_t>(y - static_cast<double>(j0)));
            ++out[static_cast<size_t>(j) * static_cast<size_t>(nx) + static_cast<size_t>(i)];
            ++part.binned;
        }
    };
    parallel_for(n_chunks, bin_chunk, static_cast<unsigned>(n_chunks));
    for (const Part& part : parts) {
        g.binned += part.binned;
        g.outside += part.outside;
        if (n_chunks > 1)
            for (size_t k = 0; k < cells; ++k) g.counts[k] += part.counts[k];
    }
    for (uint32_t c : g.counts) {
        g.occupied += c > 0;
        g.max_count = std::max(g.max_count, c);
    }
    return g;
}

bool density_wanted(uint64_t points_in_view, double view_css_px2, bool was_on, const DensityRule& rule) {
    if (!(view_css_px2 > 0) || !(rule.css_px2_per_point > 0)) return false;
    const double threshold = view_css_px2 / rule.css_px2_per_point;
    return static_cast<double>(points_in_view) > (was_on ? threshold * rule.off_below : threshold);
}

}  // namespace crimescope::density
