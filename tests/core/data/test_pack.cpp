// Tests for data/pack: round trip, corrupt and truncated packs, and the committed demo packs.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
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
                                                {"chicago", 148636}, {"new_york", 24506}, {"mexico_city", 2267}};
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
    }
    CHECK(total_bytes < 10u * 1024 * 1024);   // all packs together under about 10 MB
}
