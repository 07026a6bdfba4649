#include "data/ingest.hpp"

#include <fast_float/fast_float.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "base/dates.hpp"
#include "data/column_detect.hpp"
#include "data/profile_infer.hpp"
#include "geo/point_geometry.hpp"
#include "geo/projection.hpp"

namespace crimescope::data {

namespace {

std::string_view trim(std::string_view s) { return trim_blanks(s); }

bool parse_double(std::string_view s, double& out) {
    s = trim(s);
    if (s.empty()) return false;
    if (s.front() == '+') s.remove_prefix(1);
    auto r = fast_float::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

bool parse_int(std::string_view s, int& out) {
    double d;
    if (!parse_double(s, d) || d != std::floor(d) || std::fabs(d) > 1e9) return false;
    out = static_cast<int>(d);
    return true;
}

std::string quoted_value(std::string_view s) {
    std::string out = "(\"";
    out.append(s.substr(0, 60));
    if (s.size() > 60) out += "...";
    return out + "\")";
}

std::string normalise(std::string_view v, const FieldMap& f) {
    std::string out;
    v = trim(v);
    if (f.collapse_spaces) {
        bool space = false;
        for (char c : v) {
            if (c == ' ' || c == '\t') { space = true; continue; }
            if (space && !out.empty()) out.push_back(' ');
            space = false;
            out.push_back(c);
        }
    } else {
        out.assign(v);
    }
    if (f.strip_leading_zeros) {
        size_t k = 0;
        while (k + 1 < out.size() && out[k] == '0') ++k;
        out.erase(0, k);
    }
    if (f.lower_case)
        for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return out;
}

struct Bound {
    const FieldMap* map;
    int col;   // -1 for constants
    CategoryColumn* cat = nullptr;
    NumericColumn* num = nullptr;
    std::vector<int> cols;   // FieldMap::columns, joined
};

// A categorical value: one column normalised, several joined (blanks, "-" and repeats left out), or the constant.
std::string field_value(const Bound& bd, const std::vector<std::string_view>& fs) {
    const FieldMap& f = *bd.map;
    if (!bd.cols.empty()) {
        std::string joined;
        for (int c : bd.cols) {
            std::string_view v = trim(fs[static_cast<size_t>(c)]);
            if (v.empty() || v == "-") continue;
            // A part repeating the end of the text so far is left out ("CAPITOL ST" + "ST": the name has the type).
            if (joined.size() >= v.size() && joined.compare(joined.size() - v.size(), v.size(), v) == 0 &&
                (joined.size() == v.size() || joined[joined.size() - v.size() - 1] == ' '))
                continue;
            if (!joined.empty()) joined += ' ';
            joined += v;
        }
        return normalise(joined, f);
    }
    return bd.col >= 0 ? normalise(fs[static_cast<size_t>(bd.col)], f) : f.constant;
}

}  // namespace

Result<std::vector<std::string>> read_header(const std::string& path) {
    auto r = CsvReader::open(path);
    if (!r) return r.error();
    if (!r.value()->next_record()) return make_error(ErrorKind::Format, "empty file (no header)", path, 1);
    std::vector<std::string> out;
    for (auto f : r.value()->fields()) out.emplace_back(trim(f));
    return out;
}

Status ingest_csv(CsvReader& reader, const Profile& p, IncidentTable& table, IngestReport& report,
                  IngestState& state) {
    report.file = reader.name();
    report.profile_id = p.id;
    if (!reader.next_record()) return make_error(ErrorKind::Format, "empty file (no header)", reader.name(), 1);
    std::vector<std::string> header;
    for (auto f : reader.fields()) header.emplace_back(trim(f));

    auto col = [&](const std::string& name) -> int {
        if (name.empty()) return -1;
        auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -2 : static_cast<int>(it - header.begin());
    };
    for (const auto& c : p.used_columns())
        if (col(c) == -2)
            return make_error(ErrorKind::MissingColumn,
                              "profile '" + p.id + "' needs column \"" + c + "\", which the header lacks",
                              reader.name(), 1, c);
    for (const auto& h : header) {
        auto used = p.used_columns();
        if (std::find(used.begin(), used.end(), h) == used.end()) report.unmapped_columns.push_back(h);
    }

    const int c_dt = col(p.time.datetime_column), c_y = col(p.time.year_column), c_mo = col(p.time.month_column),
              c_d = col(p.time.day_column), c_t = col(p.time.time_column), c_h = col(p.time.hour_column),
              c_mi = col(p.time.minute_column);
    // coordinates: two degree columns, x/y of a projected system (v1 utm or v2 EPSG), or one geometry column
    using CoordKind = CoordSpec::Kind;
    const bool geometry = p.coords.kind == CoordKind::Geometry;
    const bool xy = p.coords.kind == CoordKind::Utm || p.coords.kind == CoordKind::Projected;
    const geo::ProjectedSystem* proj = nullptr;
    if (xy) {
        auto sys = geo::projected_system(p.coords.projection_epsg());
        if (!sys) return make_error(ErrorKind::Profile, sys.error().message, p.id, 0, "coords");
        proj = sys.value();
    }
    const bool by_address = p.coords.kind == CoordKind::Address;
    const int c_lat = by_address ? -1 : col(geometry ? p.coords.geometry_column : xy ? p.coords.y_column : p.coords.lat_column);
    const int c_lon = by_address ? -1 : col(geometry ? p.coords.geometry_column : xy ? p.coords.x_column : p.coords.lon_column);
    if (!by_address && (c_lat < 0 || c_lon < 0))
        return make_error(ErrorKind::Profile, "profile '" + p.id + "' names no coordinate columns", reader.name(), 1, "coords");
    const FieldMap* address_map = nullptr;
    if (by_address) {
        for (const auto& f : p.categorical)
            if (f.role == "address") address_map = &f;
        if (!address_map)
            return make_error(ErrorKind::Profile, "coords.kind \"address\" needs a categorical \"address\" field", p.id, 0, "coords");
        if (!state.locate)
            return make_error(ErrorKind::MissingColumn,
                              "this file has no coordinates, only addresses; place its rows against a pack's streets with "
                              "--geocode PACK",
                              reader.name(), 1, "coords");
    }
    const int c_id = col(p.dedupe_column);
    const std::string f_lat = by_address ? std::string("address") : header[static_cast<size_t>(c_lat)];
    const std::string f_lon = by_address ? std::string("address") : header[static_cast<size_t>(c_lon)];

    std::vector<Bound> bound;
    for (const auto& f : p.categorical) {
        CategoryColumn* cc = table.category(f.role);
        if (!cc) {
            table.categories.push_back(CategoryColumn{});
            cc = &table.categories.back();
            cc->role = f.role;
            if (!f.columns.empty()) {
                for (const auto& c : f.columns) cc->source_column += (cc->source_column.empty() ? "" : " + ") + c;
            } else {
                cc->source_column = f.column.empty() ? "(constant)" : f.column;
            }
            if (table.size() > 0) cc->codes.resize(table.size(), cc->intern(""));   // rows from earlier files
        }
        Bound b{&f, col(f.column), nullptr, nullptr, {}};
        for (const auto& c : f.columns) b.cols.push_back(col(c));
        bound.push_back(std::move(b));
    }
    for (const auto& f : p.numeric) {
        const NumericColumn* existing = table.numeric(f.role);
        if (!existing) {
            table.numerics.push_back(NumericColumn{f.role, f.column, std::vector<float>(table.size(), NAN)});
        }
        if (col(f.column) < 0)   // a numeric field reads one column (no constant, no joined columns)
            return make_error(ErrorKind::Profile, "numeric field \"" + f.role + "\" names no column", p.id, 0, "numeric." + f.role);
        bound.push_back(Bound{&f, col(f.column), nullptr, nullptr, {}});
    }
    const Bound* address_bound = nullptr;
    for (const auto& b : bound)
        if (b.map == address_map) address_bound = &b;
    // Resolve pointers after all push_backs (the vectors may have moved).
    for (size_t i = 0; i < bound.size(); ++i) {
        if (i < p.categorical.size()) bound[i].cat = table.category(bound[i].map->role);
        else bound[i].num = table.numeric_mut(bound[i].map->role);
    }

    const size_t ncols = header.size();
    std::string scratch;
    while (reader.next_record()) {
        const auto& fs = reader.fields();
        const long line = reader.record_line();
        if (fs.size() == 1 && trim(fs[0]).empty()) {
            report.blank_lines++;
            continue;
        }
        report.rows_read++;
        auto reject = [&](IssueKind kind, const std::string& field, std::string msg) {
            report.add(kind, line, field, std::move(msg));
            report.rows_skipped++;
        };
        if (reader.unterminated_quote()) {
            reject(IssueKind::BadQuote, "#" + std::to_string(fs.size()), "quoted field not closed before end of file");
            continue;
        }
        if (fs.size() != ncols) {
            reject(IssueKind::RaggedRow, "", std::to_string(fs.size()) + " fields, header has " + std::to_string(ncols));
            continue;
        }
        // --- time
        DateTime dt;
        bool date_ok = false;
        std::string date_field;
        if (c_dt >= 0) {
            date_field = header[static_cast<size_t>(c_dt)];
            for (const auto& fmt : p.time.datetime_formats)
                if (parse_datetime(fs[static_cast<size_t>(c_dt)], fmt, dt)) { date_ok = true; break; }
            if (!date_ok) {
                reject(IssueKind::BadDate, date_field, "not a date in the profile's formats " + quoted_value(fs[static_cast<size_t>(c_dt)]));
                continue;
            }
        } else {
            int y, m, d;
            const char* bad = nullptr;
            if (!parse_int(fs[static_cast<size_t>(c_y)], y)) bad = p.time.year_column.c_str();
            else if (!parse_int(fs[static_cast<size_t>(c_mo)], m)) bad = p.time.month_column.c_str();
            else if (!parse_int(fs[static_cast<size_t>(c_d)], d)) bad = p.time.day_column.c_str();
            else if (!valid_civil(y, m, d)) bad = p.time.day_column.c_str();
            if (bad) {
                reject(IssueKind::BadDate, bad, "not a valid date");
                continue;
            }
            dt.day = days_from_civil(y, m, d);
            dt.minute_of_day = -1;
        }
        if (c_t >= 0) {
            int16_t mod;
            std::string_view tv = fs[static_cast<size_t>(c_t)];
            while (!tv.empty() && (tv.front() == ' ' || tv.front() == '\t')) tv.remove_prefix(1);
            while (!tv.empty() && (tv.back() == ' ' || tv.back() == '\t' || tv.back() == '\r')) tv.remove_suffix(1);
            if (tv.empty()) {   // a blank time is an unknown time of day (an exported file writes it so), not a bad date
                mod = -1;
            } else if (!parse_time_of_day(tv, p.time.time_format, mod)) {
                reject(IssueKind::BadDate, header[static_cast<size_t>(c_t)], "not a time of day " + quoted_value(tv));
                continue;
            }
            dt.minute_of_day = mod;
        } else if (c_h >= 0) {
            int h = 0, mi = 0;
            if (!parse_int(fs[static_cast<size_t>(c_h)], h) || h < 0 || h > 23) {
                reject(IssueKind::BadDate, header[static_cast<size_t>(c_h)], "hour not in 0..23 " + quoted_value(fs[static_cast<size_t>(c_h)]));
                continue;
            }
            if (c_mi >= 0 && (!parse_int(fs[static_cast<size_t>(c_mi)], mi) || mi < 0 || mi > 59)) {
                reject(IssueKind::BadDate, header[static_cast<size_t>(c_mi)], "minute not in 0..59 " + quoted_value(fs[static_cast<size_t>(c_mi)]));
                continue;
            }
            dt.minute_of_day = static_cast<int16_t>(h * 60 + mi);
        }
        // --- coordinates
        geo::LatLon ll;
        int placed_approximate = -1;   // by address: counted once the row is kept (after the box and dedupe)
        if (by_address) {
            const std::string a = field_value(*address_bound, fs);
            if (a.empty()) {
                reject(IssueKind::MissingCoord, "address", "no coordinates and no address");
                continue;
            }
            auto it = state.geocoded.find(a);
            if (it == state.geocoded.end()) {
                GeocodedAddress g;
                g.placed = state.locate(a, g.at, g.approximate);
                it = state.geocoded.emplace(a, g).first;
            }
            const GeocodedAddress& g = it->second;
            if (!g.placed) {
                ++state.counts.not_placed;
                reject(IssueKind::MissingCoord, "address", "address not found by the geocoder " + quoted_value(a));
                continue;
            }
            ll = g.at;
            placed_approximate = g.approximate ? 1 : 0;
        } else if (geometry) {
            const geo::PointParse pt = geo::parse_point_geometry(fs[static_cast<size_t>(c_lat)]);
            if (!pt.ok) {
                if (pt.empty) reject(IssueKind::MissingCoord, f_lat, "no point (" + pt.error + ")");
                else reject(IssueKind::OutOfRange, f_lat, pt.error + " " + quoted_value(trim(fs[static_cast<size_t>(c_lat)])));
                continue;
            }
            ll = pt.point;
            if (ll.lat_deg == 0 && ll.lon_deg == 0) {
                reject(IssueKind::ZeroCoord, f_lat, "coordinates are 0,0 (no location recorded)");
                continue;
            }
        } else {
            std::string_view vlat = trim(fs[static_cast<size_t>(c_lat)]), vlon = trim(fs[static_cast<size_t>(c_lon)]);
            if (vlat.empty() || vlon.empty() || vlat == "NA" || vlon == "NA") {
                reject(IssueKind::MissingCoord, vlat.empty() || vlat == "NA" ? f_lat : f_lon, "empty coordinate");
                continue;
            }
            double a, b;
            if (!parse_double(vlat, a)) { reject(IssueKind::OutOfRange, f_lat, "not a number " + quoted_value(vlat)); continue; }
            if (!parse_double(vlon, b)) { reject(IssueKind::OutOfRange, f_lon, "not a number " + quoted_value(vlon)); continue; }
            if (a == 0 && b == 0) {
                reject(IssueKind::ZeroCoord, f_lat, "coordinates are 0,0 (no location recorded)");
                continue;
            }
            ll = proj ? geo::projected_to_latlon(*proj, b, a) : geo::LatLon{a, b};
        }
        if (!(ll.lat_deg >= -90 && ll.lat_deg <= 90 && ll.lon_deg >= -180 && ll.lon_deg <= 180) ||
            !p.bbox.contains(ll.lat_deg, ll.lon_deg)) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "%.6f,%.6f is outside the profile's bounding box (%.2f..%.2f N, %.2f..%.2f E)",
                          ll.lat_deg, ll.lon_deg, p.bbox.lat_min_deg, p.bbox.lat_max_deg, p.bbox.lon_min_deg,
                          p.bbox.lon_max_deg);
            reject(IssueKind::OutOfRange, f_lat, buf);
            continue;
        }
        // --- dedupe
        if (c_id >= 0) {
            scratch.assign(trim(fs[static_cast<size_t>(c_id)]));
            if (scratch.empty()) goto accept;   // never dedupe on blank ids
            if (p.dedupe_strip_leading_zeros) {
                size_t k = 0;
                while (k + 1 < scratch.size() && scratch[k] == '0') ++k;
                scratch.erase(0, k);
            }
            if (!state.seen_ids.insert(scratch).second) {
                reject(IssueKind::Duplicate, p.dedupe_column, "same " + p.dedupe_column + " as an earlier row " + quoted_value(scratch));
                continue;
            }
        }
    accept:
        if (placed_approximate >= 0) ++(placed_approximate ? state.counts.approximate : state.counts.exact);
        table.day.push_back(dt.day);
        table.minute_of_day.push_back(dt.minute_of_day);
        table.lat_deg.push_back(static_cast<float>(ll.lat_deg));
        table.lon_deg.push_back(static_cast<float>(ll.lon_deg));
        for (auto& bd : bound) {
            const FieldMap& f = *bd.map;
            if (bd.cat) {
                std::string v = field_value(bd, fs);
                if (!f.value_map.empty()) {
                    auto it = f.value_map.find(v);
                    v = it != f.value_map.end() ? it->second : f.map_default;
                }
                bd.cat->codes.push_back(bd.cat->intern(v));
            } else if (bd.num) {
                std::string_view v = trim(fs[static_cast<size_t>(bd.col)]);
                double x = NAN;
                if (!v.empty() && v != "NA" && !parse_double(v, x)) {
                    report.add(IssueKind::BadNumber, line, f.column, "not a number, kept as missing " + quoted_value(v));
                    x = NAN;
                }
                bd.num->values.push_back(static_cast<float>(x));
            }
        }
        report.rows_kept++;
    }
    // Columns that this profile does not fill (table shared with another source) get empty values.
    for (auto& c : table.categories)
        if (c.codes.size() < table.size()) {
            const uint32_t blank = c.intern("");
            c.codes.resize(table.size(), blank);
        }
    for (auto& n : table.numerics)
        if (n.values.size() < table.size()) n.values.resize(table.size(), NAN);
    return Ok{};
}

Result<IngestResult> ingest_file(const std::string& path, const std::vector<Profile>& profiles,
                                 const Profile* profile, const Locator& locate) {
    if (!profile) {
        auto header = read_header(path);
        if (!header) return header.error();
        profile = detect_profile(profiles, header.value());
    }
    IngestResult out;
    if (!profile) {
        auto inferred = infer_profile_file(path);
        if (!inferred) {
            std::string cols;
            if (auto header = read_header(path))
                for (const auto& h : header.value()) cols += (cols.empty() ? "" : ", ") + h;
            return make_error(ErrorKind::Format,
                              "no profile matches this header and none could be inferred (" + inferred.error().message +
                                  "); write a profile (see ARCHITECTURE.md) for columns: " + cols,
                              path, 1);
        }
        out.profile = std::move(inferred.value());
        out.profile_inferred = true;
    } else {
        out.profile = *profile;
    }
    profile = &out.profile;
    CsvOptions opts;
    opts.delimiter = profile->delimiter;
    auto reader = CsvReader::open(path, opts);
    if (!reader) return reader.error();
    IngestState state;
    state.locate = locate;
    out.profile_id = profile->id;
    auto st = ingest_csv(*reader.value(), *profile, out.table, out.report, state);
    if (!st) return st.error();
    out.geocoded = profile->coords.kind == CoordSpec::Kind::Address;
    out.geocode = state.counts;
    if (!out.table.day.empty()) {
        out.first_day = *std::min_element(out.table.day.begin(), out.table.day.end());
        out.last_day = *std::max_element(out.table.day.begin(), out.table.day.end());
    }
    return out;
}

std::string date_range_text(const IngestResult& r) {
    if (r.last_day < r.first_day) return "none";
    return format_day(r.first_day) + " .. " + format_day(r.last_day);
}

std::string result_json(const IngestResult& r, int indent) {
    nlohmann::json j = nlohmann::json::parse(report_json(r.report, -1));
    if (r.last_day < r.first_day) j["date_range"] = nullptr;
    else j["date_range"] = {format_day(r.first_day), format_day(r.last_day)};
    if (r.profile_inferred) {
        j["profile_inferred"] = true;
        j["inferred_profile"] = nlohmann::json::parse(profile_to_json(r.profile, -1));
    }
    if (r.geocoded)
        j["geocoded"] = {{"exact", r.geocode.exact}, {"interpolated", r.geocode.approximate}, {"not_placed", r.geocode.not_placed}};
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string report_json(const IngestReport& rep, int indent) {
    nlohmann::json j;
    j["file"] = rep.file;
    j["profile"] = rep.profile_id;
    j["rows_read"] = rep.rows_read;
    j["rows_kept"] = rep.rows_kept;
    j["rows_skipped"] = rep.rows_skipped;
    j["blank_lines"] = rep.blank_lines;
    j["summary"] = rep.summary();
    nlohmann::json kinds = nlohmann::json::object();
    for (int k = 0; k < kIssueKindCount; ++k)
        if (rep.by_kind[static_cast<size_t>(k)]) kinds[issue_kind_name(static_cast<IssueKind>(k))] = rep.by_kind[static_cast<size_t>(k)];
    j["by_reason"] = kinds;
    nlohmann::json issues = nlohmann::json::array();
    for (const auto& i : rep.first_issues) issues.push_back(IngestReport::format_issue(i));
    j["first_issues"] = issues;
    j["unmapped_columns"] = rep.unmapped_columns;
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);   // a user's header may be invalid UTF-8: replace, never throw
}

void sort_by_time(IncidentTable& t) {
    std::vector<uint32_t> order(t.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        if (t.day[a] != t.day[b]) return t.day[a] < t.day[b];
        return t.minute_of_day[a] < t.minute_of_day[b];
    });
    auto permute = [&](auto& v) {
        auto copy = v;
        for (size_t i = 0; i < order.size(); ++i) v[i] = copy[order[i]];
    };
    permute(t.day);
    permute(t.minute_of_day);
    permute(t.lat_deg);
    permute(t.lon_deg);
    for (auto& c : t.categories) permute(c.codes);
    for (auto& n : t.numerics) permute(n.values);
}

}  // namespace crimescope::data
