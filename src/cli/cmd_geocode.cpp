// cmd_geocode: offline address / place search on a pack (the app's search box), and `bench geocode`:
// the typed-query table tests/fixtures/geocode_queries.tsv -> top-1 hit rate and query time, then typed street
// addresses drawn from the shared incident files (held out of the index) -> per-city share within 250 m.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "data/ingest.hpp"
#include "data/pack.hpp"
#include "geocode/address_eval.hpp"
#include "geocode/geocoder.hpp"

namespace crimescope::cli {

Result<data::CityData> load_city(const std::string& assets, const std::string& pack) {
    return data::load_pack_by_id_or_path(pack, assets + "/packs");
}

Result<geocode::Geocoder> load_geocoder(const std::string& assets, const std::string& pack) {
    auto city = load_city(assets, pack);
    if (!city) return city.error();
    return geocode::city_geocoder(city.value());
}

namespace {

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

// One city of the typed-address measurement. Houston, Los Angeles and Vancouver draw from their packs'
// incidents, which are the shared files' rows (the months withheld from those packs are withheld from the
// shared data too); Chicago's pack has no addresses, so it draws from the portal sample's `Block` column.
struct AddressCity {
    const char* pack;
    const char* city_name;   // the suffix typed after the street
    const char* source;      // shared file (relative to --data) that must exist
    const char* profile;     // when set: ingest `source` with this profile and use it as the incidents
};
const AddressCity kAddressCities[] = {
    {"houston", "Houston", "incidents/houston/houston_crime_2010-01_2010-07_ggmap.csv.gz", nullptr},
    {"los_angeles", "Los Angeles", "incidents/lapd/lapd_crime_2020-03_2021-05_sample_bdsj.csv.gz", nullptr},
    {"vancouver", "Vancouver", "incidents/vancouver/vancouver_crime_2020-01_2020-10_vpd.csv.gz", nullptr},
    {"chicago", "Chicago", "incidents/chicago/chicago_crimes_portal_sample_razimbrao.csv.gz", "chicago_portal"},
};

// Returns the process exit code: 0, 1 (a city below min_hit or an error), 77 (shared data missing).
int bench_typed_addresses(const Context& ctx, const std::string& data_dir, size_t n, uint32_t seed, double radius_m,
                          double min_hit, const std::vector<std::string>& min_hit_for, bool show_misses) {
    std::map<std::string, double> city_min;   // "los_angeles=0.7" overrides --min-hit for one city
    for (const auto& kv : min_hit_for) {
        const size_t eq = kv.find('=');
        if (eq == std::string::npos) { std::fprintf(stderr, "error: --min-hit-for %s: expected city=rate\n", kv.c_str()); return 1; }
        city_min[kv.substr(0, eq)] = std::atof(kv.c_str() + eq + 1);
    }
    for (const auto& c : kAddressCities)
        if (!exists(data_dir + "/" + c.source)) {
            std::printf("typed addresses: SKIPPED, %s/%s not found (shared data absent)\n", data_dir.c_str(), c.source);
            return 77;
        }
    auto profiles = data::load_profiles_dir(ctx.assets_dir + "/profiles");
    if (!profiles) { std::fprintf(stderr, "error: %s\n", profiles.error().to_string().c_str()); return 1; }
    std::printf("typed addresses (random number inside the block, type spelled out for half, city suffix for some;\n"
                "  drawn incidents held out of the index; seed %u): hit = top result within %.0f m\n", seed, radius_m);
    int rc = 0;
    for (const auto& c : kAddressCities) {
        auto city = load_city(ctx.assets_dir, c.pack);
        if (!city) { std::fprintf(stderr, "error: %s\n", city.error().to_string().c_str()); return 1; }
        std::string from = std::string(c.pack) + " pack rows";
        if (c.profile) {
            const data::Profile* prof = nullptr;
            for (const auto& p : profiles.value())
                if (p.id == c.profile) prof = &p;
            if (!prof) { std::fprintf(stderr, "error: no profile %s\n", c.profile); return 1; }
            auto res = data::ingest_file(data_dir + "/" + c.source, profiles.value(), prof);
            if (!res) { std::fprintf(stderr, "error: %s\n", res.error().to_string().c_str()); return 1; }
            city->incidents = std::move(res->table);
            from = c.source;
        }
        auto ev = geocode::holdout_address_eval(city.value(), n, c.city_name, seed, radius_m, show_misses ? 1000 : 0);
        if (!ev) { std::fprintf(stderr, "error: %s\n", ev.error().to_string().c_str()); return 1; }
        const double need = city_min.count(c.pack) ? city_min.at(c.pack) : min_hit;
        const bool ok = ev->hit_rate() >= need;
        std::printf("  %-12s hit %5.1f%%  n %4zu  median error %6.1f m  approximate %3zu (%3zu hit)  not found %3zu  %.3f ms/query  (%s)%s\n",
                    c.pack, 100 * ev->hit_rate(), ev->n, ev->median_error_m, ev->approximate, ev->approximate_hits, ev->not_found,
                    ev->ms_per_query, from.c_str(), ok ? "" : "  BELOW --min-hit");
        // The ceiling: when the typed block itself is recorded, how often its other incidents' centre is within
        // the radius of the held-out one (the rest scatter: one block's incidents recorded up to 1 km apart).
        std::printf("  %-12s typed block recorded %zu: %.1f%% of them within %.0f m (one block's incidents scatter)\n", "",
                    ev->recorded_block, ev->recorded_block ? 100.0 * ev->recorded_block_hits / ev->recorded_block : 0.0, radius_m);
        if (show_misses)
            for (const auto& m : ev->misses) std::printf("      miss: %s\n", m.c_str());
        if (!ok) rc = 1;
    }
    return rc;
}

}  // namespace

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
            std::printf("%.3f  %-13s %s  (%.5f, %.5f)\n", m.score, geocode::place_kind_name(p.kind), m.label.c_str(), m.lat_deg, m.lon_deg);
        }
    });
}

void bench_query_table(Context& ctx, const std::string& table);

void register_bench_geocode(CLI::App& bench, Context& ctx) {
    auto* cmd = bench.add_subcommand("geocode", "Top-1 hit rate on the typed-query table (misspellings included), "
                                                "and typed street addresses from the shared incident files");
    static std::string table, data_dir = "../shared/data";
    static int n_addr = 500;
    static unsigned seed = 13;
    static double radius_m = 250, min_hit = 0;
    static bool addresses_only = false, show_misses = false;
    static std::vector<std::string> min_hit_for;
    cmd->add_option("--table", table, "pack<TAB>query<TAB>expected name")->capture_default_str();
    cmd->add_option("--data", data_dir, "shared data folder (typed addresses)")->capture_default_str();
    cmd->add_option("--addresses", n_addr, "typed addresses per city (0: none)")->capture_default_str();
    cmd->add_option("--seed", seed, "seed of the typed-address draw")->capture_default_str();
    cmd->add_option("--radius", radius_m, "hit radius, metres")->capture_default_str();
    cmd->add_option("--min-hit", min_hit, "exit 1 when a city's typed-address hit rate is below this (0..1); "
                                          "exit 77 when the shared data is absent")->capture_default_str();
    cmd->add_option("--min-hit-for", min_hit_for, "city=rate: another bar for one city (repeatable)");
    cmd->add_flag("--addresses-only", addresses_only, "skip the typed-query table");
    cmd->add_flag("--show-misses", show_misses, "print the first misses per city");
    cmd->callback([&ctx] {
        if (!addresses_only) bench_query_table(ctx, table);
        if (ctx.exit_code != 0 || n_addr <= 0) return;
        int rc = bench_typed_addresses(ctx, data_dir, static_cast<size_t>(n_addr), seed, radius_m, min_hit, min_hit_for, show_misses);
        if (rc != 0) ctx.exit_code = rc;
    });
}

void bench_query_table(Context& ctx, const std::string& table) {
    {
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
    }
}

}  // namespace crimescope::cli
