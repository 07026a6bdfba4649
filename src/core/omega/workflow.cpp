#include "omega/workflow.hpp"

#include <algorithm>
#include <cmath>

namespace crimescope::omega {

TimeSplit time_split(std::span<const int32_t> day, std::span<const size_t> rows, std::optional<int32_t> split_day, double held_out_share) {
    TimeSplit s;
    if (rows.empty()) return s;
    if (split_day) {
        s.split_day = *split_day;
    } else {
        std::vector<int32_t> days;
        days.reserve(rows.size());
        for (size_t r : rows) days.push_back(day[r]);
        std::sort(days.begin(), days.end());
        const double share = std::clamp(held_out_share, 0.0, 1.0);
        // At the default share the integer rule the CLI always used (n * 4 / 5), free of rounding.
        size_t k = share == 0.2 ? days.size() * 4 / 5 : static_cast<size_t>(std::floor(static_cast<double>(days.size()) * (1 - share)));
        k = std::min(k, days.size() - 1);
        s.split_day = days[k];
    }
    for (size_t r : rows) (day[r] < s.split_day ? s.before : s.after).push_back(r);
    return s;
}

std::vector<size_t> all_rows(const PatternSet& ps) {
    std::vector<size_t> all(ps.y.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    return all;
}

int choose_scale_by_time(const PatternSet& ps, std::span<const size_t> rows, Algorithm algo, int min_subset, TimeSplit* validation) {
    TimeSplit v = time_split(ps.day, rows);
    const int nc = static_cast<int>(ps.classes.size());
    const int scale = choose_scale(ps.X, ps.y, ps.n_features(), nc, v.before, v.after, algo, min_subset);
    if (validation) *validation = std::move(v);
    return scale;
}

TrainedOmega train_on_all(const PatternSet& ps, Algorithm algo, int min_subset) {
    TrainedOmega t;
    const auto all = all_rows(ps);
    t.scale = choose_scale_by_time(ps, all, algo, min_subset);
    t.model = train_rows(ps.X, ps.y, ps.n_features(), static_cast<int>(ps.classes.size()), all, algo, scaled_thresholds(t.scale, min_subset));
    return t;
}

}  // namespace crimescope::omega
