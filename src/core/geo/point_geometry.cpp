#include "geo/point_geometry.hpp"

#include <fast_float/fast_float.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "geo/projection.hpp"

namespace crimescope::geo {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
void skip(std::string_view& s) { while (!s.empty() && blank(s.front())) s.remove_prefix(1); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool eat_word(std::string_view& s, const char* w) {   // case-insensitive keyword
    skip(s);
    const size_t n = std::strlen(w);
    if (s.size() < n) return false;
    for (size_t i = 0; i < n; ++i) if (lower(s[i]) != w[i]) return false;
    s.remove_prefix(n);
    return true;
}
bool eat_char(std::string_view& s, char c) {
    skip(s);
    if (s.empty() || s.front() != c) return false;
    s.remove_prefix(1);
    return true;
}
bool eat_number(std::string_view& s, double& out) {
    skip(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    auto r = fast_float::from_chars(s.data(), s.data() + s.size(), out);
    if (r.ec != std::errc() || r.ptr == s.data()) return false;
    s.remove_prefix(static_cast<size_t>(r.ptr - s.data()));
    return true;
}

PointParse fail(PointForm f, std::string why) {
    PointParse p;
    p.form = f;
    p.error = std::move(why);
    return p;
}

bool geographic_srid(long srid) { return srid == 0 || srid == 4326 || srid == 4269 || srid == 4258 || srid == 4979; }

PointParse finish(PointForm f, double lon, double lat, long srid = 0) {
    if (std::isnan(lon) && std::isnan(lat)) {
        PointParse p;
        p.form = f;
        p.empty = true;
        p.error = "empty point";
        return p;
    }
    if (srid != 0 && !geographic_srid(srid)) {   // a projected SRID of the table: x/y in its units
        const ProjectedSystem* sys = find_projected_system(static_cast<int>(srid));
        if (!sys) return fail(f, "SRID " + std::to_string(srid) + " is neither lon/lat degrees (4326) nor in the projection table");
        if (!std::isfinite(lon) || !std::isfinite(lat)) return fail(f, "point coordinates are not finite");
        const LatLon ll = projected_to_latlon(*sys, lon, lat);
        lon = ll.lon_deg;
        lat = ll.lat_deg;
    }
    if (!std::isfinite(lon) || !std::isfinite(lat) || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
        char buf[120];
        std::snprintf(buf, sizeof buf, "point %.6g %.6g is not lon/lat in degrees", lon, lat);
        return fail(f, buf);
    }
    PointParse p;
    p.ok = true;
    p.form = f;
    p.point = LatLon{lat, lon};
    return p;
}


PointParse parse_wkt(std::string_view s) {
    long srid = 0;
    if (eat_word(s, "srid")) {
        double v;
        if (!eat_char(s, '=') || !eat_number(s, v) || !eat_char(s, ';') || v < 0 || v > 1e9 || v != std::floor(v))
            return fail(PointForm::Wkt, "bad SRID=...; prefix");
        srid = static_cast<long>(v);
    }
    if (!eat_word(s, "point")) return fail(PointForm::Wkt, "not a POINT");
    int extra = 0;
    if (eat_word(s, "zm")) extra = 2;
    else if (eat_word(s, "z") || eat_word(s, "m")) extra = 1;
    if (eat_word(s, "empty")) { skip(s); return s.empty() ? finish(PointForm::Wkt, NAN, NAN) : fail(PointForm::Wkt, "text after POINT EMPTY"); }
    if (!eat_char(s, '(')) return fail(PointForm::Wkt, "POINT without '('");
    std::vector<double> v;
    double x;
    while (eat_number(s, x)) v.push_back(x);
    if (!eat_char(s, ')')) return fail(PointForm::Wkt, "POINT without closing ')'");
    skip(s);
    if (!s.empty()) return fail(PointForm::Wkt, "text after the POINT");
    if (v.size() < 2 || v.size() > 4 || (extra && v.size() != static_cast<size_t>(2 + extra)))
        return fail(PointForm::Wkt, "POINT needs 2 coordinates (3 with Z or M, 4 with ZM), has " + std::to_string(v.size()));
    return finish(PointForm::Wkt, v[0], v[1], srid);
}

PointParse parse_tuple(std::string_view s) {
    double lat, lon;
    if (!eat_char(s, '(') || !eat_number(s, lat) || !eat_char(s, ',') || !eat_number(s, lon) || !eat_char(s, ')'))
        return fail(PointForm::Tuple, "not a (lat, lon) pair");
    skip(s);
    if (!s.empty()) return fail(PointForm::Tuple, "text after the (lat, lon) pair");
    return finish(PointForm::Tuple, lon, lat);
}

PointParse parse_geojson(std::string_view s) {
    nlohmann::json j = nlohmann::json::parse(s.begin(), s.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail(PointForm::GeoJson, "not a JSON object");
    auto t = j.find("type");
    if (t == j.end() || !t->is_string() || t->get<std::string>() != "Point") return fail(PointForm::GeoJson, "GeoJSON type is not \"Point\"");
    auto c = j.find("coordinates");
    if (c == j.end() || !c->is_array()) return fail(PointForm::GeoJson, "GeoJSON Point without a coordinates array");
    if (c->empty()) return finish(PointForm::GeoJson, NAN, NAN);
    if (c->size() < 2 || c->size() > 4 || !(*c)[0].is_number() || !(*c)[1].is_number())
        return fail(PointForm::GeoJson, "GeoJSON Point coordinates must be [lon, lat] numbers");
    return finish(PointForm::GeoJson, (*c)[0].get<double>(), (*c)[1].get<double>());
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

PointParse parse_wkb(std::string_view s) {
    if (s.size() >= 2 && (s.substr(0, 2) == "0x" || s.substr(0, 2) == "\\x" || s.substr(0, 2) == "0X")) s.remove_prefix(2);
    if (s.size() % 2) return fail(PointForm::Wkb, "odd number of hex digits");
    std::vector<uint8_t> b(s.size() / 2);
    for (size_t i = 0; i < b.size(); ++i) {
        const int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return fail(PointForm::Wkb, "not hex");
        b[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
    size_t at = 0;
    if (b.empty() || b[0] > 1) return fail(PointForm::Wkb, "WKB byte order must be 00 or 01");
    const bool little = b[0] == 1;
    at = 1;
    auto u32 = [&](uint32_t& v) {
        if (at + 4 > b.size()) return false;
        v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(b[at + static_cast<size_t>(little ? i : 3 - i)]) << (8 * i);
        at += 4;
        return true;
    };
    auto f64 = [&](double& v) {
        if (at + 8 > b.size()) return false;
        uint64_t u = 0;
        for (int i = 0; i < 8; ++i) u |= static_cast<uint64_t>(b[at + static_cast<size_t>(little ? i : 7 - i)]) << (8 * i);
        std::memcpy(&v, &u, 8);
        at += 8;
        return true;
    };
    uint32_t type;
    if (!u32(type)) return fail(PointForm::Wkb, "truncated WKB (no geometry type)");
    int dims = 2;
    if (type & 0x80000000u) ++dims;   // EWKB Z
    if (type & 0x40000000u) ++dims;   // EWKB M
    const bool has_srid = type & 0x20000000u;
    uint32_t base = type & 0x0FFFFFFFu;
    if (base >= 1000 && base < 4000) {   // ISO Z / M / ZM
        dims += base / 1000 == 3 ? 2 : 1;
        base %= 1000;
    }
    if (base != 1) return fail(PointForm::Wkb, "WKB geometry type " + std::to_string(base) + " is not a Point (1)");
    uint32_t srid = 0;
    if (has_srid && !u32(srid)) return fail(PointForm::Wkb, "truncated EWKB (no SRID)");
    std::vector<double> v(static_cast<size_t>(dims));
    for (auto& x : v)
        if (!f64(x)) return fail(PointForm::Wkb, "truncated WKB (point has fewer than " + std::to_string(dims) + " coordinates)");
    if (at != b.size()) return fail(PointForm::Wkb, "bytes after the WKB point");
    return finish(PointForm::Wkb, v[0], v[1], static_cast<long>(srid));
}

}  // namespace

const char* point_form_name(PointForm f) {
    switch (f) {
        case PointForm::Wkt: return "WKT";
        case PointForm::GeoJson: return "GeoJSON";
        case PointForm::Wkb: return "WKB";
        case PointForm::Tuple: return "(lat, lon)";
        case PointForm::None: break;
    }
    return "none";
}

PointParse parse_point_geometry(std::string_view text) {
    std::string_view s = text;
    skip(s);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    if (s.empty()) {
        PointParse p;
        p.empty = true;
        p.error = "empty field";
        return p;
    }
    const char c = lower(s.front());
    if (c == '{') return parse_geojson(s);
    if (c == '(') return parse_tuple(s);
    if (c == 'p' || c == 's') return parse_wkt(s);
    if (s.size() >= 18 && (c == '0' || c == '\\')) return parse_wkb(s);
    return fail(PointForm::None, "not a point geometry (WKT, GeoJSON, hex WKB or (lat, lon))");
}

}  // namespace crimescope::geo
