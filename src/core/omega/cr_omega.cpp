#include "omega/cr_omega.hpp"

#include <algorithm>

namespace crimescope::omega {

const char* algorithm_name(Algorithm a) {
    switch (a) {
        case Algorithm::KoraOmega: return "KORA-Ω";
        case Algorithm::CrOmegaPlus: return "CR-Ω+";
        case Algorithm::CrOmegaPlusM: return "CR-Ω+M";
    }
    return "?";
}

size_t PropertyHash::operator()(const Property& p) const {
    uint64_t h = 1469598103934665603ull ^ p.mask;
    for (uint32_t x : p.v) h = (h ^ x) * 1099511628211ull;
    return static_cast<size_t>(h ^ (h >> 29));
}

namespace {

// Every non-empty subset mask of n features with at least `min` features.
std::vector<uint8_t> subset_masks(int n, int min) {
    std::vector<uint8_t> out;
    for (int m = 1; m < (1 << n); ++m)
        if (__builtin_popcount(static_cast<unsigned>(m)) >= min) out.push_back(static_cast<uint8_t>(m));
    return out;
}

Property make_property(const uint32_t* pattern, int n, uint8_t mask) {
    Property p;
    p.mask = mask;
    for (int f = 0; f < n; ++f)
        if (mask & (1u << f)) p.v[static_cast<size_t>(f)] = pattern[f];
    return p;
}

}  // namespace

std::vector<uint32_t> Model::theta(int cls, Role role) const {
    std::vector<uint32_t> out;
    for (uint32_t p = 0; p < properties.size(); ++p)
        if (roles[p * static_cast<size_t>(n_classes) + static_cast<size_t>(cls)] & role) out.push_back(p);
    return out;
}

std::vector<uint32_t> Model::theta0() const {
    std::vector<uint32_t> out;
    for (uint32_t p = 0; p < properties.size(); ++p)
        if (neutral[p]) out.push_back(p);
    return out;
}

Model train(const std::vector<uint32_t>& X, const std::vector<uint32_t>& y, int nf, int nc, Algorithm algo, const Thresholds& t) {
    Model m;
    m.algorithm = algo;
    m.thresholds = t;
    m.n_features = nf;
    m.n_classes = nc;
    m.class_sizes.assign(static_cast<size_t>(nc), 0);
    const auto masks = subset_masks(nf, t.min_subset);
    const size_t n = y.size();
    m.index.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        m.class_sizes[y[i]]++;
        for (uint8_t mask : masks) {
            Property p = make_property(&X[i * static_cast<size_t>(nf)], nf, mask);
            auto [it, fresh] = m.index.emplace(p, static_cast<uint32_t>(m.properties.size()));
            if (fresh) {
                m.properties.push_back(p);
                m.counts.resize(m.counts.size() + static_cast<size_t>(nc), 0);
            }
            m.counts[it->second * static_cast<size_t>(nc) + y[i]]++;
        }
    }
    const size_t np = m.properties.size();
    m.roles.assign(np * static_cast<size_t>(nc), 0);
    m.neutral.assign(np, 0);
    const bool union_of_others = algo == Algorithm::CrOmegaPlusM;
    for (size_t p = 0; p < np; ++p) {
        const uint32_t* c = &m.counts[p * static_cast<size_t>(nc)];
        uint32_t total = 0, mn = UINT32_MAX;
        for (int k = 0; k < nc; ++k) { total += c[k]; mn = std::min(mn, c[k]); }
        m.neutral[p] = static_cast<int>(mn) >= t.b0;
        // The largest and second largest class counts give "max over the other classes" for every class.
        uint32_t first = 0, second = 0;
        for (int k = 0; k < nc; ++k) {
            if (c[k] > first) { second = first; first = c[k]; }
            else if (c[k] > second) second = c[k];
        }
        for (int k = 0; k < nc; ++k) {
            const int self = static_cast<int>(c[k]);
            const int other = static_cast<int>(union_of_others ? total - c[k] : (c[k] == first ? second : first));
            uint8_t r = 0;
            if (self >= t.b1p && other <= t.b1p_other) r |= kCharacteristic;
            if (algo != Algorithm::KoraOmega && other >= t.b1n && self <= t.b1n_self) r |= kNegative;
            if (self >= t.b2p && other <= t.b2p_other) r |= kComplementary;
            m.roles[p * static_cast<size_t>(nc) + static_cast<size_t>(k)] = r;
        }
    }
    return m;
}

Prediction classify(const Model& m, const uint32_t* pattern) {
    Prediction out;
    const size_t nc = static_cast<size_t>(m.n_classes);
    std::vector<int> pos(nc, 0), neg(nc, 0), comp(nc, 0);
    bool covered = false;
    for (uint8_t mask : subset_masks(m.n_features, m.thresholds.min_subset)) {
        auto it = m.index.find(make_property(pattern, m.n_features, mask));
        if (it == m.index.end()) continue;
        for (size_t k = 0; k < nc; ++k) {
            uint8_t r = m.roles[it->second * nc + k];
            if (!r) continue;
            covered = true;
            if (r & kCharacteristic) { pos[k]++; out.why.push_back({it->second, static_cast<int>(k), kCharacteristic}); }
            if (r & kNegative) { neg[k]++; out.why.push_back({it->second, static_cast<int>(k), kNegative}); }
            if (r & kComplementary) { comp[k]++; out.why.push_back({it->second, static_cast<int>(k), kComplementary}); }
        }
    }
    out.score.resize(nc);
    for (size_t k = 0; k < nc; ++k) out.score[k] = pos[k] - neg[k] + 0.5 * comp[k];
    if (!covered) return out;
    // argmax; ties go to the larger training class.
    int best = 0;
    for (size_t k = 1; k < nc; ++k)
        if (out.score[k] > out.score[static_cast<size_t>(best)] ||
            (out.score[k] == out.score[static_cast<size_t>(best)] && m.class_sizes[k] > m.class_sizes[static_cast<size_t>(best)]))
            best = static_cast<int>(k);
    out.cls = best;
    return out;
}

Thresholds scaled_thresholds(int s, int min_subset) {
    Thresholds t;
    t.b1p = t.b1n = t.b0 = s;
    t.b1p_other = t.b1n_self = t.b2p_other = std::max(1, s / 3);
    t.b2p = std::max(1, s / 2);
    t.min_subset = min_subset;
    return t;
}

Model train_rows(const std::vector<uint32_t>& X, const std::vector<uint32_t>& y, int nf, int nc, const std::vector<size_t>& rows,
                 Algorithm algo, const Thresholds& t) {
    std::vector<uint32_t> Xs, ys;
    Xs.reserve(rows.size() * static_cast<size_t>(nf));
    for (size_t i : rows) {
        Xs.insert(Xs.end(), X.begin() + static_cast<long>(i * static_cast<size_t>(nf)), X.begin() + static_cast<long>((i + 1) * static_cast<size_t>(nf)));
        ys.push_back(y[i]);
    }
    return train(Xs, ys, nf, nc, algo, t);
}

int choose_scale(const std::vector<uint32_t>& X, const std::vector<uint32_t>& y, int nf, int nc, const std::vector<size_t>& fit,
                 const std::vector<size_t>& val, Algorithm algo, int min_subset) {
    int best = 3;
    double best_recall = -1;
    for (int s : {3, 5, 10, 20, 40, 80, 160, 320}) {
        Model m = train_rows(X, y, nf, nc, fit, algo, scaled_thresholds(s, min_subset));
        size_t ok = 0;
        for (size_t i : val) ok += classify(m, &X[i * static_cast<size_t>(nf)]).cls == static_cast<int>(y[i]);
        double r = val.empty() ? 0 : double(ok) / double(val.size());
        if (r > best_recall + 1e-12) { best_recall = r; best = s; }
    }
    return best;
}

}  // namespace crimescope::omega
