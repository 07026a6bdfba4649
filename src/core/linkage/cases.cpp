#include "linkage/cases.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <queue>
#include <cstring>
#include <mutex>
#include <random>

#include "base/parallel.hpp"
#include "linkage/workflow.hpp"

namespace crimescope::linkage {

PairParams pair_params(const CaseSet& cs) {
    PairParams p;
    p.window_days = cs.window_days;
    p.max_distance_m = cs.max_distance_m;
    p.speed_m_per_day = cs.speed_m_per_day;
    return p;
}

PairSpec pair_spec(const CaseSet& cs, const PairParams& p) { return pair_spec(cs, p, nullptr); }

PairSpec pair_spec(const CaseSet& cs, const PairParams& p, const std::vector<uint32_t>* original) {
    PairSpec s;
    s.params = p;
    s.unknown_units = cs.metres_per_unit <= 0;
    s.unit_m = s.unknown_units ? 1.0 : cs.metres_per_unit;
    s.times = cs.has_times;
    if (cs.size() > 0) {
        auto [x0, x1] = std::minmax_element(cs.x.begin(), cs.x.end());
        auto [y0, y1] = std::minmax_element(cs.y.begin(), cs.y.end());
        s.dmax = std::max(1e-9, std::hypot(*x1 - *x0, *y1 - *y0));
    }
    // The local spacing of cases: the distance from each case to its 10th nearest (brute force, threaded; a
    // case set is at most tens of thousands of cases). Close pairs in a dense area say less than in a sparse one.
    const size_t n = cs.size(), k = std::min<size_t>(10, n > 1 ? n - 1 : 1);
    s.local_scale.assign(n, s.dmax);
    parallel_for(n, [&](size_t i) {
        std::vector<double> d;
        d.reserve(n);
        for (size_t j = 0; j < n; ++j) {
            const double dx = cs.x[i] - cs.x[j], dy = cs.y[i] - cs.y[j];
            if (j != i) d.push_back(dx * dx + dy * dy);   // squared: sqrt only of the k-th
        }
        if (d.size() < k) return;
        std::nth_element(d.begin(), d.begin() + static_cast<long>(k - 1), d.end());
        s.local_scale[i] = std::max(std::sqrt(d[k - 1]), s.dmax * 1e-6);
    });
    s.log_local_scale.resize(n);
    for (size_t i = 0; i < n; ++i) s.log_local_scale[i] = 0.5 * std::log(s.local_scale[i]);
    // Nearest neighbours in space and time (distance in local spacings + gap in months): two cases of one
    // series tend to share neighbours, the other crimes of the series (shared-nearest-neighbour similarity).
    const size_t K = PairSpec::kNeighbours;
    s.neighbours.assign(n * K, UINT32_MAX);
    // Ties are broken by the case's original index, so a reordered copy of the set finds the same neighbours.
    std::vector<uint32_t> back;
    if (original) {
        back.resize(n);
        for (size_t j = 0; j < n; ++j) back[(*original)[j]] = static_cast<uint32_t>(j);
    }
    parallel_for(n, [&](size_t i) {
        std::vector<std::pair<double, uint32_t>> d;
        d.reserve(n);
        for (size_t j = 0; j < n; ++j) {
            if (j == i) continue;
            const double dx = cs.x[i] - cs.x[j], dy = cs.y[i] - cs.y[j];
            const double dist = std::sqrt(dx * dx + dy * dy) / s.local_scale[i];
            const double gap = std::fabs(cs.day[i] - cs.day[j]) / 30.0;
            d.push_back({dist + gap, original ? (*original)[j] : static_cast<uint32_t>(j)});
        }
        const size_t kk = std::min(K, d.size());
        if (kk == 0) return;
        std::nth_element(d.begin(), d.begin() + static_cast<long>(kk - 1), d.end());
        std::sort(d.begin(), d.begin() + static_cast<long>(kk));
        std::vector<uint32_t> ids;
        for (size_t q = 0; q < kk; ++q) ids.push_back(original ? back[d[q].second] : d[q].second);
        std::sort(ids.begin(), ids.end());
        std::copy(ids.begin(), ids.end(), s.neighbours.begin() + static_cast<long>(i * K));
    });
    auto add = [&](const std::string& input, int feature) {
        s.input_names.push_back(input);
        s.feature_of_input.push_back(feature);
    };
    s.feature_names = {"distance", "time gap", "shared neighbours"};
    add("distance QSF", 0);
    add("log(1 + distance)", 0);
    add("log(distance / local spacing)", 0);
    add("time QSF", 1);
    add("log(1 + days)", 1);
    add("shared neighbours", 2);
    add("mutual neighbours", 2);
    if (s.times) {
        s.feature_names.push_back("time of day");
        add("time-of-day similarity", 3);
        s.feature_names.push_back("day of week");
        add("weekday similarity", 4);
    }
    for (const auto& f : cs.features) {
        s.feature_names.push_back(f.name);
        add(f.name + " similarity", static_cast<int>(s.feature_names.size()) - 1);
        // A quantity also says something through its size, not only the difference: two burglaries that each
        // took a crew of four are likelier one crew's than two solo ones. asinh(the smaller of the two values).
        if (f.kind == Kind::Quantitative) add(f.name + " level (smaller value)", static_cast<int>(s.feature_names.size()) - 1);
    }
    return s;
}

namespace {
// ln x for x > 0 (the pair inputs' log terms; tens of millions of pairs): x = 2^e m, m in [1, 2),
// ln m = 2 atanh((m - 1) / (m + 1)) to the 9th power (absolute error < 2e-6). The inputs are only ever
// computed by this function, so training and scoring see the same values.
inline float log_fast(float x) {
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const int e = static_cast<int>((bits >> 23) & 0xff) - 127;
    bits = (bits & 0x7fffffu) | 0x3f800000u;
    float m;
    std::memcpy(&m, &bits, sizeof m);
    const float t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
    const float lm = 2.0f * t * (1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 + t2 * (1.0f / 7 + t2 * (1.0f / 9)))));
    return static_cast<float>(e) * 0.6931471805599453f + lm;
}
}  // namespace

bool pair_inputs(const CaseSet& cs, const PairSpec& s, size_t i, size_t j, float* x) {
    const double gap = std::fabs(cs.day[i] - cs.day[j]);
    const double dx = cs.x[i] - cs.x[j], dy = cs.y[i] - cs.y[j];
    const double d = std::sqrt(dx * dx + dy * dy);
    const bool ok = s.unknown_units || feasible(d * s.unit_m, gap, s.params.speed_m_per_day);
    *x++ = ok ? static_cast<float>(qsf(d, 0, s.dmax)) : 0.0f;   // infeasible: the minimum similarity
    *x++ = log_fast(1.0f + static_cast<float>(s.unknown_units ? d / 0.01 : d * s.unit_m / 1000.0));
    *x++ = log_fast(static_cast<float>(d) + 1e-9f) - static_cast<float>(s.log_local_scale[i] + s.log_local_scale[j]);
    *x++ = static_cast<float>(qsf(gap, 0, std::max(1, s.params.window_days)));
    *x++ = log_fast(1.0f + static_cast<float>(gap));
    {
        const size_t K = PairSpec::kNeighbours;
        const uint32_t* ni = &s.neighbours[i * K];
        const uint32_t* nj = &s.neighbours[j * K];
        size_t shared = 0, p = 0, q = 0;
        while (p < K && q < K) {
            if (ni[p] == nj[q]) { shared += ni[p] != UINT32_MAX; ++p; ++q; }
            else if (ni[p] < nj[q]) ++p;
            else ++q;
        }
        const bool j_in_i = std::binary_search(ni, ni + K, static_cast<uint32_t>(j));
        const bool i_in_j = std::binary_search(nj, nj + K, static_cast<uint32_t>(i));
        *x++ = static_cast<float>(shared) / static_cast<float>(K);
        *x++ = 0.5f * (static_cast<float>(j_in_i) + static_cast<float>(i_in_j));
    }
    if (s.times) {
        const double ta = cs.minute_of_day[i], tb = cs.minute_of_day[j];
        double dt = std::fabs(ta - tb);
        *x++ = std::isnan(dt) ? static_cast<float>(kMissing) : static_cast<float>(1.0 - std::min(dt, 1440.0 - dt) / 720.0);
        double dw = std::fabs(cs.weekday[i] - cs.weekday[j]);
        *x++ = std::isnan(dw) ? static_cast<float>(kMissing) : static_cast<float>(1.0 - std::min(dw, 7.0 - dw) / 3.5);
    }
    for (const auto& f : cs.features) {
        *x++ = static_cast<float>(f.similarity(i, j));
        if (f.kind == Kind::Quantitative) {
            const double lo = std::min(f.num[i], f.num[j]);   // NaN when either is missing
            *x++ = std::isnan(f.num[i]) || std::isnan(f.num[j]) ? 0.0f : static_cast<float>(std::asinh(lo));
        }
    }
    return ok;
}

namespace {

// Case order by time, so that the pairs within the window of a case are the next few in that order.
std::vector<uint32_t> by_day(const CaseSet& cs) {
    std::vector<uint32_t> o(cs.size());
    std::iota(o.begin(), o.end(), 0u);
    std::stable_sort(o.begin(), o.end(), [&](uint32_t a, uint32_t b) { return cs.day[a] < cs.day[b]; });
    return o;
}

bool in_range(const CaseSet& cs, const PairParams& p, const PairSpec& s, size_t i, size_t j) {
    if (p.max_distance_m <= 0) return true;
    return std::hypot(cs.x[i] - cs.x[j], cs.y[i] - cs.y[j]) * s.unit_m <= p.max_distance_m;
}

}  // namespace

size_t count_pairs(const CaseSet& cs, const PairParams& p) {
    std::vector<double> d = cs.day;
    std::sort(d.begin(), d.end());
    size_t n = 0, hi = 0;
    for (size_t i = 0; i < d.size(); ++i) {
        hi = std::max(hi, i + 1);
        while (hi < d.size() && d[hi] - d[i] <= p.window_days) ++hi;
        n += hi - i - 1;
    }
    return n;
}

Pairs make_pairs(const CaseSet& cs, const PairParams& p) {
    Pairs out;
    const size_t n = cs.size();
    std::map<std::string, int> series_size;
    for (const auto& s : cs.series)
        if (!s.empty()) series_size[s]++;
    const PairSpec spec = pair_spec(cs, p);
    auto& m = out.m;
    m.feature_names = spec.feature_names;
    m.input_names = spec.input_names;
    m.feature_of_input = spec.feature_of_input;
    const size_t ni = spec.n_inputs();
    const auto order = by_day(cs);
    // Rows per position in time order, threaded; then concatenated in order (deterministic).
    std::vector<std::vector<uint32_t>> rows_b(n);
    std::vector<std::vector<float>> rows_x(n);
    std::vector<std::vector<uint8_t>> rows_y(n), rows_l(n), rows_f(n);
    parallel_for(n, [&](size_t pos) {
        const uint32_t i = order[pos];
        if (cs.series[i].empty() && !p.include_unsolved) return;
        std::vector<float> x(ni);
        for (size_t q = pos + 1; q < n; ++q) {
            const uint32_t j = order[q];
            if (cs.day[j] - cs.day[i] > p.window_days) break;
            if (cs.series[j].empty() && !p.include_unsolved) continue;
            if (!in_range(cs, p, spec, i, j)) continue;
            const bool ok = pair_inputs(cs, spec, std::min(i, j), std::max(i, j), x.data());
            rows_b[pos].push_back(j);
            rows_x[pos].insert(rows_x[pos].end(), x.begin(), x.end());
            const bool solved = !cs.series[i].empty() && !cs.series[j].empty();
            rows_y[pos].push_back(solved && cs.series[i] == cs.series[j] && series_size[cs.series[i]] >= 2);
            rows_l[pos].push_back(solved);
            rows_f[pos].push_back(ok);
        }
    });
    for (size_t pos = 0; pos < n; ++pos) {
        const uint32_t i = order[pos];
        for (uint32_t j : rows_b[pos]) { out.a.push_back(std::min(i, j)); out.b.push_back(std::max(i, j)); }
        m.x.insert(m.x.end(), rows_x[pos].begin(), rows_x[pos].end());
        m.y.insert(m.y.end(), rows_y[pos].begin(), rows_y[pos].end());
        out.labelled.insert(out.labelled.end(), rows_l[pos].begin(), rows_l[pos].end());
        out.feasible.insert(out.feasible.end(), rows_f[pos].begin(), rows_f[pos].end());
    }
    return out;
}

void learn_tables(CaseSet& cs, const Pairs& pr, const std::vector<size_t>& rows, double alpha) {
    double pos = 0;
    for (size_t r : rows) pos += pr.m.y[r];
    const double p0 = rows.empty() ? 0 : pos / double(rows.size());
    if (p0 <= 0) return;
    for (auto& f : cs.features) {
        if (f.kind != Kind::Categorical) continue;
        // One rate per value for matching pairs and one for all mismatches: V + 1 numbers, so that the few
        // linked pairs of a small set do not overfit a full V x V table.
        const size_t v = f.table.values.size();
        std::vector<double> n(v + 1, 0), l(v + 1, 0);
        for (size_t r : rows) {
            const int a = f.cat[pr.a[r]], b = f.cat[pr.b[r]];
            if (a < 0 || b < 0) continue;
            const size_t cell = a == b ? static_cast<size_t>(a) : v;
            n[cell] += 1;
            l[cell] += pr.m.y[r];
        }
        auto sim = [&](size_t cell) {
            const double rate = (l[cell] + alpha * p0) / (n[cell] + alpha);
            return rate / (rate + p0);
        };
        f.table.sim.assign(v * v, sim(v));
        for (size_t k = 0; k < v; ++k) f.table.sim[k * v + k] = sim(k);
        // With enough linked pairs (10 per cell of the symmetric table) every value pair gets its own rate,
        // smoothed towards the match / mismatch rate above.
        if (pos < 10.0 * double(v * (v + 1) / 2)) continue;
        std::vector<double> nn(v * v, 0), ll(v * v, 0);
        for (size_t r : rows) {
            const int a = f.cat[pr.a[r]], b = f.cat[pr.b[r]];
            if (a < 0 || b < 0) continue;
            const size_t lo = static_cast<size_t>(std::min(a, b)), hi = static_cast<size_t>(std::max(a, b));
            nn[lo * v + hi] += 1;
            ll[lo * v + hi] += pr.m.y[r];
        }
        for (size_t a = 0; a < v; ++a)
            for (size_t b = a; b < v; ++b) {
                const double prior_s = f.table.sim[a * v + b], prior = p0 * prior_s / (1 - prior_s);   // back to a rate
                const double rate = (ll[a * v + b] + alpha * prior) / (nn[a * v + b] + alpha);
                f.table.sim[a * v + b] = f.table.sim[b * v + a] = rate / (rate + p0);
            }
    }
}

void refresh_inputs(const CaseSet& cs, const PairParams& p, Pairs& pr) {
    const PairSpec spec = pair_spec(cs, p);
    const size_t ni = spec.n_inputs();
    parallel_for(pr.a.size(), [&](size_t k) { pair_inputs(cs, spec, pr.a[k], pr.b[k], &pr.m.x[k * ni]); });
}

CaseSet select_cases(const CaseSet& cs, const std::vector<uint32_t>& order) {
    CaseSet o;
    o.coords = cs.coords;
    o.metres_per_unit = cs.metres_per_unit;
    o.window_days = cs.window_days;
    o.speed_m_per_day = cs.speed_m_per_day;
    o.max_distance_m = cs.max_distance_m;
    o.y_scale = cs.y_scale;
    o.has_times = cs.has_times;
    o.features = cs.features;
    for (auto& f : o.features) { f.cat.clear(); f.num.clear(); f.leaves.clear(); }
    for (uint32_t i : order) {
        o.id.push_back(cs.id[i]);
        o.x.push_back(cs.x[i]);
        o.y.push_back(cs.y[i]);
        o.day.push_back(cs.day[i]);
        o.minute_of_day.push_back(cs.minute_of_day[i]);
        o.weekday.push_back(cs.weekday[i]);
        o.series.push_back(cs.series[i]);
        o.entered.push_back(cs.entered[i]);
        for (size_t k = 0; k < cs.features.size(); ++k) {
            const auto& f = cs.features[k];
            if (f.kind == Kind::Categorical) o.features[k].cat.push_back(f.cat[i]);
            else if (f.kind == Kind::Quantitative) o.features[k].num.push_back(f.num[i]);
            else o.features[k].leaves.push_back(f.leaves[i]);
        }
    }
    return o;
}

ScanResult scan_pairs(const CaseSet& cs0, const PairParams& p, const SimilarityNetwork& net, double share) {
    ScanResult res;
    const size_t n = cs0.size();
    const auto order = by_day(cs0);
    // Cases in time order: the pairs of one case read the arrays sequentially instead of at random.
    const CaseSet cs = select_cases(cs0, order);   // position q holds case order[q]
    const PairSpec spec = pair_spec(cs, p, &order);
    const size_t ni = spec.n_inputs();
    constexpr size_t kBins = 65536;
    auto bin_of = [](double v) { return std::min(kBins - 1, static_cast<size_t>(v * double(kBins))); };
    // Blocks of positions in time order; each block keeps its own histogram and finds (merged under a lock).
    const size_t blocks = std::min<size_t>(n, std::max<size_t>(64, worker_count() * 32));
    std::mutex mu;
    // One scan: every `stride`-th position; histogram of all scores, and the pairs scoring >= floor.
    auto scan = [&](size_t stride, double floor, std::vector<uint64_t>& hist, std::vector<ScoredPair>* keep) {
        hist.assign(kBins, 0);
        parallel_for(blocks, [&](size_t b) {
            std::vector<uint64_t> h(kBins, 0);
            std::vector<ScoredPair> mine;
            std::vector<float> x(ni);
            for (size_t pos = n * b / blocks; pos < n * (b + 1) / blocks; ++pos) {
                if (pos % stride) continue;
                for (size_t q = pos + 1; q < n; ++q) {
                    if (cs.day[q] - cs.day[pos] > p.window_days) break;
                    if (!in_range(cs, p, spec, pos, q)) continue;
                    // The inputs in the original (smaller index first) order, as make_pairs computes them.
                    const bool flip = order[pos] > order[q];
                    pair_inputs(cs, spec, flip ? q : pos, flip ? pos : q, x.data());
                    const double v = net.predict(x.data());
                    h[bin_of(v)]++;
                    if (keep && v >= floor) mine.push_back({std::min(order[pos], order[q]), std::max(order[pos], order[q]), v});
                }
            }
            std::lock_guard<std::mutex> lock(mu);
            for (size_t k = 0; k < kBins; ++k) hist[k] += h[k];
            if (keep) keep->insert(keep->end(), mine.begin(), mine.end());
        });
    };
    // The bin that holds the k-th highest score (counting down from the top bin).
    auto bin_holding = [&](const std::vector<uint64_t>& hist, uint64_t k) {
        uint64_t acc = 0;
        size_t cut = kBins;
        while (cut > 0 && acc < k) acc += hist[--cut];
        return cut;
    };
    auto total_of = [](const std::vector<uint64_t>& hist) {
        uint64_t t = 0;
        for (auto c : hist) t += c;
        return t;
    };
    // A 1-in-16 sample of the rows estimates a floor a little below the threshold (the top 1.5 x share), so
    // that one full pass both counts and collects; a second pass runs only if the floor was too high. The
    // threshold is then exact: the full histogram says which bin holds the k-th highest score, every pair of
    // that bin and above is collected, and the k-th highest of those is the threshold (threshold_at_share).
    std::vector<uint64_t> hist;
    scan(16, 1.0, hist, nullptr);
    const uint64_t sampled = total_of(hist);
    const size_t sample_bin = bin_holding(hist, flagged_count(sampled, std::min(1.0, 1.5 * share)));
    const double floor = sample_bin > 0 ? static_cast<double>(sample_bin - 1) / double(kBins) : 0.0;
    std::vector<ScoredPair> kept;
    scan(1, floor, hist, &kept);
    const uint64_t total = total_of(hist);
    res.n_pairs = total;
    if (total == 0) return res;
    const uint64_t k = flagged_count(total, share);
    const double edge = static_cast<double>(bin_holding(hist, k)) / double(kBins);   // v >= edge <=> bin_of(v) >= that bin
    if (edge < floor) {
        kept.clear();
        std::vector<uint64_t> again;
        scan(1, edge, again, &kept);
    }
    std::vector<double> top(kept.size());
    for (size_t q = 0; q < kept.size(); ++q) top[q] = kept[q].p;
    std::nth_element(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(k - 1), top.end(), std::greater<double>());
    res.threshold = top[k - 1];
    for (const auto& sp : kept)
        if (sp.p >= res.threshold) res.above.push_back(sp);
    std::sort(res.above.begin(), res.above.end(), [](const ScoredPair& a, const ScoredPair& b) {
        return a.p > b.p || (a.p == b.p && (a.a < b.a || (a.a == b.a && a.b < b.b)));
    });
    return res;
}

std::vector<double> expert_weights_of(const CaseSet& cs, const PairMatrix& m) {
    std::vector<double> w(m.feature_names.size(), 1.0);
    for (size_t k = 0; k < w.size(); ++k) {
        auto it = cs.expert_weights.find(m.feature_names[k]);
        if (it != cs.expert_weights.end()) w[k] = std::max(0.0, it->second);
    }
    return w;
}

double expert_score(const PairMatrix& m, const std::vector<double>& w, size_t row) {
    double s = 0, sw = 0;
    int last = -1;
    for (size_t i = 0; i < m.n_inputs(); ++i) {
        const int f = m.feature_of_input[i];
        if (f == last) continue;   // the first input of each feature is its similarity
        last = f;
        s += w[static_cast<size_t>(f)] * m.x[row * m.n_inputs() + i];
        sw += w[static_cast<size_t>(f)];
    }
    return sw > 0 ? s / sw : 0;
}

namespace {
// A score as a sort key: NaN (a pair whose distance overflowed) ranks lowest and ties with the other NaNs, so
// sorts keep a strict weak order and every tie run ends (NaN != NaN: a run that began at a NaN never did).
double rank_key(double v) { return std::isnan(v) ? -HUGE_VAL : v; }
}  // namespace

double roc_auc(const std::vector<double>& s, const std::vector<uint8_t>& y) {
    // (key, label) sorted by key: the same ranks as sorting indices, without an indirection per comparison (the
    // y-scale fit runs this 17 times on up to 100,000 pairs when a case set opens).
    std::vector<std::pair<double, uint8_t>> o(s.size());
    for (size_t i = 0; i < s.size(); ++i) o[i] = {rank_key(s[i]), y[i]};
    std::sort(o.begin(), o.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    double rank_sum = 0, npos = 0;
    for (size_t i = 0; i < o.size();) {
        size_t j = i + 1;
        while (j < o.size() && o[j].first == o[i].first) ++j;
        const double avg = 0.5 * (static_cast<double>(i + 1) + static_cast<double>(j));   // average rank of ties
        for (size_t k = i; k < j; ++k)
            if (o[k].second) { rank_sum += avg; npos += 1; }
        i = j;
    }
    const double nneg = static_cast<double>(s.size()) - npos;
    if (npos == 0 || nneg == 0) return 0.5;
    return (rank_sum - npos * (npos + 1) / 2) / (npos * nneg);
}

AtK at_top_share(const std::vector<double>& s, const std::vector<uint8_t>& y, double share) {
    AtK r;
    std::vector<size_t> o(s.size());
    std::iota(o.begin(), o.end(), size_t(0));
    std::stable_sort(o.begin(), o.end(), [&](size_t a, size_t b) { return rank_key(s[a]) > rank_key(s[b]); });
    r.flagged = std::max<size_t>(1, static_cast<size_t>(std::round(share * static_cast<double>(s.size()))));
    size_t tp = 0, pos = 0;
    for (size_t i = 0; i < o.size(); ++i) {
        pos += y[o[i]];
        if (i < r.flagged) tp += y[o[i]];
    }
    r.precision = double(tp) / double(r.flagged);
    r.recall = pos ? double(tp) / double(pos) : 0;
    return r;
}

double series_found_in_top(const Pairs& pr, const std::vector<double>& score, const CaseSet& cs, size_t n) {
    std::map<uint32_t, std::vector<std::pair<double, uint32_t>>> by_case;
    for (size_t k = 0; k < pr.a.size(); ++k) {
        by_case[pr.a[k]].push_back({score[k], pr.b[k]});
        by_case[pr.b[k]].push_back({score[k], pr.a[k]});
    }
    double sum = 0;
    size_t cases = 0;
    for (auto& [c, list] : by_case) {
        size_t mates = 0;
        for (const auto& e : list) mates += cs.series[e.second] == cs.series[c];
        if (mates == 0) continue;
        std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        size_t found = 0;
        for (size_t i = 0; i < list.size() && i < n; ++i) found += cs.series[list[i].second] == cs.series[c];
        sum += double(found) / double(mates);
        ++cases;
    }
    return cases ? sum / double(cases) : 0;
}

std::vector<int> series_folds(const CaseSet& cs, int k, uint32_t seed) {
    std::map<std::string, std::vector<size_t>> members;
    for (size_t i = 0; i < cs.size(); ++i) members[cs.series[i].empty() ? "~" + cs.id[i] : cs.series[i]].push_back(i);
    std::vector<std::string> keys;
    for (const auto& [key, v] : members) keys.push_back(key);
    std::mt19937 rng(seed);
    std::shuffle(keys.begin(), keys.end(), rng);
    std::vector<int> fold(cs.size(), 0);
    std::vector<size_t> load(static_cast<size_t>(k), 0);
    for (const auto& key : keys) {   // each series (or singleton) to the lightest fold
        size_t f = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        for (size_t i : members[key]) fold[i] = static_cast<int>(f);
        load[f] += members[key].size();
    }
    return fold;
}

std::vector<PrPoint> pr_curve(const std::vector<double>& s, const std::vector<uint8_t>& y, int steps) {
    std::vector<PrPoint> out;
    size_t pos = 0;
    for (auto v : y) pos += v;
    for (int k = 0; k <= steps; ++k) {
        const double t = double(k) / double(steps);
        size_t flagged = 0, tp = 0;
        for (size_t i = 0; i < s.size(); ++i)
            if (s[i] >= t) { ++flagged; tp += y[i]; }
        out.push_back({t, flagged ? double(tp) / double(flagged) : 1.0, pos ? double(tp) / double(pos) : 0.0});
    }
    return out;
}

namespace {
// Renumbers group ids by size (largest first); groups of one case become -1.
std::vector<int> number_by_size(std::vector<int> root) {
    std::map<int, int> size;
    for (int r : root) size[r]++;
    std::vector<std::pair<int, int>> order;   // (-size, first root) for a stable order
    std::map<int, size_t> first;
    for (size_t i = 0; i < root.size(); ++i) first.emplace(root[i], i);
    for (auto [r, c] : size)
        if (c >= 2) order.push_back({-c, static_cast<int>(first[r])});
    std::sort(order.begin(), order.end());
    std::map<int, int> label;
    for (size_t k = 0; k < order.size(); ++k) label[root[static_cast<size_t>(order[k].second)]] = static_cast<int>(k);
    std::vector<int> out(root.size(), -1);
    for (size_t i = 0; i < root.size(); ++i) {
        auto it = label.find(root[i]);
        if (it != label.end()) out[i] = it->second;
    }
    return out;
}
int find_root(std::vector<int>& parent, int x) {
    while (parent[static_cast<size_t>(x)] != x) x = parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
    return x;
}
}  // namespace

std::vector<int> components(size_t n, const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, const std::vector<double>& score, double threshold) {
    std::vector<int> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    for (size_t k = 0; k < a.size(); ++k)
        if (score[k] >= threshold) {
            int ra = find_root(parent, static_cast<int>(a[k])), rb = find_root(parent, static_cast<int>(b[k]));
            if (ra != rb) parent[static_cast<size_t>(std::max(ra, rb))] = std::min(ra, rb);
        }
    std::vector<int> root(n);
    for (size_t i = 0; i < n; ++i) root[i] = find_root(parent, static_cast<int>(i));
    return number_by_size(root);
}

std::vector<int> average_linkage(size_t n, const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, const std::vector<double>& score, double cut) {
    // Clusters keep the summed similarity to each neighbour; merging A and B sums their rows. A queue of
    // (average, A, B, versions) with stale entries skipped: O(E log E).
    std::vector<std::map<int, double>> nb(n);
    std::vector<size_t> size(n, 1);
    std::vector<int> version(n, 0), root(n);
    std::iota(root.begin(), root.end(), 0);
    for (size_t k = 0; k < a.size(); ++k) {
        if (score[k] <= 0 || a[k] == b[k]) continue;
        nb[a[k]][static_cast<int>(b[k])] += score[k];
        nb[b[k]][static_cast<int>(a[k])] += score[k];
    }
    struct Cand { double avg; int x, y, vx, vy; bool operator<(const Cand& o) const { return avg < o.avg || (avg == o.avg && (x > o.x || (x == o.x && y > o.y))); } };
    std::priority_queue<Cand> q;
    auto push = [&](int x, int y) {
        const double avg = nb[static_cast<size_t>(x)][y] / double(size[static_cast<size_t>(x)] * size[static_cast<size_t>(y)]);
        if (avg >= cut) q.push({avg, std::min(x, y), std::max(x, y), version[static_cast<size_t>(std::min(x, y))], version[static_cast<size_t>(std::max(x, y))]});
    };
    for (size_t x = 0; x < n; ++x)
        for (auto& [y, s] : nb[x])
            if (static_cast<int>(x) < y) push(static_cast<int>(x), y);
    std::vector<uint8_t> alive(n, 1);
    while (!q.empty()) {
        Cand c = q.top();
        q.pop();
        const auto ux = static_cast<size_t>(c.x), uy = static_cast<size_t>(c.y);
        if (!alive[ux] || !alive[uy] || version[ux] != c.vx || version[uy] != c.vy) continue;
        // Merge y into x.
        alive[uy] = 0;
        for (auto& [z, s] : nb[uy]) {
            if (z == c.x) continue;
            nb[ux][z] += s;
            auto& back = nb[static_cast<size_t>(z)];
            back.erase(c.y);
            back[c.x] += s;
        }
        nb[ux].erase(c.y);
        nb[uy].clear();
        size[ux] += size[uy];
        root[uy] = c.x;
        version[ux]++;   // entries with x are stale; entries between other clusters are unchanged
        for (auto& [z, s] : nb[ux]) push(c.x, z);
    }
    std::vector<int> out(n);
    for (size_t i = 0; i < n; ++i) {
        int r = static_cast<int>(i);
        while (root[static_cast<size_t>(r)] != r) r = root[static_cast<size_t>(r)];
        out[i] = r;
    }
    return number_by_size(out);
}

}  // namespace crimescope::linkage
