#include "linkage/network.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace crimescope::linkage {

namespace {
double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }
}  // namespace

double ks_m1(const std::vector<float>& a0, const std::vector<float>& b0) {
    if (a0.empty() || b0.empty()) return 0;
    std::vector<float> a(a0), b(b0);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    size_t i = 0, j = 0;
    double d = 0;
    while (i < a.size() && j < b.size()) {
        float v = std::min(a[i], b[j]);
        while (i < a.size() && a[i] <= v) ++i;
        while (j < b.size() && b[j] <= v) ++j;
        d = std::max(d, std::fabs(double(i) / double(a.size()) - double(j) / double(b.size())));
    }
    return d;
}

double overlap_m2(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.empty() || b.empty()) return 0;
    auto [amin, amax] = std::minmax_element(a.begin(), a.end());
    auto [bmin, bmax] = std::minmax_element(b.begin(), b.end());
    const float lo = std::max(*amin, *bmin), hi = std::min(*amax, *bmax);
    size_t outside = 0;
    for (float v : a) outside += v < lo || v > hi;
    for (float v : b) outside += v < lo || v > hi;
    return double(outside) / double(a.size() + b.size());
}

std::vector<size_t> training_rows(const PairMatrix& m, const std::vector<size_t>& rows, size_t max_unlinked, uint32_t seed) {
    std::vector<size_t> fit, neg;
    for (size_t k : rows) (m.y[k] ? fit : neg).push_back(k);
    std::mt19937 rng(seed);
    std::shuffle(neg.begin(), neg.end(), rng);
    if (neg.size() > max_unlinked) neg.resize(max_unlinked);
    fit.insert(fit.end(), neg.begin(), neg.end());
    return fit;
}

void SimilarityNetwork::init(const PairMatrix& m, bool linear) {
    m_ni = static_cast<int>(m.n_inputs());
    m_nf = static_cast<int>(m.feature_names.size());
    m_linear = linear;
    m_feat = m.feature_of_input;
    if (m_kept.size() != static_cast<size_t>(m_ni)) m_kept.assign(static_cast<size_t>(m_ni), 1);
    m_p.assign(linear ? static_cast<size_t>(m_ni + 1) : static_cast<size_t>(m_ni + 2 * m_nf + 1), 0.0);
    if (!linear)
        for (int k = 0; k < m_nf; ++k) m_p[static_cast<size_t>(m_ni + m_nf + k)] = 1.0;   // θ_k start at 1
}

bool SimilarityNetwork::load(const PairMatrix& m, bool linear, const std::vector<double>& params, const std::vector<uint8_t>& kept) {
    if (kept.size() != m.n_inputs()) return false;
    m_kept = kept;
    init(m, linear);
    if (params.size() != m_p.size()) return false;
    m_p = params;
    return true;
}

double SimilarityNetwork::predict(const float* x, std::vector<double>& S) const {
    if (m_linear) {
        double z = m_p[static_cast<size_t>(m_ni)];
        for (int i = 0; i < m_ni; ++i)
            if (m_kept[static_cast<size_t>(i)]) z += m_p[static_cast<size_t>(i)] * x[i];
        return sigmoid(z);
    }
    S.assign(static_cast<size_t>(m_nf), 0.0);
    std::vector<double> z(static_cast<size_t>(m_nf));
    for (int k = 0; k < m_nf; ++k) z[static_cast<size_t>(k)] = m_p[static_cast<size_t>(m_ni + k)];
    for (int i = 0; i < m_ni; ++i)
        if (m_kept[static_cast<size_t>(i)]) z[static_cast<size_t>(m_feat[static_cast<size_t>(i)])] += m_p[static_cast<size_t>(i)] * x[i];
    double out = m_p.back();
    for (int k = 0; k < m_nf; ++k) {
        S[static_cast<size_t>(k)] = sigmoid(z[static_cast<size_t>(k)]);
        out += m_p[static_cast<size_t>(m_ni + m_nf + k)] * S[static_cast<size_t>(k)];
    }
    return sigmoid(out);
}

double SimilarityNetwork::predict(const float* x) const {
    std::vector<double> S;
    return predict(x, S);
}

double SimilarityNetwork::log_likelihood(const float* x, int y) const {
    double p = std::clamp(predict(x), 1e-12, 1 - 1e-12);
    return y ? std::log(p) : std::log(1 - p);
}

std::vector<double> SimilarityNetwork::gradient(const float* x, int y) const {
    std::vector<double> g(m_p.size(), 0.0), S;
    const double p = predict(x, S);
    const double d = y - p;   // d logL / d output logit
    if (m_linear) {
        for (int i = 0; i < m_ni; ++i)
            if (m_kept[static_cast<size_t>(i)]) g[static_cast<size_t>(i)] = d * x[i];
        g[static_cast<size_t>(m_ni)] = d;
        return g;
    }
    for (int k = 0; k < m_nf; ++k) {
        const double sk = S[static_cast<size_t>(k)];
        const double theta = m_p[static_cast<size_t>(m_ni + m_nf + k)];
        g[static_cast<size_t>(m_ni + m_nf + k)] = d * sk;                 // θ_k
        g[static_cast<size_t>(m_ni + k)] = d * theta * sk * (1 - sk);     // b_k
    }
    for (int i = 0; i < m_ni; ++i) {
        if (!m_kept[static_cast<size_t>(i)]) continue;
        const int k = m_feat[static_cast<size_t>(i)];
        g[static_cast<size_t>(i)] = g[static_cast<size_t>(m_ni + k)] * x[i];   // ω_kl
    }
    g.back() = d;   // θ_0
    return g;
}

void SimilarityNetwork::train(const PairMatrix& m, const std::vector<size_t>& rows, const TrainParams& prm) {
    // KS pre-pruning on the training rows.
    const size_t ni = m.n_inputs();
    m_kept.assign(ni, 1);
    m_m1.assign(ni, 0);
    for (size_t i = 0; i < ni; ++i) {
        std::vector<float> pos, neg;
        for (size_t r : rows) (m.y[r] ? pos : neg).push_back(m.x[r * ni + i]);
        m_m1[i] = ks_m1(pos, neg);
        m_kept[i] = m_m1[i] >= prm.ks_threshold;
    }
    init(m, prm.linear);
    // Full-batch Adam on the mean log-likelihood; the classes are reweighted to equal total weight so that the
    // rare linked pairs are not ignored (a ranking is what the analyst uses).
    size_t npos = 0;
    for (size_t r : rows) npos += m.y[r];
    const double wpos = npos ? 0.5 / double(npos) : 0, wneg = rows.size() > npos ? 0.5 / double(rows.size() - npos) : 0;
    std::vector<double> mo(m_p.size(), 0), ve(m_p.size(), 0), grad(m_p.size());
    for (int it = 1; it <= prm.iterations; ++it) {
        std::fill(grad.begin(), grad.end(), 0.0);
        for (size_t r : rows) {
            auto g = gradient(&m.x[r * ni], m.y[r]);
            const double w = m.y[r] ? wpos : wneg;
            for (size_t k = 0; k < g.size(); ++k) grad[k] += w * g[k];
        }
        for (size_t k = 0; k < m_p.size(); ++k) {
            const double g = grad[k] - prm.l2 * m_p[k];   // ascent on the penalised log-likelihood
            mo[k] = 0.9 * mo[k] + 0.1 * g;
            ve[k] = 0.999 * ve[k] + 0.001 * g * g;
            const double mh = mo[k] / (1 - std::pow(0.9, it)), vh = ve[k] / (1 - std::pow(0.999, it));
            m_p[k] += prm.learning_rate * mh / (std::sqrt(vh) + 1e-8);
        }
    }
    m_theta_cache.assign(m_p.begin() + (m_linear ? 0 : m_ni + m_nf), m_p.end());
}

}  // namespace crimescope::linkage
