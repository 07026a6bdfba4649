#include "classify/metrics.hpp"

#include <cstddef>

namespace crimescope::classify {

ClassMetrics metrics_of(const std::vector<std::vector<long>>& cm) {
    ClassMetrics m;
    const size_t C = cm.size();
    long correct = 0;
    for (size_t c = 0; c < C; ++c) {
        long tp = cm[c][c], col = 0, row = 0;
        for (size_t k = 0; k < C; ++k) { col += cm[k][c]; row += cm[c][k]; }
        correct += tp;
        m.n += row;
        const double p = col ? double(tp) / double(col) : 0, r = row ? double(tp) / double(row) : 0;
        m.precision.push_back(p);
        m.recall.push_back(r);
        m.f1.push_back(p + r > 0 ? 2 * p * r / (p + r) : 0);
        m.support.push_back(row);
        m.macro_f1 += m.f1.back() / double(C);
    }
    m.accuracy = m.n ? double(correct) / double(m.n) : 0;
    return m;
}

}  // namespace crimescope::classify
