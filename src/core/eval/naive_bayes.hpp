// naive_bayes.hpp: categorical naive Bayes with Laplace smoothing (the baseline beside CR-Ω+ and the
// forecasts): P(c | x) ∝ P(c) Π_f P(x_f | c). A value never seen in training (a month after the training
// period, say) carries no evidence and is skipped; smoothing alone would favour the smallest class.
#pragma once
#include <cstdint>
#include <vector>

namespace crimescope::eval {

class CategoricalNB {
public:
    // X: n x n_features codes; n_values[f]: codes in [0, n_values[f]).
    void fit(const std::vector<uint32_t>& X, const std::vector<uint32_t>& y, const std::vector<uint32_t>& n_values,
             int n_classes, double alpha = 1.0);
    std::vector<double> log_posterior(const uint32_t* x) const;   // unnormalised
    int predict(const uint32_t* x) const;

private:
    int m_nc = 0, m_nf = 0;
    std::vector<uint32_t> m_nv;
    std::vector<double> m_log_prior;
    std::vector<std::vector<double>> m_log_lik;   // per feature: classes x values
    std::vector<std::vector<char>> m_seen;        // per feature: value seen in training (unseen values are skipped)
};

}  // namespace crimescope::eval
