// blend.cpp: the default forecaster of issue #19 ("a default forecaster that wins where it matters"): a blend
// of a recent and a long-term deseasonalised mean, optionally smoothed over neighbouring units, ranks the
// cells; a monotone median calibration (or a scale) turns the rate into the value forecast. Chosen and fitted
// on validation months that end at the month given, never on a later one. Declared in tendency.hpp (formulas
// there and in the methods notes of issue 19, "The default forecaster"). Tests: tests/core/forecast/test_blend.cpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "forecast/tendency.hpp"

namespace crimescope::forecast {

namespace {

constexpr std::array<int, 3> kLongMonths = {12, 24, 60};  // L: the mean of the last 12, 24 or 60 months
constexpr int kRecentMonths = 24;                         // R: the EWMA runs over at most the last 24 months
constexpr int kValidationMonths = 12;                     // a year of validation months: every calendar month once
constexpr double kHitTolerance = 0.02;  // candidates within 2% of the most crimes captured compete on error
constexpr std::array<double, 3> kDecays = {0.5, 0.8, 0.9};
constexpr std::array<double, 6> kRecentWeights = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0};
constexpr std::array<double, 4> kNeighbourWeights = {0.0, 0.2, 0.4, 0.6};

size_t cell_count(const CountCube& q) {
    return q.families.size() * q.units.size();
}

// σ(c, calendar month) for forecasting month t: each family's mean count in that calendar month over the last
// Y = min(5, t / 12) whole years before t, over its mean month in those years (+1 in both against empty
// families). False (σ = 1) when fewer than 2 years precede t.
bool seasonal_index(const CountCube& q, int t, std::vector<double>& sigma) {
    const size_t nc = q.families.size();
    sigma.assign(nc * 12, 1.0);
    const int years = std::min(5, t / 12);
    if (years < 2) return false;
    std::vector<double> tot(nc * 12, 0.0);
    for (size_t c = 0; c < nc; ++c)
        for (int tau = t - 12 * years; tau < t; ++tau) {
            double v = 0;
            for (size_t s = 0; s < q.units.size(); ++s) v += q.at(static_cast<int>(c), static_cast<int>(s), tau);
            tot[c * 12 + static_cast<size_t>((q.first_month + tau) % 12)] += v;
        }
    for (size_t c = 0; c < nc; ++c) {
        double all = 0;
        for (int k = 0; k < 12; ++k) all += tot[c * 12 + static_cast<size_t>(k)];
        const double mean_month = all / (12.0 * years);
        for (int k = 0; k < 12; ++k)
            sigma[c * 12 + static_cast<size_t>(k)] =
                (tot[c * 12 + static_cast<size_t>(k)] / years + 1) / (mean_month + 1);
    }
    return true;
}

// The parts of λ for month t from months < t: for `seasonal` off and on, L_n (n in `longs`) and R_d (d in
// `decays`), each per cell, and (with neighbours) their neighbour means; sigma_t[c] = σ(c, calendar month of t).
struct Parts {
    bool has_seasonal = false;
    std::vector<int> longs;
    std::vector<double> decays;
    // [seasonal][i < longs.size(): L of longs[i]; longs.size() + i: R of decays[i]][cell]
    std::array<std::vector<std::vector<double>>, 2> v, nb;
    std::vector<double> sigma_t;
};

Parts make_parts(const CountCube& q, int t, bool want_seasonal, bool want_neighbours, std::vector<int> longs,
                 std::vector<double> decays) {
    Parts p;
    p.longs = std::move(longs);
    p.decays = std::move(decays);
    const auto& kd = p.decays;
    const size_t nl = p.longs.size();
    const int longest = *std::max_element(p.longs.begin(), p.longs.end());
    const int nc = static_cast<int>(q.families.size()), ns = static_cast<int>(q.units.size());
    const size_t cells = cell_count(q);
    std::vector<double> sigma;
    p.has_seasonal = want_seasonal && seasonal_index(q, t, sigma);
    p.sigma_t.assign(static_cast<size_t>(nc), 1.0);
    if (p.has_seasonal)
        for (int c = 0; c < nc; ++c)
            p.sigma_t[static_cast<size_t>(c)] =
                sigma[static_cast<size_t>(c) * 12 + static_cast<size_t>((q.first_month + t) % 12)];
    const bool neighbours = want_neighbours && q.neighbours.size() == q.units.size();
    const int lo = std::max(0, t - std::max(longest, kRecentMonths));
    const int recent = std::min(kRecentMonths, t);
    std::vector<double> y(static_cast<size_t>(std::max(0, t - lo)));
    for (int seas = 0; seas <= (p.has_seasonal ? 1 : 0); ++seas) {
        auto& v = p.v[static_cast<size_t>(seas)];
        v.assign(nl + kd.size(), std::vector<double>(cells, 0.0));
        for (int c = 0; c < nc; ++c)
            for (int s = 0; s < ns; ++s) {
                const size_t i = static_cast<size_t>(c) * static_cast<size_t>(ns) + static_cast<size_t>(s);
                for (int tau = lo; tau < t; ++tau) {
                    double x = q.at(c, s, tau);
                    if (seas) x /= sigma[static_cast<size_t>(c) * 12 + static_cast<size_t>((q.first_month + tau) % 12)];
                    y[static_cast<size_t>(tau - lo)] = x;
                }
                for (size_t l = 0; l < nl; ++l) {
                    const int from = std::max(0, t - p.longs[l]);
                    double sum = 0;
                    for (int tau = from; tau < t; ++tau) sum += y[static_cast<size_t>(tau - lo)];
                    v[l][i] = t > from ? sum / (t - from) : 0;
                }
                for (size_t k = 0; k < kd.size(); ++k) {
                    double w = 1, sw = 0, sx = 0;
                    for (int pp = 1; pp <= recent; ++pp, w *= kd[k]) {
                        sw += w;
                        sx += w * y[static_cast<size_t>(t - pp - lo)];
                    }
                    v[nl + k][i] = sw > 0 ? sx / sw : 0;
                }
            }
        if (!neighbours) continue;
        auto& nb = p.nb[static_cast<size_t>(seas)];
        nb.assign(v.size(), std::vector<double>(cells, 0.0));
        for (size_t k = 0; k < v.size(); ++k)
            for (int c = 0; c < nc; ++c)
                for (int s = 0; s < ns; ++s) {
                    const auto& n = q.neighbours[static_cast<size_t>(s)];
                    const size_t base = static_cast<size_t>(c) * static_cast<size_t>(ns);
                    double sum = 0;
                    for (int u : n) sum += v[k][base + static_cast<size_t>(u)];
                    // A unit without neighbours is its own neighbourhood.
                    nb[k][base + static_cast<size_t>(s)] =
                        n.empty() ? v[k][base + static_cast<size_t>(s)] : sum / static_cast<double>(n.size());
                }
    }
    return p;
}

void rate_from_parts(const CountCube& q, const Parts& p, const BlendParams& b, std::vector<double>& out) {
    const size_t cells = cell_count(q), ns = q.units.size();
    out.assign(cells, 0.0);
    const int seas = b.seasonal && p.has_seasonal ? 1 : 0;
    const size_t nl = p.longs.size();
    size_t k = nl, l = 0;  // the listed decay nearest b.decay, the listed window nearest b.long_months
    for (size_t i = 0; i < p.decays.size(); ++i)
        if (std::fabs(p.decays[i] - b.decay) < std::fabs(p.decays[k - nl] - b.decay)) k = nl + i;
    for (size_t i = 0; i < nl; ++i)
        if (std::abs(p.longs[i] - b.long_months) < std::abs(p.longs[l] - b.long_months)) l = i;
    const auto& v = p.v[static_cast<size_t>(seas)];
    const auto& nb = p.nb[static_cast<size_t>(seas)];
    const double a = b.recent_weight, w = nb.empty() ? 0.0 : b.neighbour_weight;
    for (size_t i = 0; i < cells; ++i) {
        double m = a * v[k][i] + (1 - a) * v[l][i];
        if (w > 0) m = (1 - w) * m + w * (a * nb[k][i] + (1 - a) * nb[l][i]);
        out[i] = p.sigma_t[i / ns] * m;
    }
}

double median_of(std::vector<double>& v) {
    if (v.empty()) return 0;
    const size_t n = v.size(), h = n / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
    const double hi = v[h];
    if (n % 2) return hi;
    const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
    return 0.5 * (lo + hi);
}

}  // namespace

std::vector<double> blend_rate(const CountCube& q, int t, const BlendParams& b) {
    std::vector<double> out;
    if (t <= 0 || cell_count(q) == 0) return std::vector<double>(cell_count(q), 0.0);
    const Parts p = make_parts(q, t, b.seasonal, b.neighbour_weight > 0, {std::max(1, b.long_months)}, {b.decay});
    rate_from_parts(q, p, b, out);
    return out;
}

std::vector<double> default_rate(const CountCube& q, int t, const DefaultForecaster& d) {
    if (d.kind != DefaultForecaster::Blend) return forecast_month(q, t, Method::Default, d);
    return blend_rate(q, t, {d.recent_weight, d.param, d.neighbour_weight, d.seasonal, d.long_months});
}

double calibrate(const std::vector<double>& x, const std::vector<double>& y, double rate) {
    const double tie = 1e-6 * rate;
    if (x.empty() || x.size() != y.size()) return rate;
    double v;
    if (rate <= x.front())
        v = y.front();
    else if (rate >= x.back())
        v = x.back() > 0 ? y.back() * rate / x.back() : y.back();
    else {
        const size_t k =
            static_cast<size_t>(std::upper_bound(x.begin(), x.end(), rate) - x.begin());  // x[k-1] <= rate < x[k]
        const double span = x[k] - x[k - 1];
        v = span > 0 ? y[k - 1] + (y[k] - y[k - 1]) * (rate - x[k - 1]) / span : y[k];
    }
    return v + tie;
}

void fit_calibration(std::vector<std::pair<double, double>> ro, std::vector<double>& kx, std::vector<double>& ky) {
    kx.clear();
    ky.clear();
    if (ro.empty()) return;
    std::sort(ro.begin(), ro.end());
    const size_t n = ro.size();
    const size_t bins = std::clamp<size_t>(n / 30, 1, 200);
    // Blocks are ranges [lo, hi) of the pairs sorted by rate; a block's rate is its mean rate and its value the
    // median observed count. Equal-rate blocks merge (ties cannot be told apart); then adjacent violators pool.
    struct Block {
        size_t lo, hi;
        double rate, value;
    };
    auto make = [&](size_t lo, size_t hi) {
        double sr = 0;
        std::vector<double> o;
        o.reserve(hi - lo);
        for (size_t i = lo; i < hi; ++i) {
            sr += ro[i].first;
            o.push_back(ro[i].second);
        }
        return Block{lo, hi, sr / static_cast<double>(hi - lo), median_of(o)};
    };
    std::vector<Block> blocks;
    for (size_t b = 0; b < bins; ++b) {
        size_t lo = b * n / bins, hi = (b + 1) * n / bins;
        if (!blocks.empty()) lo = blocks.back().hi;
        // Extend a bin over every pair that shares its last rate, so that tied rates sit in one block.
        while (hi < n && hi > lo && ro[hi].first == ro[hi - 1].first) ++hi;
        if (hi <= lo) continue;
        blocks.push_back(make(lo, hi));
        if (hi >= n) break;
    }
    std::vector<Block> pooled;
    for (const auto& b : blocks) {
        pooled.push_back(b);
        while (pooled.size() >= 2 && pooled[pooled.size() - 2].value > pooled.back().value) {
            const size_t lo = pooled[pooled.size() - 2].lo, hi = pooled.back().hi;
            pooled.pop_back();
            pooled.back() = make(lo, hi);
        }
    }
    for (const auto& b : pooled) {
        if (!kx.empty() && b.rate <= kx.back()) {  // equal mean rates after pooling: keep the larger value
            ky.back() = std::max(ky.back(), b.value);
            continue;
        }
        kx.push_back(b.rate);
        ky.push_back(b.value);
    }
}

double fit_scale(const std::vector<std::pair<double, double>>& ro) {
    std::vector<std::pair<double, double>> ratio_weight;
    double total = 0;
    for (const auto& [r, y] : ro)
        if (r > 0) {
            ratio_weight.push_back({y / r, r});
            total += r;
        }
    if (ratio_weight.empty()) return 1;
    std::sort(ratio_weight.begin(), ratio_weight.end());
    double acc = 0;
    for (const auto& [k, w] : ratio_weight) {
        acc += w;
        if (acc >= 0.5 * total) return k;
    }
    return ratio_weight.back().first;
}

DefaultForecaster choose_blend(const CountCube& q, int v) {
    DefaultForecaster best;
    best.kind = DefaultForecaster::Blend;
    if (v >= q.n_months) v = q.n_months - 1;
    const int first = std::max(kBlendMinHistory, v - kValidationMonths + 1);
    const size_t cells = cell_count(q);
    if (v < first || cells == 0) return best;
    const bool seasonal = first >= 24;
    const bool neighbours = q.neighbours.size() == q.units.size();
    std::vector<Parts> parts;
    for (int u = first; u <= v; ++u)
        parts.push_back(make_parts(q, u, seasonal, neighbours, {kLongMonths.begin(), kLongMonths.end()},
                                   {kDecays.begin(), kDecays.end()}));
    const size_t k5 =
        std::min(cells, std::max<size_t>(1, static_cast<size_t>(std::round(0.05 * static_cast<double>(cells)))));
    std::vector<BlendParams> cands;
    for (int seas = 0; seas <= (seasonal ? 1 : 0); ++seas)
        for (double b : kNeighbourWeights) {
            if (b > 0 && !neighbours) continue;
            for (int n : kLongMonths)
                for (double a : kRecentWeights)
                    for (double d : kDecays) {
                        if (a == 0 && d != kDecays[0]) continue;      // d does not matter without R
                        if (a == 1 && n != kLongMonths[0]) continue;  // nor L's window without L
                        cands.push_back({a, d, b, seas == 1, n});
                    }
        }
    std::vector<double> rate, cand_hits, cand_l1;
    std::vector<size_t> order(cells);
    for (const auto& c : cands) {
        double hits = 0, l1 = 0;
        for (size_t m = 0; m < parts.size(); ++m) {
            const int u = first + static_cast<int>(m);
            rate_from_parts(q, parts[m], c, rate);
            std::iota(order.begin(), order.end(), size_t{0});
            std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k5 - 1), order.end(),
                             [&](size_t a, size_t b) { return rate[a] > rate[b] || (rate[a] == rate[b] && a < b); });
            const size_t ns = q.units.size();
            for (size_t i = 0; i < k5; ++i)
                hits += q.at(static_cast<int>(order[i] / ns), static_cast<int>(order[i] % ns), u);
            for (size_t i = 0; i < cells; ++i)
                l1 += std::fabs(rate[i] - q.at(static_cast<int>(i / ns), static_cast<int>(i % ns), u));
        }
        cand_hits.push_back(hits);
        cand_l1.push_back(l1);
    }
    // Among the candidates capturing at least (1 - tolerance) of the most crimes captured, the one whose rate
    // errs least (absolute error); on equal error the first listed.
    const double most = *std::max_element(cand_hits.begin(), cand_hits.end());
    size_t pick = cands.size();
    for (size_t i = 0; i < cands.size(); ++i)
        if (cand_hits[i] >= (1 - kHitTolerance) * most - 1e-9 &&
            (pick == cands.size() || cand_l1[i] < cand_l1[pick] - 1e-9))
            pick = i;
    const BlendParams chosen = cands[pick];
    // The value forecast: the median calibration or the rate times a scale κ (the weighted median of count /
    // rate, weights = rate: the κ of least absolute error), whichever has the smaller absolute error on each
    // validation month when fitted on the other validation months.
    std::vector<std::vector<std::pair<double, double>>> by_month(parts.size());
    for (size_t m = 0; m < parts.size(); ++m) {
        const int u = first + static_cast<int>(m);
        rate_from_parts(q, parts[m], chosen, rate);
        const size_t ns = q.units.size();
        for (size_t i = 0; i < cells; ++i)
            by_month[m].push_back({rate[i], q.at(static_cast<int>(i / ns), static_cast<int>(i % ns), u)});
    }
    auto pooled = [&](size_t skip) {
        std::vector<std::pair<double, double>> ro;
        for (size_t m = 0; m < by_month.size(); ++m)
            if (m != skip) ro.insert(ro.end(), by_month[m].begin(), by_month[m].end());
        return ro;
    };
    bool use_scale = false;
    if (by_month.size() >= 2) {
        double err_cal = 0, err_scale = 0;
        for (size_t m = 0; m < by_month.size(); ++m) {
            std::vector<double> kx, ky;
            auto ro = pooled(m);
            const double k = fit_scale(ro);
            fit_calibration(std::move(ro), kx, ky);
            for (const auto& [r, y] : by_month[m]) {
                err_cal += std::fabs(calibrate(kx, ky, r) - y);
                err_scale += std::fabs(k * r - y);
            }
        }
        use_scale = err_scale < err_cal;
    }
    auto all = pooled(by_month.size());
    if (use_scale)
        best.scale = fit_scale(all);
    else
        fit_calibration(std::move(all), best.calib_rate, best.calib_value);
    best.param = chosen.decay;
    best.recent_weight = chosen.recent_weight;
    best.neighbour_weight = chosen.neighbour_weight;
    best.seasonal = chosen.seasonal;
    best.long_months = chosen.long_months;
    best.validation_first = first;
    best.validation_last = v;
    return best;
}

}  // namespace crimescope::forecast
