// schema.hpp: a linkage case set and the feature schema that describes it (paper 003's attribute kinds).
// A schema (JSON, see ARCHITECTURE.md "Linkage schema") names the CSV columns for id, location, time and
// ground-truth series, and lists the features: categorical (values + optional similarity table), quantitative
// (QSF range of |a - b|), hierarchical (a modus-operandi tree, one weight per sibling group; a case's cell
// holds its leaf names separated by ';'). Distance and time gap are always features; time of day and day of
// week join them when the set records times.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.hpp"
#include "base/result.hpp"
#include "data/csv_reader.hpp"
#include "linkage/similarity.hpp"

namespace crimescope::linkage {

enum class Kind { Categorical, Quantitative, Hierarchical };
const char* kind_name(Kind k);

struct Feature {
    std::string name, column;
    Kind kind = Kind::Categorical;
    bool is_type = false;                 // the crime type (a ranked-pair filter)
    // categorical
    SimilarityTable table;                // values; sim empty = identity
    // quantitative: QSF over |a - b| in [min, max]
    double min = 0, max = 1;
    // hierarchical
    Tree tree;
    std::vector<double> weights;          // per sibling group (indexed by the parent node)
    // per case
    std::vector<int> cat;                 // value code, -1 missing
    std::vector<double> num;              // NaN missing
    std::vector<std::vector<int>> leaves; // leaf nodes (empty = missing)

    int code_of(const std::string& value) const;   // -1 when unknown
    int node_of(const std::string& name) const;    // tree node by name, -1
    double similarity(size_t i, size_t j) const;   // the paper's similarity of cases i and j for this feature
};

enum class Coordinates { PlanarMetres, PlanarUnknown, LatLon };

struct CaseSet {
    std::string name, source;            // display name; the schema's note on where the data came from
    Coordinates coords = Coordinates::PlanarMetres;
    double metres_per_unit = 1;          // 0: unknown units (the speed rule is off)
    double lat0 = 0, lon0 = 0;           // LatLon: the projection origin (x, y are metres east / north of it)
    int window_days = 365;               // pairs within this many days
    double speed_m_per_day = 0;          // offender speed for the feasibility rule; 0: off
    double max_distance_m = 0;           // 0: no limit
    // PlanarUnknown only: x and y may have been scaled separately (Israel's are min-max scaled to [0, 1] each),
    // so the aspect ratio is unknown too. y holds the file's value times y_scale; the schema gives a number
    // or "fit" (fit_y_scale on the set's solved cases at load; `link eval` refits it on each training fold).
    double y_scale = 1;
    bool y_scale_fit = false;
    std::vector<std::string> id;
    std::vector<double> x, y;            // planar (metres when metres_per_unit = 1)
    std::vector<double> day;             // days since 1970 (the middle of the window when censored)
    std::vector<double> minute_of_day;   // NaN when unknown (no time, or a window longer than a day)
    std::vector<double> weekday;         // 0 = Monday; NaN when unknown
    std::vector<std::string> series;     // ground-truth series; "" = unknown / unsolved
    std::vector<uint8_t> entered;        // 1 = entered by the analyst in the app
    bool has_times = false;              // time of day and weekday features are used
    std::vector<Feature> features;
    std::map<std::string, double> expert_weights;   // by feature name (expert_weights.json); default 1
    IngestReport report;                 // rows skipped while loading, with file:line:field
    std::string schema_text;             // the schema as read (its column layout is kept when written back)
    size_t size() const { return id.size(); }
    int type_feature() const;            // index of the feature marked as the crime type, -1
};

// Reads `dir`/schema.json and the CSV it names. Rows with a bad id, coordinate or date are skipped and
// counted in `report` (file, line, field); unknown categorical values extend the value list; a bad number or
// unknown MO leaf is kept as missing and counted. Whole-input failures (no schema, no CSV, missing column)
// are errors.
Result<CaseSet> load_cases(const std::string& dir);
// The same with schema.json (and expert_weights.json) read from `schema_dir` (the bundled copies of the
// shared sets keep theirs in assets/linkage/<set>/).
Result<CaseSet> load_cases(const std::string& dir, const std::string& schema_dir);
// The same with the schema given as text (`schema_file` names it in errors); expert_weights.json is read from
// `schema_dir` when it is not empty.
Result<CaseSet> load_cases_with_schema(const std::string& schema_text, const std::string& schema_file, const std::string& dir,
                                       const std::string& schema_dir);

// A case file: CSV, or JSON (an array of objects, or {"cases": [...]}) read as CSV whose header is every key in
// order of first appearance and whose record i is line i + 2 (newlines inside values become spaces; a list of
// strings becomes "a;b", a hierarchical cell), so that skipped records are reported by line as in a CSV. `text` holds the JSON's CSV form (the reader reads it).
struct CaseFile {
    std::unique_ptr<std::string> text;   // on the heap: the reader keeps pointing at it when the CaseFile moves
    std::unique_ptr<data::CsvReader> reader;
};
Result<CaseFile> open_case_file(const std::string& path);
// A whole cell as a finite number (strtod; nothing may follow it).
bool parse_number(std::string_view v, double& out);
bool is_json_file(const std::string& path);

// A schema guessed from an analyst's CSV that comes without one (infer.cpp): id, location (lat/lon or x/y; x/y
// within [0, 1] or named "scaled" are unknown units), date (and an end date) and series columns found by name
// (dates also by their values); every other column becomes a categorical feature (codes, short text) or a
// quantitative one (numbers), or is left out (free text, identifiers, and columns that name or size the series,
// which would give the answer away). `notes` says what was chosen and what was left out.
struct SchemaGuess {
    std::string schema_json;
    std::vector<std::string> notes;
};
Result<SchemaGuess> infer_schema(const std::string& csv_path);
// Opens a folder with schema.json (load_cases), a folder with one CSV and no schema.json, or a CSV file (the
// schema inferred; it is the set's schema_text, so "Export schema.json" hands it over for editing).
Result<CaseSet> open_case_set(const std::string& path, std::vector<std::string>* notes = nullptr);
Result<CaseSet> parse_schema(const std::string& json_text, const std::string& file_for_errors);
// The schema of `cs` (with edited tables, weights, ranges, speed) as JSON text.
std::string schema_json(const CaseSet& cs);

// The y scale that ranks the linked pairs of solved cases (those with use_case[i] != 0, all when null)
// best by distance alone (ROC AUC over pairs within the window; powers of 2^(1/4) from 1/4 to 4, ties to the
// nearer 1). Returns the set's current scale when there is nothing to fit on.
double fit_y_scale(const CaseSet& cs, const std::vector<uint8_t>* use_case = nullptr);
// Rescales y to `scale` times the file's values.
void set_y_scale(CaseSet& cs, double scale);

// LatLon sets: a planar point (metres east / north of lat0, lon0, equirectangular) as latitude / longitude
// in degrees, and back. Other sets have no geographic position.
void latlon_of(const CaseSet& cs, double x, double y, double& lat_deg, double& lon_deg);
void planar_of(const CaseSet& cs, double lat_deg, double lon_deg, double& x, double& y);

// A case typed by the analyst: values by feature name (categorical value, number, or ';'-separated leaves).
struct NewCase {
    std::string id;
    double x = 0, y = 0;                 // as in the set's file: planar (y before y_scale), or longitude, latitude
    std::string date_time;               // YYYY-MM-DD or YYYY-MM-DD HH:MM
    std::vector<std::pair<std::string, std::string>> values;
};
// Appends it (entered = 1, no series); an error names the field that does not parse.
Status add_case(CaseSet& cs, const NewCase& c);

}  // namespace crimescope::linkage
