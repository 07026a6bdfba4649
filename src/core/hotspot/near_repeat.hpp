// near_repeat.hpp: near repeats (issue #19), the Knox test with Monte Carlo permutations as Ratcliffe's Near
// Repeat Calculator (NRC) runs it. Every unordered pair of incidents falls in a space band (Euclidean distance in
// metres on the hotspot grid's local plane) and a time band (whole days between their dates); the observed count
// per band cell is compared with the counts after the dates are permuted among the incidents (the positions stay).
// See tests/core/hotspot/test_near_repeat.cpp.
//
// Bands are half-open, [k w, (k + 1) w), as the NRC computes them (its labels "1 to 100", "101 to 200" read one
// unit off; Steenbeek's and Davies's replications show the counts are [0, 100), [100, 200)): a pair exactly 100 m
// apart is in the second space band (100-200 m), a pair exactly 7 days apart in the second time band (7-14 days).
// As the NRC's "More than ..." bands, the table has one more row (distance >= space_bands * width) and one more
// column (days >= time_bands * width), so that its cells add up to every pair, n (n - 1) / 2. The NRC's separate
// "same location" row is not split off: distance 0 is in the first space band.
#pragma once
#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "data/incident_table.hpp"

namespace crimescope::hotspot {

constexpr int kNearRepeatMaxPermutations = 999;
constexpr size_t kNearRepeatMaxIncidents = 50000;
constexpr int kNearRepeatMaxBands = 100;   // per axis
constexpr int kNearRepeatMaxBandDays = 3650;
constexpr uint64_t kNearRepeatMaxNearPairs = 100000000;   // pairs inside the last space edge (5 bytes each)

struct NearRepeatParams {
    double space_band_m = 100;    // width of each space band, metres (> 0)
    int space_bands = 5;          // 1..kNearRepeatMaxBands
    int time_band_days = 7;       // width of each time band, whole days (>= 1)
    int time_bands = 5;           // 1..kNearRepeatMaxBands
    int permutations = 99;        // 1..kNearRepeatMaxPermutations
    uint64_t seed = 1;            // std::mt19937_64
    size_t max_incidents = kNearRepeatMaxIncidents;   // 2..kNearRepeatMaxIncidents; the most recent are kept
};

struct NearRepeatCell {
    uint64_t observed = 0;
    double expected = 0;     // mean count over the permutations
    double ratio = 0;        // observed / expected (the Knox ratio); NaN when expected is 0
    double p = 1;            // (1 + #{permutations with count >= observed}) / (permutations + 1)
    uint32_t at_least = 0;   // #{permutations with count >= observed}
};

struct NearRepeatResult {
    NearRepeatParams params;
    size_t incidents = 0;               // incidents in the test (with a position, after the cap)
    size_t without_position = 0;        // given rows left out for no finite position
    bool capped = false;                // more than max_incidents had a position: only the most recent kept
    size_t left_out_by_cap = 0;         // how many the cap left out (the oldest)
    int32_t first_day = 0, last_day = 0;   // dates of the incidents in the test (days since 1970-01-01)
    uint64_t pairs_total = 0;           // n (n - 1) / 2
    uint64_t pairs_in_bands = 0;        // pairs inside the last space AND last time edge (the S x T table's sum)
    uint64_t pairs_near = 0;            // pairs closer than the last space edge (any time), what each permutation recounts
    // (space_bands + 1) x (time_bands + 1) cells, row-major by space band; row space_bands = distance beyond the
    // last edge, column time_bands = days beyond the last edge.
    std::vector<NearRepeatCell> cells;
    int rows() const { return params.space_bands + 1; }
    int cols() const { return params.time_bands + 1; }
    const NearRepeatCell& at(int space_band, int time_band) const {
        return cells[static_cast<size_t>(space_band) * static_cast<size_t>(cols()) + static_cast<size_t>(time_band)];
    }
};

// Checks the parameters' ranges; errors (Invalid) name the parameter in `field` ("space_band_m", ...).
Status check_near_repeat_params(const NearRepeatParams& p);

// The band of a distance / a day difference: floor(value / width), capped at the count (= "beyond").
int near_repeat_space_band(double dist_m, const NearRepeatParams& p);
int near_repeat_time_band(int64_t days_apart, const NearRepeatParams& p);

// The `max_rows` most recent of `rows` (by day, then minute of day, then the later row), returned in ascending
// row order; all of them when there are no more than max_rows.
std::vector<size_t> most_recent_rows(const data::IncidentTable& t, std::span<const size_t> rows, size_t max_rows);

// An unbiased draw in [0, n) (n >= 1) from mt19937_64 by rejection, the same on every standard library.
uint64_t uniform_below(std::mt19937_64& rng, uint64_t n);

// The test on `rows` of `t` (rows without a finite position are left out and counted). `progress`, when given,
// is called with (permutations done, permutations) and may return false to cancel (-> an Invalid "cancelled" error).
// Errors (Invalid): bad parameters, fewer than 2 incidents with a position.
Result<NearRepeatResult> near_repeat(const data::IncidentTable& t, std::span<const size_t> rows, const NearRepeatParams& p,
                                     const std::function<bool(int, int)>& progress = {});

// The same on plane coordinates (metres) and days, one entry per incident, no cap: the engine, and the tests' way in.
Result<NearRepeatResult> near_repeat_xy(std::span<const double> x_m, std::span<const double> y_m, std::span<const int32_t> day,
                                        const NearRepeatParams& p, const std::function<bool(int, int)>& progress = {});

// {"parameters": {...}, "incidents", "without_position", "capped", "left_out_by_cap", "first_day", "last_day",
//  "pairs_total", "pairs_in_bands", "pairs_near", "space_bands_m": [[lo, hi], ..., [last, null]],
//  "time_bands_days": [[lo, hi], ..., [last, null]] (hi exclusive; null = beyond),
//  "cells": [{"space_band", "time_band", "observed", "expected", "ratio" (null when expected is 0), "p", "significant"}]}
// ("significant": p <= 0.05), cells row-major as in NearRepeatResult.
nlohmann::json near_repeat_json(const NearRepeatResult& r);

}  // namespace crimescope::hotspot
