// infer.cpp: a linkage schema guessed from an analyst's CSV that comes without one (infer_schema), and
// open_case_set, which opens a folder with schema.json, a folder with one CSV, or a CSV file.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "data/column_detect.hpp"
#include "data/csv_reader.hpp"
#include "linkage/schema.hpp"

namespace crimescope::linkage {

using nlohmann::json;

namespace {

// Lower case, letters and digits only: "DT.FROM" -> "dtfrom", "Case ID" -> "caseid".
std::string key_of(std::string_view name) { return data::column_key(name); }   // shared detector (data/column_detect)

bool one_of(const std::string& k, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (k == n) return true;
    return false;
}
bool contains(const std::string& k, const char* part) { return k.find(part) != std::string::npos; }

const std::vector<std::string> kMissingTokens = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "-"};
bool missing(std::string_view v) { return std::find(kMissingTokens.begin(), kMissingTokens.end(), v) != kMissingTokens.end(); }

const std::vector<std::string> kTimeFormats = {
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S %p", "%m/%d/%Y %H:%M %p", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y"};

struct Column {
    std::string name, key;
    std::vector<std::string> sample;   // non-missing values of the sampled rows
    size_t rows = 0;                   // sampled rows (missing included)
    bool numeric = false;
    double lo = 0, hi = 0;
    size_t distinct = 0;
    std::vector<std::string> formats;  // date formats that parse (nearly) every value
    bool unique = false;               // a distinct value on (nearly) every row: duplicates are skipped at load
};

void profile(Column& c) {
    std::set<std::string> d(c.sample.begin(), c.sample.end());
    c.distinct = d.size();
    c.unique = !c.sample.empty() && c.sample.size() == c.rows && c.distinct * 100 >= c.rows * 95;
    size_t nums = 0;
    c.lo = INFINITY;
    c.hi = -INFINITY;
    for (const auto& v : c.sample) {
        double x;
        if (parse_number(v, x)) { ++nums; c.lo = std::min(c.lo, x); c.hi = std::max(c.hi, x); }
    }
    c.numeric = !c.sample.empty() && nums >= c.sample.size() * 95 / 100;
    if (c.numeric) return;
    c.formats = data::matching_date_formats(c.sample, kTimeFormats, 0.95);
}

}  // namespace

Result<SchemaGuess> infer_schema(const std::string& csv_path) {
    auto rd = open_case_file(csv_path);
    if (!rd) return rd.error();
    auto& r = *rd->reader;
    if (!r.next_record()) return data::error_or(r, make_error(ErrorKind::Format, "empty file", csv_path, 1));
    std::vector<Column> cols;
    for (auto f : r.fields()) cols.push_back({std::string(f), key_of(f), {}, 0, false, 0, 0, 0, {}, false});
    if (cols.size() < 4) return make_error(ErrorKind::Format, "a case file needs at least id, x, y and date columns", csv_path, 1);
    size_t rows = 0;
    while (rows < 5000 && r.next_record()) {
        const auto& f = r.fields();
        if (f.size() != cols.size()) continue;   // ragged rows are reported when the set is loaded
        ++rows;
        for (size_t k = 0; k < cols.size(); ++k) {
            ++cols[k].rows;
            if (!missing(f[k])) cols[k].sample.emplace_back(f[k]);
        }
    }
    if (const auto* e = r.error()) return *e;
    if (rows == 0) return make_error(ErrorKind::Format, "no case rows", csv_path, 2);
    for (auto& c : cols) profile(c);

    SchemaGuess g;
    std::vector<bool> used(cols.size(), false);
    auto pick = [&](auto&& ok) -> int {
        for (size_t k = 0; k < cols.size(); ++k)
            if (!used[k] && ok(cols[k])) { used[k] = true; return static_cast<int>(k); }
        return -1;
    };
    auto name_of = [&](int k) { return k < 0 ? std::string() : cols[static_cast<size_t>(k)].name; };
    auto missing_column = [&](const std::string& what, const std::string& names) {
        return make_error(ErrorKind::MissingColumn, "no " + what + " column found (looked for " + names + "); add a schema.json beside the CSV",
                          csv_path, 1, what);
    };

    // The series (ground truth), if any: named so; its companions (group size, ...) would leak it.
    const int c_series = pick([](const Column& c) { return one_of(c.key, {"series", "seriesid", "group", "groupid", "serie", "crimeseries", "seriesno"}); });
    // Location: latitude / longitude, else planar x / y.
    int c_lat = pick([](const Column& c) { return c.numeric && one_of(c.key, {"lat", "latitude", "ylat"}); });
    int c_lon = pick([](const Column& c) { return c.numeric && one_of(c.key, {"lon", "lng", "long", "longitude", "xlon"}); });
    int c_x = -1, c_y = -1;
    if (c_lat < 0 || c_lon < 0) {
        for (int k : {c_lat, c_lon}) if (k >= 0) used[static_cast<size_t>(k)] = false;
        c_lat = c_lon = -1;
        c_x = pick([](const Column& c) { return c.numeric && (one_of(c.key, {"x", "xm", "xcoord", "xcoordinate", "easting", "xscaled", "px", "east"})); });
        c_y = pick([](const Column& c) { return c.numeric && (one_of(c.key, {"y", "ym", "ycoord", "ycoordinate", "northing", "yscaled", "py", "north"})); });
        if (c_x < 0 || c_y < 0) return missing_column("location", "lat/lon, latitude/longitude, x/y, easting/northing");
    }
    // Time: a date column by name, else the first column whose values parse as dates.
    auto dated = [](const Column& c) { return !c.formats.empty(); };
    int c_time = pick([&](const Column& c) {
        return dated(c) && one_of(c.key, {"date", "datetime", "dt", "dtfrom", "datefrom", "datetimefrom", "time", "occurred", "occurredon",
                                          "dateoccurred", "dateocc", "start", "from", "reported", "daterep", "incidentdate", "crimedate"});
    });
    if (c_time < 0) c_time = pick(dated);
    if (c_time < 0) return missing_column("date", "a column of dates such as 2024-05-01 or 05/01/2024 13:30");
    const int c_time_to = pick([&](const Column& c) { return dated(c) && one_of(c.key, {"dtto", "dateto", "datetimeto", "to", "end", "enddate", "until"}); });
    // Id: by name (mostly distinct: duplicates are reported at load), else a column ending in "id" with a distinct
    // value on (nearly) every row.
    int c_id = pick([](const Column& c) {
        return c.distinct * 2 > c.rows && one_of(c.key, {"id", "caseid", "crimeid", "incidentid", "reportid", "eventid", "casenumber", "crimenumber", "drno",
                                          "objectid", "incidentnumber", "casenr", "caseno"});
    });
    if (c_id < 0) c_id = pick([](const Column& c) { return c.unique && c.key.size() > 2 && c.key.compare(c.key.size() - 2, 2, "id") == 0; });
    if (c_id < 0) c_id = pick([](const Column& c) { return c.unique && !c.numeric; });
    if (c_id < 0) return missing_column("id", "id, case_id, crime_id, incident_id or any column with a distinct value on every row");

    json j;
    const std::string file = std::filesystem::path(csv_path).filename().string();
    j["name"] = std::filesystem::path(csv_path).stem().string();
    j["source"] = "your file " + file + " (schema inferred by crimescope; export schema.json to edit it)";
    j["file"] = file;
    j["id"] = name_of(c_id);
    j["missing"] = kMissingTokens;
    if (c_lat >= 0) {
        j["x"] = name_of(c_lon);
        j["y"] = name_of(c_lat);
        j["coordinates"] = "latlon";
        g.notes.push_back("location: " + name_of(c_lat) + " / " + name_of(c_lon) + " (latitude / longitude)");
    } else {
        const auto& X = cols[static_cast<size_t>(c_x)];
        const auto& Y = cols[static_cast<size_t>(c_y)];
        j["x"] = X.name;
        j["y"] = Y.name;
        const bool scaled = contains(X.key, "scaled") || contains(Y.key, "scaled") || (X.lo >= 0 && X.hi <= 1 && Y.lo >= 0 && Y.hi <= 1);
        j["coordinates"] = scaled ? "planar-unknown" : "planar-metres";
        if (scaled && c_series >= 0) j["y_scale"] = "fit";
        g.notes.push_back("location: " + X.name + " / " + Y.name + (scaled ? " (scaled, unknown units: the speed rule is off)" : " (taken as metres on a plane)"));
    }
    j["time"] = name_of(c_time);
    std::vector<std::string> formats = cols[static_cast<size_t>(c_time)].formats;
    if (c_time_to >= 0) {
        j["time_to"] = name_of(c_time_to);
        for (const auto& f : cols[static_cast<size_t>(c_time_to)].formats)
            if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
    }
    j["time_formats"] = formats;
    g.notes.push_back("time: " + name_of(c_time) + (c_time_to >= 0 ? " to " + name_of(c_time_to) : std::string()) + " (" + formats.front() + ")");
    if (c_series >= 0) {
        j["series"] = name_of(c_series);
        g.notes.push_back("series (ground truth): " + name_of(c_series));
    } else {
        g.notes.push_back("no series column: ranked by the expert weighting until you mark pairs");
    }
    j["window_days"] = 365;

    // Every other column: categorical (codes, short text), quantitative (numbers), or left out.
    json features = json::array();
    std::vector<std::string> left_out;
    for (size_t k = 0; k < cols.size(); ++k) {
        if (used[k]) continue;
        const auto& c = cols[k];
        json f;
        f["name"] = c.name;
        f["column"] = c.name;
        const bool leaks = contains(c.key, "group") || contains(c.key, "series") || one_of(c.key, {"offender", "offenderid", "offenderids", "suspect", "suspectid", "cluster"});
        const bool code = c.key.rfind("mo", 0) == 0 || contains(c.key, "code") || contains(c.key, "type") || contains(c.key, "cat") ||
                          contains(c.key, "class") || contains(c.key, "method") || contains(c.key, "kind");
        const bool area = contains(c.key, "beat") || contains(c.key, "district") || contains(c.key, "ward") || contains(c.key, "area") ||
                          contains(c.key, "zone") || contains(c.key, "sector") || contains(c.key, "precinct") || contains(c.key, "division");
        const bool place = contains(c.key, "coord") || contains(c.key, "location") || contains(c.key, "lat") || contains(c.key, "lon") ||
                           one_of(c.key, {"x", "y", "geometry", "point", "geom"});
        const bool calendar = one_of(c.key, {"year", "month", "day", "hour", "weekday", "dayofweek", "week", "quarter"});
        if (leaks) { left_out.push_back(c.name + " (it names or sizes the series: it would give the answer away)"); continue; }
        if (c.sample.empty()) { left_out.push_back(c.name + " (empty)"); continue; }
        if (!c.formats.empty()) { left_out.push_back(c.name + " (a second date)"); continue; }
        if (calendar) { left_out.push_back(c.name + " (part of the date, which is a feature already)"); continue; }
        if (place && !area && c.distinct > 50) { left_out.push_back(c.name + " (a second location)"); continue; }
        if (c.numeric && !code && !area && c.distinct > 2) {
            f["kind"] = "quantitative";
            f["min"] = 0;
            f["max"] = c.hi > c.lo ? c.hi - c.lo : 1.0;
        } else if (c.distinct <= 50) {
            f["kind"] = "categorical";
            if (one_of(c.key, {"type", "crimetype", "offense", "offence", "offensetype", "offencetype", "crime", "category", "crimecategory", "primarytype"}))
                f["type"] = true;
        } else {
            left_out.push_back(c.name + " (" + std::to_string(c.distinct) + " different values: free text or an identifier)");
            continue;
        }
        g.notes.push_back(c.name + ": " + f["kind"].get<std::string>() + (f.contains("type") ? " (the crime type filter)" : ""));
        features.push_back(f);
        if (features.size() >= 60) break;
    }
    j["features"] = features;
    for (const auto& l : left_out) g.notes.push_back("left out: " + l);
    g.schema_json = j.dump(1, ' ', false, json::error_handler_t::replace);
    return g;
}

Result<CaseSet> open_case_set(const std::string& path, std::vector<std::string>* notes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::string csv;
    if (fs::is_directory(path, ec)) {
        if (fs::exists(fs::path(path) / "schema.json", ec)) return load_cases(path);
        std::vector<std::string> found;
        for (const auto& e : fs::directory_iterator(path, ec)) {
            const auto ext = e.path().extension().string();
            const auto name = e.path().filename().string();
            if (e.is_regular_file() && (ext == ".csv" || ext == ".CSV" || (is_json_file(name) && name != "expert_weights.json")))
                found.push_back(e.path().string());
        }
        if (found.size() != 1)
            return make_error(ErrorKind::Format, found.empty() ? "no schema.json and no case file (CSV or JSON) in the folder"
                                                               : "no schema.json, and more than one CSV or JSON file: which one holds the cases?",
                              path);
        csv = found[0];
    } else if (fs::is_regular_file(path, ec)) {
        csv = path;
        // A schema.json beside it that names this file describes it better than a guess.
        const fs::path dir = fs::path(path).parent_path(), schema = dir / "schema.json";
        if (auto bytes = fs::exists(schema, ec) ? read_file_bytes(schema.string()) : Result<std::vector<uint8_t>>(make_error(ErrorKind::Io, "", ""))) {
            auto j = json::parse(bytes->begin(), bytes->end(), nullptr, false);
            if (j.is_object() && j.value("file", std::string()) == fs::path(path).filename().string()) return load_cases(dir.empty() ? "." : dir.string());
        }
    } else {
        return make_error(ErrorKind::Io, "no such file or folder", path);
    }
    auto g = infer_schema(csv);
    if (!g) return g.error();
    if (notes) *notes = g->notes;
    const std::string dir = fs::path(csv).parent_path().string();
    return load_cases_with_schema(g->schema_json, csv + " (inferred schema)", dir.empty() ? "." : dir, dir.empty() ? "." : dir);
}

}  // namespace crimescope::linkage
