// Tests for geocode/geocoder: normalisation, edit distance, ranking on hand-built places, the gazetteer
// format, and the typed-query table on the bundled packs.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "data/pack.hpp"
#include "geocode/geocoder.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using geocode::Geocoder;
using geocode::Place;
using geocode::PlaceKind;

TEST_CASE("geocoder: normalisation of case, accents, punctuation and abbreviations", "[geocode]") {
    using V = std::vector<std::string>;
    CHECK(Geocoder::normalise("N. Ashland Avenue & W Division Street") == V{"n", "ashland", "ave", "w", "division", "st"});
    CHECK(Geocoder::normalise("north ASHLAND ave") == V{"n", "ashland", "ave"});
    CHECK(Geocoder::normalise("Álvaro Obregón") == V{"alvaro", "obregon"});
    CHECK(Geocoder::normalise("Coyoacán, CDMX") == V{"coyoacan", "cdmx"});
    CHECK(Geocoder::normalise("10XX ALBERNI ST") == V{"10xx", "alberni", "st"});
    CHECK(Geocoder::normalise("Grandview-Woodland") == V{"grandview", "woodland"});
    CHECK(Geocoder::normalise("1650 West Loop South") == V{"1650", "w", "lp", "s"});
    CHECK(Geocoder::normalise("   ").empty());
}

TEST_CASE("geocoder: bounded edit distance", "[geocode]") {
    CHECK(geocode::edit_distance("telephone", "telefone", 2) == 2);
    CHECK(geocode::edit_distance("xochimilco", "xochimlco", 2) == 1);
    CHECK(geocode::edit_distance("abc", "abc", 1) == 0);
    CHECK(geocode::edit_distance("abcdef", "uvwxyz", 2) == 3);   // stops at limit + 1
}

TEST_CASE("geocoder: ranking, word order, prefixes and typos", "[geocode]") {
    Geocoder g;
    g.add(Place{"4750 telephone rd", PlaceKind::Address, 29.69, -95.30, 12});
    g.add(Place{"4700 telephone rd", PlaceKind::Address, 29.70, -95.30, 3});
    g.add(Place{"N ASHLAND AVE & W DIVISION ST", PlaceKind::Intersection, 41.90, -87.67, 1});
    g.add(Place{"S ASHLAND AVE & W 47TH ST", PlaceKind::Intersection, 41.81, -87.66, 1});
    g.add(Place{"Montrose", PlaceKind::Area, 29.74, -95.39, 1});
    g.add(Place{"Montrose Ave", PlaceKind::Address, 29.75, -95.40, 40});
    g.build();
    auto top = [&](const char* q) {
        auto r = g.search(q, 3);
        return r.empty() ? std::string("(nothing)") : g.place(r[0].place).name;
    };
    CHECK(top("4750 Telephone Road") == "4750 telephone rd");
    CHECK(top("4750 telefone rd") == "4750 telephone rd");            // typo
    CHECK(top("4700 telephone") == "4700 telephone rd");              // numbers must match exactly
    CHECK(top("division & ashland") == "N ASHLAND AVE & W DIVISION ST");   // word order
    CHECK(top("ashland 47") == "S ASHLAND AVE & W 47TH ST");           // last word as a prefix
    CHECK(top("montrose") == "Montrose");                               // exact area before a longer address
    CHECK(top("qqqq zzzz") == "(nothing)");
    auto r = g.search("4750 telephone rd", 5);
    REQUIRE(r.size() >= 2);
    CHECK(r[0].score > r[1].score);
}

TEST_CASE("geocoder: gazetteer lines, and bad lines named by line", "[geocode]") {
    Geocoder g;
    REQUIRE(geocode::add_gazetteer(g, "place\tHollywood\t34.098\t-118.326\t167664\nzip\t60614 Chicago\t41.92\t-87.65\t1\n", "t.tsv").ok());
    CHECK(g.size() == 2);
    auto bad = geocode::add_gazetteer(g, "place\tX\t34\t-118\t1\nplace\tY\tnorth\t-118\t1\n", "bad.tsv");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().to_string() == "bad.tsv:2:lat/lon: bad coordinates");
}

TEST_CASE("geocoder: the typed-query table on the bundled packs", "[geocode][assets]") {
    auto table = geocode::read_query_table(cs_test::fixture("geocode_queries.tsv"));
    REQUIRE(table.ok());
    std::map<std::string, Geocoder> gs;
    int total = 0, hit = 0;
    for (const auto& tq : table.value()) {
        if (!gs.count(tq.pack)) {
            auto c = data::load_pack(cs_test::source_dir() + "/assets/packs/" + tq.pack + ".cspack");
            REQUIRE(c.ok());
            auto g = geocode::city_geocoder(c.value());
            REQUIRE(g.ok());
            gs.emplace(tq.pack, std::move(g.value()));
        }
        auto r = gs.at(tq.pack).search(tq.query, 1);
        std::string got = r.empty() ? "" : gs.at(tq.pack).place(r[0].place).name;
        ++total;
        if (geocode::same_place_name(got, tq.expected)) ++hit;
        else WARN(tq.pack << ": \"" << tq.query << "\" -> \"" << got << "\", expected \"" << tq.expected << "\"");
    }
    CHECK(total >= 30);
    CHECK(hit == total);
}
