// fuzz_pack_sections.cpp: one section of a valid pack replaced by the input, the checksums made right again,
// then data::decode_pack, so that mutations reach past the checksums into the section decoders: the meta
// JSON, the columns, dictionaries, boundaries and the base-map layers "l<i>" / "l<i>.names" (issue #13).
// The first byte picks the section. A pack that decodes is handed to what reads it next: the geocoder
// (addresses, boundary and layer names, the gazetteer extra) and the stored score scale.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/file_io.hpp"
#include "data/pack.hpp"
#include "geocode/geocoder.hpp"
#include "score/radius_score.hpp"

using namespace crimescope;

namespace {

struct Section { std::string name; std::vector<uint8_t> bytes; };

data::CityData small_city() {
    data::CityData c;
    c.id = "fuzz";
    c.display_name = "Fuzz City";
    c.colour_by = "type";
    auto& t = c.incidents;
    // 80 rows on 4 places with a case number each: the writer's location group (g.*) and the back-reference
    // codec of an identifier column (pack version 3) are in the sections too.
    data::CategoryColumn type, address, case_no;
    type.role = "type";
    address.role = "address";
    case_no.role = "case_number";
    const char* types[] = {"robbery", "burglary", "robbery", "assault"};
    const char* addresses[] = {"5000 N MORNINGSIDE DR", "5050 N MORNINGSIDE DR", "100 W MAIN ST", "N ASHLAND AVE & W DIVISION ST"};
    data::NumericColumn age;
    age.role = "victim_age";
    for (int i = 0; i < 80; ++i) {
        const int k = i % 4;
        t.day.push_back(18000 + i);
        t.minute_of_day.push_back(static_cast<int16_t>(k * 100));
        t.lat_deg.push_back(41.88f + 0.01f * static_cast<float>(k));
        t.lon_deg.push_back(-87.63f - 0.01f * static_cast<float>(k));
        type.codes.push_back(type.intern(types[k]));
        address.codes.push_back(address.intern(addresses[k]));
        case_no.codes.push_back(case_no.intern("JA" + std::to_string(100000 + i)));
        age.values.push_back(20.0f + static_cast<float>(i % 7));
    }
    t.categories = {type, address, case_no};
    t.numerics = {age};
    data::BoundaryLayer b;
    b.name = "districts";
    data::BoundaryPolygon poly;
    poly.name = "north";
    poly.rings = {{{41.8, -87.7}, {41.8, -87.5}, {42.0, -87.5}, {42.0, -87.7}}};
    b.polygons.push_back(poly);
    c.boundaries.push_back(b);
    data::BaseLayer streets;
    streets.name = "streets";
    streets.kind = "streets";
    streets.names = {"", "N Morningside Dr", "W Main St"};
    streets.features = {{1, 0, 0, 3}, {2, 1, 3, 2}};
    streets.lat_deg = {41.88f, 41.89f, 41.90f, 41.88f, 41.88f};
    streets.lon_deg = {-87.63f, -87.63f, -87.63f, -87.64f, -87.62f};
    data::BaseLayer places;
    places.name = "schools";
    places.kind = "places";
    places.names = {"", "Lincoln School"};
    places.features = {{1, 1, 0, 1}};
    places.lat_deg = {41.885f};
    places.lon_deg = {-87.635f};
    c.base_layers = {streets, places};
    c.extras["gazetteer"] = "area\tLoop\t41.88\t-87.63\t1000\nplace\tUnion Station\t41.879\t-87.640\t10\n";
    c.extras["monthly_counts"] = "robbery\tcount\t2019-04\t2\n";
    return c;
}

// The sections of an encoded pack, in table order.
std::vector<Section> split(const std::vector<uint8_t>& pack) {
    auto u32 = [&](size_t at) { uint32_t v; std::memcpy(&v, &pack[at], 4); return v; };
    auto u64 = [&](size_t at) { uint64_t v; std::memcpy(&v, &pack[at], 8); return v; };
    std::vector<Section> out;
    const uint32_t n = u32(12);
    for (uint32_t i = 0; i < n; ++i) {
        const size_t e = 32 + 48 * static_cast<size_t>(i);
        Section s;
        s.name.assign(reinterpret_cast<const char*>(&pack[e]), strnlen(reinterpret_cast<const char*>(&pack[e]), 24));
        const uint64_t off = u64(e + 24), size = u64(e + 32);
        s.bytes.assign(pack.begin() + static_cast<long>(off), pack.begin() + static_cast<long>(off + size));
        out.push_back(std::move(s));
    }
    return out;
}

template <class T> void put(std::vector<uint8_t>& out, T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
}

// The pack writer's layout (pack.cpp encode_pack), with correct checksums.
std::vector<uint8_t> join(const std::vector<Section>& sections) {
    size_t offset = 32 + 48 * sections.size();
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
    std::vector<uint8_t> out = {'C', 'S', 'C', 'O', 'P', 'E', 'P', 'K'};
    put<uint32_t>(out, data::kPackVersion);
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

const std::vector<Section>& base_sections() {
    static const std::vector<Section> s = [] {
        const auto pack = data::encode_pack(small_city());
        if (!data::decode_pack(pack.data(), pack.size(), "base.cspack").ok()) std::abort();
        auto parts = split(pack);
        if (!data::decode_pack(join(parts).data(), pack.size(), "base.cspack").ok()) std::abort();
        // The version 3 parts are there to be mutated: the location group and an identifier column's codes.
        if (std::none_of(parts.begin(), parts.end(), [](const Section& x) { return x.name == "g.codes"; })) std::abort();
        return parts;
    }();
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    auto sections = base_sections();
    auto& target = sections[data[0] % sections.size()];
    target.bytes.assign(data + 1, data + size);
    const auto pack = join(sections);
    auto city = data::decode_pack(pack.data(), pack.size(), "fuzz.cspack");
    if (!city) {
        (void)city.error().to_string();
        return 0;
    }
    auto g = geocode::city_geocoder(city.value());
    if (g) {
        (void)g->search("morningside");
        (void)g->search("5020 n morningside dr");
    }
    auto it = city->extras.find("score_scale");
    if (it != city->extras.end()) (void)score::scale_from_json(it->second);
    return 0;
}
