// cmd_info: load a pack and print what is in it (rows, dates, columns, boundaries, base-map layers,
// attribution, caveats).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/dates.hpp"
#include "commands.hpp"
#include "data/pack.hpp"

namespace crimescope::cli {

void register_info(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("info", "Describe a city pack");
    static std::string path;
    cmd->add_option("pack", path, "pack id of assets/packs/packs.json, or a .cspack file")->required();
    cmd->callback([&ctx] {
        auto city = data::load_pack_by_id_or_path(path, ctx.assets_dir + "/packs");
        if (!city) { std::fprintf(stderr, "error: %s\n", city.error().to_string().c_str()); ctx.exit_code = 1; return; }
        const auto& t = city->incidents;
        std::printf("%s (%s), profile %s\n%zu incidents", city->display_name.c_str(), city->id.c_str(),
                    city->profile_id.c_str(), t.size());
        if (t.size()) std::printf(", %s .. %s", format_day(t.day.front()).c_str(), format_day(t.day.back()).c_str());
        std::printf("\n");
        for (const auto& c : t.categories)
            std::printf("  %-18s %6zu values (from %s)\n", c.role.c_str(), c.dict.size(), c.source_column.c_str());
        for (const auto& n : t.numerics) std::printf("  %-18s numeric (from %s)\n", n.role.c_str(), n.source_column.c_str());
        for (const auto& b : city->boundaries) std::printf("  boundary %s: %zu polygons (%s)\n", b.name.c_str(), b.polygons.size(), b.source.c_str());
        for (const auto& l : city->base_layers) {
            size_t major = 0;
            for (const auto& f : l.features) major += f.rank == 0;
            std::printf("  layer %s (%s): %zu features, %zu named, %zu major, %zu points, %zu bytes\n    source: %s\n", l.name.c_str(),
                        l.kind.c_str(), l.features.size(), l.named_count(), major, l.lat_deg.size(), data::base_layer_bytes(l),
                        l.source.c_str());
        }
        std::printf("attribution: %s\n", city->attribution.c_str());
        for (const auto& l : city->base_layers)
            if (!l.attribution.empty()) std::printf("map credit (%s): %s\n", l.name.c_str(), l.attribution.c_str());
        auto cav = city->extras.find("caveats");
        if (cav != city->extras.end()) {
            auto j = nlohmann::json::parse(cav->second, nullptr, false);
            if (j.is_array())
                for (const auto& c : j)
                    if (c.is_string()) std::printf("caveat: %s\n", c.get<std::string>().c_str());
        }
        if (!city->disclaimer.empty()) std::printf("disclaimer: %s\n", city->disclaimer.c_str());
    });
}

}  // namespace crimescope::cli
