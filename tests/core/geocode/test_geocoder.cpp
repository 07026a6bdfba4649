// Tests for geocode/geocoder: normalisation, edit distance, ranking on hand-built places, the gazetteer
// format, and the typed-query table on the bundled packs.
#include <catch2/catch.hpp>

#include <cmath>
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

namespace {
// A street of four recorded blocks (Houston's "x50" midpoints), the incidents' mean as each block's place.
Geocoder morningside() {
    Geocoder g;
    auto addr = [&](const char* name, double lat, double lon, uint32_t n) {
        g.add(Place{name, PlaceKind::Address, lat, lon, n});
        g.add_block_address(static_cast<uint32_t>(g.size() - 1));
    };
    addr("4950 morningside dr", 29.7100, -95.4000, 3);
    addr("5050 morningside dr", 29.7110, -95.4000, 5);
    addr("5250 morningside dr", 29.7130, -95.4000, 2);   // 5100 block not recorded
    addr("5550 morningside dr", 29.7160, -95.4000, 1);
    addr("5050 morningside st", 29.8000, -95.5000, 1);   // another street type, elsewhere
    g.add(Place{"Morningside Park", PlaceKind::Place, 29.70, -95.41, 1});
    g.build();
    return g;
}
}  // namespace

TEST_CASE("geocoder: block index, exact block, interpolation and snapping", "[geocode][blocks]") {
    Geocoder g = morningside();
    REQUIRE(g.streets().size() == 2);
    geocode::Match m;
    REQUIRE(g.locate_address("5023 Morningside Drive, Houston, TX 77004", m));   // inside a recorded block
    CHECK_FALSE(m.approximate);
    CHECK(g.place(m.place).name == "5050 morningside dr");
    CHECK(m.lat_deg == Approx(29.7110));
    CHECK(m.label == "5000 block of Morningside Dr");
    REQUIRE(g.locate_address("5150 morningside dr", m));   // between 5050 and 5250: half-way
    CHECK(m.approximate);
    CHECK(m.lat_deg == Approx(29.7120).margin(1e-9));
    CHECK(m.label == "5100 block of Morningside Dr (approximate)");
    REQUIRE(g.locate_address("5400 morningside dr", m));   // 5250 -> 5550: a half of the way
    CHECK(m.lat_deg == Approx(29.7130 + 0.5 * 0.0030).margin(1e-9));
    REQUIRE(g.locate_address("6010 morningside dr", m));   // beyond the last block: extrapolated along the
    CHECK(m.approximate);                                   // line through the last four (1.1 m per number)
    CHECK(m.lat_deg == Approx(29.7160 + 460 * 0.00001).margin(1e-5));
    CHECK(m.lon_deg == Approx(-95.4000).margin(1e-9));
    CHECK(g.place(m.place).name == "5550 morningside dr");
    REQUIRE(g.locate_address("5210 morningside st", m));   // a street of one block: snaps to it
    CHECK(m.approximate);
    CHECK(m.lat_deg == Approx(29.8000));
    REQUIRE(g.locate_address("4900 Morningside Dr Apt 4", m));   // the first block, with a unit
    CHECK(m.lat_deg == Approx(29.7100));
    REQUIRE(g.locate_address("5023 Morningside St", m));   // the typed type picks the street
    CHECK(m.lat_deg == Approx(29.8000));
    REQUIRE(g.locate_address("5023 Morningside", m));   // no type typed: the busier street
    CHECK(m.lat_deg == Approx(29.7110));
    REQUIRE(g.locate_address("5023 Morningsdie Dr", m));   // misspelled street name
    CHECK(m.lat_deg == Approx(29.7110));
    CHECK(m.score < 1.0);
    CHECK_FALSE(g.locate_address("5023 Morningside Ave", m));   // a typed type that differs is another street
    CHECK_FALSE(g.locate_address("90028 morningside", m));   // far beyond the blocks, and no type: not this street
    REQUIRE(g.locate_address("90028 morningside dr", m));    // ... with its type typed: snapped to the end block
    CHECK(m.lat_deg == Approx(29.7160));
    CHECK_FALSE(g.locate_address("morningside dr", m));         // no house number: text search only
    // search() puts the address first and keeps the text results after it.
    auto r = g.search("5150 Morningside Dr", 5);
    REQUIRE(r.size() >= 2);
    CHECK(r[0].approximate);
    CHECK(r[0].label == "5100 block of Morningside Dr (approximate)");
    CHECK(r[1].label == g.place(r[1].place).name);
    CHECK(r[1].lat_deg == g.place(r[1].place).lat_deg);
    auto park = g.search("morningside park", 3);
    REQUIRE_FALSE(park.empty());
    CHECK(park[0].label == "Morningside Park");
}

TEST_CASE("geocoder: places and streets of base layers", "[geocode][base_layers]") {
    data::CityData city;
    city.id = "test";
    data::BaseLayer places;
    places.name = "schools";
    places.kind = "places";
    places.names = {"", "Lamar High School"};
    places.features = {{1, 1, 0, 1}, {0, 1, 1, 1}};   // the second is unnamed: skipped
    places.lat_deg = {29.7420f, 29.7500f};
    places.lon_deg = {-95.4310f, -95.4400f};
    data::BaseLayer streets;
    streets.name = "streets";
    streets.kind = "streets";
    streets.names = {"", "Westheimer Road", "Alley"};
    // Westheimer: a short piece and a long piece (3 points, 0.02 deg of longitude); "Alley": unnamed index 2 used once.
    streets.features = {{1, 0, 0, 2}, {1, 0, 2, 3}, {0, 1, 5, 2}, {2, 1, 7, 2}};
    streets.lat_deg = {29.7000f, 29.7001f, 29.7400f, 29.7400f, 29.7400f, 29.6f, 29.61f, 29.65f, 29.651f};
    streets.lon_deg = {-95.3000f, -95.3000f, -95.4600f, -95.4500f, -95.4400f, -95.3f, -95.3f, -95.2f, -95.2f};
    city.base_layers = {places, streets};
    auto gr = geocode::city_geocoder(city);
    REQUIRE(gr.ok());
    const Geocoder& g = gr.value();
    CHECK(g.size() == 3);   // one school, two named streets
    auto school = g.search("lamar high", 1);
    REQUIRE(school.size() == 1);
    CHECK(g.place(school[0].place).kind == PlaceKind::Place);
    CHECK(school[0].lat_deg == Approx(29.7420).margin(1e-5));
    auto west = g.search("westheimer rd", 1);
    REQUIRE(west.size() == 1);
    const Place& w = g.place(west[0].place);
    CHECK(w.kind == PlaceKind::Street);
    CHECK(w.weight == 2);                                 // two pieces
    CHECK(w.lat_deg == Approx(29.7400).margin(1e-5));     // on the longest piece ...
    CHECK(w.lon_deg == Approx(-95.4500).margin(1e-4));    // ... half-way along it
    CHECK(std::string(geocode::place_kind_name(w.kind)) == "street");
    // A house number on a street known only from the base layer: the street, approximate.
    geocode::Match m;
    REQUIRE(g.locate_address("2400 Westheimer Road, Houston", m));
    CHECK(m.approximate);
    CHECK(m.place == west[0].place);
}

TEST_CASE("geocoder: a grid city's slope extrapolates a street of one block", "[geocode][blocks]") {
    // 20 "W <k> St" streets of three blocks each, 2 m per house number westward (Chicago's 800 a mile), and
    // one street with a single recorded block: a number beyond it moves along the city's common slope.
    Geocoder g;
    const double deg_per_number = 2.0 / (111195.0 * std::cos(41.9 * 3.14159265358979 / 180));
    for (int k = 1; k <= 20; ++k)
        for (int b : {10, 13, 16}) {
            const std::string name = std::to_string(b * 100 + 50) + " W " + std::to_string(k) + "th St";
            g.add(Place{name, PlaceKind::Address, 41.9 - k * 0.01, -87.6 - (b * 100 + 50) * deg_per_number, 1});
            g.add_block_address(static_cast<uint32_t>(g.size() - 1));
        }
    g.add(Place{"1050 W Lonely St", PlaceKind::Address, 41.5, -87.6 - 1050 * deg_per_number, 1});
    g.add_block_address(static_cast<uint32_t>(g.size() - 1));
    g.build();
    geocode::Match m;
    REQUIRE(g.locate_address("1550 W Lonely St", m));
    CHECK(m.approximate);
    CHECK(m.lat_deg == Approx(41.5).margin(1e-6));
    CHECK(m.lon_deg == Approx(-87.6 - 1550 * deg_per_number).margin(1e-6));   // 1 km further west
}
