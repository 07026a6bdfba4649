// Tests for forecast/blend.cpp (issue #19, the default forecaster): the blend rate and the median calibration
// by hand, and the choice made from months before the month forecast only.
#include <catch2/catch.hpp>

#include "forecast/tendency.hpp"

using namespace crimescope::forecast;

namespace {
CountCube cube(int units, int months) {
    CountCube q;
    q.families = {"f"};
    for (int s = 0; s < units; ++s) q.units.push_back("u" + std::to_string(s));
    q.first_month = 2017 * 12;
    q.n_months = months;
    q.counts.assign(static_cast<size_t>(units) * static_cast<size_t>(months), 0.0);
    return q;
}
}  // namespace

TEST_CASE("forecast: the blend rate by hand (recent, long-term, neighbours)", "[forecast]") {
    auto q = cube(2, 5);
    for (int t = 0; t < 4; ++t) q.at(0, 0, t) = t + 1;  // unit 0: 1, 2, 3, 4; unit 1: zeros
    // L = 2.5; R (decay 0.5) = (4 + 0.5·3 + 0.25·2 + 0.125·1) / 1.875 = 3.26667; a = 0.5: 2.88333
    auto r = blend_rate(q, 4, {0.5, 0.5, 0.0, false});
    CHECK(r[0] == Approx(0.5 * 6.125 / 1.875 + 0.5 * 2.5));
    CHECK(r[1] == 0);
    CHECK(blend_rate(q, 4, {0.0, 0.5, 0.0, false})[0] == Approx(2.5));
    CHECK(blend_rate(q, 4, {1.0, 0.5, 0.0, false})[0] == Approx(6.125 / 1.875));
    // Neighbours: each unit the other's; b = 0.5 splits the blend between a unit and its neighbour.
    q.neighbours = {{1}, {0}};
    auto n = blend_rate(q, 4, {0.5, 0.5, 0.5, false});
    CHECK(n[0] == Approx(0.5 * (0.5 * 6.125 / 1.875 + 0.5 * 2.5)));
    CHECK(n[1] == Approx(n[0]));
}

TEST_CASE("forecast: the seasonal index scales the blend by the calendar month", "[forecast]") {
    // 36 months, one unit: 10 a month, 30 in every January. σ(January) = (30 + 1) / (140/12 + 1).
    auto q = cube(1, 37);
    for (int t = 0; t < 36; ++t) q.at(0, 0, t) = t % 12 == 0 ? 30 : 10;
    const double mean_month = (30.0 + 11 * 10.0) / 12, s_jan = 31 / (mean_month + 1), s_other = 11 / (mean_month + 1);
    // Deseasonalised every month is 30 / s_jan = 10 / s_other (the same); the forecast of January 2020 is
    // s_jan times the long-term deseasonalised mean.
    const double deseason = (3 * 30 / s_jan + 33 * 10 / s_other) / 36;
    CHECK(blend_rate(q, 36, {0.0, 0.5, 0.0, true})[0] == Approx(s_jan * deseason));
    CHECK(blend_rate(q, 36, {0.0, 0.5, 0.0, false})[0] == Approx((3 * 30.0 + 33 * 10.0) / 36));
}

TEST_CASE("forecast: the median calibration by hand", "[forecast]") {
    std::vector<std::pair<double, double>> ro;
    for (int i = 0; i < 30; ++i) ro.push_back({0.1, i < 20 ? 0.0 : 1.0});  // median 0
    for (int i = 0; i < 30; ++i) ro.push_back({2.0, double(1 + i / 10)});  // 1, 2, 3 ten times each: median 2
    std::vector<double> x, y;
    fit_calibration(ro, x, y);  // 60 pairs: 2 bins
    REQUIRE(x.size() == 2);
    CHECK(x[0] == Approx(0.1));
    CHECK(y[0] == 0);
    CHECK(x[1] == Approx(2.0));
    CHECK(y[1] == 2);
    CHECK(calibrate(x, y, 1.05) == Approx(1.0 + 1.05e-6));  // linear between the knots
    CHECK(calibrate(x, y, 4.0) == Approx(4.0 + 4e-6));      // proportional beyond the last
    CHECK(calibrate(x, y, 0.05) == Approx(5e-8));           // the first knot's value below it
    CHECK(calibrate(x, y, 0.3) < calibrate(x, y, 0.4));     // the ranking of rates is kept
    // A decreasing pair of bins pools into one: the median of 30 threes and 30 ones is 2.
    ro.clear();
    for (int i = 0; i < 30; ++i) ro.push_back({1.0, 3.0});
    for (int i = 0; i < 30; ++i) ro.push_back({2.0, 1.0});
    fit_calibration(ro, x, y);
    REQUIRE(x.size() == 1);
    CHECK(x[0] == Approx(1.5));
    CHECK(y[0] == 2);
    CHECK(calibrate(x, y, 3.0) == Approx(4.0 + 3e-6));
}

TEST_CASE("forecast: the default is chosen from months before the month forecast only", "[forecast]") {
    // 40 units, 12 months (2017-01..2017-12); top 5% = 2 cells. Units 0 and 1 hold 10 a month throughout;
    // units 2 and 3 burst to 30 in November (month 10). Forecasting December (t = 11), the validation months
    // end at November: forecasting each of them from its past, units 0 and 1 lead under every setting and every
    // setting errs the same (units 0 and 1 are constant, the burst is unforeseeable), so the tie goes to the
    // first candidate (long-term mean only, a = 0).
    auto q = cube(40, 12);
    for (int t = 0; t < 12; ++t) q.at(0, 0, t) = q.at(0, 1, t) = 10;
    q.at(0, 2, 10) = q.at(0, 3, 10) = 30;
    auto changed = q;  // December: units 2 and 3 keep bursting
    changed.at(0, 2, 11) = changed.at(0, 3, 11) = 30;
    changed.at(0, 0, 11) = changed.at(0, 1, 11) = 0;
    const auto d = choose_default(q, 10), d2 = choose_default(changed, 10);
    CHECK(d.kind == DefaultForecaster::Blend);
    CHECK(d.validation_last == 10);
    CHECK(d.validation_first == 3);  // up to 12 validation months, each with 3 months before it
    CHECK(d.recent_weight == 0);
    CHECK(d2.describe() == d.describe());
    CHECK(d2.calib_rate == d.calib_rate);
    CHECK(d2.calib_value == d.calib_value);
    CHECK(forecast_month(changed, 11, Method::Default, d2) == forecast_month(q, 11, Method::Default, d));
    // Had December been a validation month, the burst would have won: the recent mean captures units 2 and 3.
    const auto peek = choose_default(changed, 11);
    CHECK(peek.recent_weight > 0);
    CHECK(peek.describe() != d.describe());
    // The app's call for the month after the data validates on the last month it holds, never beyond.
    CHECK(choose_default(q, 99).validation_last == 11);
}
