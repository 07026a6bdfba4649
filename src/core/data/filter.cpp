#include "data/filter.hpp"

#include <algorithm>
#include <numeric>

namespace crimescope::data {

FilterCounts count_filtered(const IncidentTable& t, const CategoryColumn* col, const Filter& f) {
    FilterCounts out;
    if (col) out.per_category.assign(col->dict.size(), 0);
    Filter no_cat = f;
    no_cat.category_on.clear();
    for (size_t i = 0; i < t.size(); ++i) {
        if (t.minute_of_day[i] < 0) out.unknown_time++;
        if (!no_cat.accepts(t, nullptr, i)) continue;
        if (col) {
            uint32_t c = col->codes[i];
            out.per_category[c]++;
            if (!f.category_on.empty() && !f.category_on[c]) continue;
        }
        out.visible++;
    }
    return out;
}

std::vector<uint32_t> codes_by_frequency(const CategoryColumn& col) {
    std::vector<uint64_t> n(col.dict.size(), 0);
    for (uint32_t c : col.codes) n[c]++;
    std::vector<uint32_t> order(col.dict.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return n[a] > n[b]; });
    // Codes that never occur (the empty value interned for padding) go last and are dropped.
    while (!order.empty() && n[order.back()] == 0) order.pop_back();
    return order;
}

}  // namespace crimescope::data
