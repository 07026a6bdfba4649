// cmd_forecast: `forecast eval`: the tendency forecast of paper 002 against baselines on the last month of
// a series, every method fitted only on earlier months (the default forecaster's setting on the month before).
//   --source cdmx (../shared/data cuadrantes counts, 72 sectors x 19 crime types), nyc (shootings by precinct),
//   chicago (every crime family by police district / beat / community area, 2014-01..2018-08, the cube stored in
//   the pack), chicago_assaults (aggravated assaults 2010-2019 by police district)
#include <cstdio>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include <nlohmann/json.hpp>
#include <tuple>
#include "commands.hpp"
#include "data/pack.hpp"
#include "forecast/tendency.hpp"

namespace crimescope::cli {

void register_forecast(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("forecast", "Tendency forecast (paper 002) and baselines");
    cmd->require_subcommand(1);
    auto* ev = cmd->add_subcommand("eval", "STRMSE / RMSE / MAE / PAI on the last month vs baselines");
    static std::string source = "cdmx", data_dir = "../shared/data", month, unit = "district";
    static double alpha = 0.5, beta = 0.5;
    static bool fit_ab = false, families = false;
    static int last = 1;
    ev->add_option("--alpha", alpha, "weight of the seasonal partial forecast f")->capture_default_str();
    ev->add_option("--beta", beta, "weight of the trend partial forecast g")->capture_default_str();
    ev->add_flag("--fit-alpha-beta", fit_ab, "choose alpha and beta on the month before each forecast month (grid 0..1, step 0.1)");
    ev->add_flag("--families", families, "CDMX: group the 19 crime types into robbery / injury / homicide (assets/omega/families.json)");
    ev->add_option("--last", last, "evaluate each of the last N months (each fitted only on earlier months) and average")->capture_default_str();
    ev->add_option("--source", source, "cdmx, nyc, chicago or chicago_assaults")->capture_default_str();
    ev->add_option("--unit", unit, "chicago: district, area (beat) or community_area")->capture_default_str();
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
            if (families) {
                auto maps = read_file_bytes(ctx.assets_dir + "/omega/families.json");
                if (!maps) { std::fprintf(stderr, "error: %s\n", maps.error().to_string().c_str()); ctx.exit_code = 1; return; }
                auto j = nlohmann::json::parse(maps->begin(), maps->end(), nullptr, false);
                std::vector<std::pair<std::string, std::vector<std::string>>> rules;
                for (const auto& r : j["cdmx_counts"]["family"]["rules"]) rules.push_back({r[0].get<std::string>(), r[1].get<std::vector<std::string>>()});
                q = forecast::group_families(q, rules);
                what = "CDMX sector x family";
            }
        } else if (source == "nyc" || source == "chicago_assaults") {
            auto c = data::load_pack(ctx.assets_dir + "/packs/" + std::string(source == "nyc" ? "new_york" : "chicago_assaults") + ".cspack");
            if (!c) { std::fprintf(stderr, "error: %s\n", c.error().to_string().c_str()); ctx.exit_code = 1; return; }
            q = forecast::cube_from_incidents(c->incidents, "type", source == "nyc" ? "precinct" : "district");
            what = source == "nyc" ? "NYC shootings by precinct" : "Chicago aggravated assaults by police district";
        } else if (source == "chicago") {   // five years of monthly counts stored in the pack (12 months of incidents)
            auto c = data::load_pack(ctx.assets_dir + "/packs/chicago.cspack");
            if (!c) { std::fprintf(stderr, "error: %s\n", c.error().to_string().c_str()); ctx.exit_code = 1; return; }
            const std::string key = unit == "district" ? "monthly_counts" : "monthly_counts." + unit;
            auto it = c->extras.find(key);
            if (it == c->extras.end()) {
                std::fprintf(stderr, "error: --unit %s: the chicago pack stores no monthly counts by it (district, area, community_area)\n", unit.c_str());
                ctx.exit_code = 2;
                return;
            }
            auto r = forecast::cube_from_tsv(it->second, "chicago.cspack " + key);
            if (!r) { std::fprintf(stderr, "error: %s\n", r.error().to_string().c_str()); ctx.exit_code = 1; return; }
            q = std::move(r.value());
            what = "Chicago crime family by " + std::string(unit == "area" ? "beat" : unit == "district" ? "police district" : "community area");
        } else {
            std::fprintf(stderr, "error: --source must be cdmx, nyc, chicago or chicago_assaults\n");
            ctx.exit_code = 2;
            return;
        }
        int t_end = q.n_months - 1;
        if (!month.empty()) {
            int y = 0, m = 0;
            if (std::sscanf(month.c_str(), "%d-%d", &y, &m) != 2) { std::fprintf(stderr, "error: --month YYYY-MM\n"); ctx.exit_code = 2; return; }
            t_end = y * 12 + m - 1 - q.first_month;
        }
        const int t_first = t_end - std::max(1, last) + 1;
        if (t_first < 14 || t_end >= q.n_months) { std::fprintf(stderr, "error: month out of range (needs 14 earlier months)\n"); ctx.exit_code = 2; return; }
        const std::vector<forecast::Method> methods = {forecast::Method::LastMonth, forecast::Method::SameMonthLastYear, forecast::Method::MeanLast12,
                                                       forecast::Method::NaiveBayes, forecast::Method::PaperF, forecast::Method::Default};
        std::vector<forecast::Metrics> sum(methods.size());
        double total = 0;
        std::printf("forecast eval: %s: %zu families x %zu units = %d cells; forecasting %s..%s, each from the months before it (data from %s)\n",
                    what.c_str(), q.families.size(), q.units.size(), q.cells(), q.month_name(t_first).c_str(), q.month_name(t_end).c_str(),
                    q.month_name(0).c_str());
        for (int t = t_first; t <= t_end; ++t) {
            const int y = (q.first_month + t) / 12, mth = (q.first_month + t) % 12 + 1;
            const int days = days_from_civil(mth == 12 ? y + 1 : y, mth == 12 ? 1 : mth + 1, 1) - days_from_civil(y, mth, 1);
            auto d = forecast::choose_default(q, t - 1);
            double a = alpha, b = beta;
            if (fit_ab) std::tie(a, b) = forecast::fit_alpha_beta(q, t - 1);
            for (int c = 0; c < static_cast<int>(q.families.size()); ++c)
                for (int s = 0; s < static_cast<int>(q.units.size()); ++s) total += q.at(c, s, t);
            std::printf("  %s: default = %s; paper's F with alpha %.1f, beta %.1f%s\n", q.month_name(t).c_str(), d.describe().c_str(), a, b,
                        fit_ab ? " (fitted on the month before)" : "");
            for (size_t k = 0; k < methods.size(); ++k) {
                auto r = forecast::evaluate(q, t, forecast::forecast_month(q, t, methods[k], d, a, b), days);
                sum[k].mae += r.mae; sum[k].rmse += r.rmse; sum[k].strmse += r.strmse;
                sum[k].hit5 += r.hit5; sum[k].pai5 += r.pai5; sum[k].hit10 += r.hit10; sum[k].pai10 += r.pai10;
            }
        }
        const double n = t_end - t_first + 1;
        std::printf("  mean over %.0f month(s), %.0f crimes:\n", n, total);
        std::printf("  %-32s %7s %7s %8s %7s %7s %7s %7s\n", "method", "MAE", "RMSE", "STRMSE", "hit@5%", "PAI@5%", "hit@10%", "PAI@10%");
        for (size_t k = 0; k < methods.size(); ++k) {
            const auto& r = sum[k];
            std::string name = methods[k] == forecast::Method::PaperF ? (fit_ab ? "paper's F (alpha, beta fitted)" : "paper's F") : forecast::method_name(methods[k]);
            std::printf("  %-32s %7.3f %7.3f %8.4f %7.3f %7.2f %7.3f %7.2f\n", name.c_str(), r.mae / n, r.rmse / n, r.strmse / n, r.hit5 / n,
                        r.pai5 / n, r.hit10 / n, r.pai10 / n);
        }
    });
}

}  // namespace crimescope::cli
