// filter.hpp: the map's filters (date range, hour-of-day range, categories of one column) and the counts
// they give. The GPU applies the same filter with uniforms; counts are computed here, once per change.
#pragma once
#include <cstdint>
#include <vector>

#include "data/incident_table.hpp"

namespace crimescope::data {

struct Filter {
    int32_t day_min = INT32_MIN;     // inclusive, days since 1970-01-01
    int32_t day_max = INT32_MAX;     // inclusive
    int hour_min = 0;                // inclusive, 0..23
    int hour_max = 24;               // exclusive, 1..24; [0,24) = all hours (rows with unknown time included)
    std::vector<char> category_on;   // per code of the colour-by column; empty = all on

    bool all_hours() const { return hour_min <= 0 && hour_max >= 24; }
    bool accepts(const IncidentTable& t, const CategoryColumn* col, size_t row) const {
        if (t.day[row] < day_min || t.day[row] > day_max) return false;
        if (!all_hours()) {
            int m = t.minute_of_day[row];
            if (m < 0 || m < hour_min * 60 || m >= hour_max * 60) return false;
        }
        if (col && !category_on.empty() && !category_on[col->codes[row]]) return false;
        return true;
    }
};

struct FilterCounts {
    uint64_t visible = 0;
    std::vector<uint64_t> per_category;   // visible rows per code of the colour-by column (category filter ignored)
    uint64_t unknown_time = 0;            // rows without a time of day (hidden by an hour filter)
};

// One pass over the table. `col` may be null (no category column).
FilterCounts count_filtered(const IncidentTable& t, const CategoryColumn* col, const Filter& f);

// Codes of `col` ordered by frequency, most common first (legend and palette order).
std::vector<uint32_t> codes_by_frequency(const CategoryColumn& col);

}  // namespace crimescope::data
