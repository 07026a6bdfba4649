// Tests for data/pack: round trip, corrupt and truncated packs, and the committed demo packs.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>

#include "base/file_io.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using namespace crimescope::data;

namespace {
CityData fixture_city() {
    auto profiles = load_profiles_dir(cs_test::source_dir() + "/assets/profiles");
    REQUIRE(profiles.ok());
    auto r = ingest_file(cs_test::fixture("incidents/lapd_bdsj_sample.csv"), profiles.value());
    REQUIRE(r.ok());
    CityData c;
    c.id = "test";
    c.display_name = "Ciudad de México — Álvaro Obregón (Ω)";
    c.attribution = "test attribution";
    c.colour_by = "family";
    c.incidents = std::move(r->table);
    BoundaryLayer layer;
    layer.name = "areas";
    layer.polygons.push_back({"Álvaro Obregón", {{{34.0, -118.3}, {34.0, -118.2}, {34.1, -118.2}, {34.0, -118.3}}}});
    c.boundaries.push_back(layer);
    return c;
}

// Two streets and a place, as a builder would make them (Manhattan coordinates).
BaseLayer fixture_streets() {
    BaseLayer l;
    l.name = "streets";
    l.kind = "streets";
    l.source = "manhattan_osm_drivable_ways.geojson.gz (licence: ODbL 1.0)";
    l.attribution = "© OpenStreetMap contributors";
    l.names = {"", "West 106th Street", "Broadway"};
    l.features = {{1, 0, 0, 3}, {0, 1, 3, 2}, {2, 0, 5, 4}};
    l.lat_deg = {40.7982075f, 40.7983244f, 40.798485f, 40.7855935f, 40.7850311f, 40.70f, 40.71f, 40.72f, 40.80f};
    l.lon_deg = {-73.9604245f, -73.960705f, -73.9610904f, -73.9820114f, -73.9806779f, -74.01f, -74.0f, -73.99f, -73.96f};
    return l;
}

// Rewrites one section's bytes in an uncompressed pack and fixes the checksums, so decoding reaches the
// section's own checks (as a pack written by a buggy or hostile tool would).
void patch_section(std::vector<uint8_t>& b, const std::string& name, const std::function<void(uint8_t*, size_t)>& edit,
                   int64_t new_size = -1) {
    uint32_t count;
    std::memcpy(&count, &b[12], 4);
    for (uint32_t i = 0; i < count; ++i) {
        uint8_t* e = &b[32 + 48 * i];
        if (std::string(reinterpret_cast<char*>(e)) != name) continue;
        uint64_t off, n;
        std::memcpy(&off, e + 24, 8);
        std::memcpy(&n, e + 32, 8);
        edit(&b[off], n);
        if (new_size >= 0) { n = static_cast<uint64_t>(new_size); std::memcpy(e + 32, &n, 8); }
        uint32_t crc = crc32_of(&b[off], n);
        std::memcpy(e + 40, &crc, 4);
    }
    uint32_t table = crc32_of(&b[32], 48 * count);
    std::memcpy(&b[24], &table, 4);
    uint32_t header = crc32_of(b.data(), 28);
    std::memcpy(&b[28], &header, 4);
}
}  // namespace

TEST_CASE("pack: round trip keeps every column, dictionary and boundary", "[pack]") {
    CityData c = fixture_city();
    auto bytes = encode_pack(c);
    auto d = decode_pack(bytes.data(), bytes.size(), "mem.cspack");
    REQUIRE(d.ok());
    const auto& a = c.incidents;
    const auto& b = d->incidents;
    CHECK(d->display_name == c.display_name);
    CHECK(b.day == a.day);
    CHECK(b.minute_of_day == a.minute_of_day);
    CHECK(b.lat_deg == a.lat_deg);
    CHECK(b.lon_deg == a.lon_deg);
    REQUIRE(b.categories.size() == a.categories.size());
    for (size_t i = 0; i < a.categories.size(); ++i) {
        CHECK(b.categories[i].role == a.categories[i].role);
        CHECK(b.categories[i].dict == a.categories[i].dict);
        CHECK(b.categories[i].codes == a.categories[i].codes);
    }
    REQUIRE(b.numerics.size() == 1);
    for (size_t r = 0; r < b.size(); ++r) {
        float x = a.numerics[0].values[r], y = b.numerics[0].values[r];
        CHECK(((std::isnan(x) && std::isnan(y)) || x == y));
    }
    REQUIRE(d->boundaries.size() == 1);
    CHECK(d->boundaries[0].polygons[0].name == "Álvaro Obregón");
    CHECK(d->boundaries[0].polygons[0].rings[0].size() == 4);
    // gzip file round trip, written atomically.
    std::string path = "/tmp/crimescope_test.cspack";
    REQUIRE(write_pack(path, c, true).ok());
    auto l = load_pack(path);
    REQUIRE(l.ok());
    CHECK(l->incidents.size() == a.size());
    std::remove(path.c_str());
}

TEST_CASE("pack: an empty table round-trips", "[pack]") {
    CityData c;
    c.id = "empty";
    auto bytes = encode_pack(c);
    auto d = decode_pack(bytes.data(), bytes.size(), "e.cspack");
    REQUIRE(d.ok());
    CHECK(d->incidents.size() == 0);
}

TEST_CASE("pack: corrupt, truncated and foreign files are rejected with a clear error", "[pack]") {
    auto bytes = encode_pack(fixture_city());
    SECTION("a flipped byte in a column") {
        auto b = bytes;
        b[b.size() - 100] ^= 0x5a;
        auto d = decode_pack(b.data(), b.size(), "flip.cspack");
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().kind == ErrorKind::Corrupt);
        CHECK(d.error().to_string().find("flip.cspack: checksum mismatch in section") == 0);
    }
    SECTION("truncated") {
        auto d = decode_pack(bytes.data(), bytes.size() - 7, "cut.cspack");
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().to_string().find("cut.cspack: truncated") == 0);
        auto tiny = decode_pack(bytes.data(), 10, "tiny.cspack");
        REQUIRE_FALSE(tiny.ok());
        CHECK(tiny.error().kind == ErrorKind::Corrupt);
    }
    SECTION("not a pack") {
        std::string csv = "date,lat,lon\n1/1/2010,29.7,-95.3\n";
        auto d = decode_pack(reinterpret_cast<const uint8_t*>(csv.data()), csv.size(), "x.csv");
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().message.find("bad magic") != std::string::npos);
    }
    SECTION("a damaged header") {
        auto b = bytes;
        b[9] ^= 1;   // version byte
        auto d = decode_pack(b.data(), b.size(), "v.cspack");
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().message == "header checksum mismatch");
    }
    SECTION("a truncated gzip pack file") {
        auto gz = gzip(bytes.data(), bytes.size());
        std::string path = "/tmp/crimescope_cut.cspack";
        REQUIRE(write_file_atomic(path, gz.data(), gz.size() / 2).ok());
        auto d = load_pack(path);
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().to_string().find(path + ": gzip data is truncated") == 0);
        std::remove(path.c_str());
    }
}

TEST_CASE("pack: the committed demo packs load, with their sources and sizes", "[pack][assets]") {
    std::string dir = cs_test::source_dir() + "/assets/packs/";
    auto manifest = read_file_bytes(dir + "packs.json");
    REQUIRE(manifest.ok());
    auto j = nlohmann::json::parse(manifest->begin(), manifest->end());
    size_t total_bytes = 0;
    const std::map<std::string, size_t> rows = {{"houston", 75162}, {"vancouver", 28880}, {"los_angeles", 24301},
                                                {"chicago", 263393}, {"chicago_assaults", 148636}, {"new_york", 24506},
                                                {"mexico_city", 2267}};
    for (const auto& e : j["packs"]) {
        std::string id = e["id"];
        INFO(id);
        auto raw = read_file_bytes(dir + e["file"].get<std::string>());
        REQUIRE(raw.ok());
        total_bytes += raw->size();
        auto c = load_pack(dir + e["file"].get<std::string>());
        REQUIRE(c.ok());
        CHECK(c->id == id);
        CHECK(c->incidents.size() == rows.at(id));
        CHECK_FALSE(c->attribution.empty());
        CHECK_FALSE(c->boundaries.empty());
        CHECK(c->incidents.category(c->colour_by) != nullptr);
        // Issue #13: every pack has a streets layer (major streets marked where the source allows) and caveats.
        REQUIRE(c->extras.count("caveats") == 1);
        auto caveats = nlohmann::json::parse(c->extras.at("caveats"));
        CHECK(caveats.is_array());
        CHECK(caveats.size() >= 2);
        REQUIRE(c->extras.count("caveats_es") == 1);   // the same sentences in Spanish
        CHECK(nlohmann::json::parse(c->extras.at("caveats_es")).size() == caveats.size());
        if (id == "chicago") {   // issue #15: five years of monthly counts by district, beat and community area
            auto meta = nlohmann::json::parse(c->extras.at("monthly_counts_meta"));
            CHECK(meta["units"].size() == 3);
            for (const auto& u : meta["units"]) CHECK(c->extras.count(u["key"].get<std::string>()) == 1);
            CHECK(c->extras.at("monthly_counts").find("\t2014-01\t") != std::string::npos);
            CHECK(c->extras.at("monthly_counts").find("\t2018-08\t") != std::string::npos);
        }
        REQUIRE_FALSE(c->base_layers.empty());
        CHECK(c->base_layers[0].name == "streets");
        size_t layer_bytes = 0;
        for (const auto& l : c->base_layers) {
            INFO(l.name);
            CHECK(l.features.size() > 0);
            CHECK_FALSE(l.source.empty());
            layer_bytes += base_layer_bytes(l);
            size_t major = 0;
            for (const auto& f : l.features) major += f.rank == 0;
            if (l.name == "streets" && id != "vancouver") CHECK(major > 0);         // Vancouver's file has no names or classes
            if (l.name == "streets") CHECK(major < l.features.size() * 6 / 10);   // city zoom is not every street
        }
        CHECK(layer_bytes < 1024 * 1024);   // before the file's gzip
    }
    CHECK(total_bytes < 12u * 1024 * 1024);   // all packs together under about 12 MB (Chicago's every-crime pack: 5.6 MB)
}

TEST_CASE("pack: base-map layers round-trip to about 0.1 m", "[pack]") {
    CityData c = fixture_city();
    c.base_layers.push_back(fixture_streets());
    BaseLayer places;
    places.name = "subway_stations";
    places.kind = "places";
    places.names = {"", "Van Cortlandt Park - 242 St"};
    places.features = {{1, 1, 0, 1}};
    places.lat_deg = {40.889248f};
    places.lon_deg = {-73.898583f};
    c.base_layers.push_back(places);
    auto bytes = encode_pack(c);
    auto d = decode_pack(bytes.data(), bytes.size(), "layers.cspack");
    REQUIRE(d.ok());
    REQUIRE(d->base_layers.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        const BaseLayer &a = c.base_layers[i], &b = d->base_layers[i];
        CHECK(b.name == a.name);
        CHECK(b.kind == a.kind);
        CHECK(b.source == a.source);
        CHECK(b.attribution == a.attribution);
        CHECK(b.names == a.names);
        REQUIRE(b.features.size() == a.features.size());
        for (size_t k = 0; k < a.features.size(); ++k) {
            CHECK(b.features[k].name == a.features[k].name);
            CHECK(b.features[k].rank == a.features[k].rank);
            CHECK(b.features[k].first == a.features[k].first);
            CHECK(b.features[k].count == a.features[k].count);
        }
        REQUIRE(b.lat_deg.size() == a.lat_deg.size());
        for (size_t k = 0; k < a.lat_deg.size(); ++k) {
            CHECK(std::fabs(b.lat_deg[k] - a.lat_deg[k]) < 1e-5);   // 1e-6 degree steps, then float
            CHECK(std::fabs(b.lon_deg[k] - a.lon_deg[k]) < 1e-5);
        }
    }
    CHECK(d->base_layers[0].named_count() == 2);
    CHECK(base_layer_bytes(c.base_layers[0]) == 8 + 3 * 8 + 4 + 9 * 8 + 1 + 18 + 9);
    // Encoding is deterministic (the bundled packs are rebuilt byte for byte).
    CHECK(encode_pack(c) == bytes);
    auto meta = d->extras;   // extras untouched by layers
    CHECK(meta.count("caveats") == 0);
}

TEST_CASE("pack: a version 1 pack (no layers) still loads, an unknown version is refused", "[pack]") {
    CityData c = fixture_city();
    auto bytes = encode_pack(c, 2);
    auto set_version = [&](uint32_t v) {
        std::memcpy(&bytes[8], &v, 4);
        uint32_t header = crc32_of(bytes.data(), 28);
        std::memcpy(&bytes[28], &header, 4);
    };
    set_version(1);
    auto d = decode_pack(bytes.data(), bytes.size(), "v1.cspack");
    REQUIRE(d.ok());
    CHECK(d->incidents.size() == c.incidents.size());
    CHECK(d->base_layers.empty());
    set_version(2);
    auto v2 = decode_pack(bytes.data(), bytes.size(), "v2.cspack");
    REQUIRE(v2.ok());
    CHECK(v2->incidents.lat_deg == c.incidents.lat_deg);
    CHECK(v2->incidents.categories[0].codes == c.incidents.categories[0].codes);
    set_version(4);
    auto e = decode_pack(bytes.data(), bytes.size(), "v4.cspack");
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::Version);
    CHECK(e.error().message.find("pack version 4, this build reads version 3") == 0);
}

TEST_CASE("pack: a corrupt layer section gives a clear error, never a read out of bounds", "[pack]") {
    CityData c;
    c.id = "layers";
    c.base_layers.push_back(fixture_streets());
    const auto good = encode_pack(c);
    REQUIRE(decode_pack(good.data(), good.size(), "ok.cspack").ok());
    auto expect = [&](std::vector<uint8_t> b, const std::string& msg) {
        auto d = decode_pack(b.data(), b.size(), "bad.cspack");
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().kind == ErrorKind::Corrupt);
        CHECK(d.error().to_string() == "bad.cspack: layer 'streets'" + msg);
    };
    auto set_u32 = [](uint32_t at, uint32_t v) { return [=](uint8_t* p, size_t) { std::memcpy(p + at, &v, 4); }; };
    SECTION("a huge feature count") {
        auto b = good;
        patch_section(b, "l0", set_u32(0, 0xFFFFFFFFu));
        expect(b, " has the wrong size (108 bytes for 4294967295 features and 9 points)");
    }
    SECTION("a huge point count") {
        auto b = good;
        patch_section(b, "l0", set_u32(4, 0x40000000u));
        expect(b, " has the wrong size (108 bytes for 3 features and 1073741824 points)");
    }
    SECTION("feature point counts that overflow the layer") {
        auto b = good;
        patch_section(b, "l0", set_u32(8 + 4, 0xFFFFFFF0u));   // first feature's count
        expect(b, ": features have more points than the layer");
    }
    SECTION("a name index past the names") {
        auto b = good;
        patch_section(b, "l0", set_u32(8, 77));
        expect(b, ": a feature's name is out of range");
    }
    SECTION("a feature with no points") {
        auto b = good;
        patch_section(b, "l0", set_u32(8 + 8 + 4, 0));
        expect(b, ": a feature has no points");
    }
    SECTION("a coordinate off the globe") {
        auto b = good;
        patch_section(b, "l0", set_u32(8 + 24 + 4 + 4, 0x7FFFFFFFu));   // a longitude delta
        expect(b, ": a coordinate is out of range");
    }
    SECTION("a names section without its terminator") {
        auto b = good;
        patch_section(b, "l0.names", [](uint8_t* p, size_t n) { p[n - 1] = 'x'; });
        expect(b, ": names section is malformed");
    }
    SECTION("a section cut short") {
        auto b = good;
        patch_section(b, "l0", [](uint8_t*, size_t) {}, 20);
        expect(b, " has the wrong size (20 bytes for 3 features and 9 points)");
    }
}

namespace {
// 2,000 incidents at 60 places: each place has one block address and beat, the crime type varies, every
// row has its own case number (ordered by first use, as a pack build leaves it), one numeric column.
CityData repeated_places_city() {
    CityData c;
    c.id = "places";
    IncidentTable& t = c.incidents;
    CategoryColumn address, beat, type, id;
    address.role = "address";
    beat.role = "area";
    type.role = "type";
    id.role = "id";
    NumericColumn n;
    n.role = "victim_age";
    for (uint32_t r = 0; r < 2000; ++r) {
        const uint32_t place = (r * 7919u) % 60u;
        t.day.push_back(17000 + static_cast<int32_t>(r / 10));
        t.minute_of_day.push_back(static_cast<int16_t>(r % 7 == 0 ? -1 : (r * 37) % 1440));
        t.lat_deg.push_back(41.8f + 0.001f * static_cast<float>(place));
        t.lon_deg.push_back(-87.7f - 0.0007f * static_cast<float>(place));
        address.codes.push_back(address.intern(std::to_string(place * 100) + " W MADISON ST"));
        beat.codes.push_back(beat.intern(std::to_string(1000 + place / 6)));
        type.codes.push_back(type.intern((r / 60) % 3 == 0 ? "THEFT" : (r / 60) % 3 == 1 ? "BATTERY" : "ROBBERY"));
        id.codes.push_back(id.intern("JA" + std::to_string(100000 + (r == 1500 ? 10 : r))));   // one repeat
        n.values.push_back(r % 5 == 0 ? NAN : static_cast<float>(r % 90));
    }
    t.categories = {address, type, beat, id};
    t.numerics = {n};
    return c;
}
std::string meta_of(const std::vector<uint8_t>& b) {
    uint32_t count;
    std::memcpy(&count, &b[12], 4);
    for (uint32_t i = 0; i < count; ++i) {
        const uint8_t* e = &b[32 + 48 * i];
        if (std::string(reinterpret_cast<const char*>(e)) != "meta") continue;
        uint64_t off, n;
        std::memcpy(&off, e + 24, 8);
        std::memcpy(&n, e + 32, 8);
        return std::string(reinterpret_cast<const char*>(&b[off]), n);
    }
    return "";
}
}  // namespace

TEST_CASE("pack v3: the location group and back-references round-trip exactly and shrink the file", "[pack]") {
    CityData c = repeated_places_city();
    REQUIRE(is_identifier_like(c.incidents.categories[3]));
    auto v3 = encode_pack(c);
    auto v2 = encode_pack(c, 2);
    auto meta = nlohmann::json::parse(meta_of(v3));
    REQUIRE(meta.contains("group"));
    CHECK(meta["group"]["size"] == 60);
    CHECK(meta["group"]["columns"] == nlohmann::json::array({0, 2}));   // address and beat follow the place; type does not
    CHECK(meta["categories"][0]["codec"] == "group");
    CHECK(meta["categories"][1]["codec"] == "plain");
    CHECK(meta["categories"][3]["codec"] == "refs");
    for (const auto* bytes : {&v3, &v2}) {
        auto d = decode_pack(bytes->data(), bytes->size(), "places.cspack");
        REQUIRE(d.ok());
        const auto& a = c.incidents;
        const auto& b = d->incidents;
        CHECK(b.day == a.day);
        CHECK(b.minute_of_day == a.minute_of_day);
        CHECK(b.lat_deg == a.lat_deg);
        CHECK(b.lon_deg == a.lon_deg);
        REQUIRE(b.categories.size() == 4);
        for (size_t i = 0; i < 4; ++i) {
            CHECK(b.categories[i].dict == a.categories[i].dict);
            CHECK(b.categories[i].codes == a.categories[i].codes);
        }
        REQUIRE(b.numerics.size() == 1);
        CHECK(std::memcmp(b.numerics[0].values.data(), a.numerics[0].values.data(), 4 * a.size()) == 0);   // NaNs too
    }
    const auto z3 = gzip(v3.data(), v3.size(), 9).size(), z2 = gzip(v2.data(), v2.size(), 9).size();
    CHECK(z3 * 10 < z2 * 8);   // at least 20% smaller gzipped
}

TEST_CASE("pack v3: codes out of order are stored plain, a column in no order keeps its codes", "[pack]") {
    CityData c = repeated_places_city();
    auto& id = c.incidents.categories[3];
    std::swap(id.codes[0], id.codes[1]);   // no longer in first-use order
    auto bytes = encode_pack(c);
    CHECK(nlohmann::json::parse(meta_of(bytes))["categories"][3]["codec"] == "plain");
    auto d = decode_pack(bytes.data(), bytes.size(), "x.cspack");
    REQUIRE(d.ok());
    CHECK(d->incidents.categories[3].codes == id.codes);
    order_by_first_use(id);
    CHECK(id.codes[0] == 0);
    CHECK(id.codes[1] == 1);
    CHECK(id.dict[0] == "JA100001");
}

TEST_CASE("pack v3: a hostile group or back-reference is refused with the reason", "[pack]") {
    auto bytes = encode_pack(repeated_places_city());
    auto refused = [&](const std::string& part) {
        auto d = decode_pack(bytes.data(), bytes.size(), "hostile.cspack");
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().kind == ErrorKind::Corrupt);
        INFO(d.error().message);
        CHECK(d.error().message.find(part) != std::string::npos);
    };
    SECTION("a tuple code past the tuples") {
        patch_section(bytes, "g.codes", [](uint8_t* p, size_t n) { p[n / 4 * 3 + 5] = 0x7f; });   // the top byte plane
        refused("location group code is out of range");
    }
    SECTION("a member code past its dictionary") {
        patch_section(bytes, "g.c0", [](uint8_t* p, size_t) { p[3] = 0xff; });
        refused("code out of range in 'address'");
    }
    SECTION("a back-reference before the first value") {
        patch_section(bytes, "c3.codes", [](uint8_t* p, size_t) { p[0] = 1; });
        refused("back-reference before the start in 'id'");
    }
    SECTION("a group section cut short") {
        patch_section(bytes, "g.lat", [](uint8_t*, size_t) {}, 8);
        refused("location group is missing or has the wrong size");
    }
}

TEST_CASE("pack: more incidents than the app holds is refused before the arrays are decoded", "[pack][limits]") {
    CityData c = fixture_city();
    const size_t n = c.incidents.size();
    REQUIRE(n > 2);
    auto bytes = encode_pack(c);
    auto over = decode_pack(bytes.data(), bytes.size(), "big.cspack", n - 1);
    REQUIRE(!over.ok());
    CHECK(over.error().file == "big.cspack");
    CHECK(over.error().message.find("a pack of " + std::to_string(n) + " incidents: more than " + std::to_string(n - 1)) == 0);
    auto at = decode_pack(bytes.data(), bytes.size(), "big.cspack", n);
    REQUIRE(at.ok());
    CHECK(at->incidents.size() == n);
}
