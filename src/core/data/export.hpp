// export.hpp: filtered incidents out as files (issue #14, "Results out"): CSV (RFC 4180 quoting, LF line ends)
// and an RFC 7946 GeoJSON FeatureCollection of Points. One filter for the CLI, the app and later views:
// the map's Filter (days inclusive, hours [H1, H2) with rows of unknown time hidden by an hour filter, the
// categories of one column) plus a bounding box and a list of crime types.
//
// CSV columns: date (YYYY-MM-DD, the source's local date), time (HH:MM, empty when unknown), lat, lon, then
// every categorical column and every numeric column of the table under its role name, in table order.
// Coordinates are written with 6 decimals, or more where 6 would not read back to the same float32 the
// table holds (|value| < 16 degrees), so an export re-reads to identical positions. Numerics: the shortest
// %g that reads back to the same float; empty when missing. assets/profiles/crimescope_export.json reads an
// exported CSV back (auto-detected by its header).
// GeoJSON: one Feature per row, geometry [lon, lat], properties {date, time (null when unknown), <role>: ...}.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "data/filter.hpp"
#include "data/incident_table.hpp"
#include "geo/geo.hpp"

namespace crimescope::data {

// What to export. `filter` is the map's filter; its category_on (if not empty) is over the codes of the
// column with role `category_role` (the app's colour-by column).
struct ExportFilter {
    Filter filter;
    std::string category_role;
    bool has_bbox = false;
    geo::BBox bbox;                    // inclusive, degrees
    std::vector<std::string> types;    // values of the "type" column (matched ignoring case); empty = all
};

// The CLI's strings; an empty string means "not given".
struct ExportFilterArgs {
    std::string from;    // YYYY-MM-DD, inclusive
    std::string to;      // YYYY-MM-DD, inclusive
    std::string hours;   // "H1-H2": hours [H1, H2), 0 <= H1 < H2 <= 24
    std::string types;   // "T1,T2,..." (a type with a comma inside can be quoted: "a, b",c)
    std::string bbox;    // "SOUTH,WEST,NORTH,EAST" degrees
};

// Syntax and ranges only (errors name the option: "--hours: ..."); types are checked against a table by
// select_rows.
Result<ExportFilter> parse_export_filter(const ExportFilterArgs& args);

// Rows of `t` that `f` accepts, in table order. Unknown type names (or a filter on types when the table has
// no "type" column, or a category_role it lacks) -> an error naming them and listing close ones.
Result<std::vector<size_t>> select_rows(const IncidentTable& t, const ExportFilter& f);

enum class ExportFormat { Csv, GeoJson };
Result<ExportFormat> parse_export_format(std::string_view name);   // "csv" | "geojson"
const char* export_format_name(ExportFormat f);

std::string export_csv(const IncidentTable& t, const std::vector<size_t>& rows);
std::string export_geojson(const IncidentTable& t, const std::vector<size_t>& rows);
std::string export_text(const IncidentTable& t, const std::vector<size_t>& rows, ExportFormat format);

struct ExportStats {
    size_t rows_written = 0;
    size_t rows_total = 0;   // rows in the table
    size_t bytes = 0;
};
// select_rows + export_rows_file.
Result<ExportStats> export_file(const IncidentTable& t, const ExportFilter& f, ExportFormat format, const std::string& path);
// Rows already selected: export_text + an atomic write (temp file + rename) to `path`.
Result<ExportStats> export_rows_file(const IncidentTable& t, const std::vector<size_t>& rows, ExportFormat format, const std::string& path);

// A coordinate as text: 6 decimals, more when needed to read back to the same float (up to 9 significant
// digits, which always do).
std::string coord_text(float deg);

}  // namespace crimescope::data
