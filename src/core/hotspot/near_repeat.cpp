// near_repeat.cpp: the Knox test with Monte Carlo permutations of the dates (issue #19, near repeats). The pairs
// closer than the last space edge are found once (incidents sorted by x, a sweep over the strip |dx| < edge) and
// kept as a compact neighbour list; each permutation only recounts their day differences. The "beyond the last
// space edge" row needs no pairs: the number of all pairs per time band depends only on the multiset of dates,
// which a permutation does not change, so that row is (all pairs in the time band) - (near pairs in it).
// See tests/core/hotspot/test_near_repeat.cpp.
#include "hotspot/near_repeat.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "base/dates.hpp"
#include "base/parallel.hpp"
#include "hotspot/grid.hpp"

namespace crimescope::hotspot {

namespace {

Error invalid(const std::string& field, const std::string& message) {
    return make_error(ErrorKind::Invalid, message, {}, 0, field);
}

// The near pairs as a CSR list over incidents in sweep order: for incident a, nbr[off[a] .. off[a + 1]) are
// the later incidents b closer than the last space edge, band[k] their space band.
struct NearPairs {
    std::vector<uint64_t> off;
    std::vector<uint32_t> nbr;
    std::vector<uint8_t> band;
};

// Counts of one date assignment (days since the first, any integer type): counts[s * T + t] for s < S, t < T, plus per space band the near pairs at or
// beyond the last time edge, in counts[S * T + s].
template <class Day>
void count_near(const NearPairs& np, const std::vector<Day>& day, const std::vector<uint16_t>& band_of_dt, int S, int T,
                std::vector<uint64_t>& counts) {
    std::fill(counts.begin(), counts.end(), 0);
    const int64_t tmax = static_cast<int64_t>(band_of_dt.size());
    const size_t n = day.size();
    const size_t beyond = static_cast<size_t>(S) * static_cast<size_t>(T);
    for (size_t a = 0; a < n; ++a) {
        const int64_t da = day[a];
        for (uint64_t k = np.off[a]; k < np.off[a + 1]; ++k) {
            const int64_t dt = std::abs(da - static_cast<int64_t>(day[np.nbr[k]]));
            const size_t s = np.band[k];
            if (dt < tmax)
                ++counts[s * static_cast<size_t>(T) + band_of_dt[static_cast<size_t>(dt)]];
            else
                ++counts[beyond + s];
        }
    }
}

}  // namespace

Status check_near_repeat_params(const NearRepeatParams& p) {
    if (!(p.space_band_m > 0) || !(p.space_band_m <= 100000))
        return invalid("space_band_m", "the space band width must be in (0, 100000] metres");
    if (p.space_bands < 1 || p.space_bands > kNearRepeatMaxBands)
        return invalid("space_bands", "the number of space bands must be in 1.." + std::to_string(kNearRepeatMaxBands));
    if (p.time_band_days < 1 || p.time_band_days > kNearRepeatMaxBandDays)
        return invalid("time_band_days", "the time band width must be in 1.." + std::to_string(kNearRepeatMaxBandDays) + " days");
    if (p.time_bands < 1 || p.time_bands > kNearRepeatMaxBands)
        return invalid("time_bands", "the number of time bands must be in 1.." + std::to_string(kNearRepeatMaxBands));
    if (p.permutations < 1 || p.permutations > kNearRepeatMaxPermutations)
        return invalid("permutations", "the number of permutations must be in 1.." + std::to_string(kNearRepeatMaxPermutations));
    if (p.max_incidents < 2 || p.max_incidents > kNearRepeatMaxIncidents)
        return invalid("max_incidents", "the incident cap must be in 2.." + std::to_string(kNearRepeatMaxIncidents));
    return Ok{};
}

int near_repeat_space_band(double dist_m, const NearRepeatParams& p) {
    const double b = std::floor(dist_m / p.space_band_m);
    if (!(b >= 0)) return 0;
    return b >= p.space_bands ? p.space_bands : static_cast<int>(b);
}

int near_repeat_time_band(int64_t days_apart, const NearRepeatParams& p) {
    const int64_t dt = days_apart < 0 ? -days_apart : days_apart;
    const int64_t b = dt / p.time_band_days;
    return b >= p.time_bands ? p.time_bands : static_cast<int>(b);
}

std::vector<size_t> most_recent_rows(const data::IncidentTable& t, std::span<const size_t> rows, size_t max_rows) {
    std::vector<size_t> out(rows.begin(), rows.end());
    if (out.size() > max_rows) {
        auto later = [&](size_t a, size_t b) {
            if (t.day[a] != t.day[b]) return t.day[a] > t.day[b];
            if (t.minute_of_day[a] != t.minute_of_day[b]) return t.minute_of_day[a] > t.minute_of_day[b];
            return a > b;
        };
        std::nth_element(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(max_rows), out.end(), later);
        out.resize(max_rows);
    }
    std::sort(out.begin(), out.end());
    return out;
}

uint64_t uniform_below(std::mt19937_64& rng, uint64_t n) {
    if (n <= 1) return 0;
    // Reject the lowest 2^64 mod n outputs: what is left is a whole number of copies of [0, n).
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
        const uint64_t r = rng();
        if (r >= threshold) return r % n;
    }
}

Result<NearRepeatResult> near_repeat_xy(std::span<const double> x_m, std::span<const double> y_m, std::span<const int32_t> day,
                                        const NearRepeatParams& p, const std::function<bool(int, int)>& progress) {
    if (auto ok = check_near_repeat_params(p); !ok) return ok.error();
    if (x_m.size() != y_m.size() || x_m.size() != day.size())
        return invalid("", "near_repeat_xy: x, y and day must have one entry per incident");
    const size_t n = x_m.size();
    if (n < 2) return invalid("", "the near repeat test needs at least 2 incidents with a position (" + std::to_string(n) + " given)");
    if (n > kNearRepeatMaxIncidents)
        return invalid("max_incidents", "more than " + std::to_string(kNearRepeatMaxIncidents) + " incidents: cap them first");
    for (size_t i = 0; i < n; ++i)
        if (!std::isfinite(x_m[i]) || !std::isfinite(y_m[i])) return invalid("", "incident " + std::to_string(i) + " has no finite position");

    const int S = p.space_bands, T = p.time_bands;
    const double edge_m = p.space_band_m * S;

    // Sweep order: by x, then y, then input index (a total order, so the same on every platform).
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        if (x_m[a] != x_m[b]) return x_m[a] < x_m[b];
        if (y_m[a] != y_m[b]) return y_m[a] < y_m[b];
        return a < b;
    });
    std::vector<double> xs(n), ys(n);
    std::vector<int32_t> days(n);
    for (size_t k = 0; k < n; ++k) {
        xs[k] = x_m[order[k]];
        ys[k] = y_m[order[k]];
        days[k] = day[order[k]];
    }

    NearPairs np;
    np.off.assign(n + 1, 0);
    for (size_t a = 0; a < n; ++a) {
        np.off[a] = np.nbr.size();
        for (size_t b = a + 1; b < n && xs[b] - xs[a] < edge_m; ++b) {
            const double dy = ys[b] - ys[a];
            if (!(std::abs(dy) < edge_m)) continue;
            const int s = near_repeat_space_band(std::hypot(xs[b] - xs[a], dy), p);
            if (s >= S) continue;
            if (np.nbr.size() >= kNearRepeatMaxNearPairs)
                return invalid("space_bands", "more than " + std::to_string(kNearRepeatMaxNearPairs) + " pairs of incidents lie within " +
                                                  std::to_string(static_cast<long long>(edge_m)) + " m: narrow the filters or the bands");
            np.nbr.push_back(static_cast<uint32_t>(b));
            np.band.push_back(static_cast<uint8_t>(s));
        }
    }
    np.off[n] = np.nbr.size();

    NearRepeatResult r;
    r.params = p;
    r.incidents = n;
    r.first_day = *std::min_element(days.begin(), days.end());
    r.last_day = *std::max_element(days.begin(), days.end());
    r.pairs_total = static_cast<uint64_t>(n) * (n - 1) / 2;
    r.pairs_near = np.nbr.size();

    // All pairs per time band, from the dates alone (invariant under permutation): distinct days and their counts.
    std::vector<int32_t> sorted_days = days;
    std::sort(sorted_days.begin(), sorted_days.end());
    std::vector<std::pair<int32_t, uint64_t>> day_counts;
    for (int32_t d : sorted_days) {
        if (!day_counts.empty() && day_counts.back().first == d)
            ++day_counts.back().second;
        else
            day_counts.push_back({d, 1});
    }
    const int64_t tmax = static_cast<int64_t>(p.time_band_days) * T;
    std::vector<uint64_t> all_in_time(static_cast<size_t>(T), 0);
    for (size_t i = 0; i < day_counts.size(); ++i) {
        const uint64_t ci = day_counts[i].second;
        all_in_time[0] += ci * (ci - 1) / 2;   // same day
        for (size_t j = i + 1; j < day_counts.size(); ++j) {
            const int64_t dt = static_cast<int64_t>(day_counts[j].first) - day_counts[i].first;
            if (dt >= tmax) break;
            all_in_time[static_cast<size_t>(dt / p.time_band_days)] += ci * day_counts[j].second;
        }
    }

    std::vector<uint16_t> band_of_dt(static_cast<size_t>(tmax));
    for (int64_t dt = 0; dt < tmax; ++dt) band_of_dt[static_cast<size_t>(dt)] = static_cast<uint16_t>(dt / p.time_band_days);

    const size_t cols = static_cast<size_t>(T) + 1, rows = static_cast<size_t>(S) + 1;
    const size_t ncounts = static_cast<size_t>(S) * static_cast<size_t>(T) + static_cast<size_t>(S);
    // The full (S + 1) x (T + 1) table of one assignment from its near counts.
    auto full_table = [&](const std::vector<uint64_t>& c, std::vector<uint64_t>& table) {
        table.assign(rows * cols, 0);
        uint64_t placed = 0;
        for (size_t s = 0; s < static_cast<size_t>(S); ++s) {
            for (size_t t = 0; t < static_cast<size_t>(T); ++t) table[s * cols + t] = c[s * static_cast<size_t>(T) + t];
            table[s * cols + static_cast<size_t>(T)] = c[static_cast<size_t>(S) * static_cast<size_t>(T) + s];
        }
        for (size_t t = 0; t < static_cast<size_t>(T); ++t) {
            uint64_t near = 0;
            for (size_t s = 0; s < static_cast<size_t>(S); ++s) near += table[s * cols + t];
            table[static_cast<size_t>(S) * cols + t] = all_in_time[t] - near;
        }
        for (size_t k = 0; k + 1 < rows * cols; ++k) placed += table[k];
        table[rows * cols - 1] = r.pairs_total - placed;
    };

    // Observed and permuted counts on days since the first one, as uint16_t when they span under 65,536 days (the
    // permutations' day arrays then take half the cache); the shuffles move indices, so the type changes nothing else.
    std::vector<uint64_t> observed;
    std::vector<double> sum(rows * cols, 0);
    std::vector<uint32_t> at_least(rows * cols, 0);
    const int P = p.permutations;
    auto run = [&](auto zero) -> bool {
        using Day = decltype(zero);
        std::vector<Day> rel(n);
        for (size_t i = 0; i < n; ++i) rel[i] = static_cast<Day>(days[i] - r.first_day);
        std::vector<uint64_t> counts(ncounts);
        count_near(np, rel, band_of_dt, S, T, counts);
        full_table(counts, observed);
        // Permutations: each shuffles the previous assignment (Fisher-Yates, uniform_below), drawn in order from one
        // generator; a batch of assignments is counted in parallel, so the result does not depend on the threads.
        std::mt19937_64 rng(p.seed);
        const int batch = static_cast<int>(std::max(1u, worker_count()) * 2);
        std::vector<Day> current = rel;
        std::vector<std::vector<Day>> assign(static_cast<size_t>(batch));
        std::vector<std::vector<uint64_t>> near_counts(static_cast<size_t>(batch), std::vector<uint64_t>(ncounts));
        std::vector<uint64_t> table;
        for (int done = 0; done < P;) {
            const int m = std::min(batch, P - done);
            for (int k = 0; k < m; ++k) {
                for (size_t i = n - 1; i > 0; --i) std::swap(current[i], current[uniform_below(rng, i + 1)]);
                assign[static_cast<size_t>(k)] = current;
            }
            parallel_for(static_cast<size_t>(m), [&](size_t k) { count_near(np, assign[k], band_of_dt, S, T, near_counts[k]); },
                         static_cast<unsigned>(std::min<size_t>(static_cast<size_t>(m), worker_count())), 2);   // each item is heavy
            for (int k = 0; k < m; ++k) {
                full_table(near_counts[static_cast<size_t>(k)], table);
                for (size_t c = 0; c < rows * cols; ++c) {
                    sum[c] += static_cast<double>(table[c]);
                    at_least[c] += table[c] >= observed[c];
                }
            }
            done += m;
            if (progress && !progress(done, P)) return false;
        }
        return true;
    };
    const bool finished = static_cast<int64_t>(r.last_day) - r.first_day < 65536 ? run(uint16_t{0}) : run(int32_t{0});
    if (!finished) return invalid("", "cancelled");
    for (size_t s = 0; s < static_cast<size_t>(S); ++s)
        for (size_t t = 0; t < static_cast<size_t>(T); ++t) r.pairs_in_bands += observed[s * cols + t];

    r.cells.resize(rows * cols);
    for (size_t c = 0; c < rows * cols; ++c) {
        NearRepeatCell& cell = r.cells[c];
        cell.observed = observed[c];
        cell.expected = sum[c] / P;
        cell.ratio = cell.expected > 0 ? static_cast<double>(cell.observed) / cell.expected : std::nan("");
        cell.at_least = at_least[c];
        cell.p = (1.0 + at_least[c]) / (P + 1.0);
    }
    return r;
}

Result<NearRepeatResult> near_repeat(const data::IncidentTable& t, std::span<const size_t> rows, const NearRepeatParams& p,
                                     const std::function<bool(int, int)>& progress) {
    if (auto ok = check_near_repeat_params(p); !ok) return ok.error();
    std::vector<size_t> placed;
    placed.reserve(rows.size());
    for (size_t r : rows)
        if (std::isfinite(t.lat_deg[r]) && std::isfinite(t.lon_deg[r])) placed.push_back(r);
    const size_t without_position = rows.size() - placed.size();
    if (placed.size() < 2)
        return invalid("", "the near repeat test needs at least 2 incidents with a position (" + std::to_string(placed.size()) + " found)");
    const size_t before_cap = placed.size();
    placed = most_recent_rows(t, placed, p.max_incidents);
    // The plane of the hotspot grid (one 100 km cell: only its scale and origin are used).
    auto g = grid_for_rows(t, placed, 100000);
    if (!g) return g.error();
    std::vector<double> x(placed.size()), y(placed.size());
    std::vector<int32_t> d(placed.size());
    for (size_t k = 0; k < placed.size(); ++k) {
        x[k] = g->x_m(t.lon_deg[placed[k]]);
        y[k] = g->y_m(t.lat_deg[placed[k]]);
        d[k] = t.day[placed[k]];
    }
    auto r = near_repeat_xy(x, y, d, p, progress);
    if (!r) return r.error();
    r->without_position = without_position;
    r->capped = before_cap > placed.size();
    r->left_out_by_cap = before_cap - placed.size();
    return r;
}

nlohmann::json near_repeat_json(const NearRepeatResult& r) {
    using nlohmann::json;
    const auto& p = r.params;
    json j;
    j["parameters"] = {{"space_band_m", p.space_band_m}, {"space_bands", p.space_bands}, {"time_band_days", p.time_band_days},
                       {"time_bands", p.time_bands},     {"permutations", p.permutations}, {"seed", p.seed},
                       {"max_incidents", p.max_incidents}, {"distance", "euclidean"}, {"bands", "[lo, hi)"}};
    j["incidents"] = r.incidents;
    j["without_position"] = r.without_position;
    j["capped"] = r.capped;
    j["left_out_by_cap"] = r.left_out_by_cap;
    j["first_day"] = format_day(r.first_day);
    j["last_day"] = format_day(r.last_day);
    j["pairs_total"] = r.pairs_total;
    j["pairs_in_bands"] = r.pairs_in_bands;
    j["pairs_near"] = r.pairs_near;
    json sb = json::array(), tb = json::array();
    for (int s = 0; s <= p.space_bands; ++s)
        sb.push_back({p.space_band_m * s, s < p.space_bands ? json(p.space_band_m * (s + 1)) : json(nullptr)});
    for (int t = 0; t <= p.time_bands; ++t)
        tb.push_back({p.time_band_days * t, t < p.time_bands ? json(p.time_band_days * (t + 1)) : json(nullptr)});
    j["space_bands_m"] = sb;
    j["time_bands_days"] = tb;
    json cells = json::array();
    for (int s = 0; s < r.rows(); ++s)
        for (int t = 0; t < r.cols(); ++t) {
            const auto& c = r.at(s, t);
            cells.push_back({{"space_band", s},
                             {"time_band", t},
                             {"observed", c.observed},
                             {"expected", c.expected},
                             {"ratio", std::isfinite(c.ratio) ? json(c.ratio) : json(nullptr)},
                             {"p", c.p},
                             {"significant", c.p <= 0.05}});
        }
    j["cells"] = cells;
    return j;
}

}  // namespace crimescope::hotspot
