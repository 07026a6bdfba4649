#include "data/profile_infer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "base/dates.hpp"
#include "data/column_detect.hpp"
#include "data/csv_reader.hpp"
#include "data/profile_edit.hpp"
#include "geo/point_geometry.hpp"
#include "geo/projection.hpp"
#include "geo/time_zone.hpp"

namespace crimescope::data {

namespace {

bool has(const std::string& k, const char* part) { return k.find(part) != std::string::npos; }
bool is(const std::string& k, std::initializer_list<const char*> names) {
    for (const char* n : names) if (k == n) return true;
    return false;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

const char* kCrimeWords[] = {"theft", "robbery", "burglary", "assault", "larceny", "drug", "vehicle", "murder", "homicide",
                             "battery", "fraud", "vandalism", "weapon", "arson", "shoplifting", "damage", "violence",
                             "manslaughter", "stolen", "narcotic", "trespass", "disorder", "offence", "offense", "sexual"};

double crime_vocab_share(const ColumnStats& c) {
    if (c.sample.empty()) return 0;
    size_t hit = 0;
    for (const auto& v : c.sample) {
        std::string l = v;
        for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        for (const char* w : kCrimeWords) if (l.find(w) != std::string::npos) { ++hit; break; }
    }
    return static_cast<double>(hit) / static_cast<double>(c.sample.size());
}

}  // namespace

char sniff_delimiter(const std::string& line) {
    const char cands[] = {',', ';', '\t', '|'};
    char best = ',';
    size_t best_n = 0;
    for (char d : cands) {
        size_t n = 0;
        bool q = false;
        for (char c : line) {
            if (c == '"') q = !q;
            else if (c == d && !q) ++n;
        }
        if (n > best_n) { best_n = n; best = d; }
    }
    return best;
}

// The columns that together make a street address, in the order they are joined: one address column
// ("Address", "Block Address"), or a block / house number column followed by the street's parts (an optional
// prefix direction, the name, then the street type and suffix direction next to it: Houston's "Block Range",
// "Street Name", "Type", "Suffix"). Empty when the file has none.
static std::vector<int> address_parts(const std::vector<ColumnStats>& cols, const std::vector<bool>& used) {
    auto find = [&](auto pred) -> int {
        for (size_t k = 0; k < cols.size(); ++k)
            if (!used[k] && !cols[k].sample.empty() && pred(cols[k].key)) return static_cast<int>(k);
        return -1;
    };
    const int full = find([](const std::string& k) {
        return (has(k, "address") || k == "location" || k == "blockaddress") && !has(k, "type") && !has(k, "code");
    });
    // A house number or block: "5023", "5000-5099", "50XX" (at most 6 digits a part), for most of the sample.
    auto house_numbers = [](const ColumnStats& c) {
        size_t ok = 0;
        for (const auto& v : c.sample) {
            size_t i = 0, digits = 0, parts = 1;
            bool good = !v.empty();
            for (; i < v.size() && good; ++i) {
                const char ch = v[i];
                if (ch >= '0' && ch <= '9') good = ++digits <= 6;
                else if (ch == '-' && digits > 0 && parts == 1) { digits = 0; ++parts; }
                else if ((ch == 'X' || ch == 'x') && digits > 0) continue;
                else good = false;
            }
            ok += good && digits > 0;
        }
        return ok * 10 >= c.sample.size() * 8;
    };
    int block = find([](const std::string& k) {
        return is(k, {"block", "blockrange", "blocknumber", "hundredblock", "housenumber", "streetnumber", "stnum", "streetno"});
    });
    if (block >= 0 && !house_numbers(cols[static_cast<size_t>(block)])) block = -1;
    const int name = find([](const std::string& k) { return is(k, {"streetname", "street", "stname", "streetnm"}); });
    if (block >= 0 && name >= 0) {
        std::vector<int> out{block};
        const int pre = find([](const std::string& k) { return is(k, {"prefix", "streetprefix", "predir", "prefixdirection", "direction"}); });
        if (pre >= 0) out.push_back(pre);
        out.push_back(name);
        // The street type and suffix only when they stand right after the name (a lone "Type" elsewhere is the crime's).
        int next = name + 1;
        if (next < static_cast<int>(cols.size()) && !used[static_cast<size_t>(next)] &&
            is(cols[static_cast<size_t>(next)].key, {"type", "streettype", "sttype", "suffixtype", "streetsuffix"})) {
            out.push_back(next);
            ++next;
        }
        if (next < static_cast<int>(cols.size()) && !used[static_cast<size_t>(next)] &&
            is(cols[static_cast<size_t>(next)].key, {"suffix", "suffixdirection", "sufdir", "postdir", "suffixdir"}))
            out.push_back(next);
        return out;
    }
    if (full >= 0) return {full};
    return {};
}

Result<Profile> infer_profile(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                              const std::string& name) {
    std::vector<ColumnStats> cols(header.size());
    for (size_t k = 0; k < header.size(); ++k) { cols[k].name = header[k]; cols[k].key = column_key(header[k]); }
    size_t n = 0;
    for (const auto& r : rows) {
        if (r.size() != header.size()) continue;
        ++n;
        for (size_t k = 0; k < r.size(); ++k) {
            ++cols[k].rows;
            if (!is_missing_token(r[k])) cols[k].sample.push_back(r[k]);
        }
    }
    if (n == 0) return make_error(ErrorKind::Format, "no data rows to infer a profile from", name, 2);
    for (auto& c : cols) compute_stats(c);

    Profile p;
    p.format_version = 2;
    p.inferred = true;
    std::vector<bool> used(cols.size(), false);
    auto best = [&](auto&& score) -> int {
        int bi = -1;
        double bs = 0;
        for (size_t k = 0; k < cols.size(); ++k) {
            if (used[k]) continue;
            double s = score(cols[k]);
            if (s > bs) { bs = s; bi = static_cast<int>(k); }
        }
        if (bi >= 0) used[static_cast<size_t>(bi)] = true;
        return bi;
    };
    auto share = [&](const ColumnStats& c) { return static_cast<double>(c.sample.size()) / static_cast<double>(std::max<size_t>(c.rows, 1)); };

    // --- coordinates: latitude / longitude by name and value range
    int c_lat = best([&](const ColumnStats& c) {
        if (!c.numeric || c.lo < -90 || c.hi > 90) return 0.0;
        return is(c.key, {"lat", "latitude", "ylat", "latdeg"}) ? 3.0 : (has(c.key, "latitude") ? 2.0 : 0.0);
    });
    int c_lon = best([&](const ColumnStats& c) {
        if (!c.numeric || c.lo < -180 || c.hi > 180) return 0.0;
        return is(c.key, {"lon", "lng", "long", "longitude", "xlon", "londeg"}) ? 3.0 : (has(c.key, "longitude") ? 2.0 : 0.0);
    });
    if ((c_lat < 0) != (c_lon < 0)) {   // half a pair is no pair
        if (c_lat >= 0) used[static_cast<size_t>(c_lat)] = false;
        if (c_lon >= 0) used[static_cast<size_t>(c_lon)] = false;
        c_lat = c_lon = -1;
    }
    // projected X / Y by name (x, x_coordinate, easting, point_x, ...): numeric columns
    auto x_name = [&](const std::string& k) {
        return is(k, {"x", "xcoordinate", "xcoord", "xcoor", "xcor", "pointx", "coordx", "coordinatex", "easting", "mapx", "xpos",
                      "locationx", "locx", "xvalue", "xcoordinates"}) ||
               (k.size() > 1 && k[0] == 'x' && has(k, "coord")) || has(k, "easting");
    };
    auto y_name = [&](const std::string& k) {
        return is(k, {"y", "ycoordinate", "ycoord", "ycoor", "ycor", "pointy", "coordy", "coordinatey", "northing", "mapy", "ypos",
                      "locationy", "locy", "yvalue", "ycoordinates"}) ||
               (k.size() > 1 && k[0] == 'y' && has(k, "coord")) || has(k, "northing");
    };
    int c_x = -1, c_y = -1;
    for (size_t k = 0; k < cols.size(); ++k) {
        if (used[k] || !cols[k].numeric || cols[k].sample.empty()) continue;
        if (c_x < 0 && x_name(cols[k].key)) c_x = static_cast<int>(k);
        else if (c_y < 0 && y_name(cols[k].key)) c_y = static_cast<int>(k);
    }
    const bool have_xy = c_x >= 0 && c_y >= 0;
    auto sample_pairs = [&](int ca, int cb, std::vector<double>& a, std::vector<double>& b) {
        for (const auto& r : rows) {
            if (r.size() != header.size()) continue;
            double u, v;
            if (parse_number(r[static_cast<size_t>(ca)], u) && parse_number(r[static_cast<size_t>(cb)], v) && !(u == 0 && v == 0)) {
                a.push_back(u);
                b.push_back(v);
            }
        }
    };
    char buf[64];
    geo::LatLon centre;        // the sample's median point, for the time zone of UTC timestamps
    bool have_centre = false;
    if (c_lat >= 0) {
        const auto& LAT = cols[static_cast<size_t>(c_lat)];
        const auto& LON = cols[static_cast<size_t>(c_lon)];
        p.coords.lat_column = LAT.name;
        p.coords.lon_column = LON.name;
        std::vector<double> la, lo;
        sample_pairs(c_lat, c_lon, la, lo);
        const double mla = median(la), mlo = median(lo);
        centre = geo::LatLon{mla, mlo};
        have_centre = !la.empty();
        p.bbox = geo::BBox{-90, 90, -180, 180};   // a file may hold several cities: only 0,0 and out-of-range values are skipped
        std::snprintf(buf, sizeof buf, "%.4f, %.4f", mla, mlo);   // numbers only: names are appended as strings
        p.notes.push_back("coordinates: " + LAT.name + " / " + LON.name + " (degrees by name and range; sample median " + buf +
                          "; rows at 0,0 are skipped)");
        if (have_xy)
            p.notes.push_back("coordinates: " + cols[static_cast<size_t>(c_x)].name + " / " + cols[static_cast<size_t>(c_y)].name +
                              " also present, not used (latitude/longitude preferred over projected X/Y)");
    } else {
        // a point geometry column (WKT, GeoJSON, hex (E)WKB, "(lat, lon)"): >= 90% of its non-blank values parse
        int c_geo = -1;
        geo::PointForm form = geo::PointForm::None;
        for (size_t k = 0; k < cols.size() && c_geo < 0; ++k) {
            const auto& c = cols[k];
            if (used[k] || c.numeric || c.sample.empty()) continue;
            size_t ok = 0, empty = 0;
            geo::PointForm f = geo::PointForm::None;
            for (const auto& v : c.sample) {
                auto pt = geo::parse_point_geometry(v);
                if (pt.ok) { ++ok; f = pt.form; }
                else if (pt.empty) ++empty;
            }
            if (ok > 0 && ok * 10 >= (c.sample.size() - empty) * 9) { c_geo = static_cast<int>(k); form = f; }
        }
        if (c_geo >= 0) {
            used[static_cast<size_t>(c_geo)] = true;
            const auto& G = cols[static_cast<size_t>(c_geo)];
            p.coords.kind = CoordSpec::Kind::Geometry;
            p.coords.geometry_column = G.name;
            std::vector<double> la, lo;
            for (const auto& v : G.sample)
                if (auto pt = geo::parse_point_geometry(v); pt.ok) { la.push_back(pt.point.lat_deg); lo.push_back(pt.point.lon_deg); }
            if (!la.empty()) { centre = geo::LatLon{median(la), median(lo)}; have_centre = true; }
            p.bbox = geo::BBox{-90, 90, -180, 180};
            p.notes.push_back("coordinates: " + G.name + " (a point geometry column, " + geo::point_form_name(form) +
                              "; no latitude/longitude pair" + (have_xy ? std::string("; preferred over projected X/Y") : std::string()) +
                              ")");
        } else if (have_xy && cols[static_cast<size_t>(c_x)].lo >= -180 && cols[static_cast<size_t>(c_x)].hi <= 180 &&
                   cols[static_cast<size_t>(c_y)].lo >= -90 && cols[static_cast<size_t>(c_y)].hi <= 90) {
            // ArcGIS-style X / Y in degrees (x = longitude, y = latitude): no projected system reads such small values
            const auto& X = cols[static_cast<size_t>(c_x)];
            const auto& Y = cols[static_cast<size_t>(c_y)];
            used[static_cast<size_t>(c_x)] = used[static_cast<size_t>(c_y)] = true;
            p.coords.lat_column = Y.name;
            p.coords.lon_column = X.name;
            p.bbox = geo::BBox{-90, 90, -180, 180};
            p.notes.push_back("coordinates: " + X.name + " / " + Y.name + " hold degrees (x = longitude, y = latitude: every value is "
                              "within +-180 / +-90); rows at 0,0 are skipped");
        } else if (have_xy) {
            const auto& X = cols[static_cast<size_t>(c_x)];
            const auto& Y = cols[static_cast<size_t>(c_y)];
            std::vector<double> xs, ys;
            sample_pairs(c_x, c_y, xs, ys);
            auto g = geo::guess_projected_system(xs, ys);
            if (!g)
                return make_error(ErrorKind::MissingColumn,
                                  "cannot infer coordinates: " + X.name + " / " + Y.name + " look like projected X/Y, but " +
                                      g.error().message + "; write a profile with \"coords\": {\"kind\": \"projected\", \"epsg\": ...}",
                                  name, 1, "coords");
            used[static_cast<size_t>(c_x)] = used[static_cast<size_t>(c_y)] = true;
            p.coords.kind = CoordSpec::Kind::Projected;
            p.coords.x_column = X.name;
            p.coords.y_column = Y.name;
            p.coords.epsg = g->system->epsg;
            centre = g->median;
            have_centre = true;
            p.bbox = geo::BBox{-90, 90, -180, 180};
            p.notes.push_back("coordinates: " + X.name + " / " + Y.name + " read as " + g->system->description() + ": " + g->reason);
        } else if (auto parts = address_parts(cols, used); !parts.empty()) {
            // No coordinates, but addresses: the rows can be placed against a pack's streets (ingest --geocode PACK).
            FieldMap a;
            a.role = "address";
            a.collapse_spaces = true;
            std::string names;
            for (int k : parts) {
                used[static_cast<size_t>(k)] = true;
                names += (names.empty() ? "" : " + ") + cols[static_cast<size_t>(k)].name;
                if (parts.size() > 1) a.columns.push_back(cols[static_cast<size_t>(k)].name);
                else a.column = cols[static_cast<size_t>(k)].name;
            }
            p.coords.kind = CoordSpec::Kind::Address;
            p.bbox = geo::BBox{-90, 90, -180, 180};   // the pack's geocoder decides where rows go
            p.categorical.push_back(std::move(a));
            p.notes.push_back("coordinates: none in the file; each row is placed by geocoding its address (" + names +
                              ") against a pack's block addresses (ingest --geocode PACK)");
        } else {
            std::string cols_s;
            for (const auto& h : header) cols_s += (cols_s.empty() ? "" : ", ") + h;
            return make_error(ErrorKind::MissingColumn,
                              "cannot infer coordinates: no latitude/longitude columns in degrees, no point geometry column, "
                              "no projected X/Y columns and no address columns; write a profile for columns: " + cols_s, name, 1, "coords");
        }
    }

    // --- date (+ time)
    struct DateCand { int col; std::vector<std::string> formats; bool has_time; };
    std::vector<DateCand> dates;
    for (size_t k = 0; k < cols.size(); ++k) {
        if (used[k] || cols[k].sample.empty() || share(cols[k]) < 0.5) continue;
        if (cols[k].numeric && !(has(cols[k].key, "date") || has(cols[k].key, "month"))) continue;
        auto f = matching_date_formats(cols[k].sample, candidate_date_formats());
        if (f.empty()) continue;
        DateTime dt;
        bool t = parse_datetime(cols[k].sample.front(), f.front(), dt) && dt.minute_of_day >= 0;
        dates.push_back({static_cast<int>(k), f, t});
    }
    if (dates.empty()) return make_error(ErrorKind::MissingColumn, "cannot infer a date column: no column parses as dates", name, 1, "time");
    auto date_score = [&](const DateCand& d) {
        const std::string& k = cols[static_cast<size_t>(d.col)].key;
        double s = 1;
        if (has(k, "occur") || has(k, "start") || has(k, "dispatch") || has(k, "incident") || has(k, "single") || has(k, "crime") ||
            has(k, "offen") || has(k, "event") || has(k, "from"))
            s += 4;
        if (has(k, "report") || has(k, "possible") || has(k, "end") || has(k, "update") || has(k, "close") || has(k, "entered") ||
            (has(k, "to") && k.size() > 2 && k.compare(k.size() - 2, 2, "to") == 0))
            s -= 3;
        if (d.has_time) s += 1;
        return s;
    };
    std::stable_sort(dates.begin(), dates.end(), [&](const DateCand& a, const DateCand& b) { return date_score(a) > date_score(b); });
    const DateCand& D = dates.front();
    const auto& DC = cols[static_cast<size_t>(D.col)];
    used[static_cast<size_t>(D.col)] = true;
    p.time.datetime_column = DC.name;
    p.time.datetime_formats = D.formats;
    std::string others;
    for (size_t i = 1; i < dates.size(); ++i) others += (others.empty() ? "" : ", ") + cols[static_cast<size_t>(dates[i].col)].name;
    const bool month_only = D.formats.front() == "%Y-%m" || D.formats.front() == "%Y/%m";
    if (month_only) p.time.precision = "month";
    p.notes.push_back("date: " + DC.name + " (" + D.formats.front() + (month_only ? ", month precision: days are the 1st, no time of day" : "") +
                      ")" + (others.empty() ? "" : "; not " + others + " (occurrence/start/dispatch preferred over report dates)"));
    // A UTC timestamp ("...Z", "+00", "+00:00"): read as local time in the zone of the nearest reference city. Only the
    // date column chosen counts: a file with a separate local date column has it chosen first (occurrence names).
    const std::string& f0 = D.formats.front();
    const bool utc = !f0.empty() && (f0.back() == 'Z' || f0.find("+00") != std::string::npos);
    double zone_d_m = 0;
    const geo::ZoneCity* zone_city = have_centre ? &geo::guess_time_zone(centre, &zone_d_m) : nullptr;
    if (utc && zone_city && zone_d_m <= geo::kZoneGuessMax_m) {
        const double d_m = zone_d_m;
        const geo::ZoneCity& zc = *zone_city;
        p.time.utc = true;
        p.time.time_zone = zc.zone;
        std::snprintf(buf, sizeof buf, "%.0f km", d_m / 1000);
        p.notes.push_back(std::string("time zone: ") + DC.name + " is UTC; read as local time in " + zc.zone + " (guessed: the points' median is " +
                          buf + " from " + zc.city + "; change time.time_zone if it is wrong)");
    } else if (utc) {
        p.notes.push_back("time zone: " + DC.name + " is UTC and kept as UTC clock times (" +
                          (zone_city ? "the points are over 200 km from every reference city: choose the zone" : std::string("no coordinates to tell the city's zone")) +
                          ")");
    }
    if (!D.has_time && !month_only) {
        // a separate time column: same name with date -> time, else any "time" column whose values are times
        std::string want = DC.key;
        auto pos = want.find("date");
        if (pos != std::string::npos) want.replace(pos, 4, "time");
        int c_t = best([&](const ColumnStats& c) {
            if (!has(c.key, "time") || has(c.key, "datetime") || c.sample.empty()) return 0.0;
            if (matching_time_format(c.sample).empty()) return 0.0;
            return c.key == want ? 3.0 : 1.0;
        });
        if (c_t >= 0) {
            const auto& T = cols[static_cast<size_t>(c_t)];
            p.time.time_column = T.name;
            p.time.time_format = matching_time_format(T.sample);
            p.notes.push_back("time of day: " + T.name + " (" + (p.time.time_format == "hhmm" ? std::string("unpadded HHMM, 100 = 01:00") : p.time.time_format) + ")");
        } else {
            p.notes.push_back("time of day: none (dates only)");
        }
    }
    for (const auto& d : dates) used[static_cast<size_t>(d.col)] = true;   // other date columns are not types

    // --- crime type: a categorical column with the crime vocabulary
    int c_type = best([&](const ColumnStats& c) {
        if (c.sample.empty() || c.numeric) return 0.0;
        const std::string& k = c.key;
        double s = 0;
        if (has(k, "crimetype") || has(k, "offensetype") || has(k, "offencetype") || has(k, "ucrliteral") || has(k, "primarytype")) s += 5;
        else if (has(k, "category") || has(k, "offense") || has(k, "offence") || has(k, "crime") || has(k, "type")) s += 3;
        else if (has(k, "description") || has(k, "literal") || has(k, "desc")) s += 2;
        else return 0.0;
        if (has(k, "sub") || has(k, "location") || has(k, "premise") || has(k, "report") || has(k, "outcome") || has(k, "status") ||
            has(k, "code") || has(k, "resolution"))
            s -= 3;
        if (has(k, "description") || has(k, "desc")) s -= 1;                  // prefer a short category over free text
        s += 3 * crime_vocab_share(c);
        const double ratio = static_cast<double>(c.distinct) / static_cast<double>(c.sample.size());
        if (ratio < 0.5 || c.distinct <= 60) s += 1;                          // categorical
        if (c.mean_length > 40) s -= 1;
        return s;
    });
    if (c_type >= 0) {
        const auto& T = cols[static_cast<size_t>(c_type)];
        p.categorical.push_back(FieldMap{"type", T.name, {}, {}, {}, false, false, false});
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f%%", 100 * crime_vocab_share(T));
        p.notes.push_back("crime type: " + T.name + " (" + std::to_string(T.distinct) + " distinct values in the sample, " + buf +
                          " with crime words)");
    } else {
        p.categorical.push_back(FieldMap{"type", "", "incident", {}, {}, false, false, false});
        p.notes.push_back("crime type: none found; every row is \"incident\"");
    }

    // --- address / block / location (unless the coordinates already are the address)
    const bool have_address = p.coords.kind == CoordSpec::Kind::Address;
    int c_addr = have_address ? -1 : best([&](const ColumnStats& c) {
        if (c.sample.empty() || c.numeric) return 0.0;
        const std::string& k = c.key;
        double s = 0;
        if (has(k, "address")) s = 5;
        else if (has(k, "block")) s = 4;
        else if (has(k, "intersection")) s = 3.5;
        else if (has(k, "street")) s = 3;
        else if (k == "location" || has(k, "locationdescription")) s = 3;
        else return 0.0;
        if (has(k, "type") || has(k, "category") || has(k, "code")) s -= 4;
        return s;
    });
    if (c_addr >= 0) {
        const auto& A = cols[static_cast<size_t>(c_addr)];
        p.categorical.push_back(FieldMap{"address", A.name, {}, {}, {}, true, false, false});
        p.notes.push_back("address: " + A.name);
    }

    // --- id for dedupe: never on a column with blank ids
    int c_id = best([&](const ColumnStats& c) {
        if (c.sample.empty()) return 0.0;
        const std::string& k = c.key;
        double s = 0;
        if (is(k, {"uid", "id", "incidentid", "caseid", "crimeid", "eventid", "reportid"})) s = 5;
        else if (is(k, {"reportnumber", "incidentnumber", "casenumber", "drno", "reportno", "caseno", "incidentnum"})) s = 4;
        else if (k.size() > 2 && k.compare(k.size() - 2, 2, "id") == 0) s = 2;
        else return 0.0;
        if (has(k, "row") || has(k, "cad") || has(k, "object")) s -= 3;
        if (c.sample.size() < c.rows) return -1.0;
        if (c.distinct * 2 < c.rows) return 0.0;
        return s;
    });
    if (c_id >= 0) {
        const auto& I = cols[static_cast<size_t>(c_id)];
        p.dedupe_column = I.name;
        p.categorical.push_back(FieldMap{"id", I.name, {}, {}, {}, false, false, false});
        p.notes.push_back("dedupe: " + I.name + " (rows repeating an earlier id are skipped" +
                          (I.distinct < I.sample.size() ? ", " + std::to_string(I.sample.size() - I.distinct) + " repeats in the sample)" : ")"));
    } else {
        std::string blank;
        for (const auto& c : cols)
            if ((has(c.key, "id") || has(c.key, "number")) && c.sample.size() < c.rows) blank += (blank.empty() ? "" : ", ") + c.name;
        p.notes.push_back("dedupe: none" + (blank.empty() ? std::string() : " (" + blank + " has blank values)"));
    }
    for (const auto& h : header) (void)h;
    p.detect_columns = {p.time.datetime_column};
    for (const std::string* c : {&p.coords.lat_column, &p.coords.lon_column, &p.coords.x_column, &p.coords.y_column, &p.coords.geometry_column})
        if (!c->empty()) p.detect_columns.push_back(*c);
    return p;
}

Result<Profile> infer_profile_file(const std::string& path, size_t max_rows) {
    auto sample = read_file_sample(path, max_rows);
    if (!sample) return sample.error();
    const auto& header = sample->header;
    const auto& rows = sample->rows;
    CsvOptions opts;
    opts.delimiter = sample->delimiter;
    auto p = infer_profile(header, rows, path);
    if (!p) return p;
    std::string stem = std::filesystem::path(path).filename().string();
    for (const char* ext : {".gz", ".csv", ".txt", ".tsv"})
        if (stem.size() > std::strlen(ext) && stem.compare(stem.size() - std::strlen(ext), std::strlen(ext), ext) == 0)
            stem.resize(stem.size() - std::strlen(ext));
    p->id = "inferred:" + stem;
    p->display_name = stem + " (profile inferred by crimescope)";
    p->delimiter = opts.delimiter;
    if (opts.delimiter != ',')
        p->notes.insert(p->notes.begin(), std::string("delimiter: ") + (opts.delimiter == '\t' ? "tab" : std::string(1, opts.delimiter)));
    return p;
}

}  // namespace crimescope::data
