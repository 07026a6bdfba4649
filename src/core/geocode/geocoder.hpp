// geocoder.hpp: offline address and place search. Places come from the pack's own addresses (block
// addresses, LAPD location + cross street), every boundary name, and gazetteers bundled in the pack
// (GeoNames places, zip codes, Chicago street intersections). Nothing leaves the device.
// Matching: case, accents, punctuation and street-type / direction abbreviations are normalised
// ("N Ashland Avenue" = "n ashland ave"), token order does not matter, the last token may be a prefix
// (suggestions while typing), and misspelled tokens match within a small edit distance. Ranking: the
// IDF-weighted share of the query matched (exact > prefix > one edit > two edits), then fewer unmatched
// place tokens, then the place's kind and weight (incidents at an address, population of a place).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"

namespace crimescope::geocode {

enum class PlaceKind : uint8_t { Address, Intersection, Area, Place, Zip };
const char* place_kind_name(PlaceKind k);

struct Place {
    std::string name;      // as shown: "9650 marlive ln", "N ASHLAND AVE & W DIVISION ST", "Álvaro Obregón"
    PlaceKind kind = PlaceKind::Place;
    double lat_deg = 0, lon_deg = 0;
    uint32_t weight = 1;   // incidents recorded there, or population
};

struct Match {
    uint32_t place;
    double score;          // 0..1, higher is better
};

class Geocoder {
public:
    void add(Place p);
    void build();          // after the last add(); search() needs it
    std::vector<Match> search(std::string_view query, size_t max_results = 8) const;
    const Place& place(uint32_t i) const { return m_places[i]; }
    size_t size() const { return m_places.size(); }

    // Lower-case ASCII tokens: accents folded, punctuation split, abbreviations canonical ("street" -> "st").
    static std::vector<std::string> normalise(std::string_view text);

private:
    std::vector<Place> m_places;
    std::vector<std::vector<uint32_t>> m_place_tokens;          // token ids per place
    std::vector<std::string> m_vocab;
    std::unordered_map<std::string, uint32_t> m_token_id;
    std::vector<std::vector<uint32_t>> m_postings;              // places per token
    std::vector<float> m_idf;
    std::vector<uint32_t> m_sorted_vocab;                       // token ids by text (prefix search)
};

// Adds the pack's addresses, intersections and boundary names. Addresses are grouped: one place per
// distinct address at the mean location of its incidents.
void add_pack_places(Geocoder& g, const data::CityData& city);

// Gazetteer text (stored in packs as extras["gazetteer"]): lines "kind<TAB>name<TAB>lat<TAB>lon<TAB>weight".
Status add_gazetteer(Geocoder& g, const std::string& tsv, const std::string& name_for_errors);

// The geocoder of a city: its addresses, boundary names and gazetteer (extras["gazetteer"]), built.
Result<Geocoder> city_geocoder(const data::CityData& city);

// The typed-query table (tests/fixtures/geocode_queries.tsv): lines "pack TAB query TAB expected name", '#' comments.
struct TypedQuery { std::string pack, query, expected; };
Result<std::vector<TypedQuery>> read_query_table(const std::string& path);
// Place names compare case-insensitively ("LINCOLN PARK" community area = "Lincoln Park" place).
bool same_place_name(const std::string& a, const std::string& b);

// Levenshtein distance, stopping early above `limit` (returns limit + 1 then).
int edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace crimescope::geocode
