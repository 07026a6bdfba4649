// geo_index.hpp: exact geodesic radius counts and k-nearest queries over incidents within a day window.
// Points are on the unit sphere (x, y, z); a radius in metres becomes a chord, 2 sin(r / 2R), so the k-d
// tree's Euclidean search is exact on the sphere (haversine with kEarthRadius_m). No approximate index.
// Time: rows are grouped by calendar month, one k-d tree per month; a window queries only the months it
// overlaps and checks days only in the two edge months. Tables need not be sorted.
// Thread-safety: const queries may run concurrently. The table must outlive the index.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "data/incident_table.hpp"

namespace crimescope::index {

struct DayRange {
    int32_t first = INT32_MIN;   // inclusive
    int32_t last = INT32_MAX;    // inclusive
    bool contains(int32_t d) const { return d >= first && d <= last; }
};

struct Neighbour {
    uint32_t row;
    double dist_m;   // great-circle distance
};

class GeoIndex {
public:
    explicit GeoIndex(const data::IncidentTable& table);
    ~GeoIndex();
    GeoIndex(const GeoIndex&) = delete;
    GeoIndex& operator=(const GeoIndex&) = delete;

    // Number of rows within radius_m of p (distance <= radius_m) with day in `days`.
    uint32_t count_within(geo::LatLon p, double radius_m, DayRange days) const;
    // The rows themselves (unordered).
    std::vector<uint32_t> rows_within(geo::LatLon p, double radius_m, DayRange days) const;
    // The k nearest rows with day in `days`, nearest first (ties in any order).
    std::vector<Neighbour> nearest(geo::LatLon p, size_t k, DayRange days) const;

    static double chord_for_metres(double radius_m);   // unit-sphere chord length
    static double metres_for_chord(double chord);

    size_t size() const { return m_table.size(); }

private:
    struct Block;
    const data::IncidentTable& m_table;
    std::vector<double> m_xyz;   // unit-sphere coordinates, 3 per row (double: float would be ~0.4 m)
    std::vector<std::unique_ptr<Block>> m_blocks;   // by month, ascending
};

// Brute force over every row (the oracle for tests and the baseline for benchmarks).
uint32_t brute_count_within(const data::IncidentTable& t, geo::LatLon p, double radius_m, DayRange days);
std::vector<Neighbour> brute_nearest(const data::IncidentTable& t, geo::LatLon p, size_t k, DayRange days);

}  // namespace crimescope::index
