// classify/metrics: per-class metrics from a confusion matrix and their CSV (issue #14, results out).
#include <catch2/catch.hpp>

#include "classify/metrics.hpp"

using namespace crimescope::classify;

TEST_CASE("metrics CSV: per class, the confusion row, macro average and accuracy", "[classify][export]") {
    const std::vector<std::vector<long>> cm = {{3, 1}, {0, 4}};   // rows true, columns predicted
    const ClassMetrics m = metrics_of(cm);
    CHECK(m.precision[0] == Approx(1.0));
    CHECK(m.recall[0] == Approx(0.75));
    CHECK(m.precision[1] == Approx(0.8));
    CHECK(m.accuracy == Approx(0.875));
    const std::string csv = metrics_csv({"robbery", "theft, other"}, cm);
    CHECK(csv == "class,precision,recall,f1,support,predicted:robbery,\"predicted:theft, other\"\n"
                 "robbery,1,0.75,0.8571428571428571,4,3,1\n"
                 "\"theft, other\",0.8,1,0.888888888888889,4,0,4\n"
                 "macro average,0.9,0.875,0.873015873015873,8,,\n"
                 "accuracy,,,0.875,8,,\n");
}
