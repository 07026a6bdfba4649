// place_card.hpp: what a citizen's card says about a place (issue #13), computed once in core so the app's
// card and `crimescope-cli score` give the same numbers:
//   - coverage: is the place inside the area the pack's data covers (the union of its boundary layers'
//     polygons, or for a pack without boundaries the convex hull of its incidents)? Outside, there is no score;
//   - the radius score of paper 001 (radius_score.hpp) inside it; zero crimes is a real answer;
//   - the change against the window_days before the window, with an exact two-sided test of equal Poisson
//     rates (conditional binomial with p = 1/2: given n = current + previous, current ~ Bin(n, 1/2);
//     p = min(1, 2 x the smaller tail)); significant at alpha;
//   - the newest data date and its age, and the pack's caveats in words.
// See tests/core/score/test_place_card.cpp, cmd_score.cpp, view_score.cpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/incident_table.hpp"
#include "index/geo_index.hpp"
#include "score/radius_score.hpp"

namespace crimescope::score {

struct RateChange {
    uint32_t current = 0, previous = 0;
    double ratio = 0;          // current / previous; previous == 0: 0 when current == 0, else +infinity (JSON: null)
    double p_value = 1;        // exact two-sided conditional binomial test
    bool significant = false;  // p_value < alpha (never when !comparable)
    // place_card: false when the data do not span both windows (they start after the previous window's first
    // day, or end before as_of): then there is nothing to compare, previous/ratio/p_value stay 0/0/1.
    bool comparable = true;
};

// Exact test of equal Poisson rates over two windows of the same length.
RateChange compare_counts(uint32_t current, uint32_t previous, double alpha = 0.05);

// The area a pack's data covers. Built once per city (boundary polygons' boxes, or the incidents' hull).
// Holds pointers into city.boundaries: the city must outlive the Coverage (and not be moved or copied into).
// A hull of fewer than 3 distinct points (a tiny or collinear pack) covers the points' bounding box.
class Coverage {
public:
    Coverage() = default;
    explicit Coverage(const data::CityData& city);
    bool covers(geo::LatLon p) const;
    bool from_boundaries() const { return m_from_boundaries; }
    const std::vector<geo::LatLon>& hull() const { return m_hull; }   // when not from boundaries
private:
    bool m_from_boundaries = false;
    std::vector<const data::BoundaryPolygon*> m_polygons;
    std::vector<geo::BBox> m_boxes;
    std::vector<geo::LatLon> m_hull;   // counter-clockwise, lon as x
    geo::BBox m_extent;                // of all polygons (or of the hull): the first, cheapest test
};

struct PlaceCard {
    bool covered = false;
    geo::LatLon at;
    int32_t as_of_day = 0;
    int32_t newest_day = 0;            // newest incident date in the pack
    int32_t oldest_day = 0;            // oldest incident date in the pack
    RadiusScore score;                 // filled when covered
    RateChange change;                 // this window against the window_days before it (when covered)
    std::vector<std::string> caveats;     // the pack's caveats in words (a sample, one crime type, offset locations)
    std::vector<std::string> caveats_es;  // the same in Spanish (extras["caveats_es"]); empty when the pack has none
};

// The pack's caveats: extras[key] (a JSON array of strings, from packs.json: "caveats" in English,
// "caveats_es" in Spanish) if present.
std::vector<std::string> caveats_of(const data::CityData& city, const std::string& key = "caveats");

// The whole card. `scale` must be the scale for (as_of_day, its params); thread-safe, const.
PlaceCard place_card(const data::CityData& city, const index::GeoIndex& idx, const Coverage& coverage,
                     const ScoreScale& scale, geo::LatLon at, int32_t as_of_day, const std::string& type_role = "type");

// "16 years old": whole years between the newest data day and today (days since 1970-01-01).
int data_age_years(int32_t newest_day, int32_t today_day);

}  // namespace crimescope::score
