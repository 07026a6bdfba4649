#include "data/profile.hpp"

#include "geo/time_zone.hpp"

#include <dirent.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "base/json_int.hpp"
#include "geo/projection.hpp"

namespace crimescope::data {

using nlohmann::json;

int CoordSpec::projection_epsg() const {
    if (kind == Kind::Utm) return geo::utm_epsg(utm_zone, utm_north);
    if (kind == Kind::Projected) return epsg;
    return 0;
}

std::vector<std::string> Profile::used_columns() const {
    std::vector<std::string> out;
    auto add = [&](const std::string& c) {
        if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    };
    add(time.datetime_column); add(time.year_column); add(time.month_column); add(time.day_column);
    add(time.time_column); add(time.hour_column); add(time.minute_column);
    add(coords.lat_column); add(coords.lon_column); add(coords.x_column); add(coords.y_column); add(coords.geometry_column);
    for (const auto& f : categorical) {
        add(f.column);
        for (const auto& c : f.columns) add(c);
    }
    for (const auto& f : numeric) add(f.column);
    add(dedupe_column);
    return out;
}

namespace {

FieldMap parse_field(const std::string& role, const json& j) {
    FieldMap f;
    f.role = role;
    if (j.is_string()) {
        f.column = j.get<std::string>();
        return f;
    }
    f.column = j.value("column", "");
    f.columns = j.value("columns", std::vector<std::string>{});
    for (const auto& c : f.columns)
        if (c.empty()) throw std::invalid_argument("\"" + role + "\": an empty name in \"columns\"");
    f.constant = j.value("constant", "");
    f.collapse_spaces = j.value("collapse_spaces", false);
    f.strip_leading_zeros = j.value("strip_leading_zeros", false);
    f.lower_case = j.value("lower_case", false);
    f.map_default = j.value("default", "");
    if (j.contains("map")) {
        for (auto it = j["map"].begin(); it != j["map"].end(); ++it) {
            if (it.value().is_array()) {   // family: [codes...]
                for (const auto& code : it.value())
                    f.value_map[code.is_string() ? code.get<std::string>() : code.dump()] = it.key();
            } else {
                f.value_map[it.key()] = it.value().get<std::string>();
            }
        }
    }
    return f;
}

}  // namespace

Result<Profile> parse_profile(const std::string& text, const std::string& name) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return make_error(ErrorKind::Profile, "not a JSON object", name);
    try {
        Profile p;
        p.id = j.value("id", "");
        if (p.id.empty()) return make_error(ErrorKind::Profile, "missing \"id\"", name);
        p.display_name = j.value("display_name", p.id);
        p.detect_columns = j.value("detect_columns", std::vector<std::string>{});
        if (j.contains("bbox_deg")) {
            const json& b = j["bbox_deg"];
            p.bbox.lat_min_deg = b.at("lat_min");
            p.bbox.lat_max_deg = b.at("lat_max");
            p.bbox.lon_min_deg = b.at("lon_min");
            p.bbox.lon_max_deg = b.at("lon_max");
        } else {
            p.bbox = geo::BBox{-90, 90, -180, 180};
        }
        const json& t = j.at("time");
        p.time.datetime_column = t.value("column", "");
        p.time.datetime_formats = t.value("formats", std::vector<std::string>{});
        p.time.year_column = t.value("year_column", "");
        p.time.month_column = t.value("month_column", "");
        p.time.day_column = t.value("day_column", "");
        p.time.time_column = t.value("time_column", "");
        p.time.time_format = t.value("time_format", "");
        p.time.hour_column = t.value("hour_column", "");
        p.time.minute_column = t.value("minute_column", "");
        p.time.precision = t.value("precision", "");
        p.time.utc = t.value("utc", false);
        p.time.time_zone = t.value("time_zone", "");
        if (p.time.utc && p.time.time_zone.empty())
            return make_error(ErrorKind::Profile, "\"time.utc\" needs \"time.time_zone\" (an IANA name such as America/Chicago)", name, 0, "time.time_zone");
        if (!p.time.time_zone.empty() && !geo::valid_time_zone_name(p.time.time_zone))
            return make_error(ErrorKind::Profile, "\"time.time_zone\" \"" + p.time.time_zone + "\" is not an IANA time zone name", name, 0, "time.time_zone");
        if (!p.time.precision.empty() && p.time.precision != "month")
            return make_error(ErrorKind::Profile, "\"time.precision\" must be \"month\" when given", name);
        p.format_version = static_cast<int>(json_int_or(j, "format_version", 1));
        if (p.format_version < 1 || p.format_version > 2)
            return make_error(ErrorKind::Profile, "\"format_version\" must be 1 or 2", name);
        const std::string delim = j.value("delimiter", ",");
        if (delim == "\t" || delim == "\\t" || delim == "tab") p.delimiter = '\t';
        else if (delim.size() == 1 && (delim == "," || delim == ";" || delim == "|")) p.delimiter = delim[0];
        else return make_error(ErrorKind::Profile, "\"delimiter\" must be one of , ; | or tab", name);
        p.inferred = j.value("inferred", false);
        p.notes = j.value("notes", std::vector<std::string>{});
        if (p.time.datetime_column.empty() && p.time.year_column.empty())
            return make_error(ErrorKind::Profile, "\"time\" needs \"column\" or \"year_column\"", name);
        if (!p.time.datetime_column.empty() && p.time.datetime_formats.empty())
            return make_error(ErrorKind::Profile, "\"time.formats\" is empty", name);
        const json& c = j.at("coords");
        std::string kind = c.value("kind", "latlon");
        if (kind == "utm") {
            p.coords.kind = CoordSpec::Kind::Utm;
            p.coords.x_column = c.at("x").get<std::string>();
            p.coords.y_column = c.at("y").get<std::string>();
            p.coords.utm_zone = static_cast<int>(json_int(c.at("zone"), "coords.zone"));
            p.coords.utm_north = c.value("hemisphere", "N") != "S";
            if (p.coords.utm_zone < 1 || p.coords.utm_zone > 60)
                return make_error(ErrorKind::Profile, "coords.zone must be 1..60", name, 0, "coords.zone");
        } else if (kind == "latlon") {
            p.coords.lat_column = c.at("lat").get<std::string>();
            p.coords.lon_column = c.at("lon").get<std::string>();
        } else if (kind == "projected") {
            p.coords.kind = CoordSpec::Kind::Projected;
            p.coords.x_column = c.at("x").get<std::string>();
            p.coords.y_column = c.at("y").get<std::string>();
            p.coords.epsg = static_cast<int>(json_int(c.at("epsg"), "coords.epsg", 0, 1 << 30));
            auto sys = geo::projected_system(p.coords.epsg);
            if (!sys) return make_error(ErrorKind::Profile, sys.error().message, name, 0, "coords.epsg");
        } else if (kind == "geometry") {
            p.coords.kind = CoordSpec::Kind::Geometry;
            p.coords.geometry_column = c.at("column").get<std::string>();
        } else if (kind == "address") {
            p.coords.kind = CoordSpec::Kind::Address;
        } else {
            return make_error(ErrorKind::Profile, "coords.kind must be \"latlon\", \"utm\", \"projected\", \"geometry\" or \"address\"",
                              name, 0, "coords.kind");
        }
        if (j.contains("categorical"))
            for (auto it = j["categorical"].begin(); it != j["categorical"].end(); ++it)
                p.categorical.push_back(parse_field(it.key(), it.value()));
        if (j.contains("numeric"))
            for (auto it = j["numeric"].begin(); it != j["numeric"].end(); ++it)
                p.numeric.push_back(parse_field(it.key(), it.value()));
        if (j.contains("dedupe")) {
            p.dedupe_column = j["dedupe"].value("column", "");
            p.dedupe_strip_leading_zeros = j["dedupe"].value("strip_leading_zeros", false);
        }
        p.colour_by = j.value("colour_by", "type");
        p.disclaimer = j.value("disclaimer", "");
        p.time_note = j.value("time_note", "");
        // nlohmann keeps object keys sorted; the "order" array (optional) fixes the column order.
        if (j.contains("order")) {
            auto order = j["order"].get<std::vector<std::string>>();
            std::stable_sort(p.categorical.begin(), p.categorical.end(), [&](const FieldMap& a, const FieldMap& b) {
                auto ia = std::find(order.begin(), order.end(), a.role) - order.begin();
                auto ib = std::find(order.begin(), order.end(), b.role) - order.begin();
                return ia < ib;
            });
        }
        return p;
    } catch (const std::exception& e) {
        return make_error(ErrorKind::Profile, std::string("bad profile: ") + e.what(), name);
    }
}

std::string profile_to_json(const Profile& p, int indent) {
    json j;
    j["format_version"] = 2;
    j["id"] = p.id;
    j["display_name"] = p.display_name;
    if (p.inferred) j["inferred"] = true;
    if (!p.notes.empty()) j["notes"] = p.notes;
    j["detect_columns"] = p.detect_columns;
    if (p.delimiter != ',') j["delimiter"] = p.delimiter == '\t' ? std::string("tab") : std::string(1, p.delimiter);
    j["bbox_deg"] = {{"lat_min", p.bbox.lat_min_deg}, {"lat_max", p.bbox.lat_max_deg},
                     {"lon_min", p.bbox.lon_min_deg}, {"lon_max", p.bbox.lon_max_deg}};
    json t = json::object();
    auto put = [&](const char* k, const std::string& v) { if (!v.empty()) t[k] = v; };
    put("column", p.time.datetime_column);
    if (!p.time.datetime_formats.empty()) t["formats"] = p.time.datetime_formats;
    put("year_column", p.time.year_column); put("month_column", p.time.month_column); put("day_column", p.time.day_column);
    put("time_column", p.time.time_column); put("time_format", p.time.time_format);
    put("hour_column", p.time.hour_column); put("minute_column", p.time.minute_column);
    put("precision", p.time.precision);
    if (p.time.utc) t["utc"] = true;
    put("time_zone", p.time.time_zone);
    j["time"] = t;
    switch (p.coords.kind) {
        case CoordSpec::Kind::Utm:
            j["coords"] = {{"kind", "utm"}, {"x", p.coords.x_column}, {"y", p.coords.y_column}, {"zone", p.coords.utm_zone},
                           {"hemisphere", p.coords.utm_north ? "N" : "S"}};
            break;
        case CoordSpec::Kind::Projected:
            j["coords"] = {{"kind", "projected"}, {"epsg", p.coords.epsg}, {"x", p.coords.x_column}, {"y", p.coords.y_column}};
            break;
        case CoordSpec::Kind::Geometry:
            j["coords"] = {{"kind", "geometry"}, {"column", p.coords.geometry_column}};
            break;
        case CoordSpec::Kind::LatLon:
            j["coords"] = {{"kind", "latlon"}, {"lat", p.coords.lat_column}, {"lon", p.coords.lon_column}};
            break;
        case CoordSpec::Kind::Address:
            j["coords"] = {{"kind", "address"}};
            break;
    }
    auto fields = [](const std::vector<FieldMap>& fs) {
        json o = json::object();
        for (const auto& f : fs) {
            bool plain = f.constant.empty() && f.columns.empty() && f.value_map.empty() && !f.collapse_spaces && !f.strip_leading_zeros &&
                         !f.lower_case;
            if (plain) { o[f.role] = f.column; continue; }
            json x = json::object();
            if (!f.column.empty()) x["column"] = f.column;
            if (!f.columns.empty()) x["columns"] = f.columns;
            if (!f.constant.empty()) x["constant"] = f.constant;
            if (f.collapse_spaces) x["collapse_spaces"] = true;
            if (f.strip_leading_zeros) x["strip_leading_zeros"] = true;
            if (f.lower_case) x["lower_case"] = true;
            if (!f.value_map.empty()) { x["map"] = f.value_map; x["default"] = f.map_default; }
            o[f.role] = x;
        }
        return o;
    };
    j["categorical"] = fields(p.categorical);
    if (!p.numeric.empty()) j["numeric"] = fields(p.numeric);
    std::vector<std::string> order;
    for (const auto& f : p.categorical) order.push_back(f.role);
    j["order"] = order;
    if (!p.dedupe_column.empty()) {
        j["dedupe"] = {{"column", p.dedupe_column}};
        if (p.dedupe_strip_leading_zeros) j["dedupe"]["strip_leading_zeros"] = true;
    }
    j["colour_by"] = p.colour_by;
    if (!p.disclaimer.empty()) j["disclaimer"] = p.disclaimer;
    if (!p.time_note.empty()) j["time_note"] = p.time_note;
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

Result<Profile> load_profile(const std::string& path) {
    auto bytes = read_file_bytes(path);
    if (!bytes) return bytes.error();
    return parse_profile(std::string(bytes->begin(), bytes->end()), path);
}

Result<std::vector<Profile>> load_profiles_dir(const std::string& dir) {
    DIR* d = opendir(dir.c_str());
    if (!d) return make_error(ErrorKind::Io, "cannot open profile folder", dir);
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0) names.push_back(n);
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    std::vector<Profile> out;
    for (const auto& n : names) {
        auto p = load_profile(dir + "/" + n);
        if (!p) return p.error();
        out.push_back(std::move(p.value()));
    }
    return out;
}

const Profile* detect_profile(const std::vector<Profile>& profiles, const std::vector<std::string>& header) {
    const Profile* best = nullptr;
    size_t best_n = 0;
    for (const auto& p : profiles) {
        if (p.detect_columns.empty()) continue;
        bool all = true;
        for (const auto& c : p.detect_columns)
            if (std::find(header.begin(), header.end(), c) == header.end()) { all = false; break; }
        if (all && p.detect_columns.size() > best_n) {
            best = &p;
            best_n = p.detect_columns.size();
        }
    }
    return best;
}

}  // namespace crimescope::data
