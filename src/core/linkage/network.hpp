// network.hpp: the similarity network of paper 003. Inputs are per-feature difference components X_kl; the
// middle layer has one unit per feature, S_k = sigmoid(b_k + Σ_l ω_kl X_kl); the output is
// Y = sigmoid(θ_0 + Σ_k θ_k S_k). Trained by gradient descent (Adam) on the log-likelihood of linked /
// unlinked pairs. Components whose two-sample KS statistic M1 between linked and unlinked pairs is below a
// threshold are pruned before training. M1 and M2 measure each input's separability.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace crimescope::linkage {

struct PairMatrix {
    std::vector<std::string> input_names;     // one per component
    std::vector<int> feature_of_input;        // which feature (middle unit) each component feeds
    std::vector<std::string> feature_names;
    std::vector<float> x;                     // pairs x inputs
    std::vector<uint8_t> y;                   // 1 = linked
    size_t n_inputs() const { return input_names.size(); }
    size_t n_pairs() const { return y.size(); }
};

double ks_m1(const std::vector<float>& a, const std::vector<float>& b);   // max |F1(x) − F2(x)|
double overlap_m2(const std::vector<float>& a, const std::vector<float>& b);   // share outside the overlap region

struct TrainParams {
    int iterations = 600;
    double learning_rate = 0.05;
    double l2 = 1e-4;
    double ks_threshold = 0.05;   // M1 below this: the component is pruned
    bool linear = false;          // logistic regression on the inputs (the baseline), no middle layer
    uint32_t seed = 1;
};

// Training rows: every linked row of `rows` and at most `max_unlinked` unlinked ones, chosen with `seed` (the
// loss reweights the classes, so subsampling the many unlinked pairs changes little but the time).
std::vector<size_t> training_rows(const PairMatrix& m, const std::vector<size_t>& rows, size_t max_unlinked, uint32_t seed);

class SimilarityNetwork {
public:
    void train(const PairMatrix& m, const std::vector<size_t>& rows, const TrainParams& p);
    double predict(const float* x) const;                               // linkage probability
    double predict(const float* x, std::vector<double>& middle) const;  // and S_k per feature
    double predict(const float* x, double* middle) const;               // middle may be null; no allocation
    // Log-likelihood gradient of one example with respect to every parameter (for the gradient check).
    std::vector<double> gradient(const float* x, int y) const;
    // The same gradient times `w`, added to g[0..params) (training's inner loop; allocation-free up to 64
    // features). S: scratch of at least one double per feature (the caller sizes it by the real inputs).
    void add_gradient(const float* x, int y, double w, double* g, double* S) const;
    std::vector<double>& params() { return m_p; }
    const std::vector<double>& params() const { return m_p; }
    double log_likelihood(const float* x, int y) const;
    const std::vector<uint8_t>& kept() const { return m_kept; }
    const std::vector<double>& m1() const { return m_m1; }
    const std::vector<double>& theta() const { return m_theta_cache; }
    void init(const PairMatrix& m, bool linear);
    // Restores a trained network (parameters and kept inputs as written by `crimescope-cli link train`).
    bool load(const PairMatrix& m, bool linear, const std::vector<double>& params, const std::vector<uint8_t>& kept);

private:
    friend class Trainer;
    double eval(const float* x, double* middle, bool fast) const;
    void refresh_cache();   // after training / loading: the scoring path's weights and feature ranges
    bool m_contiguous = false;
    std::vector<double> m_w;
    std::vector<int> m_begin, m_end;
    // params: ω per input, b per feature, θ per feature, θ0 (linear: ω per input and θ0 only)
    int m_ni = 0, m_nf = 0;
    bool m_linear = false;
    std::vector<int> m_feat;
    std::vector<uint8_t> m_kept;
    std::vector<double> m_m1;
    std::vector<double> m_p;
    std::vector<double> m_theta_cache;
};

// Training in steps, so that the app can show progress (a few iterations a frame) and the CLI can run it
// to the end. The constructor prunes by KS M1 and initialises the network.
class Trainer {
public:
    Trainer(SimilarityNetwork& net, const PairMatrix& m, std::vector<size_t> rows, const TrainParams& p);
    bool step(int iterations);   // true when done
    double progress() const { return m_prm.iterations ? double(m_it) / m_prm.iterations : 1.0; }

private:
    SimilarityNetwork& m_net;
    const PairMatrix& m_m;
    std::vector<size_t> m_rows;
    TrainParams m_prm;
    int m_it = 0;
    double m_wpos = 0, m_wneg = 0;
    std::vector<double> m_mo, m_ve;
};

}  // namespace crimescope::linkage
