// linkage/decisions ranked_pairs_csv: the ranked pairs the analyst sees, as CSV: ranks in the shown order, case
// ids quoted when needed, dates, distance, probability, series and the analyst's decision.
#include <catch2/catch.hpp>

#include "base/dates.hpp"
#include "linkage/decisions.hpp"
#include "linkage/schema.hpp"

using namespace crimescope;
using namespace crimescope::linkage;

TEST_CASE("ranked pairs csv: shown order, ids, distance, series, decisions", "[decisions]") {
    CaseSet cs;
    cs.id = {"c1", "c,2", "c3"};
    cs.x = {0, 300, 0};
    cs.y = {0, 400, 10};
    const double d0 = days_from_civil(2020, 1, 1);
    cs.day = {d0, d0 + 1.5, d0 + 30};
    cs.metres_per_unit = 1;
    Pairs pr;
    pr.a = {0, 0, 1};
    pr.b = {1, 2, 2};
    const std::vector<double> score = {0.25, 0.9, 0.5};
    UserData u;
    u.decide("c1", "c3", true, "same MO");
    const std::string csv = ranked_pairs_csv(cs, pr, score, {1, 0, 7}, {0, -1, 0}, u);   // 7: no such pair, skipped
    CHECK(csv ==
          "rank,case_a,case_b,date_a,date_b,distance_m,probability,series_a,series_b,decision\n"
          "1,c1,c3,2020-01-01,2020-01-31,10.0,0.900000,1,1,linked\n"
          "2,c1,\"c,2\",2020-01-01,2020-01-02,500.0,0.250000,1,,\n");
    cs.metres_per_unit = 0;   // unknown units: no distance
    CHECK(ranked_pairs_csv(cs, pr, score, {2}, {}, {}) == "rank,case_a,case_b,date_a,date_b,distance_m,probability,series_a,series_b,decision\n"
                                                        "1,\"c,2\",c3,2020-01-02,2020-01-31,,0.500000,,,\n");
}

TEST_CASE("series csv: cases of series of two or more, by series then date", "[decisions][export]") {
    CaseSet cs;
    cs.id = {"c1", "c,2", "c3", "c4", "c5"};
    cs.x = {0, 300, 0, 5, 7.5};
    cs.y = {0, 400, 10, 5, 2};
    const double d0 = days_from_civil(2020, 1, 1);
    cs.day = {d0 + 30, d0 + 1.5, d0, d0 + 2, d0 + 3};
    // series 0: c1 and c3 (c3 first by date); series 1 (c,2) and series 2 (c5) have one case each; c4 is alone (-1)
    const std::vector<int> series = {0, 1, 0, -1, 2};
    CHECK(series_csv(cs, series) == "series,cases,case,date,x,y\n"
                                    "1,2,c3,2020-01-01,0,10\n"
                                    "1,2,c1,2020-01-31,0,0\n");
    CHECK(series_csv(cs, {0, 0, 1, 1, 1}) == "series,cases,case,date,x,y\n"
                                             "1,2,\"c,2\",2020-01-02,300,400\n"
                                             "1,2,c1,2020-01-31,0,0\n"
                                             "2,3,c3,2020-01-01,0,10\n"
                                             "2,3,c4,2020-01-03,5,5\n"
                                             "2,3,c5,2020-01-04,7.5,2\n");
    CHECK(series_csv(cs, {}) == "series,cases,case,date,x,y\n");
}
