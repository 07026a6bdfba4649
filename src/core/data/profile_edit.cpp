#include "data/profile_edit.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <zlib.h>

#include "base/dates.hpp"
#include "base/json_int.hpp"
#include "data/column_detect.hpp"
#include "data/csv_reader.hpp"
#include "data/profile_infer.hpp"
#include "geo/point_geometry.hpp"
#include "geo/projection.hpp"
#include "geo/time_zone.hpp"

namespace crimescope::data {

namespace {

bool has(const std::string& k, const char* part) { return k.find(part) != std::string::npos; }

int column_index(const FileSample& s, const std::string& column) {
    for (size_t k = 0; k < s.header.size(); ++k)
        if (s.header[k] == column) return static_cast<int>(k);
    return -1;
}

// The non-missing values of one column over the sample's whole rows.
std::vector<std::string> values_of(const FileSample& s, int k) {
    std::vector<std::string> out;
    if (k < 0) return out;
    for (const auto& r : s.rows)
        if (r.size() == s.header.size() && !is_missing_token(r[static_cast<size_t>(k)])) out.push_back(r[static_cast<size_t>(k)]);
    return out;
}

ColumnStats stats_of(const FileSample& s, int k) {
    ColumnStats c;
    c.name = s.header[static_cast<size_t>(k)];
    c.key = column_key(c.name);
    for (const auto& r : s.rows) {
        if (r.size() != s.header.size()) continue;
        ++c.rows;
        if (!is_missing_token(r[static_cast<size_t>(k)])) c.sample.push_back(r[static_cast<size_t>(k)]);
    }
    compute_stats(c);
    return c;
}

const char* note_prefix(Choice c) {
    switch (c) {
        case Choice::CoordKind: case Choice::Lat: case Choice::Lon: case Choice::X: case Choice::Y: case Choice::System:
        case Choice::Geometry: return "coordinates:";
        case Choice::Date: case Choice::DateFormat: return "date:";
        case Choice::Time: return "time of day:";
        case Choice::Type: return "crime type:";
        case Choice::Address: return "address:";
        case Choice::Id: return "dedupe:";
        case Choice::TimeZone: return "time zone:";
    }
    return "";
}

void replace_notes(Profile& p, Choice c, const std::string& note) {
    const std::string prefix = note_prefix(c);
    auto is_part = [&](const std::string& n) { return n.rfind(prefix, 0) == 0; };
    const long at = std::find_if(p.notes.begin(), p.notes.end(), is_part) - p.notes.begin();   // the part's place stays
    p.notes.erase(std::remove_if(p.notes.begin(), p.notes.end(), is_part), p.notes.end());
    p.notes.insert(p.notes.begin() + std::min<long>(at, static_cast<long>(p.notes.size())), prefix + std::string(" ") + note + " (chosen by you)");
}

FieldMap* field(Profile& p, const char* role) {
    for (auto& f : p.categorical) if (f.role == role) return &f;
    return nullptr;
}
const FieldMap* field(const Profile& p, const char* role) {
    for (const auto& f : p.categorical) if (f.role == role) return &f;
    return nullptr;
}
void drop_field(Profile& p, const char* role) {
    p.categorical.erase(std::remove_if(p.categorical.begin(), p.categorical.end(), [&](const FieldMap& f) { return f.role == role; }),
                        p.categorical.end());
}

Error choice_error(const FileSample& s, Choice c, const std::string& message) {
    return Error{ErrorKind::Profile, std::string(choice_label(c)) + ": " + message, s.path, 1, choice_key(c)};
}

std::string share_text(size_t ok, size_t n) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f%%", n ? 100.0 * static_cast<double>(ok) / static_cast<double>(n) : 0.0);
    return b;
}

// Degrees in `column`: >= 90% of its non-blank values numbers within +-limit.
Status check_degrees(const FileSample& s, Choice c, const std::string& column, double limit) {
    const int k = column_index(s, column);
    if (k < 0) return choice_error(s, c, "no column \"" + column + "\" in the header");
    auto v = values_of(s, k);
    if (v.empty()) return choice_error(s, c, "\"" + column + "\" is blank on every row of the sample");
    size_t ok = 0;
    std::string bad;
    for (const auto& x : v) {
        double d;
        if (parse_number(x, d) && std::fabs(d) <= limit) ++ok;
        else if (bad.empty()) bad = x;
    }
    if (ok * 10 < v.size() * 9)
        return choice_error(s, c, "\"" + column + "\" is not degrees: only " + share_text(ok, v.size()) + " of the sample's " +
                                      std::to_string(v.size()) + " values are numbers within +-" + std::to_string(static_cast<int>(limit)) +
                                      " (e.g. \"" + bad + "\")");
    return Ok{};
}

Status check_numeric(const FileSample& s, Choice c, const std::string& column) {
    const int k = column_index(s, column);
    if (k < 0) return choice_error(s, c, "no column \"" + column + "\" in the header");
    auto st = stats_of(s, k);
    if (st.sample.empty() || !st.numeric) return choice_error(s, c, "\"" + column + "\" does not hold numbers on the sample's rows");
    return Ok{};
}

void sample_xy(const FileSample& s, const std::string& xc, const std::string& yc, std::vector<double>& xs, std::vector<double>& ys) {
    const int kx = column_index(s, xc), ky = column_index(s, yc);
    if (kx < 0 || ky < 0) return;
    for (const auto& r : s.rows) {
        if (r.size() != s.header.size()) continue;
        double x, y;
        if (parse_number(r[static_cast<size_t>(kx)], x) && parse_number(r[static_cast<size_t>(ky)], y) && !(x == 0 && y == 0)) {
            xs.push_back(x);
            ys.push_back(y);
        }
    }
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

// Where `sys` puts the sample: "median 41.8803, -87.6512, 2 km from Chicago; 98% inside the system's area".
Result<std::string> check_system(const FileSample& s, const geo::ProjectedSystem& sys, const std::string& xc, const std::string& yc) {
    std::vector<double> xs, ys;
    sample_xy(s, xc, yc, xs, ys);
    if (xs.empty()) return choice_error(s, Choice::System, "no row of the sample has numbers in both \"" + xc + "\" and \"" + yc + "\"");
    std::vector<double> la, lo;
    size_t inside = 0;
    for (size_t i = 0; i < xs.size(); ++i) {
        geo::LatLon q = geo::projected_to_latlon(sys, xs[i], ys[i]);
        if (!std::isfinite(q.lat_deg) || !std::isfinite(q.lon_deg)) continue;
        la.push_back(q.lat_deg);
        lo.push_back(q.lon_deg);
        inside += sys.area.contains(q.lat_deg, q.lon_deg);
    }
    if (inside * 2 < xs.size())
        return choice_error(s, Choice::System, sys.description() + " puts only " + share_text(inside, xs.size()) +
                                                   " of the sample inside the area it is used for; the file's X/Y are not in this system");
    geo::LatLon m{median(la), median(lo)};
    std::string city;
    const double d_m = geo::nearest_known_city_m(m, &city);
    char b[160];
    std::snprintf(b, sizeof b, "sample median %.4f, %.4f, %.0f km from ", m.lat_deg, m.lon_deg, d_m / 1000);
    return std::string(b) + city + "; " + share_text(inside, xs.size()) + " inside the system's area";
}

// Columns for a coordinate kind, by name and value range (inference's rules, over the sample).
struct Pair { std::string a, b; };
bool lat_name(const std::string& k) { return has(k, "lat"); }
bool lon_name(const std::string& k) { return has(k, "lon") || has(k, "lng"); }
bool x_name(const std::string& k) {
    return k == "x" || (k[0] == 'x' && (has(k, "coord") || has(k, "pos") || has(k, "value"))) || has(k, "easting") || has(k, "pointx") ||
           has(k, "coordx") || has(k, "coordinatex") || has(k, "mapx") || has(k, "locationx") || has(k, "locx");
}
bool y_name(const std::string& k) {
    return k == "y" || (k[0] == 'y' && (has(k, "coord") || has(k, "pos") || has(k, "value"))) || has(k, "northing") || has(k, "pointy") ||
           has(k, "coordy") || has(k, "coordinatey") || has(k, "mapy") || has(k, "locationy") || has(k, "locy");
}
Pair pick_pair(const FileSample& s, bool (*na)(const std::string&), bool (*nb)(const std::string&), double lim_a, double lim_b) {
    Pair out;
    for (size_t k = 0; k < s.header.size(); ++k) {
        const std::string key = column_key(s.header[k]);
        if (key.empty()) continue;
        auto st = stats_of(s, static_cast<int>(k));
        if (!st.numeric || st.sample.empty() || st.lo < -lim_a || st.hi > lim_a) {
            if (!(st.numeric && !st.sample.empty() && st.lo >= -lim_b && st.hi <= lim_b && out.b.empty() && nb(key))) continue;
        }
        if (out.a.empty() && na(key) && st.lo >= -lim_a && st.hi <= lim_a) out.a = s.header[k];
        else if (out.b.empty() && nb(key) && st.lo >= -lim_b && st.hi <= lim_b) out.b = s.header[k];
    }
    return out;
}

}  // namespace

Result<FileSample> read_file_sample(const std::string& path, size_t max_rows) {
    errno = 0;
    gzFile gz = gzopen(path.c_str(), "rb");
    if (!gz) return make_error(ErrorKind::Io, std::string("cannot open") + (errno ? std::string(": ") + std::strerror(errno) : std::string()), path);
    std::string line;
    char buf[4096];
    while (line.find('\n') == std::string::npos) {
        int got = gzread(gz, buf, sizeof buf);
        if (got <= 0) break;
        line.append(buf, static_cast<size_t>(got));
        if (line.size() > (1u << 20)) break;
    }
    gzclose(gz);
    line = line.substr(0, line.find('\n'));
    CsvOptions opts;
    opts.delimiter = sniff_delimiter(line);
    auto rd = CsvReader::open(path, opts);
    if (!rd) return rd.error();
    auto& r = *rd.value();
    if (!r.next_record()) return error_or(r, make_error(ErrorKind::Format, "empty file (no header)", path, 1));
    FileSample out;
    out.path = path;
    out.delimiter = opts.delimiter;
    for (auto f : r.fields()) {   // trimmed as ingest trims the header it matches a profile's columns against
        std::string_view v = f;
        while (!v.empty() && v.back() == '\r') v.remove_suffix(1);
        out.header.emplace_back(trim_blanks(v));
    }
    while (out.rows.size() < max_rows && r.next_record()) {
        const auto& fs = r.fields();
        if (fs.size() == 1 && fs[0].empty()) continue;
        out.rows.emplace_back(fs.begin(), fs.end());
    }
    if (const auto* e = r.error()) return *e;
    return out;
}

const char* choice_key(Choice c) {
    static const char* k[] = {"coord_kind", "lat", "lon", "x", "y", "system", "geometry", "date", "date_format", "time", "type", "address", "id",
                              "time_zone"};
    return k[static_cast<int>(c)];
}
const char* choice_label(Choice c) {
    static const char* k[] = {"Coordinates", "Latitude", "Longitude", "X", "Y", "Coordinate system", "Point geometry",
                              "Date", "Date format", "Time of day", "Crime type", "Address", "Id (dedupe)", "Time zone"};
    return k[static_cast<int>(c)];
}
bool choice_optional(Choice c) {
    return c == Choice::Time || c == Choice::Type || c == Choice::Address || c == Choice::Id || c == Choice::TimeZone;
}

bool choice_applies(const Profile& p, Choice c) {
    using K = CoordSpec::Kind;
    switch (c) {
        case Choice::Lat: case Choice::Lon: return p.coords.kind == K::LatLon;
        case Choice::X: case Choice::Y: case Choice::System: return p.coords.kind == K::Projected;
        case Choice::Geometry: return p.coords.kind == K::Geometry;
        case Choice::CoordKind: return p.coords.kind != K::Address && p.coords.kind != K::Utm;
        case Choice::Date: case Choice::DateFormat: return !p.time.datetime_column.empty();
        case Choice::TimeZone: {
            const std::string f = p.time.datetime_formats.empty() ? std::string() : p.time.datetime_formats.front();
            return p.time.utc || (!f.empty() && (f.back() == 'Z' || f.find("+00") != std::string::npos));
        }
        default: return true;
    }
}

const std::vector<std::string>& coord_kind_names() {
    static const std::vector<std::string> k = {"latlon", "projected", "geometry"};
    return k;
}
std::string coord_kind_name(const Profile& p) {
    switch (p.coords.kind) {
        case CoordSpec::Kind::LatLon: return "latlon";
        case CoordSpec::Kind::Projected: return "projected";
        case CoordSpec::Kind::Geometry: return "geometry";
        case CoordSpec::Kind::Utm: return "utm";
        case CoordSpec::Kind::Address: return "address";
    }
    return "";
}

std::string choice_value(const Profile& p, Choice c) {
    switch (c) {
        case Choice::CoordKind: return coord_kind_name(p);
        case Choice::Lat: return p.coords.lat_column;
        case Choice::Lon: return p.coords.lon_column;
        case Choice::X: return p.coords.x_column;
        case Choice::Y: return p.coords.y_column;
        case Choice::System: return p.coords.epsg ? std::to_string(p.coords.epsg) : std::string();
        case Choice::Geometry: return p.coords.geometry_column;
        case Choice::Date: return p.time.datetime_column;
        case Choice::DateFormat: return p.time.datetime_formats.empty() ? std::string() : p.time.datetime_formats.front();
        case Choice::Time: return p.time.time_column;
        case Choice::Type: { const FieldMap* f = field(p, "type"); return f ? f->column : std::string(); }
        case Choice::Address: {   // one column, or the columns joined ("Block Range + Street Name + Type + Suffix")
            const FieldMap* f = field(p, "address");
            if (!f) return std::string();
            if (!f->columns.empty()) {
                std::string joined;
                for (const auto& c : f->columns) joined += (joined.empty() ? "" : " + ") + c;
                return joined;
            }
            return f->column;
        }
        case Choice::Id: return p.dedupe_column;
        case Choice::TimeZone: return p.time.utc ? p.time.time_zone : std::string();
    }
    return "";
}

std::vector<std::string> choice_options(const Profile& p, const FileSample& s, Choice c) {
    switch (c) {
        case Choice::CoordKind: return coord_kind_names();
        case Choice::TimeZone: {
            std::vector<std::string> out;
            for (const auto& z : geo::time_zone_cities()) out.push_back(z.zone);
            if (!p.time.time_zone.empty()) out.push_back(p.time.time_zone);
            std::sort(out.begin(), out.end());
            out.erase(std::unique(out.begin(), out.end()), out.end());
            return out;
        }
        case Choice::System: {
            std::vector<std::string> out;
            for (const auto& sys : geo::projected_systems()) out.push_back(std::to_string(sys.epsg));
            return out;
        }
        case Choice::DateFormat: {
            auto v = values_of(s, column_index(s, p.time.datetime_column));
            std::vector<std::string> cands = candidate_date_formats();
            for (const auto& f : p.time.datetime_formats)
                if (std::find(cands.begin(), cands.end(), f) == cands.end()) cands.insert(cands.begin(), f);
            return v.empty() ? std::vector<std::string>{} : matching_date_formats(v, cands);
        }
        default: return s.header;
    }
}

std::string option_label(Choice c, const std::string& value) {
    if (c == Choice::System) {
        const geo::ProjectedSystem* sys = geo::find_projected_system(std::atoi(value.c_str()));
        return sys ? sys->description() : "EPSG:" + value;
    }
    if (c == Choice::CoordKind) {
        if (value == "latlon") return "latitude / longitude columns";
        if (value == "projected") return "projected X / Y columns";
        if (value == "geometry") return "a point geometry column";
        if (value == "address") return "none: addresses, geocoded";
        if (value == "utm") return "UTM X / Y";
    }
    return value;
}

Result<Profile> edit_profile(const Profile& base, const FileSample& s, Choice c, const std::string& value) {
    Profile p = base;
    if (value.empty() && !choice_optional(c)) return choice_error(s, c, "a value is needed");
    if (!value.empty() && c != Choice::CoordKind && c != Choice::System && c != Choice::DateFormat && c != Choice::TimeZone &&
        column_index(s, value) < 0)
        return choice_error(s, c, "no column \"" + value + "\" in the header");
    using K = CoordSpec::Kind;
    auto coords_note = [&]() -> Result<std::string> {
        switch (p.coords.kind) {
            case K::LatLon: return p.coords.lat_column + " / " + p.coords.lon_column + " (degrees; rows at 0,0 are skipped)";
            case K::Geometry: return p.coords.geometry_column + " (a point geometry column)";
            case K::Projected: {
                const geo::ProjectedSystem* sys = geo::find_projected_system(p.coords.epsg);
                if (!sys) return choice_error(s, Choice::System, "EPSG:" + std::to_string(p.coords.epsg) + " is not in the table");
                auto where = check_system(s, *sys, p.coords.x_column, p.coords.y_column);
                if (!where) return where.error();
                return p.coords.x_column + " / " + p.coords.y_column + " read as " + sys->description() + ": " + where.value();
            }
            default: return std::string("unchanged");
        }
    };
    switch (c) {
        case Choice::CoordKind: {
            if (value == coord_kind_name(p)) return p;
            if (value == "latlon") {
                Pair ll = pick_pair(s, lat_name, lon_name, 90, 180);
                if (ll.a.empty() || ll.b.empty())
                    return choice_error(s, c, "no pair of columns named like latitude / longitude holds degrees in the sample");
                p.coords = CoordSpec{};
                p.coords.lat_column = ll.a;
                p.coords.lon_column = ll.b;
            } else if (value == "projected") {
                Pair xy = pick_pair(s, x_name, y_name, 1e12, 1e12);
                if (xy.a.empty() || xy.b.empty()) return choice_error(s, c, "no pair of numeric columns named like X / Y (easting / northing)");
                std::vector<double> xs, ys;
                sample_xy(s, xy.a, xy.b, xs, ys);
                auto g = geo::guess_projected_system(xs, ys);
                if (!g) return choice_error(s, c, xy.a + " / " + xy.b + ": " + g.error().message);
                p.coords = CoordSpec{};
                p.coords.kind = K::Projected;
                p.coords.x_column = xy.a;
                p.coords.y_column = xy.b;
                p.coords.epsg = g->system->epsg;
            } else if (value == "geometry") {
                std::string col;
                for (size_t k = 0; k < s.header.size() && col.empty(); ++k) {
                    auto v = values_of(s, static_cast<int>(k));
                    size_t ok = 0, empty = 0;
                    for (const auto& x : v) {
                        auto pt = geo::parse_point_geometry(x);
                        ok += pt.ok;
                        empty += pt.empty;
                    }
                    if (ok > 0 && ok * 10 >= (v.size() - empty) * 9) col = s.header[k];
                }
                if (col.empty()) return choice_error(s, c, "no column holds point geometries (WKT, GeoJSON, hex WKB, \"(lat, lon)\")");
                p.coords = CoordSpec{};
                p.coords.kind = K::Geometry;
                p.coords.geometry_column = col;
            } else {
                return choice_error(s, c, "must be one of latlon, projected, geometry");
            }
            p.bbox = geo::BBox{-90, 90, -180, 180};
            break;
        }
        case Choice::Lat: case Choice::Lon: {
            if (p.coords.kind != K::LatLon) return choice_error(s, c, "the coordinates are not latitude / longitude columns");
            if (auto st = check_degrees(s, c, value, c == Choice::Lat ? 90 : 180); !st) return st.error();
            (c == Choice::Lat ? p.coords.lat_column : p.coords.lon_column) = value;
            break;
        }
        case Choice::X: case Choice::Y: {
            if (p.coords.kind != K::Projected) return choice_error(s, c, "the coordinates are not projected X / Y columns");
            if (auto st = check_numeric(s, c, value); !st) return st.error();
            (c == Choice::X ? p.coords.x_column : p.coords.y_column) = value;
            std::vector<double> xs, ys;   // a new column may be in another system: guess again, keep the old one when none fits
            sample_xy(s, p.coords.x_column, p.coords.y_column, xs, ys);
            if (auto g = geo::guess_projected_system(xs, ys)) p.coords.epsg = g->system->epsg;
            break;
        }
        case Choice::System: {
            if (p.coords.kind != K::Projected) return choice_error(s, c, "the coordinates are not projected X / Y columns");
            const int epsg = std::atoi(value.c_str());
            if (!geo::find_projected_system(epsg)) return choice_error(s, c, "EPSG:" + value + " is not in the table of systems");
            p.coords.epsg = epsg;
            break;
        }
        case Choice::Geometry: {
            if (p.coords.kind != K::Geometry) return choice_error(s, c, "the coordinates are not a point geometry column");
            auto v = values_of(s, column_index(s, value));
            size_t ok = 0, empty = 0;
            for (const auto& x : v) { auto pt = geo::parse_point_geometry(x); ok += pt.ok; empty += pt.empty; }
            if (ok == 0 || ok * 10 < (v.size() - empty) * 9)
                return choice_error(s, c, "\"" + value + "\": only " + share_text(ok, v.size() - empty) + " of the sample's values are point geometries");
            p.coords.geometry_column = value;
            break;
        }
        case Choice::Date: {
            auto v = values_of(s, column_index(s, value));
            auto f = v.empty() ? std::vector<std::string>{} : matching_date_formats(v, candidate_date_formats());
            if (f.empty())
                return choice_error(s, c, "\"" + value + "\": fewer than 95% of the sample's " + std::to_string(v.size()) +
                                              " values parse as dates in any known format" + (v.empty() ? "" : " (e.g. \"" + v.front() + "\")"));
            p.time = TimeSpec{};
            p.time.datetime_column = value;
            p.time.datetime_formats = f;
            const bool month_only = f.front() == "%Y-%m" || f.front() == "%Y/%m";
            if (month_only) p.time.precision = "month";
            const bool utc = f.front().back() == 'Z' || f.front().find("+00") != std::string::npos;
            if (utc && base.time.utc) {   // a UTC column again: the zone chosen before stays
                p.time.utc = true;
                p.time.time_zone = base.time.time_zone;
            } else if (base.time.utc) {   // no longer converted: the zone's note goes
                p.notes.erase(std::remove_if(p.notes.begin(), p.notes.end(), [](const std::string& n) { return n.rfind("time zone:", 0) == 0; }),
                              p.notes.end());
            }
            DateTime dt;
            const bool with_time = parse_datetime(v.front(), f.front(), dt) && dt.minute_of_day >= 0;
            if (!with_time && !month_only) {   // keep a separate time column (or hour / minute columns)
                p.time.time_column = base.time.time_column;
                p.time.time_format = base.time.time_format;
                p.time.hour_column = base.time.hour_column;
                p.time.minute_column = base.time.minute_column;
            }
            replace_notes(p, c, value + " (" + f.front() + (month_only ? ", month precision: days are the 1st, no time of day" : "") + ")");
            if (with_time || month_only) replace_notes(p, Choice::Time, "none (the date column holds it)");
            return p;
        }
        case Choice::DateFormat: {
            auto opts = choice_options(p, s, c);
            if (std::find(opts.begin(), opts.end(), value) == opts.end())
                return choice_error(s, c, "\"" + value + "\" does not parse 95% of the sample's values of \"" + p.time.datetime_column + "\"");
            p.time.datetime_formats = {value};
            p.time.precision = (value == "%Y-%m" || value == "%Y/%m") ? "month" : "";
            if (!p.time.precision.empty()) {   // months only: no time of day, as a month column chosen as the date
                p.time.time_column.clear();
                p.time.time_format.clear();
                p.time.hour_column.clear();
                p.time.minute_column.clear();
            }
            replace_notes(p, c, p.time.datetime_column + " (" + value + (p.time.precision.empty() ? "" : ", month precision") + ")");
            return p;
        }
        case Choice::Time: {
            if (value.empty()) {
                p.time.time_column.clear();
                p.time.time_format.clear();
                replace_notes(p, c, "none (dates only)");
                return p;
            }
            auto v = values_of(s, column_index(s, value));
            std::string f = v.empty() ? std::string() : matching_time_format(v);
            if (f.empty())
                return choice_error(s, c, "\"" + value + "\" does not hold times of day (HH:MM, HH:MM:SS, 12-hour or HHMM) on 95% of the sample" +
                                              (v.empty() ? "" : " (e.g. \"" + v.front() + "\")"));
            p.time.time_column = value;
            p.time.time_format = f;
            p.time.hour_column.clear();
            p.time.minute_column.clear();
            replace_notes(p, c, value + " (" + (f == "hhmm" ? std::string("unpadded HHMM, 100 = 01:00") : f) + ")");
            return p;
        }
        case Choice::TimeZone: {
            if (value.empty()) {
                p.time.utc = false;
                p.time.time_zone.clear();
                replace_notes(p, c, p.time.datetime_column + " kept as UTC clock times");
                return p;
            }
            auto z = geo::load_time_zone(value);
            if (!z) return choice_error(s, c, z.error().message);
            p.time.utc = true;
            p.time.time_zone = value;
            replace_notes(p, c, p.time.datetime_column + " is UTC; read as local time in " + value);
            return p;
        }
        case Choice::Type: {
            drop_field(p, "type");
            FieldMap t;
            t.role = "type";
            if (value.empty()) t.constant = "incident";
            else t.column = value;
            p.categorical.insert(p.categorical.begin(), t);
            if (value.empty()) { replace_notes(p, c, "none; every row is \"incident\""); return p; }
            const auto st = stats_of(s, column_index(s, value));
            replace_notes(p, c, value + " (" + std::to_string(st.distinct) + " distinct values in the sample)");
            return p;
        }
        case Choice::Address: {
            if (value.empty() && p.coords.kind == CoordSpec::Kind::Address)
                return choice_error(s, c, "the rows are placed by their address (the file has no coordinates): an address is needed");
            drop_field(p, "address");
            if (value.empty()) { replace_notes(p, c, "none"); return p; }
            FieldMap a;
            a.role = "address";
            a.column = value;
            a.collapse_spaces = true;
            p.categorical.push_back(a);
            replace_notes(p, c, value);
            return p;
        }
        case Choice::Id: {
            drop_field(p, "id");
            p.dedupe_column = value;
            p.dedupe_strip_leading_zeros = false;
            if (value.empty()) { replace_notes(p, c, "none"); return p; }
            FieldMap i;
            i.role = "id";
            i.column = value;
            p.categorical.push_back(i);
            const auto st = stats_of(s, column_index(s, value));
            const size_t blank = st.rows - st.sample.size();
            replace_notes(p, c, value + " (rows repeating an earlier id are skipped; " +
                                    std::to_string(st.sample.size() - std::min(st.sample.size(), st.distinct)) + " repeats in the sample" +
                                    (blank ? ", " + std::to_string(blank) + " blank ids, never deduped" : std::string()) + ")");
            return p;
        }
    }
    auto note = coords_note();
    if (!note) return note.error();
    replace_notes(p, Choice::CoordKind, note.value());
    return p;
}

Profile profile_for_saving(const Profile& p, const FileSample& s) {
    Profile out = p;
    std::string stem = std::filesystem::path(s.path).filename().string();
    for (const char* ext : {".gz", ".csv", ".txt", ".tsv"})
        if (stem.size() > std::strlen(ext) && stem.compare(stem.size() - std::strlen(ext), std::strlen(ext), ext) == 0)
            stem.resize(stem.size() - std::strlen(ext));
    out.id = "saved:" + stem;
    out.display_name = "Your reading of " + stem + " (saved)";
    out.detect_columns = s.header;
    out.delimiter = s.delimiter;
    out.format_version = 2;
    return out;
}

std::string saved_profiles_json(const std::vector<Profile>& profiles) {
    nlohmann::json j;
    j["format"] = "crimescope-profiles";
    j["version"] = 1;
    j["profiles"] = nlohmann::json::array();
    for (const auto& p : profiles) j["profiles"].push_back(nlohmann::json::parse(profile_to_json(p, -1)));
    return j.dump(1);
}

Result<std::vector<Profile>> parse_saved_profiles(const std::string& text, const std::string& name) try {
    std::vector<Profile> out;
    if (text.empty()) return out;
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(ErrorKind::Format, "saved profiles: not a JSON object", name);
    if (j.value("format", "") != "crimescope-profiles") return make_error(ErrorKind::Format, "saved profiles: \"format\" is not crimescope-profiles", name);
    if (json_int_or(j, "version", 0) != 1) return make_error(ErrorKind::Version, "saved profiles: version must be 1", name);
    if (!j.contains("profiles") || !j["profiles"].is_array()) return make_error(ErrorKind::Format, "saved profiles: no \"profiles\" array", name);
    for (size_t i = 0; i < j["profiles"].size(); ++i) {
        auto p = parse_profile(j["profiles"][i].dump(), name);
        if (!p) return make_error(ErrorKind::Profile, "saved profile " + std::to_string(i) + ": " + p.error().message, name, 0, "profiles");
        out.push_back(std::move(p.value()));
    }
    return out;
} catch (const std::exception& e) {   // a key of the wrong type ("version": "1")
    return make_error(ErrorKind::Format, std::string("saved profiles: ") + e.what(), name);
}

std::vector<Profile> with_saved_profile(std::vector<Profile> list, const Profile& p) {
    list.erase(std::remove_if(list.begin(), list.end(), [&](const Profile& q) { return q.id == p.id || q.detect_columns == p.detect_columns; }),
               list.end());
    list.insert(list.begin(), p);
    return list;
}

}  // namespace crimescope::data
