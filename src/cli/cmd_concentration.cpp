// cmd_concentration: how concentrated crime is among places (issue #19): the share of crime in the top 1, 5, 10,
// 20% of the study area's grid cells, the share of places holding 50% / 80% of crime, the Gini coefficient and a
// coarse Lorenz table; the engine is hotspot::concentration (src/core/hotspot/concentration.hpp).
//   crimescope-cli concentration (--pack ID_OR_FILE | --csv FILE [--profile P]) [--from --to --hours --types --bbox]
//       [--cell-m 150] [--json]
// Bad arguments exit 2 with a message naming the option; unreadable input exits 1. Test: tests/cli/test_near_repeat.sh.
#include <charconv>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "commands.hpp"
#include "hotspot/concentration.hpp"

namespace crimescope::cli {

void register_concentration(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("concentration", "Crime concentration among places: Lorenz curve, top shares, 80-20 figure, Gini");
    static IncidentSource src;
    static std::string cell_m = "150";
    static bool json = false;
    add_incident_source_options(cmd, src);
    cmd->add_option("--cell-m", cell_m, "grid cell (place) size, metres; NIJ cells are 76.2..182.88 m")->capture_default_str();
    cmd->add_flag("--json", json, "print JSON");
    cmd->callback([&ctx] {
        auto fail = [&](int code, const std::string& msg) {
            std::fprintf(stderr, "error: %s\n", msg.c_str());
            ctx.exit_code = code;
        };
        hotspot::ConcentrationParams p;
        std::string err;
        if (!parse_cell_m(cell_m, p.cell_m, err)) return fail(2, err);
        auto loaded = load_incidents(src, ctx.assets_dir);
        if (!loaded) return fail(exit_code_for(loaded.error()), loaded.error().to_string());
        auto r = hotspot::concentration(loaded->table, loaded->rows, p);
        if (!r) {
            const Error& e = r.error();
            return fail(2, e.field == "cell_m" ? "--cell-m: " + e.message : e.message);
        }
        const auto& c = r.value();
        if (json) {
            auto j = hotspot::concentration_json(c, 20);
            j["source"] = loaded->source;
            j["selected"] = loaded->rows.size();
            std::printf("%s\n", j.dump(1).c_str());
            return;
        }
        std::printf("%s: concentration of %llu incidents over %zu places (%g m cells of the study area, the incidents' convex hull;"
                    " %zu of them with crime)\n",
                    loaded->source.c_str(), static_cast<unsigned long long>(c.crimes), c.places, c.cell_m, c.places_with_crime);
        if (c.without_position) std::printf("  %zu selected incidents without a position left out\n", c.without_position);
        for (const auto& s : c.top)
            std::printf("  top %4.0f%% of places: %5.1f%% of crime\n", 100 * s.place_share, 100 * s.crime_share);
        std::printf("  50%% of crime in %.1f%% of places; 80%% in %.1f%% of places (the 80-20 figure)\n", 100 * c.places_for_50,
                    100 * c.places_for_80);
        std::printf("  Gini coefficient %.3f\n", c.gini);
        std::printf("\nLorenz curve (places busiest first; a fractional place holds that fraction of its count):\n  places  crime\n");
        for (const auto& s : c.lorenz(10)) std::printf("  %5.0f%%  %5.1f%%\n", 100 * s.place_share, 100 * s.crime_share);
    });
}

}  // namespace crimescope::cli
