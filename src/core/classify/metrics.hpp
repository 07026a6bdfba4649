// metrics.hpp: classification metrics from a confusion matrix (rows = true class, columns = predicted).
#pragma once
#include <vector>

namespace crimescope::classify {

struct ClassMetrics {
    long n = 0;
    double accuracy = 0, macro_f1 = 0;
    std::vector<double> precision, recall, f1;
    std::vector<long> support;
};

ClassMetrics metrics_of(const std::vector<std::vector<long>>& confusion);

}  // namespace crimescope::classify
