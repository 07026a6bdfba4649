#include "classify/metrics.hpp"

#include <cstddef>

#include "base/csv_write.hpp"

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

std::string metrics_csv(const std::vector<std::string>& classes, const std::vector<std::vector<long>>& cm) {
    const ClassMetrics m = metrics_of(cm);
    std::vector<std::string> head = {"class", "precision", "recall", "f1", "support"};
    for (const auto& c : classes) head.push_back("predicted:" + c);
    std::string out = csv_line(head);
    double mp = 0, mr = 0;
    for (size_t c = 0; c < cm.size(); ++c) {
        std::vector<std::string> row = {c < classes.size() ? classes[c] : std::to_string(c), csv_number(m.precision[c]),
                                        csv_number(m.recall[c]), csv_number(m.f1[c]), std::to_string(m.support[c])};
        for (long v : cm[c]) row.push_back(std::to_string(v));
        out += csv_line(row);
        mp += m.precision[c] / static_cast<double>(cm.size());
        mr += m.recall[c] / static_cast<double>(cm.size());
    }
    std::vector<std::string> macro = {"macro average", csv_number(mp), csv_number(mr), csv_number(m.macro_f1), std::to_string(m.n)};
    std::vector<std::string> acc = {"accuracy", "", "", csv_number(m.accuracy), std::to_string(m.n)};
    macro.resize(head.size());
    acc.resize(head.size());
    out += csv_line(macro) + csv_line(acc);
    return out;
}

}  // namespace crimescope::classify
