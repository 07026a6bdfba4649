// cmd_forecast: `forecast eval`: the tendency forecast of paper 002 against baselines on the last month of
// a series, every method fitted only on earlier months (the default forecaster's setting on the month before).
//   --source cdmx (../shared/data cuadrantes counts, 72 sectors x 19 crime types), nyc (shootings by precinct),
//   chicago (aggravated assaults by police district)
#include <cstdio>

#include "base/dates.hpp"
#include "commands.hpp"
#include "data/pack.hpp"
#include "forecast/tendency.hpp"

namespace crimescope::cli {

void register_forecast(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("forecast", "Tendency forecast (paper 002) and baselines");
    cmd->require_subcommand(1);
    auto* ev = cmd->add_subcommand("eval", "STRMSE / RMSE / MAE / PAI on the last month vs baselines");
    static std::string source = "cdmx", data_dir = "../shared/data", month;
    ev->add_option("--source", source, "cdmx, nyc or chicago")->capture_default_str();
    ev->add_option("--data", data_dir, "shared data folder (cdmx)")->capture_default_str();
    ev->add_option("--month", month, "month to forecast YYYY-MM (default: the last one)");
    ev->callback([&ctx] {
        forecast::CountCube q;
        std::string what;
        if (source == "cdmx") {
            auto r = forecast::load_cdmx_counts(data_dir + "/incidents/cdmx/cdmx_cuadrantes_monthly_counts_2013-01_2015-11.csv.gz");
            if (!r) { std::fprintf(stderr, "error: %s\n", r.error().to_string().c_str()); ctx.exit_code = 1; return; }
            q = std::move(r.value());
            what = "CDMX sector x crime type";
        } else if (source == "nyc" || source == "chicago") {
            auto c = data::load_pack(ctx.assets_dir + "/packs/" + std::string(source == "nyc" ? "new_york" : "chicago") + ".cspack");
            if (!c) { std::fprintf(stderr, "error: %s\n", c.error().to_string().c_str()); ctx.exit_code = 1; return; }
            q = forecast::cube_from_incidents(c->incidents, "type", source == "nyc" ? "precinct" : "district");
            what = source == "nyc" ? "NYC shootings by precinct" : "Chicago aggravated assaults by police district";
        } else {
            std::fprintf(stderr, "error: --source must be cdmx, nyc or chicago\n");
            ctx.exit_code = 2;
            return;
        }
        int t = q.n_months - 1;
        if (!month.empty()) {
            int y = 0, m = 0;
            if (std::sscanf(month.c_str(), "%d-%d", &y, &m) != 2) { std::fprintf(stderr, "error: --month YYYY-MM\n"); ctx.exit_code = 2; return; }
            t = y * 12 + m - 1 - q.first_month;
        }
        if (t < 13 || t >= q.n_months) { std::fprintf(stderr, "error: month out of range\n"); ctx.exit_code = 2; return; }
        const int y = (q.first_month + t) / 12, mth = (q.first_month + t) % 12 + 1;
        const int days = days_from_civil(mth == 12 ? y + 1 : y, mth == 12 ? 1 : mth + 1, 1) - days_from_civil(y, mth, 1);
        auto d = forecast::choose_default(q, t - 1);
        double total = 0;
        for (int c = 0; c < static_cast<int>(q.families.size()); ++c)
            for (int s = 0; s < static_cast<int>(q.units.size()); ++s) total += q.at(c, s, t);
        std::printf("forecast eval: %s: %zu families x %zu units = %d cells; forecasting %s (%.0f crimes, %d days) from %s..%s\n",
                    what.c_str(), q.families.size(), q.units.size(), q.cells(), q.month_name(t).c_str(), total, days,
                    q.month_name(0).c_str(), q.month_name(t - 1).c_str());
        std::printf("  default forecaster, chosen by MAE on %s: %s\n", q.month_name(t - 1).c_str(), d.describe().c_str());
        std::printf("  %-32s %7s %7s %8s %7s %7s %7s %7s\n", "method", "MAE", "RMSE", "STRMSE", "hit@5%", "PAI@5%", "hit@10%", "PAI@10%");
        for (auto m : {forecast::Method::LastMonth, forecast::Method::SameMonthLastYear, forecast::Method::MeanLast12,
                       forecast::Method::NaiveBayes, forecast::Method::PaperF, forecast::Method::Default}) {
            auto f = forecast::forecast_month(q, t, m, d);
            auto r = forecast::evaluate(q, t, f, days);
            std::printf("  %-32s %7.3f %7.3f %8.4f %7.3f %7.2f %7.3f %7.2f\n", forecast::method_name(m), r.mae, r.rmse, r.strmse, r.hit5,
                        r.pai5, r.hit10, r.pai10);
        }
    });
}

}  // namespace crimescope::cli
