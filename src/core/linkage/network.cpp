#include "linkage/network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>

#include "base/parallel.hpp"

namespace crimescope::linkage {

namespace {
double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// e^x for the scoring hot path: x = n ln2 + r with |r| <= ln2 / 2, e^r by its Taylor series to r^7 (relative
// error < 3e-9, below float rounding), 2^n put into the exponent bits. Deterministic on every platform.
inline double exp_fast(double x) {
    x = std::clamp(x, -700.0, 700.0);
    const double t = x * 1.4426950408889634;
    const double n = static_cast<double>(static_cast<int64_t>(t + (t >= 0 ? 0.5 : -0.5)));   // round, no libm call
    const double r = x - n * 0.6931471805599453;
    double p = 1.0 / 5040;
    p = p * r + 1.0 / 720;
    p = p * r + 1.0 / 120;
    p = p * r + 1.0 / 24;
    p = p * r + 1.0 / 6;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    const int64_t bits = (static_cast<int64_t>(n) + 1023) << 52;
    double scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}
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
    refresh_cache();
}

bool SimilarityNetwork::load(const PairMatrix& m, bool linear, const std::vector<double>& params, const std::vector<uint8_t>& kept) {
    if (kept.size() != m.n_inputs()) return false;
    m_kept = kept;
    init(m, linear);
    if (params.size() != m_p.size()) return false;
    m_p = params;
    refresh_cache();
    return true;
}

double SimilarityNetwork::predict(const float* x, double* S) const { return eval(x, S, true); }

void SimilarityNetwork::refresh_cache() {
    // Inputs of one feature are contiguous (pair_spec lays them out so); pruned inputs get weight 0.
    m_contiguous = !m_linear;
    m_w.assign(static_cast<size_t>(m_ni), 0.0);
    m_begin.assign(static_cast<size_t>(m_nf), 0);
    m_end.assign(static_cast<size_t>(m_nf), 0);
    for (int i = 0; i < m_ni; ++i) {
        m_w[static_cast<size_t>(i)] = m_kept[static_cast<size_t>(i)] ? m_p[static_cast<size_t>(i)] : 0.0;
        if (i > 0 && m_feat[static_cast<size_t>(i)] < m_feat[static_cast<size_t>(i - 1)]) m_contiguous = false;
    }
    if (!m_contiguous) return;
    for (int k = 0; k < m_nf; ++k) m_begin[static_cast<size_t>(k)] = m_end[static_cast<size_t>(k)] = -1;
    for (int i = 0; i < m_ni; ++i) {
        const auto k = static_cast<size_t>(m_feat[static_cast<size_t>(i)]);
        if (m_begin[k] < 0) m_begin[k] = i;
        m_end[k] = i + 1;
    }
    for (int k = 0; k < m_nf; ++k)
        if (m_begin[static_cast<size_t>(k)] < 0) m_begin[static_cast<size_t>(k)] = m_end[static_cast<size_t>(k)] = 0;
}

namespace {
// n doubles of scratch: on the stack for the usual widths, on the heap for wide case files. A case file can
// always have one more column than a constant (a 62-column file once overflowed a fixed double[64] here).
class Scratch {
public:
    explicit Scratch(size_t n) {
        if (n > kStack) { m_heap.assign(n, 0.0); m_p = m_heap.data(); }
    }
    double* data() { return m_p; }
private:
    static constexpr size_t kStack = 64;
    double m_stack[kStack];
    std::vector<double> m_heap;
    double* m_p = m_stack;
};
}  // namespace

double SimilarityNetwork::eval(const float* x, double* S, bool fast) const {
    if (fast && m_contiguous && m_w.size() == static_cast<size_t>(m_ni)) {
        // The scoring path: one pass per feature over its own inputs, accumulating in a register.
        const double* P = m_p.data();
        double out = P[m_p.size() - 1];
        for (int k = 0; k < m_nf; ++k) {
            double z = P[m_ni + k];
            for (int i = m_begin[static_cast<size_t>(k)]; i < m_end[static_cast<size_t>(k)]; ++i) z += m_w[static_cast<size_t>(i)] * x[i];
            const double sk = 1.0 / (1.0 + exp_fast(-z));
            if (S) S[k] = sk;
            out += P[m_ni + m_nf + k] * sk;
        }
        return 1.0 / (1.0 + exp_fast(-out));
    }
    if (m_linear) {
        double z = m_p[static_cast<size_t>(m_ni)];
        for (int i = 0; i < m_ni; ++i)
            if (m_kept[static_cast<size_t>(i)]) z += m_p[static_cast<size_t>(i)] * x[i];
        return sigmoid(z);
    }
    Scratch zs(static_cast<size_t>(m_nf));
    double* z = zs.data();
    for (int k = 0; k < m_nf; ++k) z[k] = m_p[static_cast<size_t>(m_ni + k)];
    for (int i = 0; i < m_ni; ++i)
        if (m_kept[static_cast<size_t>(i)]) z[m_feat[static_cast<size_t>(i)]] += m_p[static_cast<size_t>(i)] * x[i];
    double out = m_p.back();
    for (int k = 0; k < m_nf; ++k) {
        // exp_fast on the scoring path (tens of millions of pairs); libm's exp for training and the gradient check
        const double sk = fast ? 1.0 / (1.0 + exp_fast(-z[k])) : sigmoid(z[k]);
        if (S) S[k] = sk;
        out += m_p[static_cast<size_t>(m_ni + m_nf + k)] * sk;
    }
    return fast ? 1.0 / (1.0 + exp_fast(-out)) : sigmoid(out);
}

double SimilarityNetwork::predict(const float* x, std::vector<double>& S) const {
    S.assign(static_cast<size_t>(m_nf), 0.0);
    return predict(x, S.data());
}

double SimilarityNetwork::predict(const float* x) const { return predict(x, static_cast<double*>(nullptr)); }

double SimilarityNetwork::log_likelihood(const float* x, int y) const {
    double p = std::clamp(eval(x, nullptr, false), 1e-12, 1 - 1e-12);
    return y ? std::log(p) : std::log(1 - p);
}

std::vector<double> SimilarityNetwork::gradient(const float* x, int y) const {
    std::vector<double> g(m_p.size(), 0.0), S(static_cast<size_t>(m_nf) + 1, 0.0);
    add_gradient(x, y, 1.0, g.data(), S.data());
    return g;
}

void SimilarityNetwork::add_gradient(const float* x, int y, double w, double* g, double* S) const {
    const double p = eval(x, S, false);
    const double d = w * (y - p);   // w · d logL / d output logit
    if (m_linear) {
        for (int i = 0; i < m_ni; ++i)
            if (m_kept[static_cast<size_t>(i)]) g[i] += d * x[i];
        g[m_ni] += d;
        return;
    }
    double* gb = g + m_ni;            // b_k
    double* gt = g + m_ni + m_nf;     // θ_k
    Scratch dbs(static_cast<size_t>(m_nf));
    double* db = dbs.data();
    for (int k = 0; k < m_nf; ++k) {
        const double sk = S[k];
        gt[k] += d * sk;
        db[k] = d * m_p[static_cast<size_t>(m_ni + m_nf + k)] * sk * (1 - sk);
        gb[k] += db[k];
    }
    for (int i = 0; i < m_ni; ++i)
        if (m_kept[static_cast<size_t>(i)]) g[i] += db[m_feat[static_cast<size_t>(i)]] * x[i];   // ω_kl
    g[m_p.size() - 1] += d;   // θ_0
}

Trainer::Trainer(SimilarityNetwork& net, const PairMatrix& m, std::vector<size_t> rows, const TrainParams& p)
    : m_net(net), m_m(m), m_rows(std::move(rows)), m_prm(p) {
    // KS pre-pruning on the training rows.
    const size_t ni = m.n_inputs();
    net.m_kept.assign(ni, 1);
    net.m_m1.assign(ni, 0);
    for (size_t i = 0; i < ni; ++i) {
        std::vector<float> pos, neg;
        for (size_t r : m_rows) (m.y[r] ? pos : neg).push_back(m.x[r * ni + i]);
        net.m_m1[i] = ks_m1(pos, neg);
        net.m_kept[i] = net.m_m1[i] >= p.ks_threshold;
    }
    net.init(m, p.linear);
    size_t npos = 0;
    for (size_t r : m_rows) npos += m.y[r];
    m_wpos = npos ? 0.5 / double(npos) : 0;
    m_wneg = m_rows.size() > npos ? 0.5 / double(m_rows.size() - npos) : 0;
    m_mo.assign(net.m_p.size(), 0);
    m_ve.assign(net.m_p.size(), 0);
}

bool Trainer::step(int iterations) {
    // Full-batch Adam on the mean log-likelihood; the classes are reweighted to equal total weight so that the
    // rare linked pairs are not ignored (a ranking is what the analyst uses). Blocks of rows in parallel.
    auto& P = m_net.m_p;
    const size_t ni = m_m.n_inputs(), np = P.size();
    // 64 blocks (parallel_for runs fewer than 64 items serially); small sets run serially anyway.
    const size_t blocks = m_rows.size() >= 64 * 64 ? 64 : 1;
    std::vector<std::vector<double>> part(blocks, std::vector<double>(np));
    for (int k = 0; k < iterations && m_it < m_prm.iterations; ++k) {
        ++m_it;
        parallel_for(blocks, [&](size_t b) {
            auto& g = part[b];
            std::fill(g.begin(), g.end(), 0.0);
            std::vector<double> S(static_cast<size_t>(m_net.m_nf) + 1);   // sized by the real inputs
            for (size_t r = m_rows.size() * b / blocks; r < m_rows.size() * (b + 1) / blocks; ++r) {
                const size_t row = m_rows[r];
                m_net.add_gradient(&m_m.x[row * ni], m_m.y[row], m_m.y[row] ? m_wpos : m_wneg, g.data(), S.data());
            }
        });
        for (size_t q = 0; q < np; ++q) {
            double sum = 0;
            for (size_t b = 0; b < blocks; ++b) sum += part[b][q];
            const double g = sum - m_prm.l2 * P[q];   // ascent on the penalised log-likelihood
            m_mo[q] = 0.9 * m_mo[q] + 0.1 * g;
            m_ve[q] = 0.999 * m_ve[q] + 0.001 * g * g;
            const double mh = m_mo[q] / (1 - std::pow(0.9, m_it)), vh = m_ve[q] / (1 - std::pow(0.999, m_it));
            P[q] += m_prm.learning_rate * mh / (std::sqrt(vh) + 1e-8);
        }
    }
    m_net.m_theta_cache.assign(P.begin() + (m_net.m_linear ? 0 : m_net.m_ni + m_net.m_nf), P.end());
    m_net.refresh_cache();
    return m_it >= m_prm.iterations;
}

void SimilarityNetwork::train(const PairMatrix& m, const std::vector<size_t>& rows, const TrainParams& prm) {
    Trainer t(*this, m, rows, prm);
    t.step(prm.iterations);
}

}  // namespace crimescope::linkage
