#include "geo/time_zone.hpp"

#include <algorithm>
#include <cstdlib>

#include "base/file_io.hpp"

namespace crimescope::geo {

namespace {

struct Reader {
    const std::vector<uint8_t>& b;
    size_t at = 0;
    bool ok = true;
    bool need(size_t n) {
        if (!ok || b.size() - at < n || at > b.size()) ok = false;
        return ok;
    }
    uint32_t u32() {
        if (!need(4)) return 0;
        uint32_t v = (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) | uint32_t(b[at + 3]);
        at += 4;
        return v;
    }
    int64_t i64() {
        if (!need(8)) return 0;
        uint64_t v = 0;
        for (int k = 0; k < 8; ++k) v = (v << 8) | b[at + static_cast<size_t>(k)];
        at += 8;
        return static_cast<int64_t>(v);
    }
    uint8_t u8() {
        if (!need(1)) return 0;
        return b[at++];
    }
    void skip(size_t n) {
        if (need(n)) at += n;
    }
};

struct Counts { uint32_t isut, isstd, leap, time, type, chars; };

bool header(Reader& r, char& version, Counts& c) {
    if (!r.need(44) || r.b[r.at] != 'T' || r.b[r.at + 1] != 'Z' || r.b[r.at + 2] != 'i' || r.b[r.at + 3] != 'f') return false;
    version = static_cast<char>(r.b[r.at + 4]);
    r.skip(20);
    c = {r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32()};
    return r.ok;
}

}  // namespace

int32_t TimeZone::offset_at(int64_t utc_s) const {
    auto it = std::upper_bound(at_s.begin(), at_s.end(), utc_s);   // the first transition after utc_s
    if (it == at_s.begin()) return initial_offset_s;
    return offset_s[static_cast<size_t>(it - at_s.begin() - 1)];
}

void TimeZone::utc_to_local(int32_t& day, int16_t& minute) const {
    if (minute < 0) return;
    const int64_t utc_s = int64_t(day) * 86400 + int64_t(minute) * 60;
    const int64_t local_s = utc_s + offset_at(utc_s);
    int64_t d = local_s / 86400, rem = local_s % 86400;
    if (rem < 0) { rem += 86400; --d; }
    day = static_cast<int32_t>(d);
    minute = static_cast<int16_t>(rem / 60);
}

Result<TimeZone> parse_tzif(const std::vector<uint8_t>& bytes, const std::string& name) {
    Reader r{bytes};
    char version = 0;
    Counts c{};
    if (!header(r, version, c)) return make_error(ErrorKind::Format, "not a TZif time zone file (no \"TZif\" header)", name);
    // Counts beyond what any zone holds are a corrupt file, not an allocation.
    if (c.time > 100000 || c.type == 0 || c.type > 256 || c.chars > 10000 || c.leap > 10000 || c.isstd > 256 || c.isut > 256)
        return make_error(ErrorKind::Corrupt, "TZif counts out of range (transitions " + std::to_string(c.time) + ", types " +
                                                  std::to_string(c.type) + ")", name);
    int time_size = 4;
    if (version >= '2') {   // skip the 32-bit block, read the 64-bit one
        r.skip(size_t(c.time) * 5 + size_t(c.type) * 6 + c.chars + size_t(c.leap) * 8 + c.isstd + c.isut);
        if (!r.ok) return make_error(ErrorKind::Corrupt, "TZif file is truncated", name);
        if (!header(r, version, c)) return make_error(ErrorKind::Corrupt, "TZif version 2+ file without its second header", name);
        if (c.time > 100000 || c.type == 0 || c.type > 256 || c.chars > 10000 || c.leap > 10000)
            return make_error(ErrorKind::Corrupt, "TZif counts out of range in the 64-bit block", name);
        time_size = 8;
    }
    TimeZone z;
    z.name = name;
    std::vector<int64_t> at(c.time);
    for (auto& t : at) t = time_size == 8 ? r.i64() : static_cast<int32_t>(r.u32());
    std::vector<uint8_t> idx(c.time);
    for (auto& i : idx) i = r.u8();
    std::vector<int32_t> off(c.type);
    for (auto& o : off) {
        o = static_cast<int32_t>(r.u32());
        r.skip(2);
    }
    if (!r.ok) return make_error(ErrorKind::Corrupt, "TZif file is truncated", name);
    for (int32_t o : off)   // as int64: the magnitude of INT32_MIN is not an int32
        if (o < -26 * 3600 || o > 26 * 3600) return make_error(ErrorKind::Corrupt, "TZif offset beyond +-26 h", name);
    for (size_t k = 0; k < at.size(); ++k) {
        if (idx[k] >= c.type) return make_error(ErrorKind::Corrupt, "TZif transition names time type " + std::to_string(idx[k]) + " of " + std::to_string(c.type), name);
        if (k > 0 && at[k] <= at[k - 1]) return make_error(ErrorKind::Corrupt, "TZif transitions are not in ascending order", name);
    }
    // The POSIX footer ("\nCST6CDT,M3.2.0,M11.1.0\n") is not applied: a "slim" file, whose transitions stop early and
    // leave later years to the footer's rule, would be off by an hour half the year. Refused, with the reason.
    if (time_size == 8) {
        r.skip(c.chars + size_t(c.leap) * 12 + c.isstd + c.isut);
        std::string footer;
        if (r.ok && r.at < bytes.size() && bytes[r.at] == '\n')
            for (size_t k = r.at + 1; k < bytes.size() && bytes[k] != '\n' && footer.size() < 128; ++k) footer += static_cast<char>(bytes[k]);
        const int64_t y2037 = INT64_C(2114380800);   // 2037-01-01T00:00:00Z
        if (footer.find(',') != std::string::npos && (at.empty() || at.back() < y2037))
            return make_error(ErrorKind::Format, "a \"slim\" TZif file (transitions end before 2037, later years follow the rule \"" + footer +
                                                     "\", which crimescope does not apply): use Debian's tzdata (\"fat\" files)", name);
    }
    z.at_s = std::move(at);
    z.offset_s.reserve(idx.size());
    for (uint8_t i : idx) z.offset_s.push_back(off[i]);
    z.initial_offset_s = off[0];
    return z;
}

bool valid_time_zone_name(const std::string& n) {
    if (n.empty() || n.size() > 64 || n.front() == '/' || n.back() == '/' || n.find("..") != std::string::npos || n.find("//") != std::string::npos)
        return false;
    for (char ch : n)
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '+' || ch == '/'))
            return false;
    return true;
}

std::string zoneinfo_dir() {
    const char* d = std::getenv("CRIMESCOPE_ZONEINFO");
    return d && *d ? std::string(d) : std::string("/usr/share/zoneinfo");
}

Result<TimeZone> load_time_zone(const std::string& name) {
    if (!valid_time_zone_name(name))
        return make_error(ErrorKind::Profile, "\"" + name + "\" is not an IANA time zone name (such as America/Chicago)", "", 0, "time.time_zone");
    const std::string path = zoneinfo_dir() + "/" + name;
    auto bytes = read_file_bytes(path);
    if (!bytes)
        return make_error(ErrorKind::Profile, "time zone \"" + name + "\" is not in " + zoneinfo_dir() + " (" + bytes.error().message + ")", path, 0,
                          "time.time_zone");
    return parse_tzif(bytes.value(), name);
}

const std::vector<ZoneCity>& time_zone_cities() {
    static const std::vector<ZoneCity> c = {
        {"New York", 40.7128, -74.0060, "America/New_York"},      {"Boston", 42.3601, -71.0589, "America/New_York"},
        {"Philadelphia", 39.9526, -75.1652, "America/New_York"},  {"Washington", 38.9072, -77.0369, "America/New_York"},
        {"Atlanta", 33.7490, -84.3880, "America/New_York"},       {"Miami", 25.7617, -80.1918, "America/New_York"},
        {"Charlotte", 35.2271, -80.8431, "America/New_York"},     {"Jacksonville", 30.3322, -81.6557, "America/New_York"},
        {"Columbus", 39.9612, -82.9988, "America/New_York"},      {"Detroit", 42.3314, -83.0458, "America/Detroit"},
        {"Indianapolis", 39.7684, -86.1581, "America/Indiana/Indianapolis"},
        {"Louisville", 38.2527, -85.7585, "America/Kentucky/Louisville"},
        {"Chicago", 41.8781, -87.6298, "America/Chicago"},        {"Houston", 29.7604, -95.3698, "America/Chicago"},
        {"Dallas", 32.7767, -96.7970, "America/Chicago"},         {"San Antonio", 29.4241, -98.4936, "America/Chicago"},
        {"Austin", 30.2672, -97.7431, "America/Chicago"},         {"Nashville", 36.1627, -86.7816, "America/Chicago"},
        {"Memphis", 35.1495, -90.0490, "America/Chicago"},        {"New Orleans", 29.9511, -90.0715, "America/Chicago"},
        {"Kansas City", 39.0997, -94.5786, "America/Chicago"},    {"St. Louis", 38.6270, -90.1994, "America/Chicago"},
        {"Minneapolis", 44.9778, -93.2650, "America/Chicago"},    {"Milwaukee", 43.0389, -87.9065, "America/Chicago"},
        {"Oklahoma City", 35.4676, -97.5164, "America/Chicago"},  {"Omaha", 41.2565, -95.9345, "America/Chicago"},
        {"Denver", 39.7392, -104.9903, "America/Denver"},         {"Albuquerque", 35.0844, -106.6504, "America/Denver"},
        {"El Paso", 31.7619, -106.4850, "America/Denver"},        {"Salt Lake City", 40.7608, -111.8910, "America/Denver"},
        {"Phoenix", 33.4484, -112.0740, "America/Phoenix"},       {"Tucson", 32.2226, -110.9747, "America/Phoenix"},
        {"Las Vegas", 36.1699, -115.1398, "America/Los_Angeles"}, {"Los Angeles", 34.0522, -118.2437, "America/Los_Angeles"},
        {"San Diego", 32.7157, -117.1611, "America/Los_Angeles"}, {"San Francisco", 37.7749, -122.4194, "America/Los_Angeles"},
        {"Sacramento", 38.5816, -121.4944, "America/Los_Angeles"}, {"Portland", 45.5152, -122.6784, "America/Los_Angeles"},
        {"Seattle", 47.6062, -122.3321, "America/Los_Angeles"},   {"Anchorage", 61.2181, -149.9003, "America/Anchorage"},
        {"Honolulu", 21.3069, -157.8583, "Pacific/Honolulu"},     {"Grand Rapids", 42.9634, -85.6681, "America/Detroit"},
        {"Calgary", 51.0447, -114.0719, "America/Edmonton"},      {"Edmonton", 53.5461, -113.4938, "America/Edmonton"},
        {"Winnipeg", 49.8951, -97.1384, "America/Winnipeg"},      {"Regina", 50.4452, -104.6189, "America/Regina"},
        {"Halifax", 44.6488, -63.5752, "America/Halifax"},        {"Monterrey", 25.6866, -100.3161, "America/Monterrey"},
        {"Cancun", 21.1619, -86.8515, "America/Cancun"},          {"Tijuana", 32.5149, -117.0382, "America/Tijuana"},
        {"Evansville", 37.9716, -87.5711, "America/Chicago"},     {"South Bend", 41.6764, -86.2520, "America/Indiana/Indianapolis"},     {"Vancouver", 49.2827, -123.1207, "America/Vancouver"},
        {"Toronto", 43.6532, -79.3832, "America/Toronto"},        {"Montreal", 45.5017, -73.5673, "America/Toronto"},
        {"Mexico City", 19.4326, -99.1332, "America/Mexico_City"}, {"Bogota", 4.7110, -74.0721, "America/Bogota"},
        {"Lima", -12.0464, -77.0428, "America/Lima"},             {"Santiago", -33.4489, -70.6693, "America/Santiago"},
        {"Sao Paulo", -23.5505, -46.6333, "America/Sao_Paulo"},   {"Buenos Aires", -34.6037, -58.3816, "America/Argentina/Buenos_Aires"},
        {"London", 51.5074, -0.1278, "Europe/London"},            {"Dublin", 53.3498, -6.2603, "Europe/Dublin"},
        {"Lisbon", 38.7223, -9.1393, "Europe/Lisbon"},            {"Madrid", 40.4168, -3.7038, "Europe/Madrid"},
        {"Paris", 48.8566, 2.3522, "Europe/Paris"},               {"Amsterdam", 52.3676, 4.9041, "Europe/Amsterdam"},
        {"Berlin", 52.5200, 13.4050, "Europe/Berlin"},            {"Rome", 41.9028, 12.4964, "Europe/Rome"},
        {"Stockholm", 59.3293, 18.0686, "Europe/Stockholm"},      {"Warsaw", 52.2297, 21.0122, "Europe/Warsaw"},
        {"Athens", 37.9838, 23.7275, "Europe/Athens"},            {"Istanbul", 41.0082, 28.9784, "Europe/Istanbul"},
        {"Moscow", 55.7558, 37.6173, "Europe/Moscow"},            {"Cairo", 30.0444, 31.2357, "Africa/Cairo"},
        {"Johannesburg", -26.2041, 28.0473, "Africa/Johannesburg"}, {"Lagos", 6.5244, 3.3792, "Africa/Lagos"},
        {"Tel Aviv", 32.0853, 34.7818, "Asia/Jerusalem"},         {"Dubai", 25.2048, 55.2708, "Asia/Dubai"},
        {"Delhi", 28.6139, 77.2090, "Asia/Kolkata"},              {"Singapore", 1.3521, 103.8198, "Asia/Singapore"},
        {"Hong Kong", 22.3193, 114.1694, "Asia/Hong_Kong"},       {"Seoul", 37.5665, 126.9780, "Asia/Seoul"},
        {"Tokyo", 35.6762, 139.6503, "Asia/Tokyo"},               {"Sydney", -33.8688, 151.2093, "Australia/Sydney"},
        {"Melbourne", -37.8136, 144.9631, "Australia/Melbourne"}, {"Brisbane", -27.4698, 153.0251, "Australia/Brisbane"},
        {"Perth", -31.9505, 115.8605, "Australia/Perth"},         {"Auckland", -36.8485, 174.7633, "Pacific/Auckland"},
    };
    return c;
}

const ZoneCity& guess_time_zone(LatLon p, double* distance_m) {
    const auto& c = time_zone_cities();
    size_t best = 0;
    double best_m = 1e300;
    for (size_t k = 0; k < c.size(); ++k) {
        const double d = haversine_m(p, LatLon{c[k].lat_deg, c[k].lon_deg});
        if (d < best_m) { best_m = d; best = k; }
    }
    if (distance_m) *distance_m = best_m;
    return c[best];
}

}  // namespace crimescope::geo
