// emerging.hpp: emerging hot spot analysis (issue #19), as ArcGIS Pro's Emerging Hot Spot Analysis: monthly
// counts per study-area cell, Gi* per month per cell over a space-time neighbourhood, the Mann-Kendall trend of
// each cell's Gi* z series, and the 17 categories (new / consecutive / intensifying / persistent / diminishing /
// sporadic / oscillating / historical hot and cold spots, no pattern detected). The reading of each rule is in
// METHODS notes (docs). See tests/core/hotspot/test_emerging.cpp.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "hotspot/grid.hpp"
#include "hotspot/layer.hpp"

namespace crimescope::hotspot {

enum class EmergingCategory : uint8_t {
    NoPattern = 0,
    NewHot, ConsecutiveHot, IntensifyingHot, PersistentHot, DiminishingHot, SporadicHot, OscillatingHot, HistoricalHot,
    NewCold, ConsecutiveCold, IntensifyingCold, PersistentCold, DiminishingCold, SporadicCold, OscillatingCold,
    HistoricalCold,
};
constexpr int kEmergingCategories = 17;
const char* emerging_category_name(EmergingCategory c);   // "new hot spot", ..., "no pattern detected"

struct EmergingParams {
    double neighbour_m = 0;       // space neighbours, 0 = cell_m sqrt(2) (queen)
    int time_step_months = 1;     // neighbourhood time step: months before the current one included (>= 0)
    double alpha = 0.05;          // significance of a month's Gi* (two-sided p < alpha) and of the trend
    double fdr_q = 0.05;          // Benjamini-Hochberg over every bin of the cube (cells x months); 0 = off
    int min_months = 2;           // error when fewer months
};

// Classify a cell from its per-month states (+1 significant hot spot, -1 significant cold spot, 0 neither), oldest
// first, and the Mann-Kendall trend (z, p) of its Gi* z series; the trend counts when p < alpha.
EmergingCategory classify_emerging(std::span<const int8_t> state, double trend_z, double trend_p, double alpha = 0.05);

struct EmergingResult {
    CellLayer layer;                          // "emerging": every study-area cell, value = trend z, klass = category
    std::vector<uint32_t> category_counts;    // kEmergingCategories, indexed by EmergingCategory
    int32_t first_month = 0;                  // base::month_index of the first time step
    int months = 0;
};

// Errors (Invalid): no rows with a position, fewer than min_months months, bad parameters.
Result<EmergingResult> emerging(const Grid& g, const data::IncidentTable& t, std::span<const size_t> rows,
                                const EmergingParams& p = {});

}  // namespace crimescope::hotspot
