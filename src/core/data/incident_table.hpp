// incident_table.hpp: incidents as a struct of arrays. Time is a local civil date plus minute of day;
// coordinates are WGS84 degrees stored as float (about 1 m at city scale); categorical fields are
// per-column dictionaries with integer codes; numeric optional fields are float with NaN for missing.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/geo.hpp"

namespace crimescope::data {

struct CategoryColumn {
    std::string role;            // "type", "premise", "area", "address", "weapon", "mo_codes", ...
    std::string source_column;   // header name in the source CSV (or a description of the mapping)
    std::vector<std::string> dict;
    std::vector<uint32_t> codes;

    uint32_t intern(std::string_view value);   // adds to dict if new (build time)
    // The same with `hash` = std::hash<std::string_view>{}(value) computed by the caller (the parallel ingest
    // hashes in its parse threads), and a prefetch of the slot that value probes first.
    uint32_t intern_hashed(std::string_view value, size_t hash);
    void prefetch(size_t hash) const;
    void rebuild_lookup();                     // after loading dict from a pack
    const std::string& value_at(size_t row) const { return dict[codes[row]]; }
    int64_t find(std::string_view value) const;   // code or -1

private:
    // value -> code: open addressing over `dict` (per slot: a hash tag, code + 1; 0 = empty), no node per
    // value (a 1.25 M-value id column costs 16 MB here where a node map took about 90 MB and most of the ingest time).
    std::vector<uint32_t> m_slots;
    size_t slot_of(std::string_view value, size_t hash) const;   // the slot holding `value`, else the empty slot to use
};

struct NumericColumn {
    std::string role;
    std::string source_column;
    std::vector<float> values;   // NaN = missing
};

struct BoundaryPolygon {
    std::string name;
    std::vector<std::vector<geo::LatLon>> rings;   // outer ring(s) and holes, even-odd
};

struct BoundaryLayer {
    std::string name;      // "neighbourhoods", "police_districts", ...
    std::string source;    // file name and attribution
    std::vector<BoundaryPolygon> polygons;
};

struct IncidentTable {
    std::vector<int32_t> day;            // days since 1970-01-01 (the source's local date)
    std::vector<int16_t> minute_of_day;  // 0..1439, -1 when unknown
    std::vector<float> lat_deg;
    std::vector<float> lon_deg;
    std::vector<CategoryColumn> categories;
    std::vector<NumericColumn> numerics;

    size_t size() const { return day.size(); }
    CategoryColumn* category(std::string_view role);
    const CategoryColumn* category(std::string_view role) const;
    const NumericColumn* numeric(std::string_view role) const;
    NumericColumn* numeric_mut(std::string_view role);
    geo::BBox bbox() const;
    void reserve(size_t n);
};

// Keeps the rows for which keep(row) is true, in their order; each category's dictionary is compacted to the
// values still used (in their old order, so codes stay deterministic). Returns the number of rows removed.
size_t keep_rows(IncidentTable& t, const std::function<bool(size_t)>& keep);

// Renumbers a column's codes in the order the rows first use them, dropping unused values (the rows' values
// are unchanged). A pack stores an identifier column (a case number per row) in this order almost for free:
// each row is "a new value" or a back-reference (data/pack.hpp, version 3).
void order_by_first_use(CategoryColumn& c);
// True when the column's dictionary holds more than a quarter as many values as there are rows (a case
// number, a report id): the columns a pack build orders by first use.
bool is_identifier_like(const CategoryColumn& c);

// A base-map layer drawn under the incidents (issue #13): streets (polylines) or places (points), named,
// from open data (OSM, city GIS, a gazetteer) or built from the incident data's own block addresses.
// Stored in the pack's layer sections ("l<i>"); a user's GeoJSON layer has the same shape (kind "user").
struct BaseFeature {
    uint32_t name = 0;       // index into BaseLayer::names; 0 = unnamed ("")
    uint8_t rank = 1;        // 0 = major (drawn at city zoom), 1 = minor (street zoom only)
    uint32_t first = 0;      // its points are [first, first + count) of the layer's lat_deg / lon_deg
    uint32_t count = 0;      // 1 for a place, >= 2 for a street polyline
};

struct BaseLayer {
    std::string name;          // "streets", "bike_routes", "bus_stops", "schools", "police_stations", "subway_stations"
    std::string kind;          // "streets" | "places" | "user"
    std::string source;        // source file(s) and licence, shown on "Data source"
    std::string attribution;   // credit drawn on the map while the layer is visible ("© OpenStreetMap contributors")
    std::vector<std::string> names{""};   // names[0] is always "" (unnamed)
    std::vector<BaseFeature> features;
    std::vector<float> lat_deg, lon_deg;  // all features' points, concatenated
    size_t skipped_features = 0;          // source features without usable geometry (counted, reported)

    size_t named_count() const {
        size_t n = 0;
        for (const auto& f : features) n += f.name != 0;
        return n;
    }
};

// A loaded city: incidents, boundaries and what to show about the data.
struct CityData {
    std::string id;              // "houston"
    std::string display_name;    // "Houston"
    std::string attribution;     // source, licence, caveats (from PROVENANCE)
    std::string disclaimer;      // shown with scores where the source asks (Vancouver)
    std::string colour_by;       // category role used for colours/filters ("type", or "location_category")
    std::string profile_id;
    std::vector<std::string> source_files;
    IncidentTable incidents;
    std::vector<BoundaryLayer> boundaries;
    std::vector<BaseLayer> base_layers;          // streets and places under the points (pack layer sections)
    std::map<std::string, std::string> extras;   // per-method constants as JSON text (e.g. "score_scale")
};

}  // namespace crimescope::data
