// forecast/table_csv: the forecast view's table as CSV: one row per (family, unit), ranked by the forecast within
// a family, the observed count only for an observed month, the month after the data named.
#include <catch2/catch.hpp>

#include "forecast/table_csv.hpp"

using namespace crimescope::forecast;

TEST_CASE("forecast table csv: rows per family and unit, ranked, observed only when observed", "[forecast]") {
    CountCube q;
    q.families = {"robbery", "theft, other"};
    q.units = {"1", "2"};
    q.first_month = 2018 * 12 + 0;   // 2018-01
    q.n_months = 3;
    q.counts.assign(2 * 2 * 3, 0.0);
    q.at(0, 1, 2) = 7;
    const std::vector<double> fd = {1.5, 4.25, 3, 2}, fp = {1, 4, 3, 2}, fl = {1, 5, 2, 2};
    const std::string csv = forecast_table_csv(q, 2, fd, fp, fl, "median of 12 months");
    CHECK(csv ==
          "family,unit,month,forecast,paper_F,last_month,change,observed,forecaster\n"
          "robbery,2,2018-03,4.25,4,5,-0.75,7,median of 12 months\n"
          "robbery,1,2018-03,1.5,1,1,0.5,0,median of 12 months\n"
          "\"theft, other\",1,2018-03,3,3,2,1,0,median of 12 months\n"
          "\"theft, other\",2,2018-03,2,2,2,0,0,median of 12 months\n");
    const std::string next = forecast_table_csv(q, 3, fd, fp, fl, "m");
    CHECK(next.find("robbery,2,2018-04,4.25,4,5,-0.75,,m\n") != std::string::npos);   // the month after the data
    CHECK(forecast_table_csv(q, 3, {1}, fp, fl, "m") == "family,unit,month,forecast,paper_F,last_month,change,observed,forecaster\n");
}
