// metrics.hpp: classification metrics from a confusion matrix (rows = true class, columns = predicted).
#pragma once
#include <string>
#include <vector>

namespace crimescope::classify {

struct ClassMetrics {
    long n = 0;
    double accuracy = 0, macro_f1 = 0;
    std::vector<double> precision, recall, f1;
    std::vector<long> support;
};

ClassMetrics metrics_of(const std::vector<std::vector<long>>& confusion);

// The classifier's batch results as CSV (issue #14, "Results out"): one row per class (precision, recall, F1,
// support, then the confusion row: how many of its records were predicted as each class, "predicted:<class>"),
// then "macro average" (mean precision / recall, macro F1, all records) and "accuracy" (in the f1 column, as
// scikit-learn's classification report writes it).
std::string metrics_csv(const std::vector<std::string>& classes, const std::vector<std::vector<long>>& confusion);

}  // namespace crimescope::classify
