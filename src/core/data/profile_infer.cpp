#include "data/profile_infer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <zlib.h>

#include "base/dates.hpp"
#include "data/column_detect.hpp"
#include "data/csv_reader.hpp"

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
    if (c_lat < 0 || c_lon < 0) {
        std::string cols_s;
        for (const auto& h : header) cols_s += (cols_s.empty() ? "" : ", ") + h;
        return make_error(ErrorKind::MissingColumn,
                          "cannot infer coordinates: no latitude/longitude columns in degrees (projected X/Y and point "
                          "geometry columns are not inferred yet); write a profile for columns: " + cols_s, name, 1, "coords");
    }
    const auto& LAT = cols[static_cast<size_t>(c_lat)];
    const auto& LON = cols[static_cast<size_t>(c_lon)];
    p.coords.lat_column = LAT.name;
    p.coords.lon_column = LON.name;
    {
        std::vector<double> la, lo;
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto& r = rows[i];
            if (r.size() != header.size()) continue;
            double a, b;
            if (parse_number(r[static_cast<size_t>(c_lat)], a) && parse_number(r[static_cast<size_t>(c_lon)], b) && !(a == 0 && b == 0)) {
                la.push_back(a);
                lo.push_back(b);
            }
        }
        const double mla = median(la), mlo = median(lo);
        p.bbox = geo::BBox{-90, 90, -180, 180};   // a file may hold several cities: only 0,0 and out-of-range values are skipped
        char buf[200];
        std::snprintf(buf, sizeof buf, "coordinates: %s / %s (degrees by name and range; sample median %.4f, %.4f; rows at 0,0 are skipped)",
                      LAT.name.c_str(), LON.name.c_str(), mla, mlo);
        p.notes.push_back(buf);
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
            has(k, "to") && k.size() > 2 && k.compare(k.size() - 2, 2, "to") == 0)
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

    // --- address / block / location
    int c_addr = best([&](const ColumnStats& c) {
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
    p.detect_columns = {p.time.datetime_column, p.coords.lat_column, p.coords.lon_column};
    return p;
}

Result<Profile> infer_profile_file(const std::string& path, size_t max_rows) {
    // the header line, raw, to pick the delimiter
    gzFile gz = gzopen(path.c_str(), "rb");
    if (!gz) return make_error(ErrorKind::Io, "cannot open", path);
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
    if (!r.next_record()) return make_error(ErrorKind::Format, "empty file (no header)", path, 1);
    std::vector<std::string> header;
    for (auto f : r.fields()) {
        std::string_view s = f;
        while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
        header.emplace_back(s);
    }
    std::vector<std::vector<std::string>> rows;
    while (rows.size() < max_rows && r.next_record()) {
        const auto& fs = r.fields();
        if (fs.size() == 1 && fs[0].empty()) continue;
        rows.emplace_back(fs.begin(), fs.end());
    }
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
