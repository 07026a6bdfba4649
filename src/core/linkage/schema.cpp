#include "linkage/schema.hpp"

#include "linkage/cases.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include "base/json_int.hpp"
#include "data/csv_reader.hpp"

namespace crimescope::linkage {

using nlohmann::json;

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::Categorical: return "categorical";
        case Kind::Quantitative: return "quantitative";
        case Kind::Hierarchical: return "hierarchical";
    }
    return "?";
}

int Feature::code_of(const std::string& v) const {
    for (size_t i = 0; i < table.values.size(); ++i)
        if (table.values[i] == v) return static_cast<int>(i);
    return -1;
}

int Feature::node_of(const std::string& n) const {
    for (size_t i = 0; i < tree.name.size(); ++i)
        if (tree.name[i] == n) return static_cast<int>(i);
    return -1;
}

double Feature::similarity(size_t i, size_t j) const {
    switch (kind) {
        case Kind::Categorical: return table.at(cat[i], cat[j]);
        case Kind::Quantitative: return quantitative_similarity(num[i], num[j], min, max);
        case Kind::Hierarchical: return hierarchical_similarity(tree, leaves[i], leaves[j], weights);
    }
    return kMissing;
}

int CaseSet::type_feature() const {
    for (size_t k = 0; k < features.size(); ++k)
        if (features[k].is_type) return static_cast<int>(k);
    return -1;
}

namespace {

struct Layout {   // where the schema's columns are
    std::string file, id, x, y, time, time_to, series, series_file, series_file_id, series_file_column, unsolved_if_zero;
    std::vector<std::string> formats{"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"};
    std::vector<std::string> missing{"", "NA"};
};

// MO trees are a few levels deep (the paper's robbery form: 3); these bound the recursion and the work a
// hostile schema can ask for (issue #17).
constexpr int kMaxTreeDepth = 32;
constexpr size_t kMaxTreeNodes = 5000;

// False when the tree is deeper than kMaxTreeDepth or has more than kMaxTreeNodes nodes.
bool add_tree_node(Tree& t, std::vector<double>& w, const json& node, int parent, int depth) {
    if (depth > kMaxTreeDepth || t.name.size() >= kMaxTreeNodes) return false;
    t.add(node.value("name", std::string("?")), parent);
    const int me = static_cast<int>(t.name.size()) - 1;
    w.push_back(node.value("weight", 1.0));   // the weight of this node's children group
    if (node.contains("children"))
        for (const auto& c : node["children"])
            if (!add_tree_node(t, w, c, me, depth + 1)) return false;
    return true;
}

// Children lists by node, in index order (linear; the subtrees are moved, never copied).
json tree_to_json(const Tree& t, const std::vector<double>& w, const std::vector<std::vector<int>>& kids_of, int node) {
    json j;
    j["name"] = t.name[static_cast<size_t>(node)];
    const auto& ks = kids_of[static_cast<size_t>(node)];
    if (!ks.empty()) {
        json kids = json::array();
        for (int c : ks) kids.push_back(tree_to_json(t, w, kids_of, c));
        j["weight"] = w[static_cast<size_t>(node)];
        j["children"] = std::move(kids);
    }
    return j;
}

json tree_to_json(const Tree& t, const std::vector<double>& w) {
    std::vector<std::vector<int>> kids_of(t.name.size());
    for (size_t c = 0; c < t.name.size(); ++c)
        if (t.parent[c] >= 0) kids_of[static_cast<size_t>(t.parent[c])].push_back(static_cast<int>(c));
    return tree_to_json(t, w, kids_of, 0);
}

Result<Layout> parse_into(const json& j, CaseSet& cs, const std::string& file) {
    Layout L;
    if (!j.is_object()) return make_error(ErrorKind::Format, "schema is not a JSON object", file);
    auto str = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string(); };
    cs.name = str("name");
    cs.source = str("source");
    L.file = str("file");
    L.id = str("id");
    L.x = str("x");
    L.y = str("y");
    L.time = str("time");
    L.time_to = str("time_to");
    if (j.contains("time_formats")) L.formats = j["time_formats"].get<std::vector<std::string>>();
    if (j.contains("missing")) L.missing = j["missing"].get<std::vector<std::string>>();
    if (j.contains("series") && j["series"].is_object()) {
        const auto& s = j["series"];
        L.series_file = s.value("file", std::string());
        L.series_file_id = s.value("id", std::string());
        L.series_file_column = s.value("column", std::string());
        L.unsolved_if_zero = s.value("unsolved_if_zero", std::string());
    } else {
        L.series = str("series");
    }
    const std::string coords = j.value("coordinates", std::string("planar-metres"));
    if (coords == "planar-metres") { cs.coords = Coordinates::PlanarMetres; cs.metres_per_unit = 1; }
    else if (coords == "planar-unknown") { cs.coords = Coordinates::PlanarUnknown; cs.metres_per_unit = 0; }
    else if (coords == "latlon") { cs.coords = Coordinates::LatLon; cs.metres_per_unit = 1; }
    else return make_error(ErrorKind::Format, "coordinates must be planar-metres, planar-unknown or latlon", file, 0, "coordinates");
    cs.window_days = static_cast<int>(json_int_or(j, "window_days", 365));
    cs.speed_m_per_day = j.value("speed_km_per_day", 0.0) * 1000.0;
    cs.max_distance_m = j.value("max_distance_m", 0.0);
    if (j.contains("y_scale")) {
        const auto& ys = j["y_scale"];
        if (cs.coords != Coordinates::PlanarUnknown)
            return make_error(ErrorKind::Format, "y_scale is for planar-unknown coordinates only", file, 0, "y_scale");
        if (ys.is_string() && ys.get<std::string>() == "fit") cs.y_scale_fit = true;
        else if (ys.is_number() && ys.get<double>() > 0 && std::isfinite(ys.get<double>())) cs.y_scale = ys.get<double>();
        else return make_error(ErrorKind::Format, "y_scale must be a positive number or \"fit\"", file, 0, "y_scale");
    }
    if (L.id.empty() || L.x.empty() || L.y.empty() || L.time.empty())
        return make_error(ErrorKind::Format, "schema needs id, x, y and time columns", file);
    if (j.contains("features")) {
        for (const auto& fj : j["features"]) {
            Feature f;
            f.name = fj.value("name", std::string());
            f.column = fj.value("column", f.name);
            const std::string kind = fj.value("kind", std::string());
            f.is_type = fj.value("type", false);
            if (kind == "categorical") {
                f.kind = Kind::Categorical;
                if (fj.contains("values")) f.table.values = fj["values"].get<std::vector<std::string>>();
                if (fj.contains("table")) {
                    const auto& t = fj["table"];
                    const size_t n = f.table.values.size();
                    if (!t.is_array() || t.size() != n) return make_error(ErrorKind::Format, "table must be values x values", file, 0, f.name);
                    f.table.sim.assign(n * n, 0.0);
                    for (size_t a = 0; a < n; ++a) {
                        if (!t[a].is_array() || t[a].size() != n) return make_error(ErrorKind::Format, "table must be values x values", file, 0, f.name);
                        for (size_t b = 0; b < n; ++b) f.table.sim[a * n + b] = std::clamp(t[a][b].get<double>(), 0.0, 1.0);
                    }
                }
            } else if (kind == "quantitative") {
                f.kind = Kind::Quantitative;
                f.min = fj.value("min", 0.0);
                f.max = fj.value("max", 1.0);
                if (!(f.max > f.min)) return make_error(ErrorKind::Format, "quantitative range needs max > min", file, 0, f.name);
            } else if (kind == "hierarchical") {
                f.kind = Kind::Hierarchical;
                if (!fj.contains("tree")) return make_error(ErrorKind::Format, "hierarchical feature needs a tree", file, 0, f.name);
                if (!add_tree_node(f.tree, f.weights, fj["tree"], -1, 0))
                    return make_error(ErrorKind::Format, "MO tree deeper than " + std::to_string(kMaxTreeDepth) + " levels or over " +
                                          std::to_string(kMaxTreeNodes) + " nodes", file, 0, f.name);
            } else {
                return make_error(ErrorKind::Format, "kind must be categorical, quantitative or hierarchical", file, 0, f.name);
            }
            if (f.name.empty()) return make_error(ErrorKind::Format, "feature without a name", file);
            if (cs.features.size() >= 60) return make_error(ErrorKind::Format, "at most 60 features", file, 0, f.name);
            cs.features.push_back(std::move(f));
        }
    }
    return L;
}

bool is_missing(const Layout& L, std::string_view v) {
    return std::find(L.missing.begin(), L.missing.end(), v) != L.missing.end();
}

bool parse_time(const Layout& L, std::string_view v, DateTime& dt) {
    for (const auto& f : L.formats)
        if (parse_datetime(v, f, dt)) return true;
    return false;
}

// Sets the case's time from [from, to] (to may equal from).
void set_time(CaseSet& cs, const DateTime& a, const DateTime& b) {
    const double t0 = a.day + (a.minute_of_day > 0 ? a.minute_of_day / 1440.0 : 0.0);
    const double t1 = b.day + (b.minute_of_day > 0 ? b.minute_of_day / 1440.0 : 0.0);
    const double mid = 0.5 * (t0 + t1);
    cs.day.push_back(mid);
    const bool timed = a.minute_of_day >= 0 && b.minute_of_day >= 0;
    cs.minute_of_day.push_back(timed && t1 - t0 <= 1.0 ? std::fmod(mid, 1.0) * 1440.0 : NAN);
    cs.weekday.push_back(t1 - t0 <= 1.0 ? std::fmod(std::floor(mid) + 3.0, 7.0) : NAN);   // 1970-01-01 was a Thursday
}

Status set_value(Feature& f, std::string_view raw, bool missing) {
    switch (f.kind) {
        case Kind::Categorical: {
            if (missing) { f.cat.push_back(-1); return Ok{}; }
            int c = f.code_of(std::string(raw));
            if (c < 0) {
                if (!f.table.sim.empty()) {   // an edited table cannot take new values silently
                    f.cat.push_back(-1);
                    return make_error(ErrorKind::Format, "value '" + std::string(raw) + "' is not in the similarity table");
                }
                f.table.values.emplace_back(raw);
                c = static_cast<int>(f.table.values.size()) - 1;
            }
            f.cat.push_back(c);
            return Ok{};
        }
        case Kind::Quantitative: {
            double v = NAN;
            if (!missing && !parse_number(raw, v)) {
                f.num.push_back(NAN);
                return make_error(ErrorKind::Format, "not a number: '" + std::string(raw) + "'");
            }
            f.num.push_back(missing ? NAN : v);
            return Ok{};
        }
        case Kind::Hierarchical: {
            std::vector<int> leaves;
            std::string bad;
            if (!missing) {
                std::string s(raw);
                size_t p = 0;
                while (p <= s.size()) {
                    size_t q = s.find(';', p);
                    if (q == std::string::npos) q = s.size();
                    std::string name = s.substr(p, q - p);
                    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
                    while (!name.empty() && name.back() == ' ') name.pop_back();
                    if (!name.empty()) {
                        int n = f.node_of(name);
                        if (n < 0 || !f.tree.is_leaf(n)) bad = name;
                        else if (std::find(leaves.begin(), leaves.end(), n) == leaves.end()) leaves.push_back(n);
                    }
                    p = q + 1;
                }
            }
            f.leaves.push_back(std::move(leaves));
            if (!bad.empty()) return make_error(ErrorKind::Format, "'" + bad + "' is not a leaf of the " + f.name + " tree");
            return Ok{};
        }
    }
    return Ok{};
}

}  // namespace

bool parse_number(std::string_view v, double& out) {
    std::string s(v);
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && end && *end == 0 && std::isfinite(out);
}

bool is_json_file(const std::string& path) {
    return path.size() > 5 && (path.compare(path.size() - 5, 5, ".json") == 0 || path.compare(path.size() - 5, 5, ".JSON") == 0);
}

Result<CaseFile> open_case_file(const std::string& path) {
    CaseFile f;
    if (!is_json_file(path)) {
        auto rd = data::CsvReader::open(path);
        if (!rd) return rd.error();
        f.reader = std::move(rd.value());
        return f;
    }
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    auto j = json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (j.is_discarded()) return make_error(ErrorKind::Format, "not valid JSON", path);
    if (j.is_object() && j.contains("cases")) j = j["cases"];
    if (!j.is_array()) return make_error(ErrorKind::Format, "a JSON case file is an array of cases (objects), or {\"cases\": [...]}", path);
    std::vector<std::string> keys;
    std::map<std::string, size_t> col;
    std::string text;
    for (size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_object()) return make_error(ErrorKind::Format, "case " + std::to_string(i + 1) + " is not an object", path, static_cast<long>(i + 2));
        for (auto it = j[i].begin(); it != j[i].end(); ++it)
            if (col.emplace(it.key(), keys.size()).second) keys.push_back(it.key());
    }
    auto cell = [](std::string v) {
        for (auto& c : v) if (c == '\n' || c == '\r') c = ' ';
        if (v.find_first_of(",\"") == std::string::npos) return v;
        std::string q = "\"";
        for (char c : v) { if (c == '"') q += '"'; q += c; }
        return q + "\"";
    };
    for (size_t k = 0; k < keys.size(); ++k) text += (k ? "," : "") + cell(keys[k]);
    text += "\n";
    for (const auto& rec : j) {
        std::vector<std::string> row(keys.size());
        for (auto it = rec.begin(); it != rec.end(); ++it) {
            const auto& v = it.value();
            std::string& out = row[col[it.key()]];
            if (v.is_string()) out = v.get<std::string>();
            else if (v.is_array()) {   // a list of MO leaves: "a;b", as in a CSV cell
                for (const auto& e : v) out += (out.empty() ? "" : ";") + (e.is_string() ? e.get<std::string>() : e.dump());
            } else if (!v.is_null()) out = v.dump();
        }
        for (size_t k = 0; k < row.size(); ++k) text += (k ? "," : "") + cell(row[k]);
        text += "\n";
    }
    f.text = std::make_unique<std::string>(std::move(text));
    auto rd = data::CsvReader::from_memory(path, reinterpret_cast<const uint8_t*>(f.text->data()), f.text->size());
    if (!rd) return rd.error();
    f.reader = std::move(rd.value());
    return f;
}

Result<CaseSet> parse_schema(const std::string& text, const std::string& file) {
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return make_error(ErrorKind::Format, "not valid JSON", file);
    CaseSet cs;
    cs.schema_text = text;
    try {
        auto L = parse_into(j, cs, file);
        if (!L) return L.error();
    } catch (const json::exception& e) {
        return make_error(ErrorKind::Format, std::string("schema: ") + e.what(), file);
    }
    return cs;
}

Result<CaseSet> load_cases(const std::string& dir) { return load_cases(dir, dir); }

Result<CaseSet> load_cases(const std::string& dir, const std::string& schema_dir) {
    const std::string schema_file = schema_dir + "/schema.json";
    auto bytes = read_file_bytes(schema_file);
    if (!bytes) return bytes.error();
    return load_cases_with_schema(std::string(bytes->begin(), bytes->end()), schema_file, dir, schema_dir);
}

Result<CaseSet> load_cases_with_schema(const std::string& schema_text, const std::string& schema_file, const std::string& dir,
                                       const std::string& schema_dir) {
    auto j = json::parse(schema_text, nullptr, false);
    if (j.is_discarded()) return make_error(ErrorKind::Format, "not valid JSON", schema_file);
    CaseSet cs;
    cs.schema_text = schema_text;
    Layout L;
    try {
        auto r = parse_into(j, cs, schema_file);
        if (!r) return r.error();
        L = std::move(r.value());
    } catch (const json::exception& e) {
        return make_error(ErrorKind::Format, std::string("schema: ") + e.what(), schema_file);
    }
    if (L.file.empty()) return make_error(ErrorKind::Format, "schema names no case file", schema_file, 0, "file");
    const std::string weights_file = schema_dir + "/expert_weights.json";
    if (std::FILE* probe = schema_dir.empty() ? nullptr : std::fopen(weights_file.c_str(), "rb")) {
        std::fclose(probe);
        auto wb = read_file_bytes(weights_file);
        if (!wb) return wb.error();
        auto wj = json::parse(wb->begin(), wb->end(), nullptr, false);
        if (wj.is_discarded() || !wj.is_object()) return make_error(ErrorKind::Format, "not a JSON object of weights", weights_file);
        for (auto it = wj.begin(); it != wj.end(); ++it) {
            if (!it.value().is_number()) return make_error(ErrorKind::Format, "weight is not a number", weights_file, 0, it.key());
            cs.expert_weights[it.key()] = it.value().get<double>();
        }
    }
    // Ground truth from a second file (crimelinkage's crime_groups.csv).
    std::map<std::string, std::string> series_of;
    if (!L.series_file.empty()) {
        const std::string sf = dir + "/" + L.series_file;
        auto rd = data::CsvReader::open(sf);
        if (!rd) return rd.error();
        auto& r = *rd.value();
        if (!r.next_record()) return data::error_or(r, make_error(ErrorKind::Format, "empty file", sf, 1));
        int ci = -1, cc = -1, cz = -1;
        for (size_t k = 0; k < r.fields().size(); ++k) {
            if (r.fields()[k] == L.series_file_id) ci = static_cast<int>(k);
            if (r.fields()[k] == L.series_file_column) cc = static_cast<int>(k);
            if (!L.unsolved_if_zero.empty() && r.fields()[k] == L.unsolved_if_zero) cz = static_cast<int>(k);
        }
        if (ci < 0 || cc < 0) return make_error(ErrorKind::MissingColumn, "no column " + (ci < 0 ? L.series_file_id : L.series_file_column), sf, 1);
        while (r.next_record()) {
            const auto& f = r.fields();
            if (f.size() == 1 && f[0].empty()) continue;
            if (static_cast<int>(f.size()) <= std::max(ci, std::max(cc, cz))) continue;
            if (cz >= 0 && (f[static_cast<size_t>(cz)] == "0" || f[static_cast<size_t>(cz)].empty())) continue;   // unsolved
            series_of[std::string(f[static_cast<size_t>(ci)])] = std::string(f[static_cast<size_t>(cc)]);
        }
        if (const auto* e = r.error()) return *e;
    }
    const std::string cf = dir + "/" + L.file;
    auto rd = open_case_file(cf);
    if (!rd) return rd.error();
    auto& r = *rd->reader;
    if (!r.next_record()) return data::error_or(r, make_error(ErrorKind::Format, "empty file", cf, 1));
    std::map<std::string, int> col;
    for (size_t k = 0; k < r.fields().size(); ++k) col[std::string(r.fields()[k])] = static_cast<int>(k);
    auto need = [&](const std::string& name, int& out) -> Status {
        if (name.empty()) { out = -1; return Ok{}; }
        auto it = col.find(name);
        if (it == col.end()) return make_error(ErrorKind::MissingColumn, "no column '" + name + "' (named by schema.json)", cf, 1, name);
        out = it->second;
        return Ok{};
    };
    int c_id, c_x, c_y, c_t, c_t2, c_s;
    for (auto [name, out] : {std::pair{&L.id, &c_id}, std::pair{&L.x, &c_x}, std::pair{&L.y, &c_y}, std::pair{&L.time, &c_t},
                             std::pair{&L.time_to, &c_t2}, std::pair{&L.series, &c_s}}) {
        auto st = need(*name, *out);
        if (!st) return st.error();
    }
    std::vector<int> c_feat(cs.features.size());
    for (size_t k = 0; k < cs.features.size(); ++k) {
        // A JSON case may leave out keys it has no value for: a feature no case has is missing everywhere.
        if (is_json_file(cf) && !col.count(cs.features[k].column)) { c_feat[k] = -1; continue; }
        auto st = need(cs.features[k].column, c_feat[k]);
        if (!st) return st.error();
    }
    auto& rep = cs.report;
    rep.file = cf;
    double sum_lat = 0, sum_lon = 0;
    std::vector<std::pair<double, double>> latlon;
    std::map<std::string, long> seen_ids;
    auto skip = [&rep](IssueKind kind, long line, const std::string& field, std::string msg) {
        rep.add(kind, line, field, std::move(msg));
        ++rep.rows_skipped;
    };
    while (r.next_record()) {
        const auto& f = r.fields();
        if (f.size() == 1 && f[0].empty()) { ++rep.blank_lines; continue; }
        ++rep.rows_read;
        const long line = r.record_line();
        if (f.size() != col.size()) {
            skip(IssueKind::RaggedRow, line, "", std::to_string(f.size()) + " fields, header has " + std::to_string(col.size()));
            continue;
        }
        auto at = [&](int c) { return c < 0 ? std::string_view() : f[static_cast<size_t>(c)]; };
        const std::string id(at(c_id));
        if (id.empty()) { skip(IssueKind::OutOfRange, line, L.id, "empty case id"); continue; }
        if (seen_ids.count(id)) {
            skip(IssueKind::Duplicate, line, L.id, "id '" + id + "' already on line " + std::to_string(seen_ids[id]));
            continue;
        }
        double x = 0, y = 0;
        if (is_missing(L, at(c_x)) || is_missing(L, at(c_y))) { skip(IssueKind::MissingCoord, line, L.x, "no location"); continue; }
        if (!parse_number(at(c_x), x) || !parse_number(at(c_y), y)) {
            skip(IssueKind::OutOfRange, line, parse_number(at(c_x), x) ? L.y : L.x, "coordinate is not a number");
            continue;
        }
        if (cs.coords == Coordinates::LatLon && (std::fabs(y) > 90 || std::fabs(x) > 180)) {
            skip(IssueKind::OutOfRange, line, L.x, "latitude / longitude out of range");
            continue;
        }
        DateTime t0, t1;
        if (!parse_time(L, at(c_t), t0)) { skip(IssueKind::BadDate, line, L.time, "not a date: '" + std::string(at(c_t)) + "'"); continue; }
        t1 = t0;
        if (c_t2 >= 0 && !is_missing(L, at(c_t2)) && !parse_time(L, at(c_t2), t1)) {
            skip(IssueKind::BadDate, line, L.time_to, "not a date: '" + std::string(at(c_t2)) + "'");
            continue;
        }
        if (t1.day < t0.day || (t1.day == t0.day && t1.minute_of_day < t0.minute_of_day)) std::swap(t0, t1);
        ++rep.rows_kept;
        seen_ids[id] = line;
        cs.id.push_back(id);
        if (cs.coords == Coordinates::LatLon) { latlon.push_back({y, x}); sum_lat += y; sum_lon += x;   // x = longitude, y = latitude
            cs.x.push_back(0); cs.y.push_back(0); }
        else { cs.x.push_back(x); cs.y.push_back(y); }
        set_time(cs, t0, t1);
        std::string s = c_s >= 0 ? std::string(at(c_s)) : (series_of.count(id) ? series_of[id] : std::string());
        if (is_missing(L, s)) s.clear();
        cs.series.push_back(s);
        cs.entered.push_back(0);
        for (size_t k = 0; k < cs.features.size(); ++k) {
            auto v = at(c_feat[k]);
            auto st = set_value(cs.features[k], v, is_missing(L, v));
            if (!st) rep.add(IssueKind::BadNumber, line, cs.features[k].column, st.error().message + " (kept as missing)");
        }
    }
    if (const auto* e = r.error()) return *e;
    if (cs.coords == Coordinates::LatLon && !latlon.empty()) {   // equirectangular metres about the centre
        cs.lat0 = sum_lat / double(latlon.size());
        cs.lon0 = sum_lon / double(latlon.size());
        for (size_t i = 0; i < latlon.size(); ++i) planar_of(cs, latlon[i].first, latlon[i].second, cs.x[i], cs.y[i]);
    }
    for (size_t i = 0; i < cs.size(); ++i)
        if (!std::isnan(cs.minute_of_day[i])) cs.has_times = true;
    if (cs.y_scale != 1)
        for (auto& v : cs.y) v *= cs.y_scale;
    if (cs.y_scale_fit) set_y_scale(cs, fit_y_scale(cs));
    return cs;
}

std::string schema_json(const CaseSet& cs) {
    json j = json::parse(cs.schema_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) j = json::object();
    j["name"] = cs.name;
    j["source"] = cs.source;
    j["coordinates"] = cs.coords == Coordinates::PlanarMetres ? "planar-metres" : cs.coords == Coordinates::LatLon ? "latlon" : "planar-unknown";
    j["window_days"] = cs.window_days;
    j["speed_km_per_day"] = cs.speed_m_per_day / 1000.0;
    j["max_distance_m"] = cs.max_distance_m;
    if (cs.y_scale_fit) j["y_scale"] = "fit";
    else if (cs.y_scale != 1) j["y_scale"] = cs.y_scale;
    else j.erase("y_scale");
    json fs = json::array();
    for (const auto& f : cs.features) {
        json fj;
        fj["name"] = f.name;
        fj["column"] = f.column;
        fj["kind"] = kind_name(f.kind);
        if (f.is_type) fj["type"] = true;
        if (f.kind == Kind::Categorical) {
            fj["values"] = f.table.values;
            if (!f.table.sim.empty()) {
                const size_t n = f.table.values.size();
                json t = json::array();
                for (size_t a = 0; a < n; ++a) t.push_back(std::vector<double>(f.table.sim.begin() + static_cast<long>(a * n), f.table.sim.begin() + static_cast<long>((a + 1) * n)));
                fj["table"] = t;
            }
        } else if (f.kind == Kind::Quantitative) {
            fj["min"] = f.min;
            fj["max"] = f.max;
        } else if (!f.tree.name.empty()) {
            fj["tree"] = tree_to_json(f.tree, f.weights);
        }
        fs.push_back(fj);
    }
    j["features"] = fs;
    return j.dump(1, ' ', false, json::error_handler_t::replace);
}

double fit_y_scale(const CaseSet& cs, const std::vector<uint8_t>* use_case) {
    // Squared distance components of the pairs of solved cases within the window, with y back in file units.
    std::vector<double> dx2, dy2;
    std::vector<uint8_t> label;
    const size_t n = cs.size();
    auto used = [&](size_t i) { return !cs.series[i].empty() && (!use_case || (*use_case)[i]); };
    for (size_t i = 0; i < n; ++i) {
        if (!used(i)) continue;
        for (size_t j = i + 1; j < n; ++j) {
            if (!used(j) || std::fabs(cs.day[i] - cs.day[j]) > cs.window_days) continue;
            const double dx = cs.x[i] - cs.x[j], dy = (cs.y[i] - cs.y[j]) / cs.y_scale;
            if (!std::isfinite(dx * dx + dy * dy)) continue;   // coordinates far enough apart to overflow
            dx2.push_back(dx * dx);
            dy2.push_back(dy * dy);
            label.push_back(cs.series[i] == cs.series[j]);
        }
    }
    const size_t linked = static_cast<size_t>(std::count(label.begin(), label.end(), 1));
    if (linked == 0 || linked == label.size()) return cs.y_scale;
    // Every linked pair and an even spread of at most 100,000 of the others (the fit takes well under a second).
    const size_t stride = (label.size() - linked + 99999) / 100000;
    if (stride > 1) {
        size_t w = 0, seen = 0;
        for (size_t k = 0; k < label.size(); ++k) {
            if (!label[k] && seen++ % stride != 0) continue;
            dx2[w] = dx2[k]; dy2[w] = dy2[k]; label[w] = label[k]; ++w;
        }
        dx2.resize(w); dy2.resize(w); label.resize(w);
    }
    double best = cs.y_scale, best_auc = -1;
    std::vector<double> score(label.size());
    for (int g : {0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8}) {   // nearer 1 first: ties keep it
        const double a = std::pow(2.0, g / 4.0);
        for (size_t k = 0; k < score.size(); ++k) score[k] = -(dx2[k] + a * a * dy2[k]);
        const double auc = roc_auc(score, label);
        if (auc > best_auc + 1e-12) { best_auc = auc; best = a; }
    }
    return best;
}

void set_y_scale(CaseSet& cs, double scale) {
    if (!(scale > 0) || !std::isfinite(scale) || scale == cs.y_scale) return;
    for (auto& v : cs.y) v *= scale / cs.y_scale;
    cs.y_scale = scale;
}

namespace {
constexpr double kMetresPerDegree = 6371008.8 * M_PI / 180.0;
}

void latlon_of(const CaseSet& cs, double x, double y, double& lat, double& lon) {
    lat = cs.lat0 + y / kMetresPerDegree;
    lon = cs.lon0 + x / (kMetresPerDegree * std::cos(cs.lat0 * M_PI / 180.0));
}

void planar_of(const CaseSet& cs, double lat, double lon, double& x, double& y) {
    y = (lat - cs.lat0) * kMetresPerDegree;
    x = (lon - cs.lon0) * kMetresPerDegree * std::cos(cs.lat0 * M_PI / 180.0);
}

Status add_case(CaseSet& cs, const NewCase& c) {
    if (c.id.empty()) return make_error(ErrorKind::Invalid, "the case needs an id", "", 0, "id");
    if (std::find(cs.id.begin(), cs.id.end(), c.id) != cs.id.end()) return make_error(ErrorKind::Invalid, "id '" + c.id + "' is taken", "", 0, "id");
    DateTime t;
    Layout L;
    if (!parse_time(L, c.date_time, t)) return make_error(ErrorKind::Format, "not a date: '" + c.date_time + "'", "", 0, "date");
    if (!std::isfinite(c.x) || !std::isfinite(c.y)) return make_error(ErrorKind::Invalid, "no location", "", 0, "location");
    // Validate every value before changing the set.
    std::vector<std::string> raw(cs.features.size());
    for (const auto& [name, value] : c.values) {
        bool found = false;
        for (size_t k = 0; k < cs.features.size(); ++k)
            if (cs.features[k].name == name) { raw[k] = value; found = true; }
        if (!found) return make_error(ErrorKind::Invalid, "no feature named '" + name + "'", "", 0, name);
    }
    for (size_t k = 0; k < cs.features.size(); ++k) {
        Feature probe;
        probe.kind = cs.features[k].kind;
        probe.table = cs.features[k].table;
        probe.tree = cs.features[k].tree;
        auto st = set_value(probe, raw[k], raw[k].empty());
        if (!st) return make_error(ErrorKind::Format, st.error().message, "", 0, cs.features[k].name);
    }
    double x = c.x, y = c.y * cs.y_scale;
    if (cs.coords == Coordinates::LatLon) {
        if (std::fabs(c.y) > 90 || std::fabs(c.x) > 180) return make_error(ErrorKind::Invalid, "latitude / longitude out of range", "", 0, "location");
        planar_of(cs, c.y, c.x, x, y);
    }
    cs.id.push_back(c.id);
    cs.x.push_back(x);
    cs.y.push_back(y);
    set_time(cs, t, t);
    if (!std::isnan(cs.minute_of_day.back())) cs.has_times = true;
    cs.series.emplace_back();
    cs.entered.push_back(1);
    for (size_t k = 0; k < cs.features.size(); ++k) (void)set_value(cs.features[k], raw[k], raw[k].empty());
    return Ok{};
}

}  // namespace crimescope::linkage
