// concentration.cpp: crime per study-area cell, the Lorenz curve over places sorted busiest first, top shares,
// the place shares holding 50% / 80% of crime and the Gini coefficient (issue #19, concentration). The formulas
// are in concentration.hpp. See tests/core/hotspot/test_concentration.cpp.
#include "hotspot/concentration.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "hotspot/study_area.hpp"

namespace crimescope::hotspot {

namespace {
uint64_t total(std::span<const uint32_t> c) {
    uint64_t s = 0;
    for (uint32_t v : c) s += v;
    return s;
}
}  // namespace

double top_share(std::span<const uint32_t> counts_desc, double place_share) {
    const size_t n = counts_desc.size();
    const uint64_t c = total(counts_desc);
    if (n == 0 || c == 0 || !(place_share > 0)) return 0;
    if (place_share >= 1) return 1;
    const double pos = place_share * static_cast<double>(n);
    const size_t k = std::min(n - 1, static_cast<size_t>(std::floor(pos)));
    uint64_t cum = 0;
    for (size_t i = 0; i < k; ++i) cum += counts_desc[i];
    const double frac = pos - static_cast<double>(k);
    return (static_cast<double>(cum) + frac * counts_desc[k]) / static_cast<double>(c);
}

double place_share_for(std::span<const uint32_t> counts_desc, double crime_share) {
    const size_t n = counts_desc.size();
    const uint64_t c = total(counts_desc);
    if (n == 0 || c == 0 || !(crime_share > 0)) return 0;
    if (crime_share >= 1) {
        size_t k = 0;
        while (k < n && counts_desc[k] > 0) ++k;   // the places with any crime hold all of it
        return static_cast<double>(k) / static_cast<double>(n);
    }
    const double target = crime_share * static_cast<double>(c);
    uint64_t cum = 0;
    for (size_t k = 0; k < n; ++k) {
        const uint32_t ck = counts_desc[k];
        if (ck > 0 && static_cast<double>(cum + ck) >= target)
            return (static_cast<double>(k) + (target - static_cast<double>(cum)) / ck) / static_cast<double>(n);
        cum += ck;
    }
    return 1;
}

double gini_of(std::span<const uint32_t> counts_desc) {
    const size_t n = counts_desc.size();
    const uint64_t c = total(counts_desc);
    if (n == 0 || c == 0) return 0;
    // Ascending rank of descending position k (0-based) is n - k.
    double weighted = 0;
    for (size_t k = 0; k < n; ++k) weighted += static_cast<double>(n - k) * counts_desc[k];
    const double dn = static_cast<double>(n);
    return 2 * weighted / (dn * static_cast<double>(c)) - (dn + 1) / dn;
}

std::vector<ShareAt> Concentration::lorenz(int points) const {
    std::vector<ShareAt> out;
    if (points < 1) points = 1;
    out.reserve(static_cast<size_t>(points) + 1);
    for (int i = 0; i <= points; ++i) {
        const double x = static_cast<double>(i) / points;
        out.push_back({x, top_share(counts_desc, x)});
    }
    return out;
}

Concentration concentration_of_counts(std::vector<uint32_t> counts) {
    Concentration out;
    std::sort(counts.begin(), counts.end(), std::greater<>());
    out.counts_desc = std::move(counts);
    out.places = out.counts_desc.size();
    out.crimes = total(out.counts_desc);
    for (uint32_t v : out.counts_desc) out.places_with_crime += v > 0;
    for (double x : {0.01, 0.05, 0.10, 0.20}) out.top.push_back({x, top_share(out.counts_desc, x)});
    out.places_for_50 = place_share_for(out.counts_desc, 0.5);
    out.places_for_80 = place_share_for(out.counts_desc, 0.8);
    out.gini = gini_of(out.counts_desc);
    return out;
}

Result<Concentration> concentration(const data::IncidentTable& t, std::span<const size_t> rows, const ConcentrationParams& p) {
    auto g = grid_for_rows(t, rows, p.cell_m);
    if (!g) return g.error();
    size_t without_position = 0;
    for (size_t r : rows) without_position += !(std::isfinite(t.lat_deg[r]) && std::isfinite(t.lon_deg[r]));
    const auto cells = count_cells(g.value(), t, rows);
    const auto area = study_area_cells(g.value(), t, rows);
    std::vector<uint32_t> per_place;
    per_place.reserve(area.size());
    for (int64_t c : area) per_place.push_back(cells[static_cast<size_t>(c)]);
    Concentration out = concentration_of_counts(std::move(per_place));
    out.cell_m = p.cell_m;
    out.without_position = without_position;
    return out;
}

nlohmann::json concentration_json(const Concentration& c, int lorenz_points) {
    using nlohmann::json;
    json j;
    j["cell_m"] = c.cell_m;
    j["places"] = c.places;
    j["places_with_crime"] = c.places_with_crime;
    j["crimes"] = c.crimes;
    j["without_position"] = c.without_position;
    json top = json::array();
    for (const auto& s : c.top) top.push_back({{"place_share", s.place_share}, {"crime_share", s.crime_share}});
    j["top"] = top;
    j["places_for_50"] = c.places_for_50;
    j["places_for_80"] = c.places_for_80;
    j["gini"] = c.gini;
    json lz = json::array();
    for (const auto& s : c.lorenz(lorenz_points)) lz.push_back({{"place_share", s.place_share}, {"crime_share", s.crime_share}});
    j["lorenz"] = lz;
    return j;
}

}  // namespace crimescope::hotspot
