#include "eval/naive_bayes.hpp"

#include <cmath>

namespace crimescope::eval {

void CategoricalNB::fit(const std::vector<uint32_t>& X, const std::vector<uint32_t>& y, const std::vector<uint32_t>& nv,
                        int nc, double alpha) {
    m_nc = nc;
    m_nf = static_cast<int>(nv.size());
    m_nv = nv;
    const size_t n = y.size();
    std::vector<double> cls(static_cast<size_t>(nc), 0);
    std::vector<std::vector<double>> cnt(nv.size());
    for (size_t f = 0; f < nv.size(); ++f) cnt[f].assign(static_cast<size_t>(nc) * nv[f], 0);
    for (size_t i = 0; i < n; ++i) {
        cls[y[i]]++;
        for (size_t f = 0; f < nv.size(); ++f) cnt[f][y[i] * nv[f] + X[i * nv.size() + f]]++;
    }
    m_log_prior.resize(static_cast<size_t>(nc));
    for (int c = 0; c < nc; ++c) m_log_prior[static_cast<size_t>(c)] = std::log((cls[static_cast<size_t>(c)] + alpha) / (static_cast<double>(n) + alpha * nc));
    m_seen.assign(nv.size(), {});
    for (size_t f = 0; f < nv.size(); ++f) {
        m_seen[f].assign(nv[f], 0);
        for (int c = 0; c < nc; ++c)
            for (uint32_t v = 0; v < nv[f]; ++v)
                if (cnt[f][static_cast<size_t>(c) * nv[f] + v] > 0) m_seen[f][v] = 1;
    }
    m_log_lik.resize(nv.size());
    for (size_t f = 0; f < nv.size(); ++f) {
        m_log_lik[f].resize(cnt[f].size());
        for (int c = 0; c < nc; ++c)
            for (uint32_t v = 0; v < nv[f]; ++v)
                m_log_lik[f][static_cast<size_t>(c) * nv[f] + v] =
                    std::log((cnt[f][static_cast<size_t>(c) * nv[f] + v] + alpha) / (cls[static_cast<size_t>(c)] + alpha * nv[f]));
    }
}

std::vector<double> CategoricalNB::log_posterior(const uint32_t* x) const {
    std::vector<double> out = m_log_prior;
    for (int c = 0; c < m_nc; ++c)
        for (int f = 0; f < m_nf; ++f) {
            const uint32_t v = x[f];
            if (v >= m_nv[static_cast<size_t>(f)] || !m_seen[static_cast<size_t>(f)][v]) continue;
            out[static_cast<size_t>(c)] += m_log_lik[static_cast<size_t>(f)][static_cast<size_t>(c) * m_nv[static_cast<size_t>(f)] + v];
        }
    return out;
}

int CategoricalNB::predict(const uint32_t* x) const {
    auto lp = log_posterior(x);
    int best = 0;
    for (int c = 1; c < m_nc; ++c)
        if (lp[static_cast<size_t>(c)] > lp[static_cast<size_t>(best)]) best = c;
    return best;
}

}  // namespace crimescope::eval
