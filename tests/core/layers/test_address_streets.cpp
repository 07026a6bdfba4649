// Tests for layers/address_streets: block addresses split, streets followed through the Houston sample.
#include <catch2/catch.hpp>

#include "data/ingest.hpp"
#include "layers/address_streets.hpp"
#include "layers/layer_builder.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("address streets: block addresses split into number and street", "[layers]") {
    long n = 0;
    std::string s;
    REQUIRE(layers::split_block_address("1100 W  39TH                         PL", n, s));
    CHECK(n == 1100);
    CHECK(s == "W 39TH PL");
    REQUIRE(layers::split_block_address("9650 marlive ln", n, s));
    CHECK(n == 9650);
    CHECK(s == "marlive ln");
    CHECK_FALSE(layers::split_block_address("BROADWAY", n, s));
    CHECK_FALSE(layers::split_block_address("1100", n, s));
    CHECK_FALSE(layers::split_block_address("", n, s));
}

TEST_CASE("address streets: a street's blocks in house-number order, joined where close", "[layers]") {
    data::IncidentTable t;
    data::CategoryColumn col;
    col.role = "address";
    // Four blocks of one street 150 m apart (one with two incidents), then a block 3 km away.
    const double step = 150.0 / 111195.0;
    auto add = [&](const std::string& a, double lat) {
        t.day.push_back(0);
        t.minute_of_day.push_back(-1);
        t.lat_deg.push_back(static_cast<float>(lat));
        t.lon_deg.push_back(-95.37f);
        col.codes.push_back(col.intern(a));
    };
    add("300 main st", 29.70 + 3 * step);
    add("150 main st", 29.70 + 1 * step);
    add("120 main st", 29.70 + 1 * step);
    add("10 main st", 29.70);
    add("250 main st", 29.70 + 2 * step);
    add("5000 main st", 29.70 + 20 * step);
    add("nowhere", 29.0);
    t.categories.push_back(col);
    layers::AddressStreetsOptions o;
    o.major_blocks = 4;
    layers::AddressStreetsReport rep;
    auto l = layers::streets_from_addresses(t, "streets", o, &rep);
    CHECK(rep.addresses == 7);
    CHECK(rep.unparsed == 1);
    CHECK(rep.blocks == 5);
    REQUIRE(l.features.size() == 1);   // the far block alone makes no line
    const auto& f = l.features[0];
    CHECK(l.names[f.name] == "main st");
    CHECK(f.count == 4);
    CHECK(f.rank == 0);   // 5 blocks >= 4
    for (uint32_t k = 1; k < f.count; ++k) CHECK(l.lat_deg[f.first + k] > l.lat_deg[f.first + k - 1]);
}

TEST_CASE("address streets: the Houston sample", "[layers]") {
    auto profiles = data::load_profiles_dir(cs_test::source_dir() + "/assets/profiles");
    REQUIRE(profiles.ok());
    auto r = data::ingest_file(cs_test::fixture("incidents/houston_sample.csv"), profiles.value());
    REQUIRE(r.ok());
    layers::AddressStreetsReport rep;
    auto l = layers::streets_from_addresses(r->table, "streets", {}, &rep);
    CHECK(rep.addresses == r->table.size());
    CHECK(rep.unparsed < rep.addresses / 10);
    // A sample of about 150 rows has few streets with two nearby blocks; every link is at most 400 m.
    for (const auto& f : l.features)
        for (uint32_t k = 1; k < f.count; ++k)
            CHECK(geo::haversine_m({l.lat_deg[f.first + k - 1], l.lon_deg[f.first + k - 1]},
                                   {l.lat_deg[f.first + k], l.lon_deg[f.first + k]}) <= 400);
}
