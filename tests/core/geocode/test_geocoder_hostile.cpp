// Tests for the geocoder on hostile input (issue #17): a gazetteer (pack extra) with NaN coordinates is refused
// with the line named instead of adding a place nowhere (fabs(NaN) > 90 is false, so they once passed); a
// typed query is cut at 256 bytes, so 100 KB pasted into the search box costs no more than its first 256.
#include <catch2/catch.hpp>

#include <string>

#include "base/file_io.hpp"
#include "geocode/geocoder.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("gazetteer: NaN coordinates are refused with file, line and field", "[geocoder]") {
    auto bytes = read_file_bytes(cs_test::fixture("bad/gazetteer_nan.tsv"));
    REQUIRE(bytes.ok());
    geocode::Geocoder g;
    auto st = geocode::add_gazetteer(g, std::string(bytes->begin(), bytes->end()), "gazetteer_nan.tsv");
    REQUIRE(!st.ok());
    CHECK(st.error().file == "gazetteer_nan.tsv");
    CHECK(st.error().line == 2);
    CHECK(st.error().field == "lat/lon");
    CHECK(!geocode::add_gazetteer(g, "place\tX\t41.8\tinf\t1\n", "inf.tsv").ok());
    CHECK(geocode::add_gazetteer(g, "place\tX\t41.8\t-87.6\t1\n", "ok.tsv").ok());
}

TEST_CASE("geocoder: a 100 KB query is answered as its first 256 bytes", "[geocoder]") {
    geocode::Geocoder g;
    g.add({"Union Station", geocode::PlaceKind::Place, 41.879, -87.640, 10});
    g.add({"5000 N MORNINGSIDE DR", geocode::PlaceKind::Address, 41.97, -87.66, 3});
    g.add_block_address(1);
    g.build();
    std::string q = "union station";
    while (q.size() < 100000) q += " n";
    const auto all = g.search(q), head = g.search(q.substr(0, 256));
    REQUIRE(all.size() == head.size());
    for (size_t i = 0; i < all.size(); ++i) CHECK(all[i].label == head[i].label);
    geocode::Match m, m_head;
    const std::string addr = "5000 n morningside dr" + std::string(100000, 'x');
    CHECK(g.locate_address(addr, m) == g.locate_address(addr.substr(0, 256), m_head));
    CHECK(m.label == m_head.label);
}
