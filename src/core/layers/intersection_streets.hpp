// intersection_streets.hpp: street centrelines from a gazetteer of intersections (Chicago's
// chicago_intersections.csv.gz: intersection, street_1, street_2, zipcode, longitude, latitude). For each
// named street its intersections are ordered along the street's main direction and consecutive ones joined;
// gaps longer than `max_gap_m` stay open. Streets at least `major_length_m` long are major (rank 0).
#pragma once
#include <string>

#include "base/result.hpp"
#include "data/incident_table.hpp"

namespace crimescope::layers {

struct IntersectionStreetsOptions {
    double max_gap_m = 600;
    double major_length_m = 12'000;
};

Result<data::BaseLayer> streets_from_intersections(const std::string& path, const std::string& layer_name,
                                                   const IntersectionStreetsOptions& opts = {});

}  // namespace crimescope::layers
