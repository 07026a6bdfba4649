// geocoder.hpp: offline address and place search. Places come from the pack's own addresses (block
// addresses, LAPD location + cross street), every boundary name, and gazetteers bundled in the pack
// (GeoNames places, zip codes, Chicago street intersections). Nothing leaves the device.
// Matching: case, accents, punctuation and street-type / direction abbreviations are normalised
// ("N Ashland Avenue" = "n ashland ave"), token order does not matter, the last token may be a prefix
// (suggestions while typing), and misspelled tokens match within a small edit distance. Ranking: the
// IDF-weighted share of the query matched (exact > prefix > one edit > two edits), then fewer unmatched
// place tokens, then the place's kind and weight (incidents at an address, population of a place).
// Typed street addresses ("5023 Morningside Dr, Houston") go first through a block index: per street, the
// hundred blocks recorded in the pack's address column at the mean location of their incidents. A number in a
// recorded block finds it; a number between recorded blocks is interpolated along the street's run of blocks,
// and one beyond the ends snaps to the nearest end block (both marked approximate). Streets and places of the
// pack's base layers (kinds "streets" and "places") are places too.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"
#include "data/incident_table.hpp"
#include "data/ingest.hpp"
#include "geocode/address.hpp"

namespace crimescope::geocode {

enum class PlaceKind : uint8_t { Address, Intersection, Area, Place, Zip, Street };
const char* place_kind_name(PlaceKind k);

struct Place {
    std::string name;      // as shown: "9650 marlive ln", "N ASHLAND AVE & W DIVISION ST", "Álvaro Obregón"
    PlaceKind kind = PlaceKind::Place;
    double lat_deg = 0, lon_deg = 0;
    uint32_t weight = 1;   // incidents recorded there, or population
};

struct Match {
    uint32_t place = 0;    // the stored place (for an address: the recorded block nearest the typed number)
    double score = 0;      // 0..1, higher is better
    double lat_deg = 0, lon_deg = 0;   // where the match is (an interpolated address is not a stored place)
    std::string label;     // as shown: the place's name, or "5000 block of Morningside Dr (approximate)"
    bool approximate = false;   // interpolated between / snapped to recorded blocks, or a street without blocks
};

// One recorded hundred block of a street: the mean location of its incidents.
struct StreetBlock {
    uint32_t block = 0;    // house number / 100: 50 for "5050 morningside dr" and "5000-5099"
    double lat_deg = 0, lon_deg = 0;
    uint32_t incidents = 0;
    uint32_t place = 0;    // the stored address place with the most incidents in this block
};
struct Street {
    ParsedAddress parts;   // directions, name and type (no number)
    std::vector<StreetBlock> blocks;   // by block number, one per block
    uint32_t incidents = 0;
};

class Geocoder {
public:
    // Adds a place; its index is size() - 1 afterwards.
    void add(Place p);
    // Records an address place as a block of its street when its name parses as "number street"
    // (called by add_pack_places for every address place; blocks of one street are merged in build()).
    void add_block_address(uint32_t place);
    void build();          // after the last add(); search() needs it
    // The block-index answer for a typed address, if the text has a house number and names a known street.
    bool locate_address(std::string_view query, Match& out) const;
    const std::vector<Street>& streets() const { return m_streets; }
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
    std::vector<uint32_t> m_block_places;                       // address places to index as blocks
    std::vector<Street> m_streets;
    std::unordered_map<std::string, std::vector<uint32_t>> m_streets_by_name;   // name -> m_streets
    std::unordered_map<std::string, std::vector<uint32_t>> m_street_places_by_name;   // name -> Street places
    std::vector<std::string> m_street_names;                    // distinct names of both (misspelled names)
    // Per direction prefix ("n", "s", "e", "w"): the city's common degrees-per-house-number of lat and lon,
    // where most streets with that prefix agree (a grid city: Chicago's 800 numbers a mile); 0, 0 if none.
    std::unordered_map<std::string, std::pair<double, double>> m_dir_slope;
    bool street_match(const ParsedAddress& q, Match& out) const;
};

// Adds the pack's base layers: every named place of a "places" layer as a Place, and every distinct named
// street of a "streets" layer as a Street place at the middle of its longest piece.
void add_base_layer_places(Geocoder& g, const data::CityData& city);

// Adds the pack's addresses, intersections and boundary names. Addresses are grouped: one place per
// distinct address at the mean location of its incidents.
void add_pack_places(Geocoder& g, const data::CityData& city);

// Gazetteer text (stored in packs as extras["gazetteer"]): lines "kind<TAB>name<TAB>lat<TAB>lon<TAB>weight".
Status add_gazetteer(Geocoder& g, const std::string& tsv, const std::string& name_for_errors);

// The geocoder of a city: its addresses, boundary names, base layers and gazetteer (extras["gazetteer"]), built.
Result<Geocoder> city_geocoder(const data::CityData& city);

// Places a row's address for `ingest --geocode PACK`: a recorded block of the street (exact), or a number
// between / beyond recorded blocks interpolated along it (approximate). A street whose house number cannot be
// located at all, or text that is not a house number and a street, is not placed. `g` must outlive the result.
data::Locator block_locator(const Geocoder& g);

// The typed-query table (tests/fixtures/geocode_queries.tsv): lines "pack TAB query TAB expected name", '#' comments.
struct TypedQuery { std::string pack, query, expected; };
Result<std::vector<TypedQuery>> read_query_table(const std::string& path);
// Place names compare case-insensitively ("LINCOLN PARK" community area = "Lincoln Park" place).
bool same_place_name(const std::string& a, const std::string& b);

// Levenshtein distance, stopping early above `limit` (returns limit + 1 then).
int edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace crimescope::geocode
