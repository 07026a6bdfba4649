// incident_table.hpp: incidents as a struct of arrays. Time is a local civil date plus minute of day;
// coordinates are WGS84 degrees stored as float (about 1 m at city scale); categorical fields are
// per-column dictionaries with integer codes; numeric optional fields are float with NaN for missing.
#pragma once
#include <cstdint>
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
    void rebuild_lookup();                     // after loading dict from a pack
    const std::string& value_at(size_t row) const { return dict[codes[row]]; }
    int64_t find(std::string_view value) const;   // code or -1

private:
    std::unordered_map<std::string, uint32_t> m_lookup;
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
    std::map<std::string, std::string> extras;   // per-method constants as JSON text (e.g. "score_scale")
};

}  // namespace crimescope::data
