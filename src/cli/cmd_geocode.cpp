// cmd_geocode: offline address / place search on a pack (the app's search box), and `bench geocode`:
// the typed-query table tests/fixtures/geocode_queries.tsv -> top-1 hit rate and query time.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "data/pack.hpp"
#include "geocode/geocoder.hpp"

namespace crimescope::cli {

Result<geocode::Geocoder> load_geocoder(const std::string& assets, const std::string& pack) {
    std::string path = pack.find('/') != std::string::npos ? pack : assets + "/packs/" + pack + ".cspack";
    auto city = data::load_pack(path);
    if (!city) return city.error();
    return geocode::city_geocoder(city.value());
}

void register_geocode(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("geocode", "Search addresses, intersections and places in a pack (offline)");
    static std::string pack, query;
    static int n = 5;
    cmd->add_option("--pack", pack, "pack id or path")->required();
    cmd->add_option("query", query, "what a user would type")->required();
    cmd->add_option("-n", n, "results")->capture_default_str();
    cmd->callback([&ctx] {
        auto g = load_geocoder(ctx.assets_dir, pack);
        if (!g) { std::fprintf(stderr, "error: %s\n", g.error().to_string().c_str()); ctx.exit_code = 1; return; }
        for (const auto& m : g->search(query, static_cast<size_t>(n))) {
            const auto& p = g->place(m.place);
            std::printf("%.3f  %-13s %s  (%.5f, %.5f)\n", m.score, geocode::place_kind_name(p.kind), p.name.c_str(), p.lat_deg, p.lon_deg);
        }
    });
}

void register_bench_geocode(CLI::App& bench, Context& ctx) {
    auto* cmd = bench.add_subcommand("geocode", "Top-1 hit rate on the typed-query table (misspellings included)");
    static std::string table;
    cmd->add_option("--table", table, "pack<TAB>query<TAB>expected name")->capture_default_str();
    cmd->callback([&ctx] {
        std::string path = table.empty() ? ctx.assets_dir + "/../tests/fixtures/geocode_queries.tsv" : table;
        auto table_rows = geocode::read_query_table(path);
        if (!table_rows) { std::fprintf(stderr, "error: %s\n", table_rows.error().to_string().c_str()); ctx.exit_code = 1; return; }
        std::map<std::string, geocode::Geocoder> gs;
        int total = 0, hit = 0, in_top5 = 0;
        double ms = 0;
        for (const auto& tq : table_rows.value()) {
            const std::string& pack = tq.pack;
            if (!gs.count(pack)) {
                auto g = load_geocoder(ctx.assets_dir, pack);
                if (!g) { std::fprintf(stderr, "error: %s\n", g.error().to_string().c_str()); ctx.exit_code = 1; return; }
                gs.emplace(pack, std::move(g.value()));
            }
            const auto& g = gs.at(pack);
            auto t0 = std::chrono::steady_clock::now();
            auto res = g.search(tq.query, 5);
            ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            ++total;
            std::string top = res.empty() ? "(nothing)" : g.place(res[0].place).name;
            bool ok = geocode::same_place_name(top, tq.expected);
            bool ok5 = false;
            for (const auto& m : res) ok5 |= geocode::same_place_name(g.place(m.place).name, tq.expected);
            hit += ok;
            in_top5 += ok5;
            std::printf("%s %-12s %-40s -> %s\n", ok ? "ok  " : (ok5 ? "top5" : "MISS"), pack.c_str(), tq.query.c_str(), top.c_str());
        }
        std::printf("bench geocode: top-1 %d/%d (%.0f%%), top-5 %d/%d, mean %.2f ms per query\n", hit, total, 100.0 * hit / std::max(1, total),
                    in_top5, total, ms / std::max(1, total));
    });
}

}  // namespace crimescope::cli
