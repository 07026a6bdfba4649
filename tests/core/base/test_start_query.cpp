// base/start_query: the page's query string and the desktop's options of the same meaning: good values kept,
// hostile ones refused one by one with a reason, unknown keys ignored, escapes decoded.
#include <catch2/catch.hpp>

#include <string>

#include "base/start_query.hpp"

using namespace crimescope;

TEST_CASE("start query: a link's values are read and checked", "[start_query]") {
    const StartQuery q = parse_start_query("?city=chicago&lat=41.8781&lon=-87.6298&r=200&w=365&date=2018-08-31&heat=1&lang=es&x=1");
    CHECK(q.city == "chicago");
    REQUIRE(q.lat_deg);
    CHECK(*q.lat_deg == Approx(41.8781));
    CHECK(*q.lon_deg == Approx(-87.6298));
    CHECK(*q.radius_m == 200);
    CHECK(*q.window_days == 365);
    CHECK(q.as_of == "2018-08-31");
    CHECK(q.heat);
    CHECK(q.lang == "es");
    CHECK(q.refused.empty());
    const StartQuery v = parse_start_query("view=linkage&linkset=israel_burglary-2020h1&model=lapd&check=1&density=points");
    CHECK(v.density == "points");
    CHECK(parse_start_query("density=hex").refused.size() == 1);
    CHECK(v.view == "linkage");
    CHECK(v.link_set == "israel_burglary-2020h1");
    CHECK(v.classify_model == "lapd");
    CHECK(v.classify_check);
    const StartQuery h = parse_start_query("hotspots=gistar");
    CHECK(h.hotspots == "gistar");
    CHECK(h.view == "hotspots");   // the analysis opens its view
    CHECK(parse_start_query("view=forecast&hotspots=kde").view == "forecast");
    CHECK(parse_start_query("hotspots=hexbins").refused.size() == 1);
    CHECK(parse_start_query("hotspots=hexbins").view.empty());
}

TEST_CASE("start query: hostile values are refused one by one, the rest kept", "[start_query]") {
    const StartQuery q = parse_start_query("city=../../etc/passwd&lat=1e309&lon=%3Cscript%3E&r=-5&w=9999999999999&date=2010-13-45"
                                           "&view=%22%3E%3Cimg&linkset=http://evil/x&lang=xx&model=../x&heat=1&city=houston");
    CHECK(q.city == "houston");   // the last value of a repeated key; the bad one was refused
    CHECK(!q.lat_deg);
    CHECK(!q.lon_deg);
    CHECK(!q.radius_m);
    CHECK(!q.window_days);
    CHECK(q.as_of.empty());
    CHECK(q.view.empty());
    CHECK(q.link_set.empty());
    CHECK(q.lang.empty());
    CHECK(q.classify_model.empty());
    CHECK(q.heat);
    REQUIRE(q.refused.size() == 10);
    CHECK(q.refused[0] == "city: not a pack id (a-z, 0-9, _) (\"../../etc/passwd\")");
    CHECK(q.refused[1] == "lat: not a latitude in [-90, 90] (\"1e309\")");
    CHECK(q.refused[2] == "lon: not a longitude in [-180, 180] (\"<script>\")");
    for (const char* bad : {"lat=nan", "lat=inf", "lat=0x10", "lat=91", "lon=-180.5", "r=0", "r=9", "r=2000.5", "date=+2018-1-5+", "w=0", "w=1.5", "date=1899-12-31",
                            "date=2018-02-30", "date=2018-2-3", "lat=%", "lat=%4", "lat=%zz"}) {
        INFO(bad);
        CHECK(parse_start_query(bad).refused.size() == 1);
    }
    CHECK(parse_start_query("lat=-90&lon=180&r=2000&w=3650&date=2100-12-31").refused.empty());
    CHECK(parse_start_query(std::string(5000, 'a')).refused.size() == 1);   // too long: said, not read past 4096
    std::string why;
    StartQuery d;
    CHECK(!set_start_value(d, "r", "1e9", why));
    CHECK(why == "r: not a radius in [10, 2000] m (\"1e9\")");
}
