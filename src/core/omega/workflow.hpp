// workflow.hpp: the CR-Ω+ workflow both front ends run (issue #16): the time split (the last fifth of the
// patterns' days held out) and the threshold scale chosen on it, defined once for `crimescope-cli omega eval`,
// `omega train` and the app's Patterns view. See tests/core/omega/test_workflow.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "omega/cr_omega.hpp"
#include "omega/patterns.hpp"

namespace crimescope::omega {

// Rows (indices into `day`) split in time: `before` holds the rows with day < split_day, `after` the others,
// each in the given order. Without `split_day` it is the day at the last `held_out_share` of the rows' days
// sorted (index floor(n (1 - share)), the CLI's `days[n * 4 / 5]` at 0.2). No rows: both empty, split_day 0.
struct TimeSplit {
    int32_t split_day = 0;
    std::vector<size_t> before, after;
};
TimeSplit time_split(std::span<const int32_t> day, std::span<const size_t> rows, std::optional<int32_t> split_day = std::nullopt,
                     double held_out_share = 0.2);

std::vector<size_t> all_rows(const PatternSet& ps);   // 0 .. n - 1

// The threshold scale for `rows` (scaled_thresholds): fitted on the earlier four fifths of them by day, chosen by
// recall on the last fifth (choose_scale). `validation` receives the split used when given. Fewer than 2 rows:
// choose_scale's default.
int choose_scale_by_time(const PatternSet& ps, std::span<const size_t> rows, Algorithm algo, int min_subset,
                         TimeSplit* validation = nullptr);

// `omega train` and the Patterns view: the scale chosen on all patterns (choose_scale_by_time), then one model
// trained on every pattern with it.
struct TrainedOmega {
    int scale = 0;
    Model model;
};
TrainedOmega train_on_all(const PatternSet& ps, Algorithm algo, int min_subset);

}  // namespace crimescope::omega
