// address_eval.hpp: how well typed street addresses land (issue #13). Typed addresses are drawn from
// incidents whose address column holds a block address ("9650 marlive ln", "33XX W 15TH AVE", "050XX W
// SUPERIOR ST"): a random house number inside the block, the street type spelled out for half of them, a city
// suffix for some. The drawn incidents are held out of the geocoder's block index, so a block seen only in
// them has to be found by interpolation. A hit is a top result within radius_m of the incident's coordinates.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "geocode/geocoder.hpp"

namespace crimescope::geocode {

struct TypedAddress {
    std::string text;         // "5023 Morningside Drive, Houston"
    double lat_deg = 0, lon_deg = 0;   // the incident's coordinates
    uint32_t row = 0;         // its row in the table it was drawn from
};

// n typed addresses from distinct rows of t whose "address" value parses as number + street (fewer when
// fewer rows qualify). Deterministic for a seed on every platform (mt19937, no std distributions).
std::vector<TypedAddress> draw_typed_addresses(const data::IncidentTable& t, size_t n, const std::string& city_name,
                                               uint32_t seed);

// The table without the given rows (all columns kept, dictionaries unchanged).
data::IncidentTable without_rows(const data::IncidentTable& t, const std::vector<uint32_t>& rows);

struct AddressEval {
    size_t n = 0, hits = 0, approximate = 0, approximate_hits = 0, not_found = 0;
    // Top results that are a recorded block of the typed street (not interpolated): their hit share is the
    // ceiling the data allows, since a held-out incident can lie far from its own block's other incidents.
    size_t recorded_block = 0, recorded_block_hits = 0;
    double median_error_m = 0;   // over the queries with a result
    double ms_per_query = 0;
    std::vector<std::string> misses;   // "typed -> top label (error m)", the first max_misses
    double hit_rate() const { return n ? static_cast<double>(hits) / static_cast<double>(n) : 0.0; }
};

// Searches each typed address and scores the top result.
AddressEval evaluate_typed_addresses(const Geocoder& g, const std::vector<TypedAddress>& queries, double radius_m,
                                     size_t max_misses = 10);

// The whole hold-out measurement on one city: draw n typed addresses from city.incidents, build the city's
// geocoder without those rows, evaluate. Streets layers built from the incidents themselves (their source
// says "incident data") are left out too: they would carry the held-out rows' blocks.
Result<AddressEval> holdout_address_eval(const data::CityData& city, size_t n, const std::string& city_name,
                                         uint32_t seed, double radius_m, size_t max_misses = 10);

}  // namespace crimescope::geocode
