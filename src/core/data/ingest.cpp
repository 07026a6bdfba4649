#include "data/ingest.hpp"

#include "geo/time_zone.hpp"

#include <fast_float/fast_float.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <deque>
#include <memory>
#include <numeric>
#include <optional>
#ifndef CS_NO_THREADS
#include <thread>
#endif

#include "base/dates.hpp"
#include "base/parallel.hpp"
#include "data/column_detect.hpp"
#include "data/profile_edit.hpp"
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

// A field's value as the profile asks (trimmed; spaces collapsed, leading zeros stripped, lower case), into
// `out`, without allocating once `out` has grown.
void normalise_into(std::string_view v, const FieldMap& f, std::string& out) {
    out.clear();
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
}

std::string normalise(std::string_view v, const FieldMap& f) {
    std::string out;
    normalise_into(v, f, out);
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
    if (!r.value()->next_record()) return error_or(*r.value(), make_error(ErrorKind::Format, "empty file (no header)", path, 1));
    std::vector<std::string> out;
    for (auto f : r.value()->fields()) out.emplace_back(trim(f));
    return out;
}

Status ingest_csv(CsvReader& reader, const Profile& p, IncidentTable& table, IngestReport& report,
                  IngestState& state) {
    report.file = reader.name();
    report.profile_id = p.id;
    if (!reader.next_record()) return error_or(reader, make_error(ErrorKind::Format, "empty file (no header)", reader.name(), 1));
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

    std::optional<geo::TimeZone> zone;   // UTC timestamps: read as local time there
    if (p.time.utc) {
        auto z = geo::load_time_zone(p.time.time_zone);
        if (!z) return z.error();
        zone = std::move(z.value());
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
        if (zone) zone->utc_to_local(dt.day, dt.minute_of_day);
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
            if (!state.seen_ids.insert(scratch)) {
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
    if (const auto* e = reader.error()) return *e;
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

// ---------------------------------------------------------------------------------------------------
// KeySet

namespace {
uint64_t hash_key(std::string_view s) {
    uint64_t h = 1469598103934665603ull;   // FNV-1a, then a 64-bit finaliser
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    return h;
}
constexpr uint64_t kOffsetMask = (uint64_t{1} << 40) - 1;
}  // namespace

size_t KeySet::find_slot(std::string_view key, uint64_t hash) const {
    const size_t mask = m_slots.size() - 1;
    const uint64_t tag = hash >> 40;
    for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
        const uint64_t v = m_slots[i];
        if (v == 0) return i;
        if ((v >> 40) != tag) continue;
        const size_t off = static_cast<size_t>((v & kOffsetMask) - 1);
        uint32_t len;
        std::memcpy(&len, m_arena.data() + off, 4);
        if (len == key.size() && std::memcmp(m_arena.data() + off + 4, key.data(), len) == 0) return i;
    }
}

void KeySet::grow() {
    std::vector<uint64_t> old;
    old.swap(m_slots);
    m_slots.assign(std::max<size_t>(1024, old.size() * 2), 0);
    for (uint64_t v : old) {
        if (v == 0) continue;
        const size_t off = static_cast<size_t>((v & kOffsetMask) - 1);
        uint32_t len;
        std::memcpy(&len, m_arena.data() + off, 4);
        const std::string_view key(m_arena.data() + off + 4, len);
        m_slots[find_slot(key, hash_key(key))] = v;
    }
}

uint64_t KeySet::hash(std::string_view key) { return hash_key(key); }

void KeySet::prefetch(uint64_t h) const {
    if (!m_slots.empty()) __builtin_prefetch(m_slots.data() + (static_cast<size_t>(h) & (m_slots.size() - 1)));
}

bool KeySet::insert(std::string_view key) { return insert_hashed(key, hash_key(key)); }

bool KeySet::insert_hashed(std::string_view key, uint64_t h) {
    if ((m_count + 1) * 10 > m_slots.size() * 7) grow();
    const size_t i = find_slot(key, h);
    if (m_slots[i] != 0) return false;
    const uint64_t off = m_arena.size();
    const auto len = static_cast<uint32_t>(key.size());
    m_arena.append(reinterpret_cast<const char*>(&len), 4);
    m_arena.append(key.data(), key.size());
    m_slots[i] = ((h >> 40) << 40) | (off + 1);
    ++m_count;
    return true;
}

bool KeySet::contains(std::string_view key) const {
    if (m_slots.empty()) return false;
    return m_slots[find_slot(key, hash_key(key))] != 0;
}

// ---------------------------------------------------------------------------------------------------
// Chunked parallel ingest. Each chunk of the text is parsed and checked on its own (rows, issues, local
// dictionaries, dedupe keys); chunks are merged in file order, which is where dedupe and the global
// dictionaries are decided, so the result is the serial one (ingest_csv above is the reference).

namespace {

constexpr uint32_t kUnset = UINT32_MAX;

// A chunk's dictionary of one column: values in one arena, open addressing over their codes (no node or
// string allocated per value, which matters for an id column where every row is new).
struct LocalDict {
    std::string arena;
    std::vector<size_t> ends;
    std::vector<size_t> hashes;    // std::hash of each value: the merge interns with it, probes compare it first
    std::vector<uint32_t> slots;   // code + 1, 0 = empty
    std::string_view value(uint32_t c) const {
        const size_t b = c == 0 ? 0 : ends[c - 1];
        return {arena.data() + b, ends[c] - b};
    }
    size_t slot_of(std::string_view v, size_t h) const {
        const size_t mask = slots.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask)
            if (slots[i] == 0 || (hashes[slots[i] - 1] == h && value(slots[i] - 1) == v)) return i;
    }
    uint32_t code(std::string_view v) {
        if ((ends.size() + 1) * 10 > slots.size() * 7) {
            slots.assign(std::max<size_t>(64, slots.size() * 2), 0);
            for (uint32_t c = 0; c < ends.size(); ++c) slots[slot_of(value(c), hashes[c])] = c + 1;
        }
        const size_t h = std::hash<std::string_view>{}(v);
        const size_t i = slot_of(v, h);
        if (slots[i] != 0) return slots[i] - 1;
        const auto c = static_cast<uint32_t>(ends.size());
        arena.append(v);
        ends.push_back(arena.size());
        hashes.push_back(h);
        slots[i] = c + 1;
        return c;
    }
    size_t size() const { return ends.size(); }
};

struct PendingIssue {
    IssueKind kind;
    bool on_candidate;   // a BadNumber of candidate `cand`: dropped when that row turns out a duplicate
    uint32_t cand;       // candidate index (BadNumber) or candidates before the row (a rejection)
    long line_rel;
    std::string field, message;
};

// Rows that passed every check but dedupe are candidates; dedupe is decided at the merge.
struct ChunkOut {
    size_t begin = 0, end = 0;   // offsets in the window
    bool incomplete = false;     // stopped at a record the window does not finish
    bool over_limit = false;     // stopped at a record over the CSV limits (csv_reader.hpp)
    long limit_line_rel = 0;
    std::string limit_message;
    long lines = 0;
    long rows_read = 0, blank_lines = 0, rejected = 0;
    std::array<long, kIssueKindCount> by_kind{};
    std::vector<PendingIssue> issues;   // in row order, until `permanent` reaches the report's limit
    size_t permanent = 0;               // stored issues that no merge can drop
    std::vector<int32_t> day;
    std::vector<int16_t> minute;
    std::vector<float> lat, lon;
    std::vector<std::vector<uint32_t>> codes;   // per categorical field, local codes
    std::vector<LocalDict> dicts;
    std::vector<std::vector<float>> nums;
    std::vector<long> cand_line;
    std::vector<uint32_t> cand_bad;      // BadNumber count of each candidate
    std::string keys;                    // dedupe keys, concatenated (empty = blank id: never a duplicate)
    std::vector<uint32_t> key_end;
    std::vector<uint64_t> key_hash;      // KeySet::hash of each key (0 for a blank one)
};

struct Plan {
    const Profile* p = nullptr;
    std::string file;
    std::vector<std::string> header;
    size_t ncols = 0;
    int c_dt = -1, c_y = -1, c_mo = -1, c_d = -1, c_t = -1, c_h = -1, c_mi = -1, c_lat = -1, c_lon = -1, c_id = -1;
    bool geometry = false;
    const geo::ProjectedSystem* proj = nullptr;
    std::string f_lat, f_lon;
    std::vector<Bound> bound;
    size_t ncat = 0;
    size_t max_issues = 50;
    std::shared_ptr<const geo::TimeZone> zone;   // time.utc: UTC timestamps read as local time there
};

// The set-up of ingest_csv (columns, errors, table columns created and padded), kept in step with it.
Status make_plan(const Profile& p, const std::vector<std::string>& header, const std::string& file, IncidentTable& table,
                 IngestReport& report, Plan& plan) {
    plan.p = &p;
    plan.file = file;
    plan.header = header;
    auto col = [&](const std::string& name) -> int {
        if (name.empty()) return -1;
        auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -2 : static_cast<int>(it - header.begin());
    };
    for (const auto& c : p.used_columns())
        if (col(c) == -2)
            return make_error(ErrorKind::MissingColumn,
                              "profile '" + p.id + "' needs column \"" + c + "\", which the header lacks", file, 1, c);
    for (const auto& h : header) {
        auto used = p.used_columns();
        if (std::find(used.begin(), used.end(), h) == used.end()) report.unmapped_columns.push_back(h);
    }
    plan.c_dt = col(p.time.datetime_column);
    plan.c_y = col(p.time.year_column);
    plan.c_mo = col(p.time.month_column);
    plan.c_d = col(p.time.day_column);
    plan.c_t = col(p.time.time_column);
    plan.c_h = col(p.time.hour_column);
    plan.c_mi = col(p.time.minute_column);
    if (p.time.utc) {
        auto z = geo::load_time_zone(p.time.time_zone);
        if (!z) return z.error();
        plan.zone = std::make_shared<const geo::TimeZone>(std::move(z.value()));
    }
    using CoordKind = CoordSpec::Kind;
    plan.geometry = p.coords.kind == CoordKind::Geometry;
    const bool xy = p.coords.kind == CoordKind::Utm || p.coords.kind == CoordKind::Projected;
    if (xy) {
        auto sys = geo::projected_system(p.coords.projection_epsg());
        if (!sys) return make_error(ErrorKind::Profile, sys.error().message, p.id, 0, "coords");
        plan.proj = sys.value();
    }
    plan.c_lat = col(plan.geometry ? p.coords.geometry_column : xy ? p.coords.y_column : p.coords.lat_column);
    plan.c_lon = col(plan.geometry ? p.coords.geometry_column : xy ? p.coords.x_column : p.coords.lon_column);
    if (plan.c_lat < 0 || plan.c_lon < 0)
        return make_error(ErrorKind::Profile, "profile '" + p.id + "' names no coordinate columns", file, 1, "coords");
    plan.c_id = col(p.dedupe_column);
    plan.f_lat = header[static_cast<size_t>(plan.c_lat)];
    plan.f_lon = header[static_cast<size_t>(plan.c_lon)];
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
            if (table.size() > 0) cc->codes.resize(table.size(), cc->intern(""));
        }
        Bound b{&f, col(f.column), nullptr, nullptr, {}};
        for (const auto& c : f.columns) b.cols.push_back(col(c));
        plan.bound.push_back(std::move(b));
    }
    for (const auto& f : p.numeric) {
        const NumericColumn* existing = table.numeric(f.role);
        if (!existing) table.numerics.push_back(NumericColumn{f.role, f.column, std::vector<float>(table.size(), NAN)});
        if (col(f.column) < 0)
            return make_error(ErrorKind::Profile, "numeric field \"" + f.role + "\" names no column", p.id, 0, "numeric." + f.role);
        plan.bound.push_back(Bound{&f, col(f.column), nullptr, nullptr, {}});
    }
    plan.ncat = p.categorical.size();
    plan.ncols = header.size();
    plan.max_issues = report.max_issues_kept;
    return Ok{};
}

void resolve_columns(Plan& plan, IncidentTable& table) {
    for (size_t i = 0; i < plan.bound.size(); ++i) {
        if (i < plan.ncat) plan.bound[i].cat = table.category(plan.bound[i].map->role);
        else plan.bound[i].num = table.numeric_mut(plan.bound[i].map->role);
    }
}


// field_value() into `out` (`joined` is scratch).
void field_value_into(const Bound& bd, const std::vector<std::string_view>& fs, std::string& out, std::string& joined) {
    const FieldMap& f = *bd.map;
    if (!bd.cols.empty()) {
        joined.clear();
        for (int c : bd.cols) {
            std::string_view v = trim(fs[static_cast<size_t>(c)]);
            if (v.empty() || v == "-") continue;
            if (joined.size() >= v.size() && joined.compare(joined.size() - v.size(), v.size(), v) == 0 &&
                (joined.size() == v.size() || joined[joined.size() - v.size() - 1] == ' '))
                continue;
            if (!joined.empty()) joined += ' ';
            joined += v;
        }
        normalise_into(joined, f, out);
        return;
    }
    if (bd.col >= 0) normalise_into(fs[static_cast<size_t>(bd.col)], f, out);
    else out.assign(f.constant);
}

struct RowScratch {
    std::string value, joined, key;
};

// One record, checked as ingest_csv checks it; a row that passes becomes a candidate.
void process_row(const Plan& plan, const std::vector<std::string_view>& fs, long line_rel, bool unterminated, ChunkOut& out,
                 RowScratch& sc) {
    const Profile& p = *plan.p;
    if (fs.size() == 1 && trim(fs[0]).empty()) {
        out.blank_lines++;
        return;
    }
    out.rows_read++;
    const auto ncand = static_cast<uint32_t>(out.day.size());
    auto reject = [&](IssueKind kind, const std::string& field, auto&& message) {
        out.by_kind[static_cast<size_t>(kind)]++;
        out.rejected++;
        if (out.permanent < plan.max_issues) {
            out.issues.push_back(PendingIssue{kind, false, ncand, line_rel, field, message()});
            ++out.permanent;
        }
    };
    const std::string none;
    if (unterminated) {
        reject(IssueKind::BadQuote, "#" + std::to_string(fs.size()), [] { return std::string("quoted field not closed before end of file"); });
        return;
    }
    if (fs.size() != plan.ncols) {
        reject(IssueKind::RaggedRow, none, [&] { return std::to_string(fs.size()) + " fields, header has " + std::to_string(plan.ncols); });
        return;
    }
    const auto at = [&](int c) { return fs[static_cast<size_t>(c)]; };
    // --- time
    DateTime dt;
    if (plan.c_dt >= 0) {
        bool date_ok = false;
        for (const auto& fmt : p.time.datetime_formats)
            if (parse_datetime(at(plan.c_dt), fmt, dt)) { date_ok = true; break; }
        if (!date_ok) {
            reject(IssueKind::BadDate, plan.header[static_cast<size_t>(plan.c_dt)],
                   [&] { return "not a date in the profile's formats " + quoted_value(at(plan.c_dt)); });
            return;
        }
    } else {
        int y, m, d;
        const std::string* bad = nullptr;
        if (!parse_int(at(plan.c_y), y)) bad = &p.time.year_column;
        else if (!parse_int(at(plan.c_mo), m)) bad = &p.time.month_column;
        else if (!parse_int(at(plan.c_d), d)) bad = &p.time.day_column;
        else if (!valid_civil(y, m, d)) bad = &p.time.day_column;
        if (bad) {
            reject(IssueKind::BadDate, *bad, [] { return std::string("not a valid date"); });
            return;
        }
        dt.day = days_from_civil(y, m, d);
        dt.minute_of_day = -1;
    }
    if (plan.c_t >= 0) {
        int16_t mod;
        std::string_view tv = at(plan.c_t);
        while (!tv.empty() && (tv.front() == ' ' || tv.front() == '\t')) tv.remove_prefix(1);
        while (!tv.empty() && (tv.back() == ' ' || tv.back() == '\t' || tv.back() == '\r')) tv.remove_suffix(1);
        if (tv.empty()) {
            mod = -1;
        } else if (!parse_time_of_day(tv, p.time.time_format, mod)) {
            reject(IssueKind::BadDate, plan.header[static_cast<size_t>(plan.c_t)], [&] { return "not a time of day " + quoted_value(tv); });
            return;
        }
        dt.minute_of_day = mod;
    } else if (plan.c_h >= 0) {
        int h = 0, mi = 0;
        if (!parse_int(at(plan.c_h), h) || h < 0 || h > 23) {
            reject(IssueKind::BadDate, plan.header[static_cast<size_t>(plan.c_h)], [&] { return "hour not in 0..23 " + quoted_value(at(plan.c_h)); });
            return;
        }
        if (plan.c_mi >= 0 && (!parse_int(at(plan.c_mi), mi) || mi < 0 || mi > 59)) {
            reject(IssueKind::BadDate, plan.header[static_cast<size_t>(plan.c_mi)], [&] { return "minute not in 0..59 " + quoted_value(at(plan.c_mi)); });
            return;
        }
        dt.minute_of_day = static_cast<int16_t>(h * 60 + mi);
    }
    if (plan.zone) plan.zone->utc_to_local(dt.day, dt.minute_of_day);
    // --- coordinates
    geo::LatLon ll;
    if (plan.geometry) {
        const geo::PointParse pt = geo::parse_point_geometry(at(plan.c_lat));
        if (!pt.ok) {
            if (pt.empty) reject(IssueKind::MissingCoord, plan.f_lat, [&] { return "no point (" + pt.error + ")"; });
            else reject(IssueKind::OutOfRange, plan.f_lat, [&] { return pt.error + " " + quoted_value(trim(at(plan.c_lat))); });
            return;
        }
        ll = pt.point;
        if (ll.lat_deg == 0 && ll.lon_deg == 0) {
            reject(IssueKind::ZeroCoord, plan.f_lat, [] { return std::string("coordinates are 0,0 (no location recorded)"); });
            return;
        }
    } else {
        std::string_view vlat = trim(at(plan.c_lat)), vlon = trim(at(plan.c_lon));
        if (vlat.empty() || vlon.empty() || vlat == "NA" || vlon == "NA") {
            reject(IssueKind::MissingCoord, vlat.empty() || vlat == "NA" ? plan.f_lat : plan.f_lon, [] { return std::string("empty coordinate"); });
            return;
        }
        double a, b;
        if (!parse_double(vlat, a)) { reject(IssueKind::OutOfRange, plan.f_lat, [&] { return "not a number " + quoted_value(vlat); }); return; }
        if (!parse_double(vlon, b)) { reject(IssueKind::OutOfRange, plan.f_lon, [&] { return "not a number " + quoted_value(vlon); }); return; }
        if (a == 0 && b == 0) {
            reject(IssueKind::ZeroCoord, plan.f_lat, [] { return std::string("coordinates are 0,0 (no location recorded)"); });
            return;
        }
        ll = plan.proj ? geo::projected_to_latlon(*plan.proj, b, a) : geo::LatLon{a, b};
    }
    if (!(ll.lat_deg >= -90 && ll.lat_deg <= 90 && ll.lon_deg >= -180 && ll.lon_deg <= 180) ||
        !p.bbox.contains(ll.lat_deg, ll.lon_deg)) {
        reject(IssueKind::OutOfRange, plan.f_lat, [&] {
            char buf[160];
            std::snprintf(buf, sizeof buf, "%.6f,%.6f is outside the profile's bounding box (%.2f..%.2f N, %.2f..%.2f E)",
                          ll.lat_deg, ll.lon_deg, p.bbox.lat_min_deg, p.bbox.lat_max_deg, p.bbox.lon_min_deg,
                          p.bbox.lon_max_deg);
            return std::string(buf);
        });
        return;
    }
    // --- dedupe key (decided at the merge, in file order)
    bool has_key = false;
    if (plan.c_id >= 0) {
        std::string_view k = trim(at(plan.c_id));
        if (!k.empty() && p.dedupe_strip_leading_zeros) {
            size_t z = 0;
            while (z + 1 < k.size() && k[z] == '0') ++z;
            k.remove_prefix(z);
        }
        out.keys.append(k);
        has_key = !k.empty();
        out.key_hash.push_back(has_key ? KeySet::hash(k) : 0);
    } else {
        out.key_hash.push_back(0);
    }
    out.key_end.push_back(static_cast<uint32_t>(out.keys.size()));
    // --- the candidate row
    out.day.push_back(dt.day);
    out.minute.push_back(dt.minute_of_day);
    out.lat.push_back(static_cast<float>(ll.lat_deg));
    out.lon.push_back(static_cast<float>(ll.lon_deg));
    out.cand_line.push_back(line_rel);
    uint32_t bad_numbers = 0;
    for (size_t i = 0; i < plan.bound.size(); ++i) {
        const Bound& bd = plan.bound[i];
        const FieldMap& f = *bd.map;
        if (i < plan.ncat) {
            field_value_into(bd, fs, sc.value, sc.joined);
            if (!f.value_map.empty()) {
                auto it = f.value_map.find(sc.value);
                sc.value = it != f.value_map.end() ? it->second : f.map_default;
            }
            out.codes[i].push_back(out.dicts[i].code(sc.value));
        } else {
            std::string_view v = trim(at(bd.col));
            double x = NAN;
            if (!v.empty() && v != "NA" && !parse_double(v, x)) {
                out.by_kind[static_cast<size_t>(IssueKind::BadNumber)]++;
                ++bad_numbers;
                if (out.permanent < plan.max_issues) {
                    out.issues.push_back(PendingIssue{IssueKind::BadNumber, true, ncand, line_rel, f.column,
                                                      "not a number, kept as missing " + quoted_value(v)});
                    if (!has_key) ++out.permanent;
                }
                x = NAN;
            }
            out.nums[i - plan.ncat].push_back(static_cast<float>(x));
        }
    }
    out.cand_bad.push_back(bad_numbers);
}

void parse_chunk(const Plan& plan, const uint8_t* data, size_t size, bool at_eof, size_t begin, size_t limit, ChunkOut& out) {
    out = ChunkOut{};
    out.codes.resize(plan.ncat);
    out.dicts.resize(plan.ncat);
    out.nums.resize(plan.bound.size() - plan.ncat);
    RecordScanner sc(plan.p->delimiter);
    const char* text = reinterpret_cast<const char*>(data);
    sc.reset(text + begin, text + size, at_eof);
    RowScratch scratch;
    while (begin + sc.pos() < limit) {
        const auto r = sc.next();
        if (r != RecordScanner::Next::Record) {
            out.incomplete = r == RecordScanner::Next::NeedMore;
            if (r == RecordScanner::Next::OverLimit) {
                out.over_limit = true;
                out.limit_line_rel = sc.record_line();
                out.limit_message = sc.limit_message();
            }
            break;
        }
        process_row(plan, sc.fields(), sc.record_line(), sc.unterminated_quote(), out, scratch);
    }
    out.begin = begin;
    out.end = begin + sc.pos();
    out.lines = sc.lines();
}

void push_issue(IngestReport& report, IssueKind kind, long line, const std::string& field, const std::string& message) {
    if (report.first_issues.size() < report.max_issues_kept)
        report.first_issues.push_back(Issue{kind, report.file, line, field, message});
}

// Appends a chunk's candidates in order: dedupe against everything before, global dictionary codes.
void merge_chunk(const Plan& plan, ChunkOut& c, long line_base, std::vector<std::vector<uint32_t>>& remap, IncidentTable& table,
                 IngestReport& report, IngestState& state, bool keep_rows, size_t max_rows, std::optional<Error>& error) {
    const Profile& p = *plan.p;
    report.rows_read += c.rows_read;
    report.blank_lines += c.blank_lines;
    report.rows_skipped += c.rejected;
    for (size_t k = 0; k < report.by_kind.size(); ++k) report.by_kind[k] += c.by_kind[k];
    for (size_t j = 0; j < plan.ncat; ++j) remap[j].assign(c.dicts[j].size(), kUnset);
    const size_t n = c.day.size();
    size_t ii = 0;
    const auto& iss = c.issues;
    auto flush = [&](const PendingIssue& i) { push_issue(report, i.kind, line_base + i.line_rel, i.field, i.message); };
    // The hash tables' slots of a row a few ahead are fetched while this one is merged: the id column and
    // the dedupe keys are new on almost every row, each a cache miss in a table of a million entries.
    constexpr size_t kAhead = 8;
    auto prefetch_row = [&](size_t r) {
        if (c.key_hash[r] != 0) state.seen_ids.prefetch(c.key_hash[r]);
        for (size_t j = 0; j < plan.ncat; ++j) {
            const uint32_t local = c.codes[j][r];
            if (remap[j][local] == kUnset) plan.bound[j].cat->prefetch(c.dicts[j].hashes[local]);
        }
    };
    for (size_t r = 0; r < n; ++r) {
        if (r + kAhead < n) prefetch_row(r + kAhead);
        while (ii < iss.size() && !iss[ii].on_candidate && iss[ii].cand <= r) flush(iss[ii++]);
        const size_t k0 = r == 0 ? 0 : c.key_end[r - 1], k1 = c.key_end[r];
        const std::string_view key(c.keys.data() + k0, k1 - k0);
        const bool dup = !key.empty() && !state.seen_ids.insert_hashed(key, c.key_hash[r]);
        if (dup) {
            report.by_kind[static_cast<size_t>(IssueKind::Duplicate)]++;
            report.by_kind[static_cast<size_t>(IssueKind::BadNumber)] -= c.cand_bad[r];
            report.rows_skipped++;
            push_issue(report, IssueKind::Duplicate, line_base + c.cand_line[r], p.dedupe_column,
                       "same " + p.dedupe_column + " as an earlier row " + quoted_value(key));
            while (ii < iss.size() && iss[ii].on_candidate && iss[ii].cand == r) ++ii;
            continue;
        }
        while (ii < iss.size() && iss[ii].on_candidate && iss[ii].cand == r) flush(iss[ii++]);
        if (!keep_rows) {
            if (state.last_day < state.first_day) state.first_day = state.last_day = c.day[r];
            state.first_day = std::min(state.first_day, c.day[r]);
            state.last_day = std::max(state.last_day, c.day[r]);
            report.rows_kept++;
            continue;
        }
        if (max_rows && table.size() >= max_rows) {   // the row past the app's limit: its line
            error = Error{ErrorKind::Invalid, too_many_rows_message(max_rows), plan.file, line_base + c.cand_line[r], ""};
            return;
        }
        table.day.push_back(c.day[r]);
        table.minute_of_day.push_back(c.minute[r]);
        table.lat_deg.push_back(c.lat[r]);
        table.lon_deg.push_back(c.lon[r]);
        for (size_t j = 0; j < plan.bound.size(); ++j) {
            const Bound& bd = plan.bound[j];
            if (j < plan.ncat) {
                const uint32_t local = c.codes[j][r];
                uint32_t& g = remap[j][local];
                if (g == kUnset) g = bd.cat->intern_hashed(c.dicts[j].value(local), c.dicts[j].hashes[local]);
                bd.cat->codes.push_back(g);
            } else {
                bd.num->values.push_back(c.nums[j - plan.ncat][r]);
            }
        }
        report.rows_kept++;
    }
    while (ii < iss.size()) flush(iss[ii++]);
}

template <class Fn>
void run_tasks(size_t n, unsigned threads, Fn&& fn) {
#ifndef CS_NO_THREADS
    if (threads == 0) threads = worker_count();
    threads = static_cast<unsigned>(std::min<size_t>(threads, n));
    if (threads > 1) {
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (auto& th : pool) th.join();
        return;
    }
#else
    (void)threads;
#endif
    for (size_t i = 0; i < n; ++i) fn(i);
}

// Parses [data, data + size) in chunks on every core and merges them; returns the bytes consumed (all of
// them at the end of input, else up to the start of the first record the window does not finish).
// A record over the CSV limits sets `error` (its file and line) after the rows before it are merged.
size_t process_window(const Plan& plan, const uint8_t* data, size_t size, bool at_eof, long& line, IncidentTable& table,
                      IngestReport& report, IngestState& state, const IngestOptions& opts, std::optional<Error>& error) {
    const char* text = reinterpret_cast<const char*>(data);
    std::vector<size_t> starts{0};
    const size_t chunk = std::max<size_t>(opts.chunk_bytes, 1);
    for (size_t b = chunk; b < size; b += chunk) {
        const size_t s = guess_record_start(text, size, b);
        if (s > starts.back() && s < size) starts.push_back(s);
    }
    const size_t n = starts.size();
    auto limit_of = [&](size_t k) { return k + 1 < n ? starts[k + 1] : size; };
    std::vector<ChunkOut> outs(n);
    run_tasks(n, opts.threads, [&](size_t k) { parse_chunk(plan, data, size, at_eof, starts[k], limit_of(k), outs[k]); });
    std::vector<std::vector<uint32_t>> remap(plan.ncat);
    size_t at = 0;
    for (size_t k = 0; k < n; ++k) {
        if (outs[k].begin != at) parse_chunk(plan, data, size, at_eof, at, limit_of(k), outs[k]);   // the guess was wrong
        merge_chunk(plan, outs[k], line, remap, table, report, state, opts.keep_rows, opts.max_rows_kept, error);
        if (error) return outs[k].end;
        if (outs[k].over_limit) {
            error = Error{ErrorKind::Format, outs[k].limit_message, plan.file, line + outs[k].limit_line_rel, ""};
            return outs[k].end;
        }
        line += outs[k].lines;
        at = outs[k].end;
        const bool stop = outs[k].incomplete;
        outs[k] = ChunkOut{};
        if (stop) break;
    }
    return at;
}

}  // namespace

Status ingest_csv_file(const std::string& path, const Profile& p, IncidentTable& table, IngestReport& report,
                       IngestState& state, const IngestOptions& opts) {
    if (p.coords.kind == CoordSpec::Kind::Address) {   // the geocoder and its cache are serial
        auto reader = CsvReader::open(path, CsvOptions{p.delimiter});
        if (!reader) return reader.error();
        return ingest_csv(*reader.value(), p, table, report, state);
    }
    report.file = path;
    report.profile_id = p.id;
    auto in = TextInput::open(path, opts.input);
    if (!in) return in.error();
    std::vector<uint8_t> buf;
    size_t pos = 0;
    bool eof = false, started = false, have_plan = false;
    long line = 1;
    Plan plan;
    RecordScanner header_scanner(p.delimiter);
    size_t window = std::max<size_t>(opts.window_bytes, 1);
    while (true) {
        if (!eof && !in.value()->read_block(buf)) {
            eof = true;
            if (const Error* e = in.value()->error()) return *e;
        }
        if (!started) {   // a UTF-8 BOM
            if (buf.size() < 3 && !eof) continue;
            if (buf.size() >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) pos = 3;
            started = true;
        }
        if (!have_plan) {
            const char* text = reinterpret_cast<const char*>(buf.data());
            header_scanner.reset(text + pos, text + buf.size(), eof);
            const auto r = header_scanner.next();
            if (r == RecordScanner::Next::NeedMore) continue;
            if (r == RecordScanner::Next::End) return make_error(ErrorKind::Format, "empty file (no header)", path, 1);
            if (r == RecordScanner::Next::OverLimit) return make_error(ErrorKind::Format, header_scanner.limit_message(), path, line);
            std::vector<std::string> header;
            for (auto f : header_scanner.fields()) header.emplace_back(trim(f));
            pos += header_scanner.pos();
            line += header_scanner.lines();
            auto st = make_plan(p, header, path, table, report, plan);
            if (!st) return st;
            resolve_columns(plan, table);
            have_plan = true;
        }
        while (pos < buf.size()) {
            const size_t avail = buf.size() - pos;
            const size_t w = eof ? std::min(avail, window) : avail;
            const bool w_eof = eof && w == avail;
            std::optional<Error> limit_error;
            const size_t used = process_window(plan, buf.data() + pos, w, w_eof, line, table, report, state, opts, limit_error);
            if (limit_error) return *limit_error;
            pos += used;
            if (used == 0) {
                if (!eof || w_eof) break;
                window *= 2;   // a record longer than the window
                continue;
            }
            if (!eof) break;
        }
        if (eof) break;
        buf.erase(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(pos));   // the unfinished record stays
        pos = 0;
    }
    for (auto& c : table.categories)
        if (c.codes.size() < table.size()) {
            const uint32_t blank = c.intern("");
            c.codes.resize(table.size(), blank);
        }
    for (auto& n : table.numerics)
        if (n.values.size() < table.size()) n.values.resize(table.size(), NAN);
    return Ok{};
}

std::string too_many_rows_message(size_t max_rows) {
    return "more than " + std::to_string(max_rows) +
           " incidents, the most the app holds (crimescope-cli ingest reports on a file of any size; split the file by date)";
}

Result<IngestResult> ingest_file(const std::string& path, const std::vector<Profile>& profiles,
                                 const Profile* profile, const Locator& locate, const IngestOptions& opts) {
    return ingest_files({path}, profiles, profile, locate, opts);
}

Result<IngestResult> ingest_files(const std::vector<std::string>& paths, const std::vector<Profile>& profiles,
                                  const Profile* profile, const Locator& locate, const IngestOptions& opts) {
    if (paths.empty()) return make_error(ErrorKind::Invalid, "no input files");
    const std::string& path = paths.front();
    if (!profile) {   // the header split with its own delimiter (a saved reading of a ";" file names its columns)
        auto sample = read_file_sample(path, 0);
        if (!sample) return sample.error();
        profile = detect_profile(profiles, sample->header);
        if (profile && profile->delimiter != sample->delimiter) profile = nullptr;   // its columns, not its format: inferred
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
    IngestState state;
    state.locate = locate;
    out.profile_id = profile->id;
    auto widen = [&](int32_t first, int32_t last) {
        if (last < first) return;
        if (out.last_day < out.first_day) out.first_day = first, out.last_day = last;
        out.first_day = std::min(out.first_day, first);
        out.last_day = std::max(out.last_day, last);
    };
    for (const auto& f : paths) {
        IngestReport rep;
        auto st = ingest_csv_file(f, *profile, out.table, rep, state, opts);
        if (!st) return st.error();
        if (opts.keep_rows && opts.max_rows_kept && out.table.size() > opts.max_rows_kept)   // a geocoded file (serial)
            return make_error(ErrorKind::Invalid, too_many_rows_message(opts.max_rows_kept), f);
        out.file_reports.push_back(std::move(rep));
        if (!opts.keep_rows && !out.table.day.empty()) {   // a geocoded file went through ingest_csv: drop its rows
            widen(*std::min_element(out.table.day.begin(), out.table.day.end()),
                  *std::max_element(out.table.day.begin(), out.table.day.end()));
            IncidentTable empty;
            std::swap(out.table, empty);
        }
    }
    widen(state.first_day, state.last_day);
    out.report = out.file_reports.front();
    for (size_t i = 1; i < out.file_reports.size(); ++i) {
        out.report.merge(out.file_reports[i]);
        out.report.file += " + " + out.file_reports[i].file;
    }
    out.geocoded = profile->coords.kind == CoordSpec::Kind::Address;
    out.geocode = state.counts;
    if (!out.table.day.empty())
        widen(*std::min_element(out.table.day.begin(), out.table.day.end()),
              *std::max_element(out.table.day.begin(), out.table.day.end()));
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
