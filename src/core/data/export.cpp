#include "data/export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fast_float/fast_float.h>

#include "base/dates.hpp"
#include "base/file_io.hpp"

namespace crimescope::data {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool parse_int(std::string_view s, int& out) {
    s = trim(s);
    if (s.empty() || s.size() > 9) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

bool parse_double(std::string_view s, double& out) {
    s = trim(s);
    if (s.empty()) return false;
    auto r = fast_float::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

// Splits on `sep`, honouring double quotes ("a, b",c -> [a, b] [c]); fields trimmed.
std::vector<std::string> split_quoted(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') { cur.push_back('"'); ++i; }
            else if (c == '"') quoted = false;
            else cur.push_back(c);
        } else if (c == '"') {
            quoted = true;
        } else if (c == sep) {
            out.emplace_back(trim(cur));
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    out.emplace_back(trim(cur));
    return out;
}

std::string lower(std::string_view s) {
    std::string o(s);
    for (char& c : o)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return o;
}

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// Up to 5 dictionary values close to `name` (edit distance within a third of its length, or one containing
// the other), closest first.
std::vector<std::string> close_values(const CategoryColumn& col, const std::string& name) {
    const std::string q = lower(name);
    std::vector<std::pair<size_t, std::string>> cand;
    for (const auto& v : col.dict) {
        if (v.empty()) continue;
        const std::string lv = lower(v);
        size_t d = edit_distance(q, lv);
        const bool contains = q.size() >= 3 && lv.size() >= 3 && (lv.find(q) != std::string::npos || q.find(lv) != std::string::npos);
        if (d <= std::max<size_t>(2, q.size() / 3) || contains) cand.emplace_back(contains ? std::min<size_t>(d, 1) : d, v);
    }
    std::stable_sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (size_t k = 0; k < cand.size() && k < 5; ++k) out.push_back(cand[k].second);
    return out;
}

std::string quoted_list(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "\"" : ", \"") + x + "\"";
    return s;
}

// ---- text writers

void put_2(std::string& out, int v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

void put_day(std::string& out, int32_t day) {
    CivilDate c = civil_from_days(day);
    if (c.year < 0 || c.year > 9999) { out += format_day(day); return; }
    put_2(out, c.year / 100);
    put_2(out, c.year % 100);
    out.push_back('-');
    put_2(out, c.month);
    out.push_back('-');
    put_2(out, c.day);
}

void put_time(std::string& out, int16_t minute) {
    put_2(out, minute / 60);
    out.push_back(':');
    put_2(out, minute % 60);
}

// The shortest %g (6..9 significant digits) that reads back to the same float.
void put_number(std::string& out, float v) {
    char buf[48];
    for (int p = 6; p <= 9; ++p) {
        int n = std::snprintf(buf, sizeof buf, "%.*g", p, static_cast<double>(v));
        float back = 0;
        auto r = fast_float::from_chars(buf, buf + n, back);
        if (p == 9 || (r.ec == std::errc() && back == v)) { out.append(buf, static_cast<size_t>(n)); return; }
    }
}

std::string csv_field(const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string o = "\"";
    for (char c : v) {
        if (c == '"') o.push_back('"');
        o.push_back(c);
    }
    o.push_back('"');
    return o;
}

// A JSON string literal; invalid UTF-8 bytes become U+FFFD so the output always parses.
std::string json_string(std::string_view v) {
    std::string o = "\"";
    const auto* s = reinterpret_cast<const unsigned char*>(v.data());
    const size_t n = v.size();
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == '"') o += "\\\"";
            else if (c == '\\') o += "\\\\";
            else if (c == '\n') o += "\\n";
            else if (c == '\r') o += "\\r";
            else if (c == '\t') o += "\\t";
            else if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                o += buf;
            } else o.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        bool ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; ++k) ok = (s[i + k] & 0xC0) == 0x80;
        if (ok && len == 3) {
            unsigned cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6);
            ok = cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
        }
        if (ok && len == 4) {
            unsigned cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12);
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (ok) {
            o.append(v.substr(i, len));
            i += len;
        } else {
            o += "\xEF\xBF\xBD";
            ++i;
        }
    }
    o.push_back('"');
    return o;
}

// Each column's dictionary, already quoted for the output format (dictionaries are small next to the rows).
std::vector<std::vector<std::string>> quoted_dicts(const IncidentTable& t, bool json) {
    std::vector<std::vector<std::string>> q;
    for (const auto& c : t.categories) {
        q.emplace_back();
        q.back().reserve(c.dict.size());
        for (const auto& v : c.dict) q.back().push_back(json ? json_string(v) : csv_field(v));
    }
    return q;
}

}  // namespace

std::string coord_text(float deg) {
    char buf[64];
    const double d = static_cast<double>(deg);
    for (int dec = 6; dec <= 12; ++dec) {
        int n = std::snprintf(buf, sizeof buf, "%.*f", dec, d);
        float back = 0;
        auto r = fast_float::from_chars(buf, buf + n, back);
        if (r.ec == std::errc() && back == deg) return std::string(buf, static_cast<size_t>(n));
    }
    int n = std::snprintf(buf, sizeof buf, "%.9g", d);
    return std::string(buf, static_cast<size_t>(n));
}

Result<ExportFilter> parse_export_filter(const ExportFilterArgs& a) {
    ExportFilter f;
    auto date = [](const std::string& opt, const std::string& v, int32_t& out) -> Status {
        DateTime dt;
        if (!parse_datetime(v, "%Y-%m-%d", dt))
            return make_error(ErrorKind::Invalid, "not a date YYYY-MM-DD (\"" + v + "\")", opt);
        out = dt.day;
        return Ok{};
    };
    if (!a.from.empty())
        if (auto st = date("--from", a.from, f.filter.day_min); !st) return st.error();
    if (!a.to.empty())
        if (auto st = date("--to", a.to, f.filter.day_max); !st) return st.error();
    if (f.filter.day_min > f.filter.day_max)
        return make_error(ErrorKind::Invalid, a.from + " is after --to " + a.to + " (both days are included)", "--from");
    if (!a.hours.empty()) {
        const size_t dash = a.hours.find('-');
        int h0 = -1, h1 = -1;
        const bool ok = dash != std::string::npos && parse_int(std::string_view(a.hours).substr(0, dash), h0) &&
                        parse_int(std::string_view(a.hours).substr(dash + 1), h1) && h0 >= 0 && h0 < h1 && h1 <= 24;
        if (!ok)
            return make_error(ErrorKind::Invalid,
                              "expected H1-H2 with 0 <= H1 < H2 <= 24, the hours [H1, H2) as on the map's hour filter "
                              "(\"" + a.hours + "\"; a range past midnight is two exports)", "--hours");
        f.filter.hour_min = h0;
        f.filter.hour_max = h1;
    }
    if (!a.types.empty()) {
        for (auto& t : split_quoted(a.types, ','))
            if (!t.empty() && std::find(f.types.begin(), f.types.end(), t) == f.types.end()) f.types.push_back(t);
        if (f.types.empty()) return make_error(ErrorKind::Invalid, "no type names in \"" + a.types + "\"", "--types");
    }
    if (!a.bbox.empty()) {
        auto parts = split_quoted(a.bbox, ',');
        double v[4];
        bool ok = parts.size() == 4;
        for (size_t k = 0; ok && k < 4; ++k) ok = parse_double(parts[k], v[k]);
        if (!ok)
            return make_error(ErrorKind::Invalid, "expected SOUTH,WEST,NORTH,EAST in degrees (\"" + a.bbox + "\")", "--bbox");
        if (!(v[0] >= -90 && v[2] <= 90 && v[1] >= -180 && v[3] <= 180) || v[0] > v[2] || v[1] > v[3])
            return make_error(ErrorKind::Invalid,
                              "need -90 <= SOUTH <= NORTH <= 90 and -180 <= WEST <= EAST <= 180 (\"" + a.bbox + "\")", "--bbox");
        f.has_bbox = true;
        f.bbox.lat_min_deg = v[0];
        f.bbox.lon_min_deg = v[1];
        f.bbox.lat_max_deg = v[2];
        f.bbox.lon_max_deg = v[3];
    }
    return f;
}

Result<std::vector<size_t>> select_rows(const IncidentTable& t, const ExportFilter& f) {
    const CategoryColumn* cat = nullptr;
    if (!f.filter.category_on.empty()) {
        cat = t.category(f.category_role);
        if (!cat) return make_error(ErrorKind::Invalid, "the data have no \"" + f.category_role + "\" column", "category filter");
        if (f.filter.category_on.size() != cat->dict.size())
            return make_error(ErrorKind::Invalid, "the category filter has " + std::to_string(f.filter.category_on.size()) +
                                                      " entries, the \"" + f.category_role + "\" column " +
                                                      std::to_string(cat->dict.size()) + " values", "category filter");
    }
    std::vector<char> type_on;
    const CategoryColumn* type_col = nullptr;
    if (!f.types.empty()) {
        type_col = t.category("type");
        if (!type_col) return make_error(ErrorKind::Invalid, "the data have no \"type\" column", "--types");
        type_on.assign(type_col->dict.size(), 0);
        std::vector<std::string> lowered;
        lowered.reserve(type_col->dict.size());
        for (const auto& v : type_col->dict) lowered.push_back(lower(v));
        std::string problems;
        for (const auto& name : f.types) {
            const std::string q = lower(name);
            bool found = false;
            for (size_t c = 0; c < lowered.size(); ++c)
                if (lowered[c] == q) { type_on[c] = 1; found = true; }
            if (found) continue;
            auto close = close_values(*type_col, name);
            problems += (problems.empty() ? "" : "; ") + std::string("no type \"") + name + "\" in this data";
            if (!close.empty()) {
                problems += " (close: " + quoted_list(close) + ")";
            } else {
                std::vector<std::string> common;
                for (uint32_t c : codes_by_frequency(*type_col)) {
                    if (common.size() == 10) break;
                    if (!type_col->dict[c].empty()) common.push_back(type_col->dict[c]);
                }
                problems += " (the most common types: " + quoted_list(common) + ")";
            }
        }
        if (!problems.empty()) return make_error(ErrorKind::Invalid, problems, "--types");
    }
    // The box is compared in float, as the table holds positions: a point written as 41.840000 is on a
    // box edge given as 41.84.
    const float s_deg = static_cast<float>(f.bbox.lat_min_deg), n_deg = static_cast<float>(f.bbox.lat_max_deg);
    const float w_deg = static_cast<float>(f.bbox.lon_min_deg), e_deg = static_cast<float>(f.bbox.lon_max_deg);
    std::vector<size_t> rows;
    for (size_t i = 0; i < t.size(); ++i) {
        if (!f.filter.accepts(t, cat, i)) continue;
        if (f.has_bbox && !(t.lat_deg[i] >= s_deg && t.lat_deg[i] <= n_deg && t.lon_deg[i] >= w_deg && t.lon_deg[i] <= e_deg)) continue;
        if (type_col && !type_on[type_col->codes[i]]) continue;
        rows.push_back(i);
    }
    return rows;
}

Result<ExportFormat> parse_export_format(std::string_view name) {
    const std::string n = lower(name);
    if (n == "csv") return ExportFormat::Csv;
    if (n == "geojson") return ExportFormat::GeoJson;
    return make_error(ErrorKind::Invalid, "expected csv or geojson, not \"" + std::string(name) + "\"", "--format");
}

const char* export_format_name(ExportFormat f) { return f == ExportFormat::Csv ? "csv" : "geojson"; }

std::string export_csv(const IncidentTable& t, const std::vector<size_t>& rows) {
    std::string out = "date,time,lat,lon";
    for (const auto& c : t.categories) out.append(",").append(csv_field(c.role));
    for (const auto& n : t.numerics) out.append(",").append(csv_field(n.role));
    out.push_back('\n');
    const auto q = quoted_dicts(t, false);
    out.reserve(out.size() + rows.size() * (40 + 16 * (t.categories.size() + t.numerics.size())));
    for (size_t r : rows) {
        put_day(out, t.day[r]);
        out.push_back(',');
        if (t.minute_of_day[r] >= 0) put_time(out, t.minute_of_day[r]);
        out.push_back(',');
        out += coord_text(t.lat_deg[r]);
        out.push_back(',');
        out += coord_text(t.lon_deg[r]);
        for (size_t c = 0; c < t.categories.size(); ++c) {
            out.push_back(',');
            out += q[c][t.categories[c].codes[r]];
        }
        for (const auto& n : t.numerics) {
            out.push_back(',');
            if (!std::isnan(n.values[r])) put_number(out, n.values[r]);
        }
        out.push_back('\n');
    }
    return out;
}

std::string export_geojson(const IncidentTable& t, const std::vector<size_t>& rows) {
    std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
    const auto q = quoted_dicts(t, true);
    std::vector<std::string> cat_keys, num_keys;
    for (const auto& c : t.categories) cat_keys.push_back(std::string(",").append(json_string(c.role)).append(":"));
    for (const auto& n : t.numerics) num_keys.push_back(std::string(",").append(json_string(n.role)).append(":"));
    out.reserve(out.size() + rows.size() * (130 + 24 * (t.categories.size() + t.numerics.size())));
    bool first = true;
    for (size_t r : rows) {
        out += first ? "\n" : ",\n";
        first = false;
        out += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[";
        out += coord_text(t.lon_deg[r]);
        out.push_back(',');
        out += coord_text(t.lat_deg[r]);
        out += "]},\"properties\":{\"date\":\"";
        put_day(out, t.day[r]);
        out += "\",\"time\":";
        if (t.minute_of_day[r] >= 0) {
            out.push_back('"');
            put_time(out, t.minute_of_day[r]);
            out.push_back('"');
        } else {
            out += "null";
        }
        for (size_t c = 0; c < t.categories.size(); ++c) {
            out += cat_keys[c];
            out += q[c][t.categories[c].codes[r]];
        }
        for (size_t k = 0; k < t.numerics.size(); ++k) {
            out += num_keys[k];
            const float v = t.numerics[k].values[r];
            if (std::isnan(v) || std::isinf(v)) out += "null";
            else put_number(out, v);
        }
        out += "}}";
    }
    out += "\n]}\n";
    return out;
}

std::string export_text(const IncidentTable& t, const std::vector<size_t>& rows, ExportFormat format) {
    return format == ExportFormat::Csv ? export_csv(t, rows) : export_geojson(t, rows);
}

Result<ExportStats> export_rows_file(const IncidentTable& t, const std::vector<size_t>& rows, ExportFormat format, const std::string& path) {
    const std::string text = export_text(t, rows, format);
    auto st = write_file_atomic(path, text);
    if (!st) return st.error();
    ExportStats s;
    s.rows_written = rows.size();
    s.rows_total = t.size();
    s.bytes = text.size();
    return s;
}

Result<ExportStats> export_file(const IncidentTable& t, const ExportFilter& f, ExportFormat format, const std::string& path) {
    auto rows = select_rows(t, f);
    if (!rows) return rows.error();
    return export_rows_file(t, rows.value(), format, path);
}

}  // namespace crimescope::data
