// mlp_sidecar.hpp: the crime-score MLP's JSON sidecar (models/score_mlp_<city>.json, written by
// scripts/train_score_mlp.py): the fields the app's model card and `crimescope-cli eval score` read, checked
// (issue #17: a hostile sidecar gets a clear error naming the file and field, never an exception).
#pragma once
#include <cstdint>
#include <string>

#include "base/result.hpp"

namespace crimescope::score {

struct MlpSidecar {
    std::string input_name = "features", output_name = "score";
    size_t feature_count = 0;                 // == kFeatureCount (knn_features.hpp)
    // The time split, inclusive day ranges (days since 1970): fit, dev and test periods.
    int32_t fit_first_day = 0, fit_last_day = 0, dev_first_day = 0, dev_last_day = 0, test_first_day = 0, test_last_day = 0;
    std::string test_period;                  // "2018-01-01 .. 2019-12-31"
    double test_l1_mlp = 0;                   // held-out mean absolute error of the MLP (0 when absent)
};

// Parses the sidecar text; `file_for_errors` names it in errors (Model kind, field = the JSON path).
Result<MlpSidecar> parse_mlp_sidecar(const std::string& text, const std::string& file_for_errors);

}  // namespace crimescope::score
