// concentration.hpp: how concentrated crime is among places (issue #19): the Lorenz curve, the share of crime in
// the top x% of places, the share of places holding 50% / 80% of crime (the "80-20 figure") and the Gini
// coefficient. Places are the study area's grid cells (hotspot::study_area_cells: empty cells inside the hull count).
// See tests/core/hotspot/test_concentration.cpp.
//
// The Lorenz curve L joins (k / N, C_k / C) for k = 0..N, places sorted by count descending (C_k: the crimes of
// the k busiest places, C: all of them), straight between the points: a fractional place holds that fraction of
// its count. So top_share(x) = L(x), and place_share_for(y) = the least x with L(x) = y. Gini = 2 * (area under
// L) - 1 = (2 sum_i i x_(i)) / (N C) - (N + 1) / N with x_(i) ascending (no N / (N - 1) correction).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "hotspot/grid.hpp"

namespace crimescope::hotspot {

struct ConcentrationParams {
    double cell_m = kDefaultCell_m;
};

struct ShareAt {
    double place_share = 0;   // of all places, 0..1
    double crime_share = 0;   // of all crime, 0..1
};

struct Concentration {
    double cell_m = 0;
    size_t places = 0;               // study-area cells
    size_t places_with_crime = 0;
    uint64_t crimes = 0;             // incidents counted in the places
    size_t without_position = 0;     // given rows left out (no finite position)
    std::vector<uint32_t> counts_desc;   // crime per place, descending (places values)
    std::vector<ShareAt> top;        // crime share of the top 1, 5, 10, 20% of places
    double places_for_50 = 0;        // place share holding 50% of crime
    double places_for_80 = 0;        // ... 80% (the "80-20 figure": 0.2 would be Pareto's)
    double gini = 0;
    // The Lorenz curve at `points` + 1 evenly spaced place shares 0, 1/points, ..., 1 (for a plot or a table).
    std::vector<ShareAt> lorenz(int points) const;
};

// Figures from crime per place (any order). Zero places or zero crime give zero shares and Gini 0.
Concentration concentration_of_counts(std::vector<uint32_t> counts);
// L(place_share) on counts sorted descending (place_share clamped to [0, 1]).
double top_share(std::span<const uint32_t> counts_desc, double place_share);
// The least place share whose top places hold `crime_share` of crime (0..1) on counts sorted descending.
double place_share_for(std::span<const uint32_t> counts_desc, double crime_share);
double gini_of(std::span<const uint32_t> counts_desc);

// On `rows` of `t`: a grid of cell_m cells over them (hotspot::grid_for_rows), the study area's cells as places.
// Errors (Invalid): cell_m outside (0, 100 km] or a grid too large, no incident with a position.
Result<Concentration> concentration(const data::IncidentTable& t, std::span<const size_t> rows, const ConcentrationParams& p);

// {"cell_m", "places", "places_with_crime", "crimes", "without_position", "top": [{"place_share", "crime_share"}],
//  "places_for_50", "places_for_80", "gini", "lorenz": [{"place_share", "crime_share"}] at lorenz_points + 1 shares}
nlohmann::json concentration_json(const Concentration& c, int lorenz_points = 20);

}  // namespace crimescope::hotspot
