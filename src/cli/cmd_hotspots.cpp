// cmd_hotspots: the analyst's hot spot layers (issue #19): kernel density, Getis-Ord Gi* with FDR, emerging hot
// spots, on a square grid over the incidents a filter accepts. Core does the work (src/core/hotspot/); this file
// reads options and prints. Covered by tests/cli/test_hotspots.sh.
//   crimescope-cli hotspots (kde|gistar|emerging) (--pack ID_OR_FILE | --csv FILE [--profile P])
//       [--from --to --hours --types --bbox] [--cell-m M (150)] [--area-share S (0.05)] [--bandwidth-m H]
//       [--neighbour-m D] [--time-step N (1)] [--fdr Q (0.05; 0 = off)] [--json]
// Bad arguments exit 2 with a message naming the option; unreadable input exits 1.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "commands.hpp"
#include "hotspot/emerging.hpp"
#include "hotspot/gistar.hpp"
#include "hotspot/grid.hpp"
#include "hotspot/kde.hpp"
#include "hotspot/layer.hpp"

namespace crimescope::cli {

namespace {
struct HotspotArgs {
    std::string method;
    IncidentSource src;
    std::string cell_m = "150", area_share = "0.05", bandwidth_m, neighbour_m, time_step = "1", fdr = "0.05";
    bool json = false;
};

// The option a core Error's field names.
std::string option_of(const std::string& field) {
    if (field == "cell_m") return "--cell-m";
    if (field == "bandwidth_m") return "--bandwidth-m";
    if (field == "neighbour_m") return "--neighbour-m";
    if (field == "area_share") return "--area-share";
    if (field == "time_step_months") return "--time-step";
    if (field == "fdr_q") return "--fdr";
    if (field == "months") return "--from/--to";
    return field;
}

std::string with_commas(size_t v) {
    const std::string d = std::to_string(v);
    std::string s;
    for (size_t k = 0; k < d.size(); ++k) {
        if (k > 0 && (d.size() - k) % 3 == 0) s += ',';
        s += d[k];
    }
    return s;
}
}  // namespace

void register_hotspots(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("hotspots", "Hot spot layers on a square grid: kde | gistar | emerging (issue #19)");
    static HotspotArgs a;
    cmd->add_option("method", a.method, "kde (quartic kernel density), gistar (Getis-Ord Gi* + FDR) or emerging (emerging hot spots)")
        ->required();
    add_incident_source_options(cmd, a.src);
    cmd->add_option("--cell-m", a.cell_m, "grid cell size in metres (default 150; NIJ challenge range 76.2-182.88)");
    cmd->add_option("--area-share", a.area_share, "kde: the top share of the study area drawn as the hotspot set, (0, 1] (default 0.05)");
    cmd->add_option("--bandwidth-m", a.bandwidth_m, "kde: kernel radius in metres (default: ArcGIS Pro's default search radius rule)");
    cmd->add_option("--neighbour-m", a.neighbour_m, "gistar/emerging: neighbour distance in metres (default cell size x sqrt 2: queen)");
    cmd->add_option("--time-step", a.time_step, "emerging: months before the current one in the neighbourhood (default 1)");
    cmd->add_option("--fdr", a.fdr, "gistar/emerging: Benjamini-Hochberg level (default 0.05; 0 = no FDR control)");
    cmd->add_flag("--json", a.json, "print the layer as JSON (hotspot::layer_json with cells) plus source and incidents");
    cmd->callback([&ctx] {
        auto fail = [&](int code, const std::string& msg) {
            std::fprintf(stderr, "error: %s\n", msg.c_str());
            ctx.exit_code = code;
        };
        if (a.method != "kde" && a.method != "gistar" && a.method != "emerging")
            return fail(2, "method: '" + a.method + "' is not one of kde, gistar, emerging");
        double cell_m = 0, share = 0, band = 0, nbm = 0, step = 0, fdr = 0;
        std::string err;
        if (!parse_cell_m(a.cell_m, cell_m, err)) return fail(2, err);
        if (!parse_number_text(a.area_share, share) || !(share > 0) || share > 1)
            return fail(2, "--area-share: '" + a.area_share + "' is not a share in (0, 1]");
        if (!a.bandwidth_m.empty() && (!parse_number_text(a.bandwidth_m, band) || !(band > 0)))
            return fail(2, "--bandwidth-m: '" + a.bandwidth_m + "' is not a distance > 0 m");
        if (!a.neighbour_m.empty() && (!parse_number_text(a.neighbour_m, nbm) || !(nbm > 0)))
            return fail(2, "--neighbour-m: '" + a.neighbour_m + "' is not a distance > 0 m");
        if (!parse_number_text(a.time_step, step) || step < 0 || step > 24 || step != std::floor(step))
            return fail(2, "--time-step: '" + a.time_step + "' is not a whole number of months in 0..24");
        if (!parse_number_text(a.fdr, fdr) || fdr < 0 || fdr >= 1) return fail(2, "--fdr: '" + a.fdr + "' is not a level in [0, 1)");
        const auto t0 = std::chrono::steady_clock::now();
        auto loaded = load_incidents(a.src, ctx.assets_dir);
        if (!loaded) return fail(exit_code_for(loaded.error()), loaded.error().to_string());
        const auto& t = loaded->table;
        std::vector<size_t> rows;
        rows.reserve(loaded->rows.size());
        for (size_t r : loaded->rows)
            if (std::isfinite(t.lat_deg[r]) && std::isfinite(t.lon_deg[r])) rows.push_back(r);
        const size_t no_position = loaded->rows.size() - rows.size();
        if (rows.empty()) return fail(2, loaded->source + ": no incident with a position passes the filters");
        auto grid = hotspot::grid_for_rows(t, rows, cell_m);
        if (!grid) return fail(2, "--cell-m: " + grid.error().message);
        const auto t1 = std::chrono::steady_clock::now();
        Result<hotspot::CellLayer> layer = make_error(ErrorKind::Invalid, "no method");
        nlohmann::json extra;
        if (a.method == "kde") {
            hotspot::KdeParams p;
            p.bandwidth_m = band;
            p.area_share = share;
            layer = hotspot::kde(*grid, t, rows, p);
        } else if (a.method == "gistar") {
            hotspot::GiStarParams p;
            p.neighbour_m = nbm;
            p.fdr_q = fdr;
            layer = hotspot::gistar(*grid, t, rows, p);
        } else {
            hotspot::EmergingParams p;
            p.neighbour_m = nbm;
            p.time_step_months = static_cast<int>(step);
            p.fdr_q = fdr;
            auto r = hotspot::emerging(*grid, t, rows, p);
            if (r) {
                extra["first_month"] = month_text(r->first_month);
                extra["months"] = r->months;
                layer = std::move(r->layer);
            } else {
                layer = r.error();
            }
        }
        if (!layer) {
            const auto& e = layer.error();
            return fail(exit_code_for(e), (e.field.empty() ? "" : option_of(e.field) + ": ") + e.message);
        }
        auto& l = layer.value();
        if (no_position > 0)
            l.notes.push_back(with_commas(no_position) + " incidents without a position left out");
        const double load_s = std::chrono::duration<double>(t1 - t0).count();
        const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
        if (a.json) {
            auto j = hotspot::layer_json(l, true);
            j["source"] = loaded->source;
            j["incidents"] = rows.size();
            for (auto& [k, v] : extra.items()) j[k] = v;
            std::printf("%s\n", j.dump().c_str());
            return;
        }
        std::printf("%s: %s on %s incidents, %.0f m grid %d x %d, %s study-area cells\n", loaded->source.c_str(), a.method.c_str(),
                    with_commas(rows.size()).c_str(), l.grid.cell_m, l.grid.nx, l.grid.ny, with_commas(l.cells.size()).c_str());
        std::printf("%s: %s significant; value: %s\n", l.title.c_str(), with_commas(l.significant).c_str(), l.value_name.c_str());
        std::vector<size_t> per(l.classes.size(), 0);
        for (uint8_t k : l.klass)
            if (k < per.size()) ++per[k];
        for (size_t k = 0; k < l.classes.size(); ++k) std::printf("  %-44s %10s\n", l.classes[k].name.c_str(), with_commas(per[k]).c_str());
        for (const auto& n : l.notes) std::printf("note: %s\n", n.c_str());
        std::printf("time: load %.2f s, %s %.2f s\n", load_s, a.method.c_str(), run_s);
    });
}

}  // namespace crimescope::cli
