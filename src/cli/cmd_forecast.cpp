// cmd_forecast: `forecast eval`: the tendency forecast of paper 002 against baselines on the last month of
// a series, every method fitted only on earlier months (the default forecaster on validation months before each).
//   --source cdmx (../shared/data cuadrantes counts, 72 sectors x 19 crime types), nyc (shootings by precinct),
//   chicago (every crime family by police district / beat / community area, 2014-01..2018-08, the cube stored in
//   the pack), chicago_assaults (aggravated assaults 2010-2019 by police district)
//   --grid CELL_M (issue #19): the incident points of a pack (--source chicago | chicago_assaults | houston |
//   los_angeles | nyc, or --pack / --csv with the export filters) counted per study-area cell of a CELL_M grid.
// `forecast grid`: next month's grid forecast and hotspot set as the "forecast_grid" layer (--json).
// Tests: tests/core/forecast/ (test_tendency: metrics; test_blend: the default; test_grid_forecast: the grid cube).
#include <climits>
#include <cstdio>

#include "base/dates.hpp"
#include "base/file_io.hpp"
#include <nlohmann/json.hpp>
#include <tuple>
#include "cli_common.hpp"
#include "commands.hpp"
#include "data/pack.hpp"
#include "forecast/grid_forecast.hpp"
#include "forecast/tendency.hpp"
#include "hotspot/layer.hpp"

namespace crimescope::cli {

void register_forecast(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("forecast", "Tendency forecast (paper 002) and baselines");
    cmd->require_subcommand(1);
    auto* ev = cmd->add_subcommand("eval", "STRMSE / RMSE / MAE / PAI on the last month vs baselines");
    static std::string source = "cdmx", data_dir = "../shared/data", month, unit = "district";
    static double alpha = 0.5, beta = 0.5;
    static bool fit_ab = false, families = false;
    static int last = 1;
    static double grid_m = 0;
    static bool per_month = false;
    static IncidentSource points;
    ev->add_option("--alpha", alpha, "weight of the seasonal partial forecast f")->capture_default_str();
    ev->add_option("--beta", beta, "weight of the trend partial forecast g")->capture_default_str();
    ev->add_flag("--fit-alpha-beta", fit_ab, "choose alpha and beta on the month before each forecast month (grid 0..1, step 0.1)");
    ev->add_flag("--families", families, "CDMX: group the 19 crime types into robbery / injury / homicide (assets/omega/families.json)");
    ev->add_option("--last", last, "evaluate each of the last N months (each fitted only on earlier months) and average")->capture_default_str();
    ev->add_option("--source", source, "cdmx, nyc, chicago or chicago_assaults")->capture_default_str();
    ev->add_option("--unit", unit, "chicago: district, area (beat) or community_area")->capture_default_str();
    ev->add_option("--data", data_dir, "shared data folder (cdmx)")->capture_default_str();
    ev->add_option("--month", month, "month to forecast YYYY-MM (default: the last one)");
    ev->add_option("--grid", grid_m, "count incident points per study-area cell of a CELL_M metre grid (NIJ sizes 76.2..182.88 m) instead of police units");
    ev->add_flag("--per-month", per_month, "also print each month's table (after the mean)");
    add_incident_source_options(ev, points);
    ev->callback([&ctx] {
        forecast::CountCube q;
        std::string what;
        if (grid_m != 0 && (grid_m < kCellMin_m || grid_m > kCellMax_m)) {
            std::fprintf(stderr, "error: --grid: '%g' is not a cell size in [10, 5000] m\n", grid_m);
            ctx.exit_code = 2;
            return;
        }
        if (grid_m > 0) {
            IncidentSource src = points;
            if (src.pack.empty() && src.csv.empty()) {
                if (source == "chicago") {
                    const std::string five = ctx.assets_dir + "/../build/packs/chicago_5y.cspack";
                    std::FILE* f = std::fopen(five.c_str(), "rb");
                    src.pack = f ? five : "chicago";
                    if (f) std::fclose(f);
                } else if (source == "chicago_assaults" || source == "houston" || source == "los_angeles" || source == "nyc") {
                    src.pack = source == "nyc" ? "new_york" : source;
                } else {
                    std::fprintf(stderr, "error: --grid counts incident points: --source chicago, chicago_assaults, houston, los_angeles or nyc, or --pack / --csv\n");
                    ctx.exit_code = 2;
                    return;
                }
            }
            auto inc = load_incidents(src, ctx.assets_dir);
            if (!inc) { std::fprintf(stderr, "error: %s\n", inc.error().to_string().c_str()); ctx.exit_code = exit_code_for(inc.error()); return; }
            // The grid and its study area come from the rows before the first month scored (no scored month shapes
            // the places); the scored months' incidents outside it are not counted.
            std::vector<size_t> before;
            {
                int32_t last_day = INT32_MIN;
                for (size_t r : inc->rows) last_day = std::max(last_day, inc->table.day[r]);
                int32_t end_month = month_of_day(last_day);
                if (!month.empty()) {
                    int y = 0, m = 0;
                    if (std::sscanf(month.c_str(), "%d-%d", &y, &m) == 2) end_month = month_index(y, m);
                }
                const int32_t first_scored = end_month - std::max(1, last) + 1;   // months since 1970-01
                if (first_scored >= 0) {
                    const int32_t first_day = days_from_civil(1970 + first_scored / 12, first_scored % 12 + 1, 1);
                    for (size_t r : inc->rows)
                        if (inc->table.day[r] < first_day) before.push_back(r);
                }
            }
            auto g = forecast::grid_cube(inc->table, inc->rows, grid_m, before.empty() ? std::span<const size_t>(inc->rows) : std::span<const size_t>(before));
            if (!g) { std::fprintf(stderr, "error: %s\n", g.error().to_string().c_str()); ctx.exit_code = exit_code_for(g.error()); return; }
            if (grid_m < hotspot::kNijCellMin_m || grid_m > hotspot::kNijCellMax_m)
                std::fprintf(stderr, "note: --grid %g m is outside the NIJ challenge's cell sizes (76.2..182.88 m)\n", grid_m);
            q = std::move(g->cube);
            char buf[200];
            std::snprintf(buf, sizeof buf, "%s, %zu incidents on %zu study-area cells of %g m", inc->source.c_str(), static_cast<size_t>(g->counted),
                          g->cells.size(), grid_m);
            what = buf;
        } else if (source == "cdmx") {
            auto r = forecast::load_cdmx_counts(data_dir + "/incidents/cdmx/cdmx_cuadrantes_monthly_counts_2013-01_2015-11.csv.gz");
            if (!r) { std::fprintf(stderr, "error: %s\n", r.error().to_string().c_str()); ctx.exit_code = 1; return; }
            q = std::move(r.value());
            what = "CDMX sector x crime type";
            if (families) {
                auto maps = read_file_bytes(ctx.assets_dir + "/omega/families.json");
                if (!maps) { std::fprintf(stderr, "error: %s\n", maps.error().to_string().c_str()); ctx.exit_code = 1; return; }
                auto j = nlohmann::json::parse(maps->begin(), maps->end(), nullptr, false);
                std::vector<std::pair<std::string, std::vector<std::string>>> rules;
                for (const auto& rule : j["cdmx_counts"]["family"]["rules"]) rules.push_back({rule[0].get<std::string>(), rule[1].get<std::vector<std::string>>()});
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
        // Police units: 14 earlier months (a year for the seasonal baselines and the paper's f); grid cells from
        // packs of a year or less: the default needs its validation month and 3 months before that.
        const int need = grid_m > 0 ? forecast::kBlendMinHistory + 1 : 14;
        if (t_first < need || t_end >= q.n_months) {
            std::fprintf(stderr, "error: month out of range (needs %d earlier months; the data has %s..%s)\n", need, q.month_name(0).c_str(),
                         q.month_name(q.n_months - 1).c_str());
            ctx.exit_code = 2;
            return;
        }
        const std::vector<forecast::Method> methods = {forecast::Method::LastMonth, forecast::Method::SameMonthLastYear, forecast::Method::MeanLast12,
                                                       forecast::Method::NaiveBayes, forecast::Method::PaperF, forecast::Method::Default};
        std::vector<forecast::Metrics> sum(methods.size());
        std::vector<std::vector<forecast::Metrics>> each;   // [month][method]
        double total = 0;
        std::printf("forecast eval: %s: %zu families x %zu units = %d cells; forecasting %s..%s, each from the months before it (data from %s)\n",
                    what.c_str(), q.families.size(), q.units.size(), q.cells(), q.month_name(t_first).c_str(), q.month_name(t_end).c_str(),
                    q.month_name(0).c_str());
        for (int t = t_first; t <= t_end; ++t) {
            const int y = (q.first_month + t) / 12, mth = (q.first_month + t) % 12 + 1;
            const int days = days_in_month(y, mth);
            auto d = forecast::choose_default(q, t - 1);
            double a = alpha, b = beta;
            if (fit_ab) std::tie(a, b) = forecast::fit_alpha_beta(q, t - 1);
            for (int c = 0; c < static_cast<int>(q.families.size()); ++c)
                for (int s = 0; s < static_cast<int>(q.units.size()); ++s) total += q.at(c, s, t);
            std::string chosen_on = d.kind == forecast::DefaultForecaster::Blend
                                        ? " (chosen on " + q.month_name(d.validation_first) + ".." + q.month_name(d.validation_last) + ")"
                                        : " (chosen on " + q.month_name(t - 1) + ")";
            std::printf("  %s: default = %s%s; paper's F with alpha %.1f, beta %.1f%s\n", q.month_name(t).c_str(), d.describe().c_str(),
                        chosen_on.c_str(), a, b, fit_ab ? " (fitted on the month before)" : "");
            each.emplace_back();
            for (size_t k = 0; k < methods.size(); ++k) {
                auto r = forecast::evaluate(q, t, forecast::forecast_month(q, t, methods[k], d, a, b), days);
                each.back().push_back(r);
                sum[k].mae += r.mae; sum[k].rmse += r.rmse; sum[k].strmse += r.strmse;
                sum[k].hit5 += r.hit5; sum[k].pai5 += r.pai5; sum[k].hit10 += r.hit10; sum[k].pai10 += r.pai10;
                sum[k].pei5 += r.pei5; sum[k].pei10 += r.pei10;
            }
        }
        const double n = t_end - t_first + 1;
        auto table = [&](const std::vector<forecast::Metrics>& rows, double div) {
            std::printf("  %-32s %7s %7s %8s %7s %7s %7s %7s %7s %7s\n", "method", "MAE", "RMSE", "STRMSE", "hit@5%", "PAI@5%", "PEI@5%", "hit@10%",
                        "PAI@10%", "PEI@10%");
            for (size_t k = 0; k < methods.size(); ++k) {
                const auto& r = rows[k];
                std::string name = methods[k] == forecast::Method::PaperF ? (fit_ab ? "paper's F (alpha, beta fitted)" : "paper's F") : forecast::method_name(methods[k]);
                std::printf("  %-32s %7.3f %7.3f %8.4f %7.3f %7.2f %7.3f %7.3f %7.2f %7.3f\n", name.c_str(), r.mae / div, r.rmse / div, r.strmse / div,
                            r.hit5 / div, r.pai5 / div, r.pei5 / div, r.hit10 / div, r.pai10 / div, r.pei10 / div);
            }
        };
        std::printf("  mean over %.0f month(s), %.0f crimes:\n", n, total);
        table(sum, n);
        if (per_month)
            for (size_t m = 0; m < each.size(); ++m) {
                std::printf("  %s:\n", q.month_name(t_first + static_cast<int>(m)).c_str());
                table(each[m], 1);
            }
    });

    auto* gr = cmd->add_subcommand("grid", "Next month's forecast per grid cell and the hotspot set (layer forecast_grid)");
    static IncidentSource gsrc;
    static double cell_m = hotspot::kDefaultCell_m, share = 0.05;
    static bool json = false, with_cells = false;
    add_incident_source_options(gr, gsrc);
    gr->add_option("--cell-m", cell_m, "grid cell size in metres (NIJ sizes 76.2..182.88 m)")->capture_default_str();
    gr->add_option("--area-share", share, "share of the study area in the hotspot set")->capture_default_str();
    gr->add_flag("--json", json, "print the layer as JSON");
    gr->add_flag("--cells", with_cells, "with --json: every drawn cell (features)");
    gr->callback([&ctx] {
        if (cell_m < kCellMin_m || cell_m > kCellMax_m) {   // the hotspot commands' range (cli_common)
            std::fprintf(stderr, "error: --cell-m: '%g' is not a cell size in [10, 5000] m\n", cell_m);
            ctx.exit_code = 2;
            return;
        }
        auto inc = load_incidents(gsrc, ctx.assets_dir);
        if (!inc) { std::fprintf(stderr, "error: %s\n", inc.error().to_string().c_str()); ctx.exit_code = exit_code_for(inc.error()); return; }
        auto g = forecast::grid_cube(inc->table, inc->rows, cell_m);
        if (!g) { std::fprintf(stderr, "error: %s\n", g.error().to_string().c_str()); ctx.exit_code = exit_code_for(g.error()); return; }
        auto f = forecast::forecast_grid(*g, share);
        if (!f) { std::fprintf(stderr, "error: %s\n", f.error().to_string().c_str()); ctx.exit_code = exit_code_for(f.error()); return; }
        if (json) {
            auto j = hotspot::layer_json(f->layer, with_cells);
            j["month"] = f->month_name;
            j["forecaster"] = f->chosen.describe();
            std::printf("%s\n", j.dump(1).c_str());
            return;
        }
        double expected = 0, in_hot = 0;
        for (double r : f->rate) expected += r;
        for (size_t k = 0; k < f->layer.cells.size(); ++k)
            if (f->layer.klass[k] == 0) in_hot += f->layer.value[k];
        std::printf("forecast grid: %s, %zu study-area cells of %g m, forecasting %s with %s\n", inc->source.c_str(), g->cells.size(), cell_m,
                    f->month_name.c_str(), f->chosen.describe().c_str());
        std::printf("  expected incidents %.0f; hotspot set %zu cells (%.3g%% of area) expecting %.0f (%.1f%%)\n", expected, f->hotspot.size(),
                    100 * share, in_hot, expected > 0 ? 100 * in_hot / expected : 0.0);
    });
}

}  // namespace crimescope::cli
