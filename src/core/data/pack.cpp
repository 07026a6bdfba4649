#include "data/pack.hpp"
#include "data/ingest.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "base/json_int.hpp"

namespace crimescope::data {

using nlohmann::json;

namespace {

constexpr char kMagic[8] = {'C', 'S', 'C', 'O', 'P', 'E', 'P', 'K'};
constexpr size_t kHeaderSize = 32;
constexpr size_t kEntrySize = 48;

struct Section {
    std::string name;
    std::vector<uint8_t> bytes;
};

template <class T>
void put(std::vector<uint8_t>& out, T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
}

template <class T>
std::vector<uint8_t> raw(const std::vector<T>& v) {
    std::vector<uint8_t> out(v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());
    return out;
}

std::vector<uint8_t> encode_layer(const BoundaryLayer& layer) {
    std::vector<uint8_t> out;
    put<uint32_t>(out, static_cast<uint32_t>(layer.polygons.size()));
    for (const auto& p : layer.polygons) {
        put<uint32_t>(out, static_cast<uint32_t>(p.rings.size()));
        for (const auto& r : p.rings) put<uint32_t>(out, static_cast<uint32_t>(r.size()));
    }
    for (const auto& p : layer.polygons)
        for (const auto& r : p.rings)
            for (const auto& pt : r) {
                put<float>(out, static_cast<float>(pt.lon_deg));
                put<float>(out, static_cast<float>(pt.lat_deg));
            }
    return out;
}

// Base-map layer "l<i>": u32 features, u32 points, per feature {u32 name, u32 count}, u8 rank per feature
// (zero-padded to 4 bytes), then i32 longitudes and i32 latitudes in 1e-6 degrees (about 0.1 m), each
// feature's first point absolute and the rest as deltas from the previous point (gzip packs deltas well).
// Names go in "l<i>.names" (NUL-terminated, names[0] = "").
constexpr double kLayerUnitsPerDeg = 1e6;

int32_t quantise(float deg) { return static_cast<int32_t>(std::lround(static_cast<double>(deg) * kLayerUnitsPerDeg)); }

std::vector<uint8_t> encode_base_layer(const BaseLayer& layer) {
    std::vector<uint8_t> out;
    put<uint32_t>(out, static_cast<uint32_t>(layer.features.size()));
    size_t points = 0;
    for (const auto& f : layer.features) points += f.count;
    put<uint32_t>(out, static_cast<uint32_t>(points));
    for (const auto& f : layer.features) {
        put<uint32_t>(out, f.name);
        put<uint32_t>(out, f.count);
    }
    for (const auto& f : layer.features) out.push_back(f.rank);
    while (out.size() % 4) out.push_back(0);
    for (const auto* coord : {&layer.lon_deg, &layer.lat_deg})
        for (const auto& f : layer.features) {
            int32_t prev = 0;
            for (uint32_t k = 0; k < f.count; ++k) {
                const int32_t q = quantise((*coord)[f.first + k]);
                put<int32_t>(out, k == 0 ? q : q - prev);
                prev = q;
            }
        }
    return out;
}

std::vector<uint8_t> encode_names(const std::vector<std::string>& names) {
    std::vector<uint8_t> out;
    for (const auto& s : names) {
        out.insert(out.end(), s.begin(), s.end());
        out.push_back(0);
    }
    return out;
}

// Version 3 stores every fixed-width array byte-planar: all first bytes, then all second bytes, ... (as
// Blosc's shuffle does), so gzip sees the near-constant high bytes of floats and codes as long runs.
std::vector<uint8_t> planar(const uint8_t* p, size_t count, size_t width) {
    std::vector<uint8_t> out(count * width);
    for (size_t b = 0; b < width; ++b) {
        uint8_t* o = out.data() + b * count;
        for (size_t i = 0; i < count; ++i) o[i] = p[i * width + b];
    }
    return out;
}
void unplanar(const uint8_t* p, size_t count, size_t width, uint8_t* out) {
    for (size_t b = 0; b < width; ++b) {
        const uint8_t* s = p + b * count;
        for (size_t i = 0; i < count; ++i) out[i * width + b] = s[i];
    }
}
template <class T>
std::vector<uint8_t> planar(const std::vector<T>& v) {
    return planar(reinterpret_cast<const uint8_t*>(v.data()), v.size(), sizeof(T));
}
int code_width(size_t dict_size) { return dict_size <= 0x100 ? 1 : dict_size <= 0x10000 ? 2 : 4; }
std::vector<uint8_t> narrow(const std::vector<uint32_t>& v, int width) {
    std::vector<uint8_t> out(v.size() * static_cast<size_t>(width));
    for (size_t i = 0; i < v.size(); ++i) std::memcpy(&out[i * static_cast<size_t>(width)], &v[i], static_cast<size_t>(width));
    return out;
}

// Codec "refs" (version 3) for a column whose codes are in first-use order: 0 = the next new value, k > 0 =
// the value `k` codes before the next new one. A case number per row becomes a column of zeros.
bool in_first_use_order(const std::vector<uint32_t>& codes) {
    uint32_t next = 0;
    for (uint32_t c : codes) {
        if (c > next) return false;
        if (c == next) ++next;
    }
    return true;
}
std::vector<uint32_t> to_refs(const std::vector<uint32_t>& codes) {
    std::vector<uint32_t> out(codes.size());
    uint32_t next = 0;
    for (size_t i = 0; i < codes.size(); ++i) {
        out[i] = codes[i] == next ? 0 : next - codes[i];
        if (codes[i] == next) ++next;
    }
    return out;
}

// u64 -> dense id, open addressing (the pack writer's tuple counting over a million rows).
class DenseIds {
public:
    explicit DenseIds(size_t expected) {
        size_t cap = 16;
        while (cap < expected * 2) cap *= 2;
        m_keys.assign(cap, 0);
        m_vals.assign(cap, UINT32_MAX);
    }
    uint32_t id(uint64_t key) {
        const size_t mask = m_keys.size() - 1;
        for (size_t i = static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;; i = (i + 1) & mask) {
            if (m_vals[i] == UINT32_MAX) {
                m_keys[i] = key;
                m_vals[i] = m_count;
                return m_count++;
            }
            if (m_keys[i] == key) return m_vals[i];
        }
    }
    uint32_t size() const { return m_count; }

private:
    std::vector<uint64_t> m_keys;
    std::vector<uint32_t> m_vals;
    uint32_t m_count = 0;
};

uint32_t float_bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

// The location group (version 3): rows that share a place share its coordinates and the columns that follow
// from the place (block address, beat, district, community area). The pack stores each distinct tuple once
// ("g.lat", "g.lon", "g.c<i>") and a tuple code per row ("g.codes"). A column joins when it adds under 5%
// more tuples; no group when the places are not repeated (over half as many places as rows).
struct LocationGroup {
    std::vector<size_t> members;       // category column indices
    std::vector<uint32_t> row_tuple;   // per row
    std::vector<uint32_t> tuple_row;   // a row holding each tuple (tuples in sorted order)
};
bool choose_group(const IncidentTable& t, LocationGroup& g) {
    const size_t n = t.size();
    if (n < 64) return false;
    std::vector<uint32_t> gid(n);
    uint32_t count;
    {
        DenseIds ids(n);
        for (size_t r = 0; r < n; ++r) gid[r] = ids.id(uint64_t{float_bits(t.lat_deg[r])} << 32 | float_bits(t.lon_deg[r]));
        count = ids.size();
    }
    if (uint64_t{count} * 2 > n) return false;
    std::vector<uint32_t> next(n);
    for (size_t c = 0; c < t.categories.size(); ++c) {
        const CategoryColumn& col = t.categories[c];
        if (col.codes.size() != n || is_identifier_like(col)) continue;
        DenseIds ids(count + count / 8);
        for (size_t r = 0; r < n; ++r) {
            next[r] = ids.id(uint64_t{gid[r]} << 32 | col.codes[r]);
            if (ids.size() > count + count / 20) break;
        }
        if (ids.size() > count + count / 20) continue;
        gid.swap(next);
        count = ids.size();
        g.members.push_back(c);
    }
    std::vector<uint32_t> rep(count, UINT32_MAX);
    for (size_t r = 0; r < n; ++r)
        if (rep[gid[r]] == UINT32_MAX) rep[gid[r]] = static_cast<uint32_t>(r);
    auto key_less = [&](uint32_t a, uint32_t b) {   // tuples by (lat bits, lon bits, member codes): deterministic
        const uint32_t la = float_bits(t.lat_deg[a]), lb = float_bits(t.lat_deg[b]);
        if (la != lb) return la < lb;
        const uint32_t oa = float_bits(t.lon_deg[a]), ob = float_bits(t.lon_deg[b]);
        if (oa != ob) return oa < ob;
        for (size_t c : g.members)
            if (t.categories[c].codes[a] != t.categories[c].codes[b]) return t.categories[c].codes[a] < t.categories[c].codes[b];
        return false;
    };
    std::vector<uint32_t> order(count);
    for (uint32_t k = 0; k < count; ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key_less(rep[a], rep[b]); });
    std::vector<uint32_t> rank(count);
    g.tuple_row.resize(count);
    for (uint32_t k = 0; k < count; ++k) {
        rank[order[k]] = k;
        g.tuple_row[k] = rep[order[k]];
    }
    g.row_tuple.resize(n);
    for (size_t r = 0; r < n; ++r) g.row_tuple[r] = rank[gid[r]];
    return true;
}

struct Cursor {
    const uint8_t* p;
    size_t n, at = 0;
    bool ok = true;
    template <class T>
    T get() {
        T v{};
        if (at + sizeof(T) > n) { ok = false; return v; }
        std::memcpy(&v, p + at, sizeof(T));
        at += sizeof(T);
        return v;
    }
};

}  // namespace

std::vector<uint8_t> encode_pack(const CityData& city, uint32_t version) {
    const bool v3 = version >= 3;
    const IncidentTable& t = city.incidents;
    std::vector<Section> sections;
    json meta;
    meta["id"] = city.id;
    meta["display_name"] = city.display_name;
    meta["attribution"] = city.attribution;
    meta["disclaimer"] = city.disclaimer;
    meta["colour_by"] = city.colour_by;
    meta["profile_id"] = city.profile_id;
    meta["source_files"] = city.source_files;
    meta["rows"] = t.size();
    LocationGroup group;
    const bool grouped = v3 && choose_group(t, group);
    std::vector<bool> in_group(t.categories.size(), false);
    for (size_t c : group.members) in_group[c] = true;
    json cats = json::array();
    for (size_t i = 0; i < t.categories.size(); ++i) {
        const CategoryColumn& col = t.categories[i];
        int width = code_width(col.dict.size());
        std::string codec = "plain";
        if (in_group[i]) codec = "group";
        else if (v3 && is_identifier_like(col) && in_first_use_order(col.codes)) codec = "refs";
        json entry = {{"role", col.role}, {"source_column", col.source_column}, {"width", width}, {"dict_size", col.dict.size()}};
        if (v3) entry["codec"] = codec;
        cats.push_back(entry);
        if (codec == "plain") {
            auto codes = narrow(col.codes, width);
            sections.push_back({"c" + std::to_string(i) + ".codes", v3 ? planar(codes.data(), col.codes.size(), static_cast<size_t>(width)) : std::move(codes)});
        } else if (codec == "refs") {
            auto codes = narrow(to_refs(col.codes), width);
            sections.push_back({"c" + std::to_string(i) + ".codes", planar(codes.data(), col.codes.size(), static_cast<size_t>(width))});
        }
        std::vector<uint8_t> dict;
        for (const auto& s : col.dict) {
            dict.insert(dict.end(), s.begin(), s.end());
            dict.push_back(0);
        }
        sections.push_back({"c" + std::to_string(i) + ".dict", std::move(dict)});
    }
    if (grouped) {
        const size_t L = group.tuple_row.size();
        std::vector<float> lat(L), lon(L);
        for (size_t k = 0; k < L; ++k) {
            lat[k] = t.lat_deg[group.tuple_row[k]];
            lon[k] = t.lon_deg[group.tuple_row[k]];
        }
        sections.push_back({"g.codes", planar(group.row_tuple)});
        sections.push_back({"g.lat", planar(lat)});
        sections.push_back({"g.lon", planar(lon)});
        for (size_t c : group.members) {
            const CategoryColumn& col = t.categories[c];
            const int width = code_width(col.dict.size());
            std::vector<uint32_t> codes(L);
            for (size_t k = 0; k < L; ++k) codes[k] = col.codes[group.tuple_row[k]];
            auto bytes = narrow(codes, width);
            sections.push_back({"g.c" + std::to_string(c), planar(bytes.data(), L, static_cast<size_t>(width))});
        }
        meta["group"] = {{"size", L}, {"columns", group.members}};
    }
    meta["categories"] = cats;
    json nums = json::array();
    for (size_t i = 0; i < t.numerics.size(); ++i) {
        nums.push_back({{"role", t.numerics[i].role}, {"source_column", t.numerics[i].source_column}});
        sections.push_back({"n" + std::to_string(i), v3 ? planar(t.numerics[i].values) : raw(t.numerics[i].values)});
    }
    meta["numerics"] = nums;
    json layers = json::array();
    for (size_t i = 0; i < city.boundaries.size(); ++i) {
        json names = json::array();
        for (const auto& p : city.boundaries[i].polygons) names.push_back(p.name);
        layers.push_back({{"name", city.boundaries[i].name}, {"source", city.boundaries[i].source}, {"polygons", names}});
        sections.push_back({"b" + std::to_string(i), encode_layer(city.boundaries[i])});
    }
    meta["boundaries"] = layers;
    json base = json::array();
    for (size_t i = 0; i < city.base_layers.size(); ++i) {
        const BaseLayer& l = city.base_layers[i];
        base.push_back({{"name", l.name}, {"kind", l.kind}, {"source", l.source}, {"attribution", l.attribution},
                        {"features", l.features.size()}, {"named", l.named_count()}, {"points", l.lat_deg.size()},
                        {"names", l.names.size()}});
        sections.push_back({"l" + std::to_string(i), encode_base_layer(l)});
        sections.push_back({"l" + std::to_string(i) + ".names", encode_names(l.names)});
    }
    meta["layers"] = base;
    json extras = json::object();
    for (const auto& [k, v] : city.extras) extras[k] = v;
    meta["extras"] = extras;
    std::string meta_text = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);   // names from user files may be invalid UTF-8
    std::vector<Section> core{{"meta", std::vector<uint8_t>(meta_text.begin(), meta_text.end())},
                              {"day", v3 ? planar(t.day) : raw(t.day)},
                              {"minute", v3 ? planar(t.minute_of_day) : raw(t.minute_of_day)}};
    if (!grouped) {
        core.push_back({"lat", v3 ? planar(t.lat_deg) : raw(t.lat_deg)});
        core.push_back({"lon", v3 ? planar(t.lon_deg) : raw(t.lon_deg)});
    }
    sections.insert(sections.begin(), std::make_move_iterator(core.begin()), std::make_move_iterator(core.end()));

    // Layout.
    size_t offset = kHeaderSize + kEntrySize * sections.size();
    std::vector<uint8_t> table;
    std::vector<size_t> offsets;
    for (const auto& s : sections) {
        offset = (offset + 7) & ~size_t(7);
        offsets.push_back(offset);
        char name[24] = {};
        std::memcpy(name, s.name.data(), std::min<size_t>(s.name.size(), 23));
        table.insert(table.end(), name, name + 24);
        put<uint64_t>(table, offset);
        put<uint64_t>(table, s.bytes.size());
        put<uint32_t>(table, crc32_of(s.bytes.data(), s.bytes.size()));
        put<uint32_t>(table, 0);
        offset += s.bytes.size();
    }
    std::vector<uint8_t> out;
    out.insert(out.end(), kMagic, kMagic + 8);
    put<uint32_t>(out, version);
    put<uint32_t>(out, static_cast<uint32_t>(sections.size()));
    put<uint64_t>(out, offset);
    put<uint32_t>(out, crc32_of(table.data(), table.size()));
    put<uint32_t>(out, crc32_of(out.data(), 28));
    out.insert(out.end(), table.begin(), table.end());
    out.resize(offset, 0);
    for (size_t i = 0; i < sections.size(); ++i)
        if (!sections[i].bytes.empty()) std::memcpy(&out[offsets[i]], sections[i].bytes.data(), sections[i].bytes.size());
    return out;
}

namespace {

struct Span { std::string name; const uint8_t* p; size_t n; };

// Every count is checked against the section's size before anything is allocated or read.
template <class Corrupt>
Result<BaseLayer> decode_base_layer(const json& m, const Span* le, const Span* ne, const Corrupt& corrupt) {
    BaseLayer layer;
    layer.name = m.at("name").get<std::string>();
    layer.kind = m.value("kind", "streets");
    layer.source = m.value("source", "");
    layer.attribution = m.value("attribution", "");
    const std::string what = "layer '" + layer.name + "'";
    if (!le || !ne) return corrupt(what + " is missing its section");
    Cursor c{le->p, le->n};
    const uint32_t nf = c.get<uint32_t>(), np = c.get<uint32_t>();
    if (!c.ok) return corrupt(what + " is too short");
    const uint64_t expect = 8 + 8ull * nf + ((uint64_t(nf) + 3) & ~uint64_t(3)) + 8ull * np;
    if (expect != le->n)
        return corrupt(what + " has the wrong size (" + std::to_string(le->n) + " bytes for " + std::to_string(nf) +
                       " features and " + std::to_string(np) + " points)");
    if (m.value("features", uint64_t(nf)) != nf) return corrupt(what + ": feature count differs from 'meta'");
    layer.names.clear();
    const char* s = reinterpret_cast<const char*>(ne->p);
    size_t start = 0;
    for (size_t k = 0; k < ne->n; ++k)
        if (s[k] == 0) { layer.names.emplace_back(s + start, k - start); start = k + 1; }
    if (start != ne->n || layer.names.empty() || !layer.names[0].empty()) return corrupt(what + ": names section is malformed");
    layer.features.resize(nf);
    uint64_t total = 0;
    for (auto& f : layer.features) {
        f.name = c.get<uint32_t>();
        f.count = c.get<uint32_t>();
        if (f.name >= layer.names.size()) return corrupt(what + ": a feature's name is out of range");
        if (f.count == 0) return corrupt(what + ": a feature has no points");
        f.first = static_cast<uint32_t>(total);
        total += f.count;
        if (total > np) return corrupt(what + ": features have more points than the layer");
    }
    if (total != np) return corrupt(what + ": features have fewer points than the layer");
    for (auto& f : layer.features) f.rank = c.get<uint8_t>();
    c.at = (c.at + 3) & ~size_t(3);
    layer.lon_deg.resize(np);
    layer.lat_deg.resize(np);
    for (auto* coord : {&layer.lon_deg, &layer.lat_deg}) {
        const int64_t limit = static_cast<int64_t>((coord == &layer.lon_deg ? 180 : 90) * kLayerUnitsPerDeg);
        for (const auto& f : layer.features) {
            int64_t q = 0;
            for (uint32_t k = 0; k < f.count; ++k) {
                const int32_t v = c.get<int32_t>();
                q = k == 0 ? v : q + v;
                if (q < -limit || q > limit) return corrupt(what + ": a coordinate is out of range");
                (*coord)[f.first + k] = static_cast<float>(static_cast<double>(q) / kLayerUnitsPerDeg);
            }
        }
    }
    if (!c.ok || c.at != le->n) return corrupt(what + " has the wrong size");
    return layer;
}

}  // namespace

Result<CityData> decode_pack(const uint8_t* data, size_t size, const std::string& name, size_t max_rows) {
    auto corrupt = [&](const std::string& msg) { return make_error(ErrorKind::Corrupt, msg, name); };
    if (size < kHeaderSize) return corrupt("too short to be a crimescope pack (" + std::to_string(size) + " bytes)");
    if (std::memcmp(data, kMagic, 8) != 0) return make_error(ErrorKind::Format, "not a crimescope pack (bad magic)", name);
    Cursor h{data, size};
    h.at = 8;
    uint32_t version = h.get<uint32_t>();
    uint32_t count = h.get<uint32_t>();
    uint64_t payload = h.get<uint64_t>();
    uint32_t table_crc = h.get<uint32_t>();
    uint32_t header_crc = h.get<uint32_t>();
    if (crc32_of(data, 28) != header_crc) return corrupt("header checksum mismatch");
    if (version < 1 || version > kPackVersion)   // 1: without base-map layers; 2: arrays as they are; 3: byte-planar, codecs
        return make_error(ErrorKind::Version, "pack version " + std::to_string(version) + ", this build reads version " +
                                                  std::to_string(kPackVersion) + " (rebuild it with `crimescope-cli pack`)", name);
    if (payload != size) return corrupt("truncated: header says " + std::to_string(payload) + " bytes, file has " + std::to_string(size));
    if (kHeaderSize + kEntrySize * static_cast<uint64_t>(count) > size) return corrupt("section table runs past the end");
    if (crc32_of(data + kHeaderSize, kEntrySize * count) != table_crc) return corrupt("section table checksum mismatch");

    using Entry = Span;
    std::vector<Entry> entries;
    for (uint32_t i = 0; i < count; ++i) {
        Cursor c{data, size};
        c.at = kHeaderSize + kEntrySize * i;
        char nm[25] = {};
        std::memcpy(nm, data + c.at, 24);
        c.at += 24;
        uint64_t off = c.get<uint64_t>(), n = c.get<uint64_t>();
        uint32_t crc = c.get<uint32_t>();
        if (off > size || n > size - off) return corrupt(std::string("section '") + nm + "' runs past the end");
        if (crc32_of(data + off, n) != crc) return corrupt(std::string("checksum mismatch in section '") + nm + "'");
        entries.push_back({nm, data + off, static_cast<size_t>(n)});
    }
    auto find = [&](const std::string& s) -> const Entry* {
        for (const auto& e : entries)
            if (e.name == s) return &e;
        return nullptr;
    };
    const Entry* meta_e = find("meta");
    if (!meta_e) return corrupt("no 'meta' section");
    json meta = json::parse(meta_e->p, meta_e->p + meta_e->n, nullptr, false);
    if (meta.is_discarded() || !meta.is_object()) return corrupt("'meta' section is not JSON");
    try {
        CityData city;
        city.id = meta.value("id", "");
        city.display_name = meta.value("display_name", city.id);
        city.attribution = meta.value("attribution", "");
        city.disclaimer = meta.value("disclaimer", "");
        city.colour_by = meta.value("colour_by", "type");
        city.profile_id = meta.value("profile_id", "");
        city.source_files = meta.value("source_files", std::vector<std::string>{});
        if (meta.contains("extras"))
            for (auto it = meta["extras"].begin(); it != meta["extras"].end(); ++it) city.extras[it.key()] = it.value().get<std::string>();
        const size_t rows = static_cast<size_t>(json_int(meta.at("rows"), "meta.rows", 0, static_cast<long long>(std::numeric_limits<int64_t>::max())));
        if (rows > size) return corrupt("'meta' says " + std::to_string(rows) + " rows, more than the file's bytes");
        if (max_rows && rows > max_rows)
            return make_error(ErrorKind::Invalid, "a pack of " + std::to_string(rows) + " incidents: " + too_many_rows_message(max_rows), name);
        IncidentTable& t = city.incidents;
        const bool v3 = version >= 3;
        // A fixed-width array of `elems` elements: byte-planar in version 3, as is before.
        auto array = [&](const Entry* e, size_t elems, size_t elem, uint8_t* out) -> bool {
            if (!e || e->n / elem != elems || e->n % elem != 0) return false;
            if (elems == 0) return true;
            if (v3) unplanar(e->p, elems, elem, out);
            else std::memcpy(out, e->p, e->n);
            return true;
        };
        auto column = [&](const char* nm, auto& vec, size_t elem) -> bool {
            const Entry* e = find(nm);
            if (!e || e->n != rows * elem) return false;
            vec.resize(rows);
            return array(e, rows, elem, reinterpret_cast<uint8_t*>(vec.data()));
        };
        auto read_codes = [&](const Entry* e, size_t elems, int width, std::vector<uint32_t>& out) -> bool {
            if (!e || e->n != elems * static_cast<size_t>(width)) return false;
            std::vector<uint8_t> bytes(e->n);
            if (!array(e, elems, static_cast<size_t>(width), bytes.data())) return false;
            out.assign(elems, 0);
            for (size_t r = 0; r < elems; ++r) std::memcpy(&out[r], &bytes[r * static_cast<size_t>(width)], static_cast<size_t>(width));
            return true;
        };
        const json& cats = meta.at("categories");
        // The location group: tuple codes per row, the tuples' coordinates and member codes.
        std::vector<uint32_t> row_tuple;
        std::vector<float> g_lat, g_lon;
        std::vector<int64_t> member_of(cats.size(), -1);
        std::vector<size_t> members;
        size_t tuples = 0;
        const bool have_group = v3 && meta.contains("group");
        if (have_group) {
            const json& g = meta.at("group");
            tuples = static_cast<size_t>(json_int(g.at("size"), "meta.group.size", 0, static_cast<long long>(std::numeric_limits<int64_t>::max())));
            if (tuples > size) return corrupt("the location group is larger than the file");
            members = g.at("columns").get<std::vector<size_t>>();
            const Entry* ge = find("g.codes");
            const Entry* la = find("g.lat");
            const Entry* lo = find("g.lon");
            if (!la || !lo || la->n != tuples * 4 || lo->n != tuples * 4 || !read_codes(ge, rows, 4, row_tuple))
                return corrupt("the location group is missing or has the wrong size");
            for (uint32_t k : row_tuple)
                if (k >= tuples) return corrupt("a location group code is out of range");
            g_lat.resize(tuples);
            g_lon.resize(tuples);
            array(la, tuples, 4, reinterpret_cast<uint8_t*>(g_lat.data()));
            array(lo, tuples, 4, reinterpret_cast<uint8_t*>(g_lon.data()));
            for (size_t m = 0; m < members.size(); ++m) {
                if (members[m] >= cats.size() || member_of[members[m]] >= 0) return corrupt("the location group names a column twice or one that is not there");
                member_of[members[m]] = static_cast<int64_t>(m);
            }
        }
        if (!column("day", t.day, 4) || !column("minute", t.minute_of_day, 2))
            return corrupt("a core column (day/minute/lat/lon) is missing or has the wrong size");
        if (have_group) {
            t.lat_deg.resize(rows);
            t.lon_deg.resize(rows);
            for (size_t r = 0; r < rows; ++r) {
                t.lat_deg[r] = g_lat[row_tuple[r]];
                t.lon_deg[r] = g_lon[row_tuple[r]];
            }
        } else if (!column("lat", t.lat_deg, 4) || !column("lon", t.lon_deg, 4)) {
            return corrupt("a core column (day/minute/lat/lon) is missing or has the wrong size");
        }
        for (size_t i = 0; i < cats.size(); ++i) {
            CategoryColumn c;
            c.role = cats[i].at("role").get<std::string>();
            c.source_column = cats[i].value("source_column", "");
            const int width = static_cast<int>(json_int(cats[i].at("width"), "width"));
            const size_t dict_size = static_cast<size_t>(json_int(cats[i].at("dict_size"), "dict_size", 0, static_cast<long long>(std::numeric_limits<int64_t>::max())));
            const std::string codec = v3 ? cats[i].value("codec", "plain") : "plain";
            const Entry* de = find("c" + std::to_string(i) + ".dict");
            if (!de || (width != 1 && width != 2 && width != 4) || dict_size > de->n)
                return corrupt("category column '" + c.role + "' is missing or has the wrong size");
            const char* s = reinterpret_cast<const char*>(de->p);
            size_t start = 0;
            for (size_t k = 0; k < de->n; ++k)
                if (s[k] == 0) { c.dict.emplace_back(s + start, k - start); start = k + 1; }
            if (c.dict.size() != dict_size) return corrupt("dictionary of '" + c.role + "' has the wrong size");
            if ((codec == "group") != (member_of[i] >= 0)) return corrupt("category column '" + c.role + "': codec and location group disagree");
            if (codec == "group") {
                std::vector<uint32_t> tuple_codes;
                if (!read_codes(find("g.c" + std::to_string(i)), tuples, width, tuple_codes))
                    return corrupt("category column '" + c.role + "' is missing or has the wrong size");
                for (uint32_t v : tuple_codes)
                    if (v >= dict_size) return corrupt("code out of range in '" + c.role + "'");
                c.codes.resize(rows);
                for (size_t r = 0; r < rows; ++r) c.codes[r] = tuple_codes[row_tuple[r]];
            } else if (codec == "plain" || codec == "refs") {
                if (!read_codes(find("c" + std::to_string(i) + ".codes"), rows, width, c.codes))
                    return corrupt("category column '" + c.role + "' is missing or has the wrong size");
                if (codec == "refs") {
                    uint64_t next = 0;
                    for (auto& v : c.codes) {
                        if (v > next) return corrupt("a back-reference before the start in '" + c.role + "'");
                        v = v == 0 ? static_cast<uint32_t>(next++) : static_cast<uint32_t>(next - v);
                        if (v >= dict_size) return corrupt("code out of range in '" + c.role + "'");
                    }
                } else {
                    for (uint32_t v : c.codes)
                        if (v >= dict_size) return corrupt("code out of range in '" + c.role + "'");
                }
            } else {
                return corrupt("category column '" + c.role + "' has an unknown codec \"" + codec + "\"");
            }
            c.rebuild_lookup();
            t.categories.push_back(std::move(c));
        }
        const json& nums = meta.at("numerics");
        for (size_t i = 0; i < nums.size(); ++i) {
            NumericColumn n;
            n.role = nums[i].at("role").get<std::string>();
            n.source_column = nums[i].value("source_column", "");
            std::string nm = "n" + std::to_string(i);
            if (!column(nm.c_str(), n.values, 4)) return corrupt("numeric column '" + n.role + "' has the wrong size");
            t.numerics.push_back(std::move(n));
        }
        const json& layers = meta.at("boundaries");
        for (size_t i = 0; i < layers.size(); ++i) {
            BoundaryLayer layer;
            layer.name = layers[i].at("name").get<std::string>();
            layer.source = layers[i].value("source", "");
            auto names = layers[i].at("polygons").get<std::vector<std::string>>();
            const Entry* be = find("b" + std::to_string(i));
            if (!be) return corrupt("boundary layer '" + layer.name + "' is missing");
            Cursor c{be->p, be->n};
            uint32_t npoly = c.get<uint32_t>();
            if (npoly != names.size()) return corrupt("boundary layer '" + layer.name + "' has the wrong polygon count");
            std::vector<std::vector<uint32_t>> ring_sizes(npoly);
            for (uint32_t k = 0; k < npoly && c.ok; ++k) {
                uint32_t nr = c.get<uint32_t>();
                if (nr > be->n) return corrupt("boundary layer '" + layer.name + "' is malformed");
                for (uint32_t r = 0; r < nr && c.ok; ++r) ring_sizes[k].push_back(c.get<uint32_t>());
            }
            for (uint32_t k = 0; k < npoly && c.ok; ++k) {
                BoundaryPolygon poly;
                poly.name = names[k];
                for (uint32_t rs : ring_sizes[k]) {
                    if (rs > be->n) return corrupt("boundary layer '" + layer.name + "' is malformed");
                    std::vector<geo::LatLon> ring(rs);
                    for (auto& pt : ring) {
                        pt.lon_deg = c.get<float>();
                        pt.lat_deg = c.get<float>();
                    }
                    poly.rings.push_back(std::move(ring));
                }
                layer.polygons.push_back(std::move(poly));
            }
            if (!c.ok || c.at != be->n) return corrupt("boundary layer '" + layer.name + "' has the wrong size");
            city.boundaries.push_back(std::move(layer));
        }
        if (version >= 2 && meta.contains("layers")) {
            const json& base = meta.at("layers");
            for (size_t i = 0; i < base.size(); ++i) {
                auto layer = decode_base_layer(base[i], find("l" + std::to_string(i)), find("l" + std::to_string(i) + ".names"), corrupt);
                if (!layer) return layer.error();
                city.base_layers.push_back(std::move(layer.value()));
            }
        }
        return city;
    } catch (const std::exception& e) {
        return corrupt(std::string("'meta' section is malformed: ") + e.what());
    }
}

size_t base_layer_bytes(const BaseLayer& layer) {
    return encode_base_layer(layer).size() + encode_names(layer.names).size();
}

Status write_pack(const std::string& path, const CityData& city, bool gzip_file) {
    auto bytes = encode_pack(city);
    if (gzip_file) bytes = gzip(bytes.data(), bytes.size(), 9);
    return write_file_atomic(path, bytes.data(), bytes.size());
}

Result<CityData> load_pack(const std::string& path, size_t max_rows) {
    auto bytes = read_file_maybe_gzip(path);
    if (!bytes) return bytes.error();
    return decode_pack(bytes->data(), bytes->size(), path, max_rows);
}

bool pack_value_is_path(const std::string& value) {
    auto ends = [&](const char* suf) {
        const size_t n = std::strlen(suf);
        return value.size() >= n && value.compare(value.size() - n, n, suf) == 0;
    };
    return value.find('/') != std::string::npos || value.find('\\') != std::string::npos || ends(".cspack") ||
           ends(".cspack.gz");
}

Result<std::string> resolve_pack_path(const std::string& value, const std::string& packs_dir) {
    if (pack_value_is_path(value)) return value;
    const std::string manifest = packs_dir + "/packs.json";
    auto bytes = read_file_bytes(manifest);
    if (!bytes) return bytes.error();
    auto j = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("packs") || !j["packs"].is_array())
        return make_error(ErrorKind::Format, "not a pack manifest (no \"packs\" list)", manifest);
    std::string ids;
    for (const auto& e : j["packs"]) {
        if (!e.is_object() || !e.contains("id") || !e["id"].is_string()) continue;
        const std::string id = e["id"].get<std::string>();
        if (id == value) {
            if (e.contains("file") && !e["file"].is_string())
                return make_error(ErrorKind::Format, "pack '" + id + "': \"file\" is not a string", manifest, 0, "file");
            return packs_dir + "/" + (e.contains("file") ? e["file"].get<std::string>() : id + ".cspack");
        }
        if (!id.empty()) ids += (ids.empty() ? "" : ", ") + id;
    }
    return make_error(ErrorKind::Invalid,
                      "no pack '" + value + "' in packs.json (ids: " + ids + "; a pack file is given by its path, e.g. ./" + value +
                          ".cspack)", "--pack");
}

Result<CityData> load_pack_by_id_or_path(const std::string& value, const std::string& packs_dir) {
    auto path = resolve_pack_path(value, packs_dir);
    if (!path) return path.error();
    return load_pack(path.value());
}

}  // namespace crimescope::data
