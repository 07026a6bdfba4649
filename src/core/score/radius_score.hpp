// radius_score.hpp: the crime score of paper 001 (Garrido Czacki 2021). For a point p and a date as_of:
//   S_abs(p) = number of incidents within radius_m (great-circle) with day in [as_of - window_days + 1, as_of]
//   S(p)     = ln S_abs(p) / ln C_max, clamped to [0, 1]; S = 0 when S_abs = 0
// where C_max is the largest S_abs at the city's incident locations of the same window ("rescaled over the
// city"; ln 1 = 0 is the lower end because a crime location counts itself). C_max and the distribution of
// S_abs at places across the city (a grid inside the city's boundaries, for the percentile) form the
// ScoreScale, stored with the pack for the default parameters. See ARCHITECTURE.md "Crime score".
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "eval/poisson.hpp"
#include "index/geo_index.hpp"

namespace crimescope::score {

struct RadiusScoreParams {
    double radius_m = 200;     // paper: epsilon = 200 m
    int window_days = 365;     // paper: delta = 365 days
};

struct ScoreScale {
    RadiusScoreParams params;
    int32_t as_of_day = 0;
    uint32_t count_max = 1;                  // C_max over incident locations in the window
    std::vector<uint32_t> place_counts;      // S_abs at places on a grid inside the city, sorted
    double place_spacing_m = 0;
};

struct TypeCount {
    std::string type;
    uint32_t count;
};

struct RadiusScore {
    uint32_t count = 0;                      // S_abs
    double score01 = 0;                      // S
    double percentile = 0;                   // % of places in the city with fewer incidents nearby
    eval::Interval count_ci95;               // exact Poisson interval for the yearly rate at this point
    std::vector<uint32_t> rows;              // the counted incidents (the "why")
    std::vector<TypeCount> by_type;          // most common first
    std::array<uint32_t, 24> by_hour{};      // counted incidents by hour of day (unknown time excluded)
    uint32_t unknown_hour = 0;
    std::vector<index::Neighbour> nearest;   // the 10 nearest counted incidents, nearest first
};

index::DayRange window_of(int32_t as_of_day, int window_days);   // [as_of - window + 1, as_of]
double score_from_count(uint32_t count, uint32_t count_max);

// Exact score at p; `type_role` names the category column used for the breakdown ("type").
RadiusScore radius_score(const data::IncidentTable& t, const index::GeoIndex& idx, geo::LatLon p, int32_t as_of_day,
                         const ScoreScale& scale, const std::string& type_role = "type");

// Computes C_max (over the window's incident locations) and the place distribution on a grid of
// `spacing_m` inside `area` (the first boundary layer; the incidents' 1st-99th percentile box if empty).
ScoreScale compute_scale(const data::IncidentTable& t, const index::GeoIndex& idx, int32_t as_of_day,
                         const RadiusScoreParams& params, const std::vector<data::BoundaryPolygon>& area,
                         double spacing_m = 250);
// The same scale at the cost of a heat grid: the window's distinct incident locations bucketed by radius,
// each query checking its 9 buckets with the index's own test (haversine <= radius_m), every core; falls
// back to compute_scale_reference near a pole or the antimeridian. `idx` is used only by that fallback.
// compute_scale_reference: one GeoIndex radius query per incident of the window (the definition; tests).
ScoreScale compute_scale_reference(const data::IncidentTable& t, const index::GeoIndex& idx, int32_t as_of_day,
                                   const RadiusScoreParams& params, const std::vector<data::BoundaryPolygon>& area,
                                   double spacing_m = 250);

double percentile_of(const ScoreScale& scale, uint32_t count);

// The pack's stored scale when it matches (params, as_of), else computed (about 0.1-1 s for a city).
ScoreScale scale_for(const data::CityData& city, const index::GeoIndex& idx, int32_t as_of_day, const RadiusScoreParams& params);

// The scale as JSON (stored in packs under extras["score_scale"]); place counts as a histogram.
std::string scale_to_json(const ScoreScale& scale);
Result<ScoreScale> scale_from_json(const std::string& text);

}  // namespace crimescope::score
