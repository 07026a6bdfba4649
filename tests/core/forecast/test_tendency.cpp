// Tests for forecast/tendency: the paper's f, g and F on a hand-made series, STRMSE and PAI by hand,
// baselines, and the CDMX reference figures when ../shared/data is present.
#include <catch2/catch.hpp>

#include "forecast/tendency.hpp"
#include "test_paths.hpp"

using namespace crimescope::forecast;

namespace {
// One family, one unit, 26 months starting 2013-01: counts given.
CountCube series(const std::vector<double>& v) {
    CountCube q;
    q.families = {"f"};
    q.units = {"u"};
    q.first_month = 2013 * 12;
    q.n_months = static_cast<int>(v.size());
    q.counts = v;
    return q;
}
}  // namespace

TEST_CASE("forecast: the paper's f, g and F by hand", "[forecast]") {
    // Months 0..24 (2013-01 .. 2015-01); forecast t = 24 (January 2015).
    std::vector<double> v(25, 0);
    v[0] = 4;  v[12] = 6;                       // January 2013, 2014: one yearly change of +2
    for (int p = 13; p <= 23; ++p) v[p] = p - 10;   // Feb..Dec 2014: 3, 4, ..., 13 (+1 a month)
    auto q = series(v);
    // f = #(Jan 2014) + (6 - 4) / K1 (one non-zero change) = 8
    CHECK(paper_f(q, 0, 0, 24) == Approx(8.0));
    // g = #(Dec 2014) + Σ_{p=1..11} (#(t-p) - #(t-p-1)) / K2: changes are +1 x 10 and (3 - 6) once = 7 / 11
    CHECK(paper_g(q, 0, 0, 24) == Approx(13.0 + 7.0 / 11.0));
    CHECK(paper_F(q, 0, 0, 24) == Approx(0.5 * 8.0 + 0.5 * (13.0 + 7.0 / 11.0)));
    CHECK(paper_F(q, 0, 0, 24, 1.0, 0.0) == Approx(8.0));
}

TEST_CASE("forecast: MAE, RMSE, STRMSE and PAI by hand", "[forecast]") {
    CountCube q;
    q.families = {"a", "b"};
    q.units = {"u1", "u2"};
    q.n_months = 1;
    q.counts = {4, 0, 1, 5};   // a/u1 4, a/u2 0, b/u1 1, b/u2 5 (10 crimes)
    std::vector<double> f = {3, 1, 1, 2};
    auto m = evaluate(q, 0, f, 30);
    CHECK(m.mae == Approx((1 + 1 + 0 + 3) / 4.0));
    CHECK(m.rmse == Approx(std::sqrt((1 + 1 + 0 + 9) / 4.0)));
    CHECK(m.strmse == Approx(m.rmse / 30));
    // Top 5% of 4 cells rounds to 1 cell: the highest forecast (a/u1, 4 crimes): hit 0.4, PAI 0.4 / 0.25.
    CHECK(m.hit5 == Approx(0.4));
    CHECK(m.pai5 == Approx(1.6));
    // PEI: the best single cell (b/u2) holds 5, so PAI* = 0.5 / 0.25 = 2 and PEI = 1.6 / 2 = 4 / 5.
    CHECK(m.pei5 == Approx(0.8));
}

TEST_CASE("forecast: hit rate, PAI and PEI at 5% and 10% by hand (20 cells)", "[forecast]") {
    // One family, 20 units, 18 crimes: unit 0 has 10, unit 2 has 3, unit 3 has 5. The forecast ranks unit 2
    // first and unit 0 second. 5% of 20 cells = 1 cell, 10% = 2 cells.
    CountCube q;
    q.families = {"f"};
    for (int s = 0; s < 20; ++s) q.units.push_back("u" + std::to_string(s));
    q.n_months = 1;
    q.counts.assign(20, 0.0);
    q.counts[0] = 10;
    q.counts[2] = 3;
    q.counts[3] = 5;
    std::vector<double> f(20, 0.0);
    f[2] = 2;
    f[0] = 1;
    auto m = evaluate(q, 0, f, 31);
    CHECK(m.hit5 == Approx(3.0 / 18));
    CHECK(m.pai5 == Approx((3.0 / 18) / (1.0 / 20)));
    CHECK(m.pei5 == Approx(3.0 / 10));                     // the best cell holds 10
    CHECK(m.hit10 == Approx(13.0 / 18));
    CHECK(m.pai10 == Approx((13.0 / 18) / (2.0 / 20)));
    CHECK(m.pei10 == Approx(13.0 / 15));                   // the best two hold 10 + 5
    // Ties keep the lower cell index: a flat forecast flags unit 0 (10 crimes), then unit 1 (none).
    auto flat = evaluate(q, 0, std::vector<double>(20, 1.0), 31);
    CHECK(flat.hit5 == Approx(10.0 / 18));
    CHECK(flat.pei10 == Approx(10.0 / 15));
    // A month without crimes: hit, PAI and PEI are 0, not NaN.
    CountCube empty = q;
    empty.counts.assign(20, 0.0);
    auto z = evaluate(empty, 0, f, 31);
    CHECK(z.hit5 == 0);
    CHECK(z.pei5 == 0);
}

TEST_CASE("forecast: baselines and the default forecaster", "[forecast]") {
    std::vector<double> v(14);
    for (int i = 0; i < 14; ++i) v[size_t(i)] = i % 2 ? 10 : 2;   // alternating
    auto q = series(v);
    CHECK(forecast_month(q, 13, Method::LastMonth)[0] == 2);
    CHECK(forecast_month(q, 13, Method::SameMonthLastYear)[0] == 10);
    CHECK(forecast_month(q, 13, Method::MeanLast12)[0] == Approx(6));
    DefaultForecaster d;
    d.kind = DefaultForecaster::Median;
    d.param = 3;
    CHECK(forecast_month(q, 13, Method::Default, d)[0] == 2);   // median of months 12, 11, 10 = 2, 10, 2
}

TEST_CASE("forecast: CDMX reference figures (sector x crime type, November 2015)", "[forecast][full]") {
    std::string path = cs_test::shared_data("incidents/cdmx/cdmx_cuadrantes_monthly_counts_2013-01_2015-11.csv.gz");
    if (!cs_test::exists(path)) {
        CS_SKIP("../shared/data not present; CDMX forecast reference not checked");
        return;
    }
    auto q = load_cdmx_counts(path);
    REQUIRE(q.ok());
    CHECK(q->families.size() == 19);
    CHECK(q->units.size() == 72);
    const int t = q->n_months - 1;
    CHECK(q->month_name(t) == "2015-11");
    auto mae = [&](Method m, const DefaultForecaster& d = {}) { return evaluate(*q, t, forecast_month(*q, t, m, d), 30).mae; };
    // Reference MAE per cell: last month 1.13, mean of 12 months 0.95, same month last year 1.33, paper's F 1.48.
    CHECK(mae(Method::LastMonth) == Approx(1.13).margin(0.01));
    CHECK(mae(Method::MeanLast12) == Approx(0.95).margin(0.01));
    CHECK(mae(Method::SameMonthLastYear) == Approx(1.33).margin(0.01));
    CHECK(mae(Method::PaperF) == Approx(1.48).margin(0.01));
    auto d = choose_default(*q, t - 1);   // chosen on months up to October 2015, never on November
    CHECK(d.validation_last == t - 1);
    CHECK(mae(Method::Default, d) < mae(Method::MeanLast12));
}
